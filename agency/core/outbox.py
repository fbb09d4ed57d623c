"""The email outbox: queue a message with its cause, deliver it from a task.

Messages are rendered from templates/emails/<name>_subject.txt, _body.txt and
_body.html in the recipient's language.

Private parts: a client's link or a one-time code is for its recipient only (docs/practice.md, "Client
links"). The caller names them (`queue_email(..., private=[link])`); the stored subject and bodies carry a
mark in their place, which the Outbox shows as a notice, and the parts themselves are kept encrypted (with a
key derived from SECRET_KEY) only until the message is delivered. No page, export or admin screen can show
them; the email alone carries them.
"""

import base64
import hashlib
import json
import logging
import smtplib
from datetime import timedelta
from pathlib import Path
from typing import NamedTuple

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboxMessage
from .models.outbox import PRIVATE_MARK, private_mark

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


def _fernet():
    key = hashlib.sha256(b"accountable outbox private parts:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(parts):
    return _fernet().encrypt(json.dumps(list(parts)).encode()).decode() if parts else ""


def unseal(sealed):
    return json.loads(_fernet().decrypt(sealed.encode())) if sealed else []


def hide_private(texts, private):
    """The texts with each private part replaced by its mark, and the parts in mark order."""
    parts = sorted({part for part in private if part}, key=len, reverse=True)  # a link before its token
    for number, part in enumerate(parts, 1):
        texts = [text.replace(part, private_mark(number)) for text in texts]
    return texts, parts


class Email(NamedTuple):
    subject: str
    text: str
    html: str


def as_sent(message):
    """The message as its recipient receives it: private parts back in place. Only delivery reads this."""
    parts = unseal(message.sealed)

    def fill(text):
        return PRIVATE_MARK.sub(lambda match: parts[int(match.group(1)) - 1], text)

    return Email(fill(message.subject), fill(message.body_text), fill(message.body_html))


def queue_email(
    *, to_email, template, context, language="en", to_name="", related=None, client=None, by=None, private=()
):
    """Write the message now; a task sends it once the surrounding transaction commits.
    `private`: the links or codes in it that only the recipient may read (kept sealed until delivery)."""
    message = build_email(
        to_email=to_email,
        template=template,
        context=context,
        language=language,
        to_name=to_name,
        related=related,
        client=client,
        by=by,
        private=private,
    )
    return queue_built([message])[0]


def build_email(
    *, to_email, template, context, language="en", to_name="", related=None, client=None, by=None, private=()
):
    """The message, rendered but not saved: queue_built() writes many in one INSERT (the reminder sweep)."""
    subject, text, html = render_email(template, context, language)
    (subject, text, html), parts = hide_private([subject, text, html], private)
    return OutboxMessage(
        to_email=to_email,
        to_name=to_name,
        subject=subject[:300],
        body_text=text,
        body_html=html,
        sealed=seal(parts),
        language=language,
        template=template,
        client=client,
        created_by=by if by is not None and by.is_authenticated else None,
        related_type=ContentType.objects.get_for_model(related) if related is not None else None,
        related_id=str(related.pk) if related is not None else "",
        next_attempt_at=timezone.now(),
    )


def queue_built(messages):
    """Save built messages (one INSERT) and send each by a task once the surrounding transaction commits."""
    from .tasks import deliver_outbox_message, enqueue_after_commit

    messages = OutboxMessage.objects.bulk_create(messages)
    for message in messages:
        enqueue_after_commit(deliver_outbox_message, message.pk)
    return messages


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
            # No mail server (development, the demo): the email as its recipient would get it goes to a
            # file in DEV_MAIL_DIR; the Outbox keeps the row, without the private parts.
            _write_dev_mail(message)
            message.status = OutboxMessage.Status.KEPT
            message.next_attempt_at = None
            message.sealed = ""
            message.save(update_fields=["status", "next_attempt_at", "sealed"])
            return message.status
        message.status = OutboxMessage.Status.SENDING
        message.attempts += 1
        message.last_attempt_at = now
        # If this worker dies mid-send, the sweep picks the message up again after the lease.
        message.next_attempt_at = now + lease
        message.save(update_fields=["status", "attempts", "last_attempt_at", "next_attempt_at"])

    try:
        email = _email(message)
    except InvalidToken as exc:
        # SECRET_KEY changed since the message was written: its private link cannot be rebuilt.
        return _record_failure(message, exc, permanent=True, why="its private link could not be unsealed")
    try:
        with get_connection(fail_silently=False) as connection:
            connection.send_messages([email])
    except Exception as exc:
        return _record_failure(message, exc)

    # Delivered: the private parts now exist only in the recipient's mailbox.
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None, sealed=""
    )
    return OutboxMessage.Status.SENT


def _email(message):
    sent = as_sent(message)
    email = EmailMultiAlternatives(
        subject=sent.subject,
        body=sent.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[f"{message.to_name} <{message.to_email}>" if message.to_name else message.to_email],
        headers={"Message-ID": message.message_id},
    )
    if sent.html:
        email.attach_alternative(sent.html, "text/html")
    return email


def _write_dev_mail(message):
    folder = Path(settings.DEV_MAIL_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        content = _email(message).message().as_bytes()
    except InvalidToken:
        content = f"Subject: {message.subject}\n\n{message.shown_text}".encode()
    (folder / f"{message.pk:07d}-{message.template or 'message'}.eml").write_bytes(content)


def _record_failure(message, exc, *, permanent=False, why=""):
    error = (why or f"{exc.__class__.__name__}: {exc}")[:2000]
    if permanent or is_permanent(exc) or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
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
