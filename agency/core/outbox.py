"""The email outbox: queue a message with its cause, deliver it from a task.

Messages are rendered from templates/emails/<name>_subject.txt, _body.txt and
_body.html in the recipient's language.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboxMessage

log = logging.getLogger(__name__)


def render_email(template, context, language):
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        # Subject and text part are plain text: rendered without HTML escaping. The HTML part is escaped.
        subject = render_to_string(f"emails/{template}_subject.txt", context, using="text").strip()
        text = render_to_string(f"emails/{template}_body.txt", context, using="text")
        try:
            html = render_to_string(f"emails/{template}_body.html", context)
        except Exception as exc:  # the html part is optional; a missing one is not an error
            if exc.__class__.__name__ != "TemplateDoesNotExist":
                raise
            html = ""
    return " ".join(subject.split()), text, html


def queue_email(*, to_email, template, context, language="en", to_name="", related=None, client=None, by=None):
    """Write the message now; a task sends it once the surrounding transaction commits."""
    subject, text, html = render_email(template, context, language)
    message = OutboxMessage.objects.create(
        to_email=to_email,
        to_name=to_name,
        subject=subject[:300],
        body_text=text,
        body_html=html,
        language=language,
        template=template,
        client=client,
        created_by=by if by is not None and by.is_authenticated else None,
        related_type=ContentType.objects.get_for_model(related) if related is not None else None,
        related_id=str(related.pk) if related is not None else "",
        next_attempt_at=timezone.now(),
    )
    from .tasks import deliver_outbox_message, enqueue_after_commit

    enqueue_after_commit(deliver_outbox_message, message.pk)
    return message


def is_permanent(exc):
    """A 5xx answer will not get better by retrying: the address or the message is refused."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


def deliver(message_id):
    """Send one queued message. Safe to call twice: a sent message is not sent again.

    Returns the message's status after the attempt.
    """
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status in (OutboxMessage.Status.SENT, OutboxMessage.Status.FAILED):
            return message.status if message else None
        if message.status == OutboxMessage.Status.KEPT:
            return message.status
        now = timezone.now()
        lease = timedelta(seconds=settings.OUTBOX_SENDING_LEASE)
        if message.status == OutboxMessage.Status.SENDING and message.last_attempt_at > now - lease:
            return message.status  # another worker is sending it right now
        if not settings.EMAIL_DELIVERY_ENABLED:
            message.status = OutboxMessage.Status.KEPT
            message.next_attempt_at = None
            message.save(update_fields=["status", "next_attempt_at"])
            return message.status
        message.status = OutboxMessage.Status.SENDING
        message.attempts += 1
        message.last_attempt_at = now
        # If this worker dies mid-send, the sweep picks the message up again after the lease.
        message.next_attempt_at = now + lease
        message.save(update_fields=["status", "attempts", "last_attempt_at", "next_attempt_at"])

    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[f"{message.to_name} <{message.to_email}>" if message.to_name else message.to_email],
        headers={"Message-ID": message.message_id},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    try:
        with get_connection(fail_silently=False) as connection:
            connection.send_messages([email])
    except Exception as exc:
        return _record_failure(message, exc)

    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None
    )
    return OutboxMessage.Status.SENT


def _record_failure(message, exc):
    error = f"{exc.__class__.__name__}: {exc}"[:2000]
    if is_permanent(exc) or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        status, next_at = OutboxMessage.Status.FAILED, None
        log.warning("outbox message %s failed for good: %s", message.pk, error)
    else:
        delays = settings.OUTBOX_RETRY_DELAYS
        delay = delays[min(message.attempts - 1, len(delays) - 1)]
        status, next_at = OutboxMessage.Status.RETRYING, timezone.now() + timedelta(seconds=delay)
        log.info("outbox message %s will be retried at %s: %s", message.pk, next_at, error)
    OutboxMessage.objects.filter(pk=message.pk).update(status=status, last_error=error, next_attempt_at=next_at)
    return status


def claim_due_for_delivery(limit=500):
    """Messages whose task was lost or whose retry time has come.

    Claimed for five minutes, so a sweep that runs again before the worker gets
    to them does not queue them twice.
    """
    now = timezone.now()
    waiting = (OutboxMessage.Status.QUEUED, OutboxMessage.Status.RETRYING, OutboxMessage.Status.SENDING)
    with transaction.atomic():
        due = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(status__in=waiting, next_attempt_at__lte=now)
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:limit]
        )
        OutboxMessage.objects.filter(pk__in=due).update(next_attempt_at=now + timedelta(minutes=5))
    return due


def retry_now(message, *, by):
    """Staff can send a failed message again by hand."""
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.FAILED).update(
            status=OutboxMessage.Status.QUEUED, attempts=0, next_attempt_at=timezone.now()
        )
        from . import audit
        from .tasks import deliver_outbox_message, enqueue_after_commit

        audit.record("outbox.retried", obj=message, actor=by)
        enqueue_after_commit(deliver_outbox_message, message.pk)
