"""The Celery app. Tasks are thin: they take ids, re-fetch, and call a service."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agency.settings")

app = Celery("agency")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The beat schedule lives here, in code, so every deployment runs the same one.
app.conf.beat_schedule = {
    "outbox-sweep": {
        # Re-queues messages whose task was lost (broker down at commit, worker killed).
        "task": "agency.tasks.outbox_sweep",
        "schedule": 60.0,
    },
    "reminder-sweep": {
        # Due-soon, overdue and waiting-decision reminders; the ledger makes an overlap harmless.
        "task": "agency.tasks.reminder_sweep",
        "schedule": 300.0,
    },
}
