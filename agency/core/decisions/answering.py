"""The link holder's side: open the link, ask for a one-time code, decide once (at the confirm step), read
the receipt; and the one other way a decision is recorded: by a staff member, from evidence the client
sent outside the link."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .. import audit, files, links, outbox, webhooks
from ..models import Decision, DecisionCode, DecisionEvidence, DecisionRequest, Notification
from .asking import _close, _log_client
from .errors import CodeRequired, DecisionError, LinkNotUsable
from .kinds import content_hashes, kind_for

# The account team role of a client's account manager (accounts' AccountTeamMember.Role.AM).
AM_ROLE = "am"
CODE_DIGITS = 6
MAX_CODES_PER_HOUR = 5


def _code_hash(decision_request_id, code):
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{decision_request_id}:{code}".encode(), hashlib.sha256).hexdigest()


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
    if document is None or decision_request.content_hash not in content_hashes(document):
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
            private=[code],
            language=locked.contact.language,
            related=locked,
            client=_log_client(locked),
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


def _amount(value):
    return None if value is None else str(value)


def snapshot_of(kind, document):
    """What the client decides on, as it is at this moment: kept on the Decision and shown on its receipt.
    Rule: "Decisions are evidence" (docs/practice.md)."""
    snapshot = {
        "content": kind.content(document),
        "files": [[name, sha] for name, sha in kind.file_digests(document)],
    }
    money = kind.money(document) if kind.money is not None else None
    if money is not None:
        snapshot["money"] = {
            "currency": money.currency,
            "total": _amount(money.total),
            "budget": _amount(money.budget),
            "committed_before": _amount(money.committed_before),
            "remaining": _amount(money.remaining),
            "over_budget": bool(money.over_budget),
            "overrun": _amount(money.overrun),
            "reason": money.reason,
        }
    return snapshot


def receipt_url(token):
    return settings.SITE_URL + reverse("decision_receipt_link", args=[token])


def find_receipt(token):
    """The decision whose receipt link carries this token, or None."""
    queryset = Decision.objects.select_related("contact", "client", "request")
    return links.find(queryset, token, field="receipt_token_hash")


def decision_for(decision_request):
    """The decision that closed this request's document version: the request's own, else (another contact
    decided first) the one made on the same content. None when nobody decided."""
    own = Decision.objects.filter(request=decision_request).select_related("contact").first()
    if own is not None:
        return own
    return (
        Decision.objects.filter(
            document_type_id=decision_request.document_type_id,
            document_id=decision_request.document_id,
            content_hash=decision_request.content_hash,
        )
        .select_related("contact")
        .first()
    )


def _locked_open(decision_request):
    """The request locked for update, if still open (else LinkNotUsable): every racing answer queues here,
    and only the first finds it open."""
    locked = (
        DecisionRequest.objects.select_for_update()
        .select_related("contact", "client", "requested_by")
        .get(pk=decision_request.pk)
    )
    reason, _new_status = _unusable_reason(locked)
    if reason:
        raise LinkNotUsable(reason)
    return locked


def decide(*, decision_request, outcome, comment="", code="", ip=None, user_agent="", answers=None, seen_hash=None):
    """Record the contact's decision, once. Safe against any number of racing POSTs.
    For an "answer" document, `answers` goes to its on_answered handler, not into the decision record.
    `seen_hash`: the content hash the confirm page showed (the link pages always give it); when it is not
    the link's and the document's current hash, nothing is recorded (LinkNotUsable SUPERSEDED)."""
    kind = kind_for(decision_request)
    if outcome not in Decision.Outcome.values:
        raise DecisionError(_("Choose approve or request changes."))
    comment = (comment or "").strip()
    if outcome == Decision.Outcome.CHANGES_REQUESTED and not comment:
        raise DecisionError(_("Please say what should change."))
    if outcome not in kind.outcomes:
        raise DecisionError(_("This answer does not fit this document."))
    check_usable(decision_request)
    code_error = None
    with transaction.atomic():
        locked = _locked_open(decision_request)
        if seen_hash is not None and seen_hash != locked.content_hash:
            # Rule: "Client links" (docs/practice.md): the client confirms exactly the version they saw.
            raise LinkNotUsable(LinkNotUsable.SUPERSEDED)
        now = timezone.now()
        if locked.requires_code:
            code_error = _check_code(locked, code, now)
        if code_error is None:
            decision = _record(
                locked, kind, outcome=outcome, comment=comment, now=now, ip=ip, user_agent=user_agent, answers=answers
            )
    if code_error is not None:
        raise CodeRequired(code_error)
    decision_request.refresh_from_db()
    return decision


def _record(
    locked, kind, *, outcome, comment, now, ip=None, user_agent="", answers=None, recorded_by=None, evidence=None
):
    """Record the decision on `locked` (a request locked for update and still open) and everything that
    follows it: the request closes, the kind's handler runs, the audit log, the other contacts' requests
    close, the receipt and the notices. The one path for a client's decision by link and for a
    confirmation a staff member records from evidence the client sent outside the link."""
    document = kind.model._base_manager.select_for_update().get(pk=locked.document_id)
    snapshot = snapshot_of(kind, document)
    receipt_token, receipt_token_hash = links.new_token()
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
                snapshot=snapshot,
                receipt_token_hash=receipt_token_hash,
                recorded_by=recorded_by,
                evidence=evidence,
            )
    except IntegrityError:
        raise LinkNotUsable(LinkNotUsable.DECIDED) from None
    locked.status = DecisionRequest.Status.DECIDED
    locked.closed_at = now
    locked.save(update_fields=["status", "closed_at"])
    handler = kind.handler(outcome)
    if handler is not None:
        extra = {"answers": answers} if outcome == Decision.Outcome.ANSWERED else {}
        handler(document=document, decision=decision, **extra)
    data = {"outcome": outcome, "decision": decision.pk, "content_hash": locked.content_hash}
    if recorded_by is None:
        audit.record("decision_request.decided", obj=locked, contact=locked.contact, ip=ip, data=data)
    else:
        # Recorded by a staff member from the client's evidence: the audit names that staff member, never the client.
        data |= {"contact": locked.contact.name, "evidence": evidence.original_name}
        audit.record("decision_request.recorded_outside", obj=locked, actor=recorded_by, ip=ip, data=data)
    # Other contacts' links to the same version are no longer needed: one answer decides it.
    for other in (
        DecisionRequest.objects.filter(document_type=locked.document_type, document_id=locked.document_id)
        .open()
        .exclude(pk=locked.pk)
        .select_for_update()
    ):
        _close(other, DecisionRequest.Status.SUPERSEDED, action="decision_request.superseded")
    if not kind.private:
        # "Outside systems hear by signed webhook" (docs/practice.md): ids and facts, never the receipt link.
        webhooks.emit("decision.recorded", lambda: decision_facts(decision))
    link = receipt_url(receipt_token)
    outbox.queue_email(
        to_email=locked.contact.email,
        to_name=locked.contact.name,
        template="decision_receipt",
        context={"decision": decision, "decision_request": locked, "receipt_url": link},
        private=[link],
        language=locked.contact.language,
        related=locked,
        client=_log_client(locked),
    )
    notify_decided(locked, decision, document=document, kind=kind)
    return decision


def decision_facts(decision):
    """What an outside system hears of a decision: stable ids and plain facts."""
    return {
        "decision": decision.pk,
        "decision_request": decision.request_id,
        "client": decision.client_id,
        "document_type": decision.document_type,
        "document": decision.document_id,
        "outcome": decision.outcome,
        "decided_at": decision.decided_at,
        "version": decision.version_label,
        "content_hash": decision.content_hash,
        "contact": decision.contact_id,
        "recorded_outside": decision.recorded_by_id is not None,
    }


def notice_recipients(decision_request, *, document, kind):
    """Who is told when a client decides: the person who asked and, for a money document, the client's
    account manager(s) (the account team members with the AM role)."""
    recipients = [decision_request.requested_by]
    if kind.is_money(document) and not kind.private:
        managers = decision_request.client.team_members.filter(role=AM_ROLE, user__is_active=True)
        recipients += [member.user for member in managers.select_related("user").order_by("user_id")]
    unique = {}
    for user in recipients:
        unique.setdefault(user.pk, user)
    return list(unique.values())


def notify_decided(locked, decision, *, document, kind):
    """An in-app notice and an email for each of notice_recipients()."""
    # Rule: "Decisions are evidence" (docs/practice.md): the team is told of each decision as it is made.
    url = document.get_absolute_url() if hasattr(document, "get_absolute_url") else ""
    for user in notice_recipients(locked, document=document, kind=kind):
        with translation.override(user.language):
            if decision.recorded_by_id:
                title = _("%(who)s recorded a confirmation from %(contact)s: %(outcome)s – %(title)s") % {
                    "who": decision.recorded_by,
                    "contact": decision.contact_name,
                    "outcome": decision.get_outcome_display(),
                    "title": decision.document_title,
                }
            else:
                title = _("%(contact)s decided: %(outcome)s – %(title)s") % {
                    "contact": decision.contact_name,
                    "outcome": decision.get_outcome_display(),
                    "title": decision.document_title,
                }
            Notification.objects.create(
                user=user,
                client=None if kind.private else locked.client,
                title=str(title)[:300],
                body=decision.comment,
                url=url[:500],
                created_at=decision.decided_at,
            )
        if user.email:
            outbox.queue_email(
                to_email=user.email,
                to_name=str(user),
                template="decision_outcome",
                context={"decision": decision, "decision_request": locked, "recipient": user},
                language=user.language,
                related=locked,
                client=_log_client(locked),
            )


def record_outside(*, decision_request, outcome, note, evidence, by):
    """A staff member records a confirmation the client gave outside the link (an email, a signed PDF).

    `evidence` is the uploaded file that shows it (required), `note` how it was received (required). The
    decision goes the same way as one by link (the request closes, the kind's handler runs, the team is
    told) but names `by` as its recorder and keeps the evidence: it is never shown as the client's click.
    Who may do it (the client's account team) is the caller's check: DecisionRequest.objects.visible_to(by).
    """
    kind = kind_for(decision_request)
    if kind.private or outcome not in kind.outcomes or outcome == Decision.Outcome.ANSWERED:
        raise DecisionError(_("This answer cannot be recorded for this document."))
    note = (note or "").strip()
    if not note:
        raise DecisionError(_("Say how and when the client confirmed, and what they said."))
    if evidence is None:
        raise DecisionError(_("Attach the client's email or signed document as evidence."))
    try:
        name, content_type = files.check_upload(evidence, files.EVIDENCE)
    except ValidationError as exc:
        raise DecisionError(" ".join(exc.messages)) from None
    check_usable(decision_request)
    with transaction.atomic():
        locked = _locked_open(decision_request)
        stored = files.store(DecisionEvidence(request=locked), evidence, name=name, content_type=content_type, by=by)
        # No IP or browser on the decision: those of the client's own click, and there was none.
        decision = _record(
            locked, kind, outcome=outcome, comment=note, now=timezone.now(), recorded_by=by, evidence=stored
        )
    decision_request.refresh_from_db()
    return decision
