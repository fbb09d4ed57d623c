"""Celery tasks for the core app. Thin: take ids, call a service, safe to run twice.

Their names stay "agency.tasks.*", as before the core moved to agency/core/: tasks already queued
by a running installation still find their worker."""

import logging

from celery import shared_task
from django.db import transaction

from . import outbox

log = logging.getLogger(__name__)


def enqueue_after_commit(task, *args):
    """Queue `task` once the current transaction commits.

    If the broker is unreachable the cause is already saved; the periodic
    sweep finds the work later, so the user's request still succeeds.
    """

    def send():
        try:
            task.apply_async(args=args)
        except Exception:
            log.exception("could not queue %s%r; the sweep will pick it up", task.name, args)

    transaction.on_commit(send)


@shared_task(name="agency.tasks.deliver_outbox_message")
def deliver_outbox_message(message_id):
    # Retries are not scheduled here: the sweep below finds messages whose retry time has come.
    return outbox.deliver(message_id)


@shared_task(name="agency.tasks.outbox_sweep")
def outbox_sweep():
    """Every minute: queue delivery of whatever is due and has no task in flight."""
    due = outbox.claim_due_for_delivery()
    for message_id in due:
        deliver_outbox_message.apply_async(args=(message_id,))
    return len(due)


@shared_task(name="agency.tasks.reminder_sweep")
def reminder_sweep(now=None):
    """Every five minutes: send the reminders that are due, each exactly once (agency/core/reminders.py).

    `now` (an ISO 8601 moment) is for tests and the management command: it sets the moment the rules
    are evaluated for, because a worker process keeps its own clock.
    """
    from django.utils.dateparse import parse_datetime

    from . import reminders

    moment = parse_datetime(now) if now else None
    if now and (moment is None or moment.tzinfo is None):
        raise ValueError(f"reminder_sweep needs an ISO 8601 moment with a time zone, not {now!r}")
    result = reminders.sweep(moment)
    log.info("reminder sweep: sent %s, already recorded %s", result.sent, result.already)
    return result.total


@shared_task(name="agency.tasks.deliver_webhook")
def deliver_webhook(delivery_id, after_attempt=None):
    from . import webhooks

    return webhooks.deliver(delivery_id, after_attempt=after_attempt)


@shared_task(name="agency.tasks.webhook_sweep")
def webhook_sweep():
    """Every minute: queue the webhook deliveries that are due and have no task in flight."""
    from . import webhooks

    due = webhooks.claim_due_for_delivery()
    for delivery_id in due:
        deliver_webhook.apply_async(args=(delivery_id,))
    return len(due)


@shared_task(name="agency.tasks.run_import")
def run_import(job_id):
    """A confirmed import of many rows (agency/core/imports.py); its page shows the progress."""
    from . import imports

    return imports.job_run(job_id)


@shared_task(name="agency.tasks.run_export")
def run_export(job_id):
    """A long export (agency/core/export_jobs.py); its page shows the progress."""
    from . import export_jobs

    return export_jobs.job_run(job_id)


@shared_task(name="agency.tasks.export_cleanup")
def export_cleanup():
    """Every hour: exports past their keeping time go, files and all."""
    from . import export_jobs

    return export_jobs.remove_expired()
