"""The client service loop's deadline kinds, registered in AccountsConfig.ready().

action-item       contact-report action items: due soon and overdue, to the item's owner, on the engine's
                  ladder (agency/core/reminders.py: deadline_dues); the report's author hears about an item
                  still overdue after a few business days, as a campaign's lead does for a checklist step.
complaint-sla     a complaint still waiting for its first answer, due at its answer clock (accounts/sla.py):
                  the owner hears when 3/4 of the response time has gone (occurrence "sla-75pct"); when the
                  answer is late, the owner's supervisor hears it ("sla-breached"). Each once.
complaint-plan    a complaint whose class needs a handling plan (complex, by default) still without one at its
                  plan clock: the owner and the owner's supervisor hear it ("plan-breached"), each once.
survey-follow-up  a satisfaction score of 2 or less: the AE's supervisor (the AE, when nobody supervises
                  them) is asked to follow up, once.
"""

from datetime import timedelta

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agency.core import deadlines, webhooks
from agency.core.reminders import Due

from .models import LOW_SCORE, ActionItem, Complaint, SatisfactionSurvey

FOLLOW_UP_WINDOW = timedelta(days=30)  # an old low score is on the survey page, not in a fresh reminder


# --- contact-report action items ----------------------------------------------------------------


def open_action_items(now):
    """Open items (index on due_date), with the report's author: the lead of the ladder."""
    return ActionItem.objects.open().select_related("owner", "client", "report__created_by")


def action_item_item(item, now):
    return deadlines.DueItem(
        what=item.description,
        where=f"{item.client}, {item.report}",
        owner=item.owner,
        lead=item.report.created_by,
        client=item.client,
        related=item.report,
        url=reverse("accounts:contact_report_detail", args=[item.client_id, item.report_id]),
        title=_("Action due: %(action)s · %(client)s") % {"action": item.description, "client": item.client},
    )


ACTION_ITEMS = deadlines.DeadlineKind(
    name="action-item",
    label=gettext_lazy("Contact-report action items"),
    rows=open_action_items,
    due_field="due_date",
    item=action_item_item,
    key="action-item",
    owner_field="owner",
    order=20,
)


# --- complaint answer clocks --------------------------------------------------------------------


def complaints_awaiting_an_answer(now):
    return Complaint.objects.awaiting_first_response().select_related("client", "owner__supervisor")


def complaint_due(complaint, what, title):
    """A complaint's due item (its answer, its handling plan): the owner, then their supervisor."""
    number = {"number": complaint.pk, "client": complaint.client}
    return deadlines.DueItem(
        what=what % number,
        where=str(complaint.client),
        owner=complaint.owner,
        lead=complaint.owner.supervisor,
        client=complaint.client,
        related=complaint,
        url=reverse("complaints:detail", args=[complaint.pk]),
        title=title % number,
    )


def complaint_item(complaint, now):
    return complaint_due(complaint, _("Complaint #%(number)s"), _("Answer due: complaint #%(number)s (%(client)s)"))


def complaints_near_their_sla(rows, now):
    """Those whose warning moment has come (partial index complaint_sla)."""
    return rows.filter(warn_at__lte=now)


def complaint_sla_dues(now):
    complaints = complaints_near_their_sla(complaints_awaiting_an_answer(now), now).order_by("warn_at", "id")
    for complaint in complaints.iterator(chunk_size=500):
        item = COMPLAINTS.item_for(complaint, now)
        owner = complaint.owner
        context = {"complaint": complaint, "owner": owner}
        if complaint.respond_by <= now:
            # Late: escalated to the owner's supervisor (the owner, when nobody supervises them).
            supervisor = owner.supervisor
            recipient = supervisor if supervisor is not None and supervisor.is_active else owner
            if recipient.is_active:
                yield Due.about(
                    item,
                    occurrence="sla-breached",
                    due_at=complaint.respond_by,
                    template="reminder_complaint_breached",
                    context=context,
                    user=recipient,
                )
        elif owner.is_active:
            yield Due.about(
                item,
                occurrence="sla-75pct",
                due_at=complaint.warn_at,
                template="reminder_complaint_sla",
                context=context,
                user=owner,
            )


COMPLAINTS = deadlines.DeadlineKind(
    name="complaint-sla",
    label=gettext_lazy("Complaints waiting for their first answer"),
    rows=complaints_awaiting_an_answer,
    due_field="respond_by",
    item=complaint_item,
    key="complaint",
    attention=complaints_near_their_sla,
    remind=complaint_sla_dues,
    order=30,
)


