"""Contact reports (meeting minutes) and their action items."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agency.core import audit, outbox

from ..models import ActionItem, ContactReport
from .errors import DueDateInPast, NotAllowed


def check_new_due_date(due_date, today=None):
    """A new action item cannot already be overdue."""
    today = today or timezone.localdate()
    if due_date < today:
        raise DueDateInPast(_("The due date is in the past. Choose today or a later day."), field="due_date")


def contact_report_create(
    *,
    client,
    by,
    meeting_date,
    subject,
    summary,
    decisions="",
    staff_attendees=(),
    client_attendees=(),
    other_attendees="",
    action_items=(),
    email_to=(),
):
    """Record a meeting; `action_items` are dicts of description, owner, due_date; `email_to` client contacts."""
    for item in action_items:
        check_new_due_date(item["due_date"])
    for contact in (*client_attendees, *email_to):
        if contact.client_id != client.pk:
            raise NotAllowed(_("Only this client's contacts can attend or receive its contact reports."))
    with transaction.atomic():
        report = ContactReport.objects.create(
            client=client,
            meeting_date=meeting_date,
            subject=subject,
            summary=summary,
            decisions=decisions,
            other_attendees=other_attendees,
            created_by=by,
        )
        report.staff_attendees.set(staff_attendees)
        report.client_attendees.set(client_attendees)
        items = ActionItem.objects.bulk_create(
            ActionItem(client=client, report=report, **item) for item in action_items
        )
        audit.record(
            "contact_report.created",
            obj=report,
            actor=by,
            data={"client": client.pk, "action_items": len(items), "emailed_to": [c.email for c in email_to]},
        )
        for contact in email_to:
            contact_report_email(report=report, contact=contact, items=items, by=by)
    return report


def contact_report_email(*, report, contact, items, by):
    """The minutes, in the contact's language, through the outbox (the client-communication log)."""
    return outbox.queue_email(
        to_email=contact.email,
        to_name=contact.name,
        template="contact_report",
        context={
            "report": report,
            "contact": contact,
            "client": report.client,
            "staff_attendees": list(report.staff_attendees.all()),
            "client_attendees": list(report.client_attendees.all()),
            "action_items": items,
            "sender": by,
        },
        language=contact.language,
        related=report,
        client=report.client,
        by=by,
    )


def action_item_complete(*, item, by):
    with transaction.atomic():
        item = ActionItem.objects.select_for_update().get(pk=item.pk)
        if item.done_at is not None:
            return item
        item.done_at = timezone.now()
        item.done_by = by
        item.save(update_fields=["done_at", "done_by"])
        audit.record("action_item.done", obj=item, actor=by, data={"report": item.report_id})
    return item


def action_item_reopen(*, item, by):
    with transaction.atomic():
        item = ActionItem.objects.select_for_update().get(pk=item.pk)
        if item.done_at is None:
            return item
        item.done_at = None
        item.done_by = None
        item.save(update_fields=["done_at", "done_by"])
        audit.record("action_item.reopened", obj=item, actor=by, data={"report": item.report_id})
    return item


def contact_report_url(report):
    return reverse("accounts:contact_report_detail", args=[report.client_id, report.pk])
