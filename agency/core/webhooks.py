"""Webhooks: outside systems hear of the agency's events by a signed HTTP POST.

Rule: "Outside systems hear by signed webhook" (docs/practice.md).

The floor owns the machinery: the event names (EVENTS, with labels), the endpoints and their secrets,
signing, delivery and its log. Apps announce an event from their services:

    webhooks.emit("booking.confirmed", lambda: {"booking": booking.pk, "client": booking.client_id})

`emit` writes one WebhookDelivery per endpoint that wants the event, in the transaction of the change
that caused it, and queues the sending once that transaction commits (enqueue_after_commit): a change
that is rolled back announces nothing, and one that commits is announced even if the broker is down
(the sweep finds the row). The payload is facts and stable ids only: never a token, code or secret.

Each request carries X-Accountable-Signature: sha256=<HMAC-SHA256 hex of "<timestamp>.<body>"> with
the endpoint's secret, X-Accountable-Timestamp, X-Accountable-Event and X-Accountable-Delivery.
"""

import base64
import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit, outbox, permissions
from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

log = logging.getLogger(__name__)

# Every event an outside system can ask for. Apps emit these names; an unknown name is a programming error.
EVENTS = {
    "decision.recorded": gettext_lazy("A client decision is recorded"),
    "document.sent": gettext_lazy("A document is sent to the client"),
    "step.overdue": gettext_lazy("A campaign step is overdue"),
    "booking.confirmed": gettext_lazy("A booking is confirmed"),
    "complaint.opened": gettext_lazy("A complaint is opened"),
    "complaint.breached": gettext_lazy("A complaint missed its answer clock"),
    "campaign.closed": gettext_lazy("A campaign is closed"),
}
SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix that marks a webhook secret, not a secret)
LOOPBACK = {"localhost", "127.0.0.1", "::1"}
EXCERPT = 300

# Reminders that are also events: (deadline rule, occurrence) -> (event, payload builder from the Due).
_reminder_events = {}


def on_reminder(rule, occurrence, event, build):
    """An app says that the first time a reminder of `rule` at `occurrence` is recorded (once per object,
    by the ledger), outside systems hear `event` with build(due) as its facts."""
    if event not in EVENTS:
        raise ValueError(f"Unknown webhook event {event!r}")
    _reminder_events[(rule, occurrence)] = (event, build)


def emit_for_reminder(due):
    """Called by the reminder engine inside the transaction that records a reminder."""
    found = _reminder_events.get((due.rule, due.occurrence))
    if found is not None:
        event, build = found
        emit(event, lambda: build(due))


# --- the secret: kept so the sender can sign, never shown again ---


