"""Celery tasks for evaluations. Thin: call a service; safe to run twice."""

from celery import shared_task

from .services.reviews import send_feedback_reminders


@shared_task(acks_late=True)
def review_feedback_reminders():
    return send_feedback_reminders()
