"""Asking a client to decide: send, re-send, revoke and supersede links; read approvals and history.

The history of each request (sent, opened, reminded, decided, revoked, superseded, expired, codes)
is written to the audit log against the request; request_history() reads it for the account team.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import audit, links, outbox, webhooks
from ..models import AuditEvent, Decision, DecisionLink, DecisionRequest
from .errors import DecisionError
from .kinds import content_hashes, is_private, kind_of


def _log_client(decision_request):
    """The client an email is filed under in the communication log; None keeps a private one out of it."""
    return None if is_private(decision_request) else decision_request.client


# --- asking ------------------------------------------------------------------------------------


def _document_type(document):
    return ContentType.objects.get_for_model(document)


def _close(decision_request, status, *, action, by=None, data=None):
    decision_request.status = status
    decision_request.closed_at = timezone.now()
    decision_request.save(update_fields=["status", "closed_at"])
    audit.record(action, obj=decision_request, actor=by, data=data or {})


def _link_url(token):
    return settings.SITE_URL + reverse("decision_landing", args=[token])


def request_decision(*, document, contact, by, expires_in_days=None, request=None):
    """Email `contact` a link to decide on exactly this version of `document` (as its kind asks:
    approve or request changes, acknowledge, or answer).

    Re-issuing for the same document and contact revokes the earlier open request (and its links). The new token is
    returned on the request object as `.token` (never stored) for the caller's use in tests.
    """
    kind = kind_of(document)
    if contact.client_id != document.client_id:
        raise DecisionError(_("This contact does not belong to the document's client."))
    if not kind.may_decide(contact, document):
        raise DecisionError(_("This contact may not make decisions for the client."))
    days = expires_in_days or settings.DECISION_LINK_DAYS
    if days < 1:
        raise DecisionError(_("A link must stay valid for at least one day."))
    is_money = bool(kind.is_money(document))
    token, token_hash = links.new_token()
    link = _link_url(token)
    now = timezone.now()
    with transaction.atomic():
        earlier = DecisionRequest.objects.for_document(document).open().filter(contact=contact).select_for_update()
        for old in earlier:
            _close(
                old, DecisionRequest.Status.REVOKED, action="decision_request.revoked", by=by, data={"reissued": True}
            )
        decision_request = DecisionRequest.objects.create(
            token_hash=token_hash,
            client_id=document.client_id,
            document_type=_document_type(document),
            document_id=document.pk,
            decision_kind=kind.code,
            document_title=str(kind.title(document))[:300],
            version_label=str(kind.version_label(document))[:50],
            content_hash=kind.content_hash(document),
            is_money_decision=is_money,
            requires_code=is_money and document.client.require_code_for_money_decisions,
            contact=contact,
            requested_by=by,
            created_at=now,
            expires_at=now + timedelta(days=days),
            sent_at=now,
        )
        DecisionLink.objects.create(
            request=decision_request, token_hash=token_hash, purpose=DecisionLink.Purpose.SENT, created_at=now
        )
        outbox.queue_email(
            to_email=contact.email,
            to_name=contact.name,
            template="decision_request",
            context={"decision_request": decision_request, "link": link, "contact": contact},
            private=[link],
            language=contact.language,
            related=decision_request,
            client=_log_client(decision_request),
            by=by,
        )
        audit.record(
            "decision_request.sent",
            obj=decision_request,
            actor=by,
            request=request,
            data={"contact": contact.email, "version": decision_request.version_label, "expires_in_days": days},
        )
        if not kind.private:
            # "Outside systems hear by signed webhook" (docs/practice.md): ids and facts, never the link.
            webhooks.emit("document.sent", lambda: _sent_facts(decision_request))
    decision_request.token = token
    return decision_request


def _sent_facts(decision_request):
    return {
        "decision_request": decision_request.pk,
        "client": decision_request.client_id,
        "document_type": decision_request.document_type,
        "document": decision_request.document_id,
        "decision_kind": decision_request.decision_kind,
        "version": decision_request.version_label,
        "content_hash": decision_request.content_hash,
        "contact": decision_request.contact_id,
        "sent_at": decision_request.sent_at,
        "expires_at": decision_request.expires_at,
    }


def revoke_request(*, decision_request, by):
    """The account team withdraws a link; it stops working at once."""
    with transaction.atomic():
        locked = DecisionRequest.objects.select_for_update().get(pk=decision_request.pk)
        if locked.status != DecisionRequest.Status.OPEN:
            raise DecisionError(_("Only a link that is still waiting for the client can be revoked."))
        _close(locked, DecisionRequest.Status.REVOKED, action="decision_request.revoked", by=by)
    decision_request.refresh_from_db()
    return decision_request


def supersede_open_requests(*, documents, by):
    """A newer version exists: links to these (older) versions stop working. Returns how many closed."""
    closed = 0
    with transaction.atomic():
        for old in DecisionRequest.objects.for_documents(documents).open().select_for_update():
            _close(old, DecisionRequest.Status.SUPERSEDED, action="decision_request.superseded", by=by)
            closed += 1
    return closed


def remind_request(*, decision_request, by=None):
    """Send the contact the link again. The token is not stored, so the reminder carries a new link; the
    earlier emails' links keep working (clients open the first email, not the last) until the request is
    decided, superseded, revoked or expired, when all of them stop together."""
    token, token_hash = links.new_token()
    link = _link_url(token)
    with transaction.atomic():
        locked = (
            DecisionRequest.objects.select_for_update().select_related("contact", "client").get(pk=decision_request.pk)
        )
        if locked.status != DecisionRequest.Status.OPEN or locked.is_expired:
            raise DecisionError(_("Only a link that is still waiting for the client can be sent again."))
        now = timezone.now()
        DecisionLink.objects.create(
            request=locked, token_hash=token_hash, purpose=DecisionLink.Purpose.REMINDER, created_at=now
        )
        locked.reminded_at = now
        locked.reminder_count += 1
        locked.save(update_fields=["reminded_at", "reminder_count"])
        outbox.queue_email(
            to_email=locked.contact.email,
            to_name=locked.contact.name,
            template="decision_reminder",
            context={"decision_request": locked, "link": link, "contact": locked.contact},
            private=[link],
            language=locked.contact.language,
            related=locked,
            client=_log_client(locked),
            by=by,
        )
        audit.record("decision_request.reminded", obj=locked, actor=by, data={"reminder": locked.reminder_count})
    locked.token = token
    return locked


# --- reading -----------------------------------------------------------------------------------


def approval_for(document):
    """The client's approval of exactly this version, if its content is still what was approved."""
    approvals = Decision.objects.filter(
        document_type=_document_type(document), document_id=document.pk, outcome=Decision.Outcome.APPROVED
    ).order_by("-decided_at", "-id")
    approvals = list(approvals)
    if not approvals:
        return None  # nothing to compare: the content (and its files) need not be read
    hashes = content_hashes(document)
    return next((approval for approval in approvals if approval.content_hash in hashes), None)


def request_history(decision_requests):
    """{request id: [audit events, oldest first]} for the account team, in one query."""
    ids = [str(r.pk) for r in decision_requests]
    history = {r.pk: [] for r in decision_requests}
    if not ids:
        return history
    events = AuditEvent.objects.filter(
        object_type=ContentType.objects.get_for_model(DecisionRequest), object_id__in=ids
    ).order_by("created_at", "id")
    for event in events:
        history[int(event.object_id)].append(event)
    return history


def find_by_token(token):
    """The request any of its links (the first email's or a reminder's) opens, or None."""
    link = links.find(DecisionLink.objects.select_related("request__contact", "request__client"), token)
    return None if link is None else link.request