def _fernet():
    key = hashlib.sha256(b"accountable webhook secrets:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal_secret(secret):
    return _fernet().encrypt(secret.encode()).decode()


def unseal_secret(sealed):
    return _fernet().decrypt(sealed.encode()).decode()


def signature(secret, timestamp, body):
    """What the receiver computes to check a delivery: HMAC-SHA256 of "<timestamp>.<body>", in hex."""
    signed = f"{timestamp}.".encode() + body.encode()
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


# --- endpoints (a manager's work, through the permission map) ---


def check_url(url):
    """https, or plain http for this machine or where WEBHOOK_ALLOW_HTTP says so."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname and (parts.hostname in LOOPBACK or settings.WEBHOOK_ALLOW_HTTP):
        return
    raise ValidationError(_("Use an https:// address (plain http only for a receiver on this machine)."))


def endpoint_create(*, name, url, events, by):
    """Register an endpoint. Returns (endpoint, secret): the secret is for the person registering it, once."""
    permissions.require(by, "webhook.manage")
    check_url(url)
    unknown = set(events) - set(EVENTS)
    if unknown or not events:
        raise ValidationError(_("Choose at least one event."))
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            name=name, url=url, events=sorted(events), sealed_secret=seal_secret(secret), owner=by
        )
        audit.record("webhook.created", obj=endpoint, actor=by, data={"url": url, "events": sorted(events)})
    return endpoint, secret


def endpoint_disable(*, endpoint, by):
    permissions.require(by, "webhook.manage")
    with transaction.atomic():
        if WebhookEndpoint.objects.filter(pk=endpoint.pk, is_active=True).update(
            is_active=False, disabled_at=timezone.now(), disabled_reason=_("Disabled by %(who)s") % {"who": by}
        ):
            audit.record("webhook.disabled", obj=endpoint, actor=by)


def endpoint_enable(*, endpoint, by):
    """Start again after a disable: the failure count starts from nothing."""
    permissions.require(by, "webhook.manage")
    with transaction.atomic():
        if WebhookEndpoint.objects.filter(pk=endpoint.pk, is_active=False).update(
            is_active=True, disabled_at=None, disabled_reason="", consecutive_failures=0
        ):
            audit.record("webhook.enabled", obj=endpoint, actor=by)


def redeliver(*, delivery, by):
    """Send a failed or skipped delivery again, by hand: same event, same delivery id."""
    permissions.require(by, "webhook.manage")
    from .tasks import deliver_webhook, enqueue_after_commit

    with transaction.atomic():
        again = WebhookDelivery.objects.filter(
            pk=delivery.pk, status__in=(WebhookDelivery.Status.FAILED, WebhookDelivery.Status.SKIPPED)
        ).update(status=WebhookDelivery.Status.QUEUED, attempts=0, next_attempt_at=timezone.now(), last_error="")
        if not again:
            return False
        audit.record("webhook.redelivered", obj=delivery.endpoint, actor=by, data={"event": delivery.event_type})
        enqueue_after_commit(deliver_webhook, delivery.pk)
    return True


# --- events ---


def emit(event, build):
    """Announce `event` to every active endpoint that wants it. `build()` returns the event's facts (a
    JSON-able dict of ids and plain values); it is called only when someone listens. Call it from a
    service, inside the transaction of the change: the deliveries go out once it commits."""
    if event not in EVENTS:
        raise ValueError(f"Unknown webhook event {event!r}")
    endpoints = [e for e in WebhookEndpoint.objects.filter(is_active=True).only("pk", "events") if event in e.events]
    if not endpoints:
        return []
    event_id = uuid.uuid4()
    payload = {
        "id": str(event_id),
        "type": event,
        "occurred_at": _json_value(timezone.now()),
        "data": build(),
    }
    body = json.dumps(payload, sort_keys=True, default=_json_value)
    from .tasks import deliver_webhook, enqueue_after_commit

    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=e, event_id=event_id, event_type=event, body=body, next_attempt_at=timezone.now())
        for e in endpoints
    )
    for delivery in deliveries:
        enqueue_after_commit(deliver_webhook, delivery.pk)
    return deliveries


def _json_value(value):
    """Moments as ISO 8601 in UTC ("2026-06-15T01:00:00Z"), dates as ISO dates, anything else as text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# --- delivery ---


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A receiver answers for itself: a redirect is an answer other than 2xx, not a new address to post to."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _post(url, body, headers):
    """POST once. Returns (status code or None, response excerpt, error text)."""
    if urlsplit(url).scheme not in ("http", "https"):  # check_url admitted it; a stored row is checked again
        return None, "", "Only http and https addresses are posted to."
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")  # noqa: S310
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT) as response:
            return response.status, response.read(EXCERPT).decode(errors="replace"), ""
    except urllib.error.HTTPError as exc:
        excerpt = exc.read(EXCERPT).decode(errors="replace") if exc.fp else ""
        return exc.code, excerpt, ""
    except Exception as exc:  # refused, reset, timed out, bad certificate: all retried
        return None, "", f"{exc.__class__.__name__}: {exc}"[:EXCERPT]


