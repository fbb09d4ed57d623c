"""The one lifecycle of a campaign document the client decides on (concept, production estimate, overrun,
final ad, media plan, post-analysis: the ClientDocument models):

    draft ──send──► sent ──client──► approved / changes requested     (briefs/workflow.py: on_document_*)
      ▲                                   │
      └──────────── new_version ◄─────────┘   the version before it is superseded: its links stop working

    documents.require_draft(concept, error=WorkflowError)
    documents.send(concept, contact=c, by=user, request=request, action="concept.sent_to_client")
    documents.new_version(FinalAd, campaign=campaign, by=user, action="final_ad.version_created",
                          first={"title": campaign.name}, carry=("title",))
    documents.supersede([older], by=user)

Each refusal raises `error` (default WorkflowError) so an app's views catch their own error class.
The audit codes are the caller's, as the timelines and the audit labels know them.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agency.core import audit, decisions, permissions
from briefs.models import ClientStatus
from briefs.workflow import WorkflowError, step_done


def require_draft(document, *, error=WorkflowError):
    """Only a draft changes: what the client saw, or is looking at, stays as it was."""
    if document.status != ClientStatus.DRAFT:
        raise error(
            _("%(document)s is %(status)s and can no longer be changed; start a new version instead.")
            % {"document": document, "status": document.get_status_display()}
        )


def check_contact(document, contact, *, error=WorkflowError):
    if not decisions.may_decide(contact=contact, document=document):
        raise error(_("%(contact)s may not decide for this client.") % {"contact": contact})


def amount(value, currency):
    return f"{value:,.2f} {currency}"


def over_budget_reason(document, reason, *, error=WorkflowError):
    """The reason to store with a money document being sent ("" when it is within the budget).

    Rule: "Money committed counts" (docs/practice.md): a document that takes the campaign over its
    approved budget goes to the client only with the reason why, which the client reads with it."""
    kind = decisions.kind_of(document)
    money = kind.money(document) if kind.money else None
    if money is None or not money.over_budget:
        return ""
    reason = (reason or "").strip()
    if not reason:
        raise error(
            _(
                "This takes the campaign over its approved budget of %(budget)s by %(over)s. "
                "Give the reason to send it anyway: the client reads it with the %(document)s."
            )
            % {
                "budget": amount(money.budget, money.currency),
                "over": amount(money.overrun, money.currency),
                "document": str(kind.label).lower(),
            }
        )
    return reason


def keep_over_budget_reason(document, reason):
    """Store the reason on the draft, so the link's content hash covers it (called before send)."""
    if document.over_budget_reason != reason:
        document.over_budget_reason = reason
        type(document).objects.filter(pk=document.pk).update(over_budget_reason=reason)


def send(document, *, contact, by, action, request=None, error=WorkflowError, completes=None):
    """Email `contact` a link to decide on exactly this draft (agency.core.decisions); it is then sent.
    `completes`: the checklist action sending it is (briefs.workflow.step_done), ticked in the same transaction."""
    permissions.require(by, "document.send_to_client", client=document.client_id)
    check_contact(document, contact, error=error)
    with transaction.atomic():
        # Two people sending at once: the second finds it sent, not a second link to a changed row.
        require_draft(type(document).objects.select_for_update().get(pk=document.pk), error=error)
        try:
            decisions.request_decision(document=document, contact=contact, by=by, request=request)
        except decisions.DecisionError as refused:
            raise error(str(refused)) from refused
        document.status, document.sent_at = ClientStatus.SENT, timezone.now()
        document.save(update_fields=["status", "sent_at"])
        audit.record(action, obj=document, actor=by, data={"contact": contact.email}, request=request)
        if completes:
            step_done(document.campaign_id, completes, by=by)
    return document


def supersede(documents, *, by):
    """A newer version exists: these no longer count, and their open client links stop working."""
    documents = [d for d in documents if d.status != ClientStatus.SUPERSEDED]
    if not documents:
        return
    with transaction.atomic():
        decisions.supersede_open_requests(documents=documents, by=by)
        for document in documents:
            type(document).objects.filter(pk=document.pk).update(status=ClientStatus.SUPERSEDED)
            document.status = ClientStatus.SUPERSEDED


def new_version(
    model,
    *,
    campaign,
    by,
    action,
    number="version",
    first=None,
    carry=(),
    overrides=None,
    lines=None,
    error=WorkflowError,
):
    """Start the campaign's next version of a `model` document and supersede the one before it.

    `number` names the version-number field. The new version takes `carry` fields from the one before
    (or `first` when there is none), then `overrides`; `lines=(related name, fields)` copies its line rows.
    Refused while the latest version is still a draft: that one is edited instead.
    """
    with transaction.atomic():
        previous = model.objects.select_for_update().filter(campaign=campaign).order_by(f"-{number}").first()
        if previous is not None and previous.status == ClientStatus.DRAFT:
            raise error(_("Version %(v)s is still a draft: edit it instead.") % {"v": getattr(previous, number)})
        values = {name: getattr(previous, name) for name in carry} if previous else dict(first or {})
        values.update(overrides or {})
        values[number] = getattr(previous, number) + 1 if previous else 1
        document = model.objects.create(campaign=campaign, client=campaign.client, created_by=by, **values)
        if previous is not None:
            if lines is not None:
                _copy_lines(previous, document, *lines)
            supersede([previous], by=by)
        audit.record(action, obj=document, actor=by, data={"version": values[number]})
    return document


def _copy_lines(previous, document, related_name, fields):
    related = getattr(previous, related_name)
    line_model, parent = related.model, related.field.name
    line_model.objects.bulk_create(
        line_model(**{parent: document}, **{name: getattr(line, name) for name in fields}) for line in related.all()
    )
