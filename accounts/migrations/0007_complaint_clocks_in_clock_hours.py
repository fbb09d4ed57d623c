"""The existing complaints' clocks under the classes (a migration of its own: PostgreSQL refuses to build
0006's indexes in a transaction that has just updated the table's rows)."""

from datetime import timedelta

from django.db import migrations

# The standard's clock hours, as they were when this migration was written (accounts/sla.py).
ANSWER_HOURS = {"urgent": 24, "complex": 48}
PLAN_HOURS = 48
WARN_SHARE = 0.75


def clocks_in_clock_hours(apps, schema_editor):
    """Existing complaints were all urgent or complex (the two classes of the old "priority"), so each keeps
    its class. Those still waiting for a first answer get the standard's clock-hour deadline, and complex
    ones not yet investigated get a handling-plan deadline; settled or investigated ones keep their history."""
    Complaint = apps.get_model("accounts", "Complaint")
    waiting = Complaint.objects.exclude(status="closed")
    for complaint in waiting.filter(first_response_at__isnull=True, priority__in=ANSWER_HOURS):
        hours = timedelta(hours=ANSWER_HOURS[complaint.priority])
        complaint.respond_by = complaint.received_at + hours
        complaint.warn_at = complaint.received_at + hours * WARN_SHARE
        complaint.save(update_fields=["respond_by", "warn_at"])
    for complaint in waiting.filter(priority="complex", status__in=["received", "routed"]):
        complaint.plan_due = complaint.received_at + timedelta(hours=PLAN_HOURS)
        complaint.save(update_fields=["plan_due"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_complaint_classes_and_handling_plan")]

    operations = [migrations.RunPython(clocks_in_clock_hours, migrations.RunPython.noop)]
