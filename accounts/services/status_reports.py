"""Weekly status reports and quarterly service reports: drafted from the period's facts, edited by
the AE, sent to a contact, acknowledged by the contact's link (docs/practice.md, "Status reports").

A draft holds exactly the period's facts, in the language of the contact it will go to:
    stage changes       campaign stage moves recorded in the audit log during the period (briefs)
    decisions pending   links still waiting for the client's decision
    coming up           open checklist steps due (briefs) and booked media starting (media) in the next two weeks
    budget              each running campaign's budget against its booked media, net (media)
    meetings            contact reports of meetings held during the period
and, for the quarterly report, complaints and satisfaction scores of the quarter. Briefs and media
register theirs with accounts/report_facts.py.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agency.core import audit, decisions, links, outbox
from agency.core.models import DecisionRequest

from .. import report_facts
from ..models import Client, Complaint, Contact, ContactReport, SatisfactionSurvey, StatusReport
from .errors import AccountsError, NotAllowed


class StatusReportError(AccountsError):
    pass


def week_of(moment):
    """(Monday, Sunday) of the agency week containing `moment`."""
    day = timezone.localtime(moment).date()
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def quarter_bounds(moment):
    day = timezone.localtime(moment).date()
    first_month = (day.month - 1) // 3 * 3 + 1
    start = day.replace(month=first_month, day=1)
    end = (start.replace(month=first_month + 2, day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return start, end


def report_contact(client):
    """The contact a report goes to by default: the first active contact who decides for the client."""
    return decisions.deciding(Contact.objects.filter(client=client)).order_by("name", "id").first()


def gather_facts(client, *, start, end, now, quarterly=False):
    """The period's facts as plain data (stored on the report, shown and rendered into its text): the
    client's own from here, the campaigns' and media's from what briefs and media registered."""
    period = report_facts.ReportPeriod(client=client, start=start, end=end, now=now)
    facts = {
        "decisions_pending": [
            {"document": r.title, "contact": r.contact.name, "sent": timezone.localdate(r.sent_at).isoformat()}
            # A client's 360° feedback on a team member is private (docs/practice.md, "Feedback anonymity").
            for r in DecisionRequest.objects.filter(client=client, status="open", expires_at__gt=now)
            .exclude(decision_kind__in=decisions.private_kinds())
            .select_related("contact")
            .order_by("sent_at", "id")
        ],
        "meetings": [
            {"subject": r.subject, "date": r.meeting_date.isoformat(), "summary": r.summary}
            for r in ContactReport.objects.filter(
                client=client, meeting_date__gte=start, meeting_date__lte=end
            ).order_by("meeting_date", "id")
        ],
        **report_facts.gather(period),
    }
    if quarterly:
        since, until = period.since, period.until
        complaints = Complaint.objects.filter(client=client, received_at__gte=since, received_at__lt=until).aggregate(
            received=Count("id"),
            answered_in_time=Count("id", filter=Q(first_response_at__lte=F("respond_by"))),
            closed=Count("id", filter=Q(status="closed")),
        )
        surveys = SatisfactionSurvey.objects.filter(
            client=client, answered_at__gte=since, answered_at__lt=until
        ).aggregate(answers=Count("id"), average=Avg("score"))
        facts["complaints"] = complaints
        facts["satisfaction"] = {
            "answers": surveys["answers"],
            "average": round(surveys["average"], 1) if surveys["average"] is not None else None,
        }
    return facts


def render_body(client, kind, facts, *, start, end, language):
    with translation.override(language):
        return (
            render_to_string(
                "accounts/status_report_body.txt",
                {"client": client, "kind": kind, "facts": facts, "start": start, "end": end},
                using="text",
            ).strip()
            + "\n"
        )


def status_report_draft(*, client, kind=StatusReport.Kind.WEEKLY, now=None, by=None, period_of=None):
    """Draft the client's report for the period containing `period_of` (default: `now`). Returns (report,
    created): a period already drafted keeps its draft (and whatever the AE edited)."""
    now = now or timezone.now()
    period_of = period_of or now
    start, end = week_of(period_of) if kind == StatusReport.Kind.WEEKLY else quarter_bounds(period_of)
    existing = StatusReport.objects.filter(client=client, kind=kind, period_start=start).first()
    if existing:
        return existing, False
    contact = report_contact(client)
    language = contact.language if contact else settings.LANGUAGE_CODE
    with translation.override(language):
        facts = gather_facts(client, start=start, end=end, now=now, quarterly=kind == StatusReport.Kind.QUARTERLY)
    body = render_body(client, kind, facts, start=start, end=end, language=language)
    try:
        with transaction.atomic():
            report = StatusReport.objects.create(
                client=client, kind=kind, period_start=start, period_end=end, facts=facts, body=body,
                drafted_at=now, contact=contact,
            )  # fmt: skip
            audit.record("status_report.drafted", obj=report, actor=by, data={"kind": kind})
    except IntegrityError:  # a concurrent run drafted it
        return StatusReport.objects.get(client=client, kind=kind, period_start=start), False
    return report, True


