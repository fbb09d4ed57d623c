"""The Celery app. Tasks are thin: they take ids, re-fetch, and call a service."""

import os

from celery import Celery
from celery.schedules import crontab

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
    "webhook-sweep": {
        # Webhook deliveries whose retry time has come or whose task was lost.
        "task": "agency.tasks.webhook_sweep",
        "schedule": 60.0,
    },
    "reminder-sweep": {
        # Due-soon, overdue and waiting-decision reminders; the ledger makes an overlap harmless.
        "task": "agency.tasks.reminder_sweep",
        "schedule": 300.0,
    },
    "export-cleanup": {
        # Finished exports are kept for EXPORT_KEEP_DAYS, then deleted with their files.
        "task": "agency.tasks.export_cleanup",
        "schedule": 3600.0,
    },
    "quarterly-satisfaction-surveys": {
        # The first working morning of each quarter; a contact is asked once per quarter whatever reruns.
        "task": "accounts.tasks.quarterly_satisfaction_surveys",
        "schedule": crontab(minute=0, hour=10, day_of_month="1-7", month_of_year="1,4,7,10", day_of_week="mon-fri"),
    },
    "weekly-status-report-drafts": {
        # Friday 09:00: a draft per client for the AE to edit and send.
        "task": "accounts.tasks.weekly_status_report_drafts",
        "schedule": crontab(minute=0, hour=9, day_of_week="fri"),
    },
    "end-of-campaign-notices": {
        # Every evening: the client hears that a campaign went off air today, once per plan version.
        "task": "media.tasks.end_of_campaign_notices",
        "schedule": crontab(minute=0, hour=18),
    },
    "quarterly-service-report-drafts": {
        "task": "accounts.tasks.quarterly_service_report_drafts",
        "schedule": crontab(minute=0, hour=9, day_of_month="1-7", month_of_year="1,4,7,10", day_of_week="mon-fri"),
    },
}
