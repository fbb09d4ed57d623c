"""Reminder rules of the client service loop, registered in AccountsConfig.ready().

complaint-sla     a complaint still waiting for its first answer: the owner hears when 3/4 of the
                  response time has gone (occurrence "sla-75pct"); when the answer is late, the
                  owner's supervisor hears it ("sla-breached"). Each once, through the engine's ledger.
survey-follow-up  a satisfaction score of 2 or less: the AE's supervisor is asked to follow up.
action-item       contact-report action items due soon and overdue, to the item's owner, with the
                  engine's timings and business days (agency/core/reminders.py: deadline_dues); the report's
                  author hears about an item still overdue after a few business days, as a campaign's
                  lead does for a checklist step.
"""

from datetime import timedelta

from django.urls import reverse

from agency.core.reminders import Deadline, Due, deadline_dues, deadline_window

from .models import LOW_SCORE, ActionItem, Complaint, SatisfactionSurvey

FOLLOW_UP_WINDOW = timedelta(days=30)  # an old low score is on the survey page, not in a fresh reminder


def complaints_near_their_sla(now):
    """Complaints without a first answer whose warning moment has come (partial index complaint_sla)."""
    return (
        Complaint.objects.filter(first_response_at__isnull=True, warn_at__lte=now)
        .exclude(status=Complaint.Status.CLOSED)
        .select_related("client", "owner__supervisor")
        .order_by("warn_at", "id")
    )


def complaint_sla_dues(now):
    for complaint in complaints_near_their_sla(now).iterator(chunk_size=500):
        owner = complaint.owner
        common = {
            "object_key": f"complaint:{complaint.pk}",
            "related": complaint,
            "client": complaint.client,
            "url": reverse("complaints:detail", args=[complaint.pk]),
            "context": {"complaint": complaint, "owner": owner},
            "rule": "complaint-sla",
        }
        if complaint.respond_by <= now:
            # Late: escalated to the owner's supervisor (the owner, when nobody supervises them).
            supervisor = owner.supervisor
            recipient = supervisor if supervisor is not None and supervisor.is_active else owner
            if recipient.is_active:
                yield Due(
                    occurrence="sla-breached",
                    due_at=complaint.respond_by,
                    template="reminder_complaint_breached",
                    user=recipient,
                    **common,
                )
        elif owner.is_active:
            yield Due(
                occurrence="sla-75pct",
                due_at=complaint.warn_at,
                template="reminder_complaint_sla",
                user=owner,
                **common,
            )


def low_scores_to_follow_up(now):
    return (
        SatisfactionSurvey.objects.filter(
            score__lte=LOW_SCORE, answered_at__gte=now - FOLLOW_UP_WINDOW, follow_up_done_at__isnull=True
        )
        .select_related("client", "contact", "ae__supervisor")
        .order_by("answered_at", "id")
    )


def survey_follow_up_dues(now):
    for survey in low_scores_to_follow_up(now).iterator(chunk_size=500):
        ae = survey.ae
        recipient = ae.supervisor if ae is not None and ae.supervisor_id else ae
        if recipient is None or not recipient.is_active:
            continue
        yield Due(
            object_key=f"survey:{survey.pk}",
            occurrence="low-score",
            due_at=survey.answered_at,
            template="reminder_survey_follow_up",
            context={"survey": survey, "ae": ae},
            user=recipient,
            related=survey,
            client=survey.client,
            url=reverse("accounts:survey_results", args=[survey.client_id]),
            rule="survey-follow-up",
        )


def open_action_items_near_their_due_date(now):
    """Open items inside the reminder window (index on due_date), never a scan of all items stored."""
    earliest, latest = deadline_window(now)
    return (
        ActionItem.objects.filter(done_at__isnull=True, due_date__gte=earliest, due_date__lte=latest)
        .select_related("owner", "client", "report__created_by")
        .order_by("due_date", "id")
    )


def action_item_dues(now):
    items = open_action_items_near_their_due_date(now).iterator(chunk_size=500)
    deadlines = (
        Deadline(
            object_key=f"action-item:{item.pk}",
            due_date=item.due_date,
            owner=item.owner,
            what=item.description,
            where=f"{item.client}, {item.report}",
            related=item.report,
            client=item.client,
            url=reverse("accounts:contact_report_detail", args=[item.client_id, item.report_id]),
            lead=item.report.created_by,
        )
        for item in items
    )
    yield from deadline_dues(deadlines, now, rule="action-item")