def deliver(delivery_id, *, after_attempt=None):
    """Send one delivery. Safe to call twice: a delivered row is not sent again, and a retry queued after
    attempt n (`after_attempt`) does nothing once another attempt has been made."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status not in (
            WebhookDelivery.Status.QUEUED,
            WebhookDelivery.Status.RETRYING,
            WebhookDelivery.Status.SENDING,
        ):
            return delivery.status if delivery else None
        if after_attempt is not None and delivery.attempts != after_attempt:
            return delivery.status  # a later attempt already happened (the sweep, or a redelivery)
        now = timezone.now()
        lease = timedelta(seconds=settings.WEBHOOK_TIMEOUT * 4 + 30)
        if delivery.status == WebhookDelivery.Status.SENDING and delivery.last_attempt_at > now - lease:
            return delivery.status  # another worker is sending it right now
        endpoint = delivery.endpoint
        if not endpoint.is_active:
            delivery.status = WebhookDelivery.Status.SKIPPED
            delivery.next_attempt_at = None
            delivery.save(update_fields=["status", "next_attempt_at"])
            return delivery.status
        delivery.status = WebhookDelivery.Status.SENDING
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.next_attempt_at = now + lease  # a worker that dies mid-send leaves it to the sweep
        delivery.save(update_fields=["status", "attempts", "last_attempt_at", "next_attempt_at"])

    try:
        secret = unseal_secret(endpoint.sealed_secret)
    except InvalidToken:
        # SECRET_KEY changed since the endpoint was registered: nothing can be signed for it any more.
        why = _("The endpoint's secret cannot be read (SECRET_KEY changed): register the endpoint again.")
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.FAILED, last_error=why, next_attempt_at=None
        )
        log.error("webhook delivery %s failed: %s", delivery.pk, why)
        return WebhookDelivery.Status.FAILED
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Accountable-Webhooks/1",
        "X-Accountable-Event": delivery.event_type,
        "X-Accountable-Delivery": str(delivery.delivery_id),
        "X-Accountable-Timestamp": timestamp,
        "X-Accountable-Signature": signature(secret, timestamp, delivery.body),
    }
    started = time.monotonic()
    code, excerpt, error = _post(endpoint.url, delivery.body, headers)
    duration = int((time.monotonic() - started) * 1000)
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        started_at=delivery.last_attempt_at,
        status_code=code,
        response_excerpt=excerpt,
        duration_ms=duration,
        error=error,
    )
    if code is not None and 200 <= code < 300:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.DELIVERED, delivered_at=timezone.now(), next_attempt_at=None, last_error=""
        )
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
        return WebhookDelivery.Status.DELIVERED
    return _record_failure(delivery, endpoint, error or _("The receiver answered %(code)s.") % {"code": code})


def _record_failure(delivery, endpoint, error):
    if delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        status, next_at = WebhookDelivery.Status.FAILED, None
        log.warning("webhook delivery %s failed for good: %s", delivery.pk, error)
    else:
        delays = settings.WEBHOOK_RETRY_DELAYS
        delay = delays[min(delivery.attempts - 1, len(delays) - 1)]
        status, next_at = WebhookDelivery.Status.RETRYING, timezone.now() + timedelta(seconds=delay)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=status, last_error=error, next_attempt_at=next_at)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=F("consecutive_failures") + 1)
    if _disable_if_failing(endpoint):
        return WebhookDelivery.objects.get(pk=delivery.pk).status
    if next_at is not None:
        from .tasks import deliver_webhook

        try:
            deliver_webhook.apply_async(args=(delivery.pk,), kwargs={"after_attempt": delivery.attempts}, eta=next_at)
        except Exception:
            log.exception("could not queue the retry of webhook delivery %s; the sweep will", delivery.pk)
    return status


def _disable_if_failing(endpoint):
    """After WEBHOOK_DISABLE_AFTER_FAILURES failures in a row the endpoint stops and its owner hears why,
    once. What was waiting for it is not sent (SKIPPED) and can be redelivered by hand."""
    limit = settings.WEBHOOK_DISABLE_AFTER_FAILURES
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().select_related("owner").get(pk=endpoint.pk)
        if not endpoint.is_active or endpoint.consecutive_failures < limit:
            return False
        owner = endpoint.owner
        with translation.override(owner.language):
            reason = _("%(count)s failed attempts in a row") % {"count": endpoint.consecutive_failures}
        endpoint.is_active = False
        endpoint.disabled_at = timezone.now()
        endpoint.disabled_reason = reason
        endpoint.save(update_fields=["is_active", "disabled_at", "disabled_reason"])
        WebhookDelivery.objects.filter(
            endpoint=endpoint,
            status__in=(WebhookDelivery.Status.QUEUED, WebhookDelivery.Status.RETRYING),
        ).update(status=WebhookDelivery.Status.SKIPPED, next_attempt_at=None)
        audit.record("webhook.disabled_by_failures", obj=endpoint, data={"failures": endpoint.consecutive_failures})
        if owner.email:
            outbox.queue_email(
                to_email=owner.email,
                to_name=str(owner),
                template="webhook_disabled",
                context={"endpoint": endpoint, "reason": reason, "owner": owner},
                language=owner.language,
                related=endpoint,
            )
    log.warning("webhook endpoint %s disabled: %s", endpoint.pk, reason)
    return True


def claim_due_for_delivery(limit=500):
    """Deliveries whose task was lost or whose retry time has come, claimed for five minutes so a sweep that
    runs again meanwhile does not queue them twice."""
    now = timezone.now()
    waiting = (WebhookDelivery.Status.QUEUED, WebhookDelivery.Status.RETRYING, WebhookDelivery.Status.SENDING)
    with transaction.atomic():
        due = list(
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            # A minute's grace: the task queued at commit or for the retry normally gets there first.
            .filter(status__in=waiting, next_attempt_at__lte=now - timedelta(minutes=1))
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:limit]
        )
        WebhookDelivery.objects.filter(pk__in=due).update(next_attempt_at=now + timedelta(minutes=5))
    return due