# --- complaint handling plans ------------------------------------------------------------------


def complaints_awaiting_a_plan(now):
    return Complaint.objects.awaiting_plan().select_related("client", "owner__supervisor")


def complaint_plan_item(complaint, now):
    return complaint_due(
        complaint,
        _("Handling plan for complaint #%(number)s"),
        _("Handling plan due: complaint #%(number)s (%(client)s)"),
    )


def complaint_plan_dues(now):
    """A plan late at its clock: the owner and their supervisor hear it, each once (partial index
    complaint_plan_due)."""
    late = complaints_awaiting_a_plan(now).filter(plan_due__lte=now).order_by("plan_due", "id")
    for complaint in late.iterator(chunk_size=500):
        item = COMPLAINT_PLANS.item_for(complaint, now)
        owner, supervisor = complaint.owner, complaint.owner.supervisor
        recipients = [owner] + ([supervisor] if supervisor is not None and supervisor.pk != owner.pk else [])
        for recipient in recipients:
            if recipient.is_active:
                yield Due.about(
                    item,
                    occurrence="plan-breached",
                    due_at=complaint.plan_due,
                    template="reminder_complaint_plan_breached",
                    context={"complaint": complaint, "owner": owner},
                    user=recipient,
                )


COMPLAINT_PLANS = deadlines.DeadlineKind(
    name="complaint-plan",
    label=gettext_lazy("Complaints waiting for their handling plan"),
    rows=complaints_awaiting_a_plan,
    due_field="plan_due",
    item=complaint_plan_item,
    key="complaint-plan",
    remind=complaint_plan_dues,
    order=31,
)


# --- low satisfaction scores --------------------------------------------------------------------


def low_scores_not_followed_up(now):
    return SatisfactionSurvey.objects.filter(
        score__lte=LOW_SCORE, answered_at__isnull=False, follow_up_done_at__isnull=True
    ).select_related("client", "contact", "ae__supervisor")


def _follows_up(survey):
    """The AE's supervisor; the AE, when nobody supervises them."""
    ae = survey.ae
    return ae.supervisor if ae is not None and ae.supervisor_id else ae


def survey_item(survey, now):
    score = {"score": survey.score, "contact": survey.contact.name, "client": survey.client}
    return deadlines.DueItem(
        what=_("Follow up a low score: %(score)s/5 from %(contact)s") % score,
        where=str(survey.client),
        owner=_follows_up(survey),
        client=survey.client,
        related=survey,
        url=reverse("accounts:survey_results", args=[survey.client_id]),
        title=_("Follow up a low score: %(score)s/5 from %(contact)s (%(client)s)") % score,
    )


def survey_follow_up_dues(now):
    recent = low_scores_not_followed_up(now).filter(answered_at__gte=now - FOLLOW_UP_WINDOW)
    for survey in recent.order_by("answered_at", "id").iterator(chunk_size=500):
        item = SURVEY_FOLLOW_UPS.item_for(survey, now)
        if item.owner is None or not item.owner.is_active:
            continue
        yield Due.about(
            item,
            occurrence="low-score",
            due_at=survey.answered_at,
            template="reminder_survey_follow_up",
            context={"survey": survey, "ae": survey.ae},
            user=item.owner,
        )


SURVEY_FOLLOW_UPS = deadlines.DeadlineKind(
    name="survey-follow-up",
    label=gettext_lazy("Low satisfaction scores to follow up"),
    rows=low_scores_not_followed_up,
    due_field="answered_at",
    item=survey_item,
    key="survey",
    uid="survey-follow-up",
    owned_by=lambda user: Q(ae__supervisor=user) | Q(ae=user, ae__supervisor__isnull=True),
    owner_field=Coalesce("ae__supervisor", "ae"),  # _follows_up
    warn_business_days=0,
    remind=survey_follow_up_dues,
    order=40,
)

KINDS = (ACTION_ITEMS, COMPLAINTS, COMPLAINT_PLANS, SURVEY_FOLLOW_UPS)


def breached_complaint_facts(due):
    """The answer clock ran out (docs/practice.md, "Outside systems hear by signed webhook"): once per complaint."""
    from .services.complaints import complaint_facts

    return complaint_facts(due.context["complaint"])


webhooks.on_reminder("complaint-sla", "sla-breached", "complaint.breached", breached_complaint_facts)
