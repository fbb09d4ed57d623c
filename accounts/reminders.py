"""Reminder rule for contact-report action items: due soon and overdue, to the item's owner.

Registered with the engine in AccountsConfig.ready(); timings, business days and delivery are the
engine's (agency/reminders.py: deadline_dues). The report's author hears about an item still overdue
after a few business days, as a campaign's lead does for a checklist step.
"""

from django.urls import reverse

from agency.reminders import Deadline, deadline_dues, deadline_window

from .models import ActionItem


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