def status_report_drafts(*, kind=StatusReport.Kind.WEEKLY, now=None):
    """Beat: a draft for every active client with an account team. Safe to run twice. The weekly report
    is the week's (drafted on Friday); the quarterly service report is drafted in the first days of a
    quarter, about the quarter that has just ended."""
    now = now or timezone.now()
    period_of = now
    if kind == StatusReport.Kind.QUARTERLY:
        period_of = timezone.make_aware(datetime.combine(quarter_bounds(now)[0] - timedelta(days=1), time(12)))
    clients = Client.objects.active().filter(team_members__isnull=False).distinct().order_by("pk")
    return sum(status_report_draft(client=c, kind=kind, now=now, period_of=period_of)[1] for c in clients)


def edit_mark(report):
    """What the editor saw: when the report was last saved by hand ('' if never)."""
    return report.edited_at.isoformat() if report.edited_at else ""


def status_report_edit(*, report, body, by, seen=None):
    """Save the AE's text. `seen` is edit_mark() of the report as the editor opened it: if someone saved it
    since, the save is refused rather than overwriting their text."""
    with transaction.atomic():
        report = StatusReport.objects.select_for_update().get(pk=report.pk)
        if report.sent_at is not None:
            raise StatusReportError(_("This report has been sent; it can no longer change."))
        if seen is not None and seen != edit_mark(report):
            raise StatusReportError(
                _(
                    "%(person)s saved this report after you opened it, so yours was not saved. Your text is "
                    "kept below: open the report again to see theirs, then add your changes."
                )
                % {"person": report.edited_by}
            )
        report.body = body.strip() + "\n"
        report.edited_at = timezone.now()
        report.edited_by = by
        report.save(update_fields=["body", "edited_at", "edited_by"])
        audit.record("status_report.edited", obj=report, actor=by)
    return report


def status_report_send(*, report, contact, by):
    """Email the report with a link to acknowledge it. Returns the report with `.token`."""
    if contact.client_id != report.client_id:
        raise NotAllowed(_("This contact does not belong to the client."), field="contact")
    token, token_hash = links.new_token()
    with transaction.atomic():
        report = StatusReport.objects.select_for_update(of=("self",)).select_related("client").get(pk=report.pk)
        if report.sent_at is not None:
            raise StatusReportError(_("This report has already been sent."))
        report.contact = contact
        report.sent_at = timezone.now()
        report.sent_by = by
        report.token_hash = token_hash
        report.save(update_fields=["contact", "sent_at", "sent_by", "token_hash"])
        outbox.queue_email(
            to_email=contact.email,
            to_name=contact.name,
            template="status_report",
            context={"report": report, "contact": contact, "sender": by, "link": report_link(token)},
            private=[report_link(token)],
            language=contact.language,
            related=report,
            client=report.client,
            by=by,
        )
        audit.record("status_report.sent", obj=report, actor=by, data={"contact": contact.email})
    report.token = token
    return report


def report_link(token):
    return settings.SITE_URL + reverse("status_report_link", args=[token])


def find_by_token(token):
    return links.find(StatusReport.objects.select_related("contact", "client"), token)


def status_report_acknowledge(*, report, ip=None):
    """The contact confirms they received the report. Once; a second click changes nothing."""
    with transaction.atomic():
        locked = StatusReport.objects.select_for_update(of=("self",)).select_related("contact").get(pk=report.pk)
        if locked.acknowledged_at is not None:
            return locked
        if locked.sent_at + timedelta(days=settings.CLIENT_LINK_DAYS) <= timezone.now():
            raise StatusReportError(_("This link has expired."))
        locked.acknowledged_at = timezone.now()
        locked.save(update_fields=["acknowledged_at"])
        audit.record("status_report.acknowledged", obj=locked, contact=locked.contact, ip=ip)
    return locked
