"""Media's scheduled work. Tasks are thin: they call a service."""

from celery import shared_task

from .services import bookings


@shared_task
def end_of_campaign_notices():
    """The end-of-campaign notice (下画通知) of every plan whose off-air date has come (once each)."""
    return bookings.end_notices_due()
