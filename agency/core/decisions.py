"""Client decisions by emailed link: the only code that creates, closes or answers a decision request.

A document version a client can decide on is any model with:
    client                      FK to accounts.Client
    decision_kind               class attribute: "brief", "concept", "estimate", "final_ad", "media_plan", ...
    is_money_decision           bool property (estimates, media plans): may need a one-time code
    decision_title() -> str     e.g. "Creative brief v2 · TSD-2026-001 Summer launch"
    decision_content() -> str   the exact canonical text shown; its SHA-256 is bound to the request
    decision_template           template rendering the document read-only, context {"document": version}
    version_label (optional)    e.g. "v2"; defaults to "v<number>" or the primary key
    decision_answer (optional)  "approve" (default: approve or request changes), "acknowledge"
                                (the client only takes note, with an optional comment) or "answer"
                                (the document's own form: answer_form(data) with .answers(), rendered
                                by answer_template; any contact may answer, not only approvers)

Apps register what happens to their documents when a client decides, in AppConfig.ready():
    register_outcome_handler("brief", on_approved=f, on_changes_requested=g)
A kind registered with private=True (a client's feedback on a member of the account team) stays out of
what the client's account team reads: the communication log, client calendar feeds, reminder scoping;
only the requester and management may revoke its links.
Both are called as handler(document=<locked version>, decision=<Decision>) inside the deciding
transaction; the changes-requested handler returns the document to draft.

The history of each request (sent, opened, reminded, decided, revoked, superseded, expired, codes)
is written to the audit log against the request; request_history() reads it for the account team.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import audit, links, outbox
from .models import AuditEvent, Decision, DecisionCode, DecisionRequest

CODE_DIGITS = 6
MAX_CODES_PER_HOUR = 5


class DecisionError(Exception):
    """A decision-request action that is not allowed; the message is for the person who tried."""


class LinkNotUsable(DecisionError):
    """The link cannot be used (any more). `reason` picks the polite page the contact sees."""

    UNKNOWN, EXPIRED, REVOKED, SUPERSEDED, DECIDED = "unknown", "expired", "revoked", "superseded", "decided"

    def __init__(self, reason):
        self.reason = reason
        super().__init__(reason)


class CodeRequired(DecisionError):
    """A money decision needs a valid one-time code first."""


# --- hashing -----------------------------------------------------------------------------------


def hash_content(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_hash(document):
    return hash_content(document.decision_content())


def version_label(document):
    label = getattr(document, "version_label", None)
    if label:
        return str(label)
    number = getattr(document, "number", None)
    return f"v{number}" if number is not None else f"#{document.pk}"


def _code_hash(decision_request_id, code):
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{decision_request_id}:{code}".encode(), hashlib.sha256).hexdigest()


# --- outcome handlers --------------------------------------------------------------------------

_outcome_handlers = {}


_private_kinds = set()


def register_outcome_handler(
    kind, *, on_approved=None, on_changes_requested=None, on_acknowledged=None, on_answered=None, private=False
):
    """on_answered is called as handler(document=..., decision=..., answers=<the form's answers()>)."""
    if private:
        _private_kinds.add(kind)
    _outcome_handlers[kind] = {
        Decision.Outcome.APPROVED: on_approved,
        Decision.Outcome.CHANGES_REQUESTED: on_changes_requested,
        Decision.Outcome.ACKNOWLEDGED: on_acknowledged,
        Decision.Outcome.ANSWERED: on_answered,
    }


def answer_kind(model):
    return getattr(model, "decision_answer", "approve")


def answers_for(model):
    """The outcomes a client may give on a document of this model: its form kind decides."""
    kind = answer_kind(model)
    if kind == "acknowledge":
        return (Decision.Outcome.ACKNOWLEDGED,)
    if kind == "answer":
        return (Decision.Outcome.ANSWERED,)
    return (Decision.Outcome.APPROVED, Decision.Outcome.CHANGES_REQUESTED)


def private_kinds():
    return frozenset(_private_kinds)


def is_private(decision_request):
    return decision_request.decision_kind in _private_kinds


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
    """Email `contact` a link to approve or request changes to exactly this version of `document`.

    Re-issuing for the same document and contact revokes the earlier open link. The new token is
    returned on the request object as `.token` (never stored) for the caller's use in tests.
    """
    if contact.client_id != document.client_id:
        raise DecisionError(_("This contact does not belong to the document's client."))
    if not contact.is_active or (answer_kind(type(document)) == "approve" and not contact.may_approve):
        raise DecisionError(_("This contact may not make decisions for the client."))
    days = expires_in_days or settings.DECISION_LINK_DAYS
    if days < 1:
        raise DecisionError(_("A link must stay valid for at least one day."))
    token, token_hash = links.new_token()
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
            decision_kind=document.decision_kind,
            document_title=str(document.decision_title())[:300],
            version_label=version_label(document)[:50],
            content_hash=content_hash(document),
            is_money_decision=bool(document.is_money_decision),
            requires_code=bool(document.is_money_decision and document.client.require_code_for_money_decisions),
            contact=contact,
            requested_by=by,
            created_at=now,
            expires_at=now + timedelta(days=days),
            sent_at=now,
        )
        outbox.queue_email(
            to_email=contact.email,
            to_name=contact.name,
            template="decision_request",
            context={"decision_request": decision_request, "link": _link_url(token), "contact": contact},
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
    decision_request.token = token
    return decision_request


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
    """Send the contact the link again. The token is not stored, so the reminder carries a new one
    and the earlier email's link stops working."""
    token, token_hash = links.new_token()
    with transaction.atomic():
        locked = (
            DecisionRequest.objects.select_for_update().select_related("contact", "client").get(pk=decision_request.pk)
        )
        if locked.status != DecisionRequest.Status.OPEN or locked.is_expired:
            raise DecisionError(_("Only a link that is still waiting for the client can be sent again."))
        locked.token_hash = token_hash
        locked.reminded_at = timezone.now()
        locked.reminder_count += 1
        locked.save(update_fields=["token_hash", "reminded_at", "reminder_count"])
        outbox.queue_email(
            to_email=locked.contact.email,
            to_name=locked.contact.name,
            template="decision_reminder",
            context={"decision_request": locked, "link": _link_url(token), "contact": locked.contact},
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
    return (
        Decision.objects.filter(
            document_type=_document_type(document),
            document_id=document.pk,
            outcome=Decision.Outcome.APPROVED,
            content_hash=content_hash(document),
        )
        .order_by("-decided_at", "-id")
        .first()
    )


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
    return links.find(DecisionRequest.objects.select_related("contact", "client"), token)


# --- the link holder's side --------------------------------------------------------------------


def note_opened(*, decision_request, ip=None):
    """The contact opened the link. Recorded for the team; changes nothing about the decision."""
    now = timezone.now()
    first = DecisionRequest.objects.filter(pk=decision_request.pk, first_opened_at__isnull=True).update(
        first_opened_at=now, last_opened_at=now
    )
    if first:
        audit.record("decision_request.opened", obj=decision_request, contact=decision_request.contact, ip=ip)
    else:
        DecisionRequest.objects.filter(pk=decision_request.pk).update(last_opened_at=now)


def _unusable_reason(decision_request):
    """Why this link cannot be answered now, or None. May close it (expired / superseded) as a side effect
    the caller must save: returns (reason, new_status_or_None)."""
    status = decision_request.status
    if status == DecisionRequest.Status.DECIDED:
        return LinkNotUsable.DECIDED, None
    if status == DecisionRequest.Status.REVOKED:
        return LinkNotUsable.REVOKED, None
    if status == DecisionRequest.Status.SUPERSEDED:
        return LinkNotUsable.SUPERSEDED, None
    if decision_request.is_expired:
        return LinkNotUsable.EXPIRED, (DecisionRequest.Status.EXPIRED if status == "open" else None)
    document = decision_request.document
    if document is None or content_hash(document) != decision_request.content_hash:
        # The document changed under the link: the client must not approve what they did not see.
        return LinkNotUsable.SUPERSEDED, DecisionRequest.Status.SUPERSEDED
    return None, None


def check_usable(decision_request):
    """Raise LinkNotUsable if the link cannot be answered; closes an expired or outdated link."""
    reason, new_status = _unusable_reason(decision_request)
    if new_status:
        with transaction.atomic():
            locked = DecisionRequest.objects.select_for_update().get(pk=decision_request.pk)
            if locked.status == DecisionRequest.Status.OPEN:
                _close(locked, new_status, action=f"decision_request.{new_status}")
        decision_request.refresh_from_db()
    if reason:
        raise LinkNotUsable(reason)


def send_code(*, decision_request, ip=None):
    """Email the contact a one-time code for a money decision. Earlier codes stop working."""
    check_usable(decision_request)
    if not decision_request.requires_code:
        raise DecisionError(_("This decision does not need a code."))
    now = timezone.now()
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    with transaction.atomic():
        locked = (
            DecisionRequest.objects.select_for_update().select_related("contact", "client").get(pk=decision_request.pk)
        )
        if locked.codes.filter(created_at__gt=now - timedelta(hours=1)).count() >= MAX_CODES_PER_HOUR:
            raise DecisionError(_("Too many codes were sent in the last hour. Please try again later."))
        locked.codes.filter(used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
        DecisionCode.objects.create(
            request=locked,
            code_hash=_code_hash(locked.pk, code),
            created_at=now,
            expires_at=now + timedelta(minutes=settings.DECISION_CODE_MINUTES),
        )
        outbox.queue_email(
            to_email=locked.contact.email,
            to_name=locked.contact.name,
            template="decision_code",
            context={"decision_request": locked, "code": code, "minutes": settings.DECISION_CODE_MINUTES},
            language=locked.contact.language,
            related=locked,
            client=locked.client,
        )
        audit.record("decision_request.code_sent", obj=locked, contact=locked.contact, ip=ip)


def _check_code(decision_request, code, now):
    """Returns an error message, or None when the code is right (and then marks it used)."""
    current = (
        decision_request.codes.select_for_update()
        .filter(used_at__isnull=True, expires_at__gt=now)
        .order_by("-created_at", "-id")
        .first()
    )
    if current is None:
        return _("Your code has expired or was not requested yet. Please ask for a new code.")
    if current.attempts >= settings.DECISION_CODE_ATTEMPTS:
        return _("This code was entered wrongly too many times. Please ask for a new code.")
    if not hmac.compare_digest(current.code_hash, _code_hash(decision_request.pk, (code or "").strip())):
        current.attempts += 1
        current.save(update_fields=["attempts"])
        audit.record("decision_request.code_failed", obj=decision_request, contact=decision_request.contact)
        return _("That code is not right. Please check the email and try again.")
    current.used_at = now
    current.save(update_fields=["used_at"])
    return None


def decide(*, decision_request, outcome, comment="", code="", ip=None, user_agent="", answers=None):
    """Record the contact's decision, once. Safe against any number of racing POSTs.
    For an "answer" document, `answers` goes to its on_answered handler, not into the decision record."""
    if outcome not in Decision.Outcome.values:
        raise DecisionError(_("Choose approve or request changes."))
    comment = (comment or "").strip()
    if outcome == Decision.Outcome.CHANGES_REQUESTED and not comment:
        raise DecisionError(_("Please say what should change."))
    if outcome not in answers_for(ContentType.objects.get_for_id(decision_request.document_type_id).model_class()):
        raise DecisionError(_("This answer does not fit this document."))
    check_usable(decision_request)
    code_error = None
    with transaction.atomic():
        # Every racing POST queues here; only the first finds the request still open.
        locked = (
            DecisionRequest.objects.select_for_update()
            .select_related("contact", "client", "requested_by")
            .get(pk=decision_request.pk)
        )
        reason, _new_status = _unusable_reason(locked)
        if reason:
            raise LinkNotUsable(reason)
        now = timezone.now()
        if locked.requires_code:
            code_error = _check_code(locked, code, now)
        if code_error is None:
            document = locked.document_type.model_class()._base_manager.select_for_update().get(pk=locked.document_id)
            try:
                with transaction.atomic():
                    decision = Decision.objects.create(
                        request=locked,
                        client=locked.client,
                        document_type=locked.document_type,
                        document_id=locked.document_id,
                        outcome=outcome,
                        contact=locked.contact,
                        contact_name=locked.contact.name[:200],
                        contact_email=locked.contact.email,
                        decided_at=now,
                        ip=ip,
                        user_agent=(user_agent or "")[:500],
                        comment=comment,
                        document_title=locked.document_title,
                        version_label=locked.version_label,
                        content_hash=locked.content_hash,
                    )
            except IntegrityError:
                raise LinkNotUsable(LinkNotUsable.DECIDED) from None
            locked.status = DecisionRequest.Status.DECIDED
            locked.closed_at = now
            locked.save(update_fields=["status", "closed_at"])
            handlers = _outcome_handlers.get(locked.decision_kind, {})
            handler = handlers.get(outcome)
            if handler is not None:
                extra = {"answers": answers} if outcome == Decision.Outcome.ANSWERED else {}
                handler(document=document, decision=decision, **extra)
            audit.record(
                "decision_request.decided",
                obj=locked,
                contact=locked.contact,
                ip=ip,
                data={"outcome": outcome, "decision": decision.pk, "content_hash": locked.content_hash},
            )
            # Other contacts' links to the same version are no longer needed: one answer decides it.
            for other in (
                DecisionRequest.objects.filter(document_type=locked.document_type, document_id=locked.document_id)
                .open()
                .exclude(pk=locked.pk)
                .select_for_update()
            ):
                _close(other, DecisionRequest.Status.SUPERSEDED, action="decision_request.superseded")
            context = {"decision": decision, "decision_request": locked}
            outbox.queue_email(
                to_email=locked.contact.email,
                to_name=locked.contact.name,
                template="decision_receipt",
                context=context,
                language=locked.contact.language,
                related=locked,
                client=_log_client(locked),
            )
            if locked.requested_by.email:
                outbox.queue_email(
                    to_email=locked.requested_by.email,
                    to_name=str(locked.requested_by),
                    template="decision_outcome",
                    context=context,
                    language=locked.requested_by.language,
                    related=locked,
                    client=_log_client(locked),
                )
    if code_error is not None:
        raise CodeRequired(code_error)
    decision_request.refresh_from_db()
    return decision
