"""Celery tasks of the client service loop. Thin, and safe to run twice (unique constraints)."""

import logging

from celery import shared_task

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def quarterly_satisfaction_surveys():
    from .services.surveys import surveys_send_quarterly

    sent = surveys_send_quarterly()
    log.info("quarterly satisfaction surveys: %s sent", sent)
    return sent


@shared_task(acks_late=True)
def weekly_status_report_drafts():
    from .services.status_reports import status_report_drafts

    drafted = status_report_drafts(kind="weekly")
    log.info("weekly status reports: %s drafted", drafted)
    return drafted


@shared_task(acks_late=True)
def quarterly_service_report_drafts():
    from .services.status_reports import status_report_drafts

    return status_report_drafts(kind="quarterly")
