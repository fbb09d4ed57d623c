"""Client decisions by emailed link: the only code that creates, closes or answers a decision request.

A document a client can decide on belongs to a decision kind, registered once by the app that owns
the model, from its AppConfig.ready(). The kind says everything the core needs: what the document is
called, who may decide, the template that shows it, what the content hash covers, and what happens
when the client decides. For example (briefs/decision_kinds.py):

    from django.utils.translation import gettext_lazy as _
    from agency.core import decisions

    def register_decision_kinds():
        from .models import BriefVersion
        from .services.brief import brief_on_approved, brief_on_changes_requested

        decisions.register(
            decisions.DecisionKind(
                code="brief",                      # stored on every request: never rename it
                model=BriefVersion,
                label=_("Creative brief"),
                answer=decisions.APPROVE,          # or ACKNOWLEDGE, or ANSWER (with answer_form/answer_template)
                template="briefs/brief_document.html",  # context {"document": version}
                # title, content and version_label: by default BriefVersion.decision_title(),
                # .decision_content() (the canonical text the SHA-256 binds the link to) and .version_label
                on_approved=brief_on_approved,     # handler(document=..., decision=...), inside the transaction
                on_changes_requested=brief_on_changes_requested,
            )
        )

    # briefs/apps.py
    def ready(self):
        from .decision_kinds import register_decision_kinds
        register_decision_kinds()

Then `decisions.request_decision(document=version, contact=contact, by=user)` emails the link, and the
decision pages, receipts, reminders and the team's lists read the kind back with `kind_of(document)`
or `kind_for(decision_request)`. See kinds.DecisionKind for every field.

Who may decide is one rule (DecisionKind.may_decide / .deciders): an active contact of the document's
client, and for APPROVE kinds one whose client lets them approve (Contact.may_approve).
The content hash is the SHA-256 of content(document) and, for a kind with files(document), of each
file's name and SHA-256 of its bytes: a changed file supersedes the link as a changed text does.
A private kind (a client's feedback on a member of the account team) stays out of what the client's
account team reads: the communication log, client calendar feeds, reminder scoping; only the
requester and management may revoke its links.
"""

from .answering import (
    CODE_DIGITS,
    MAX_CODES_PER_HOUR,
    check_usable,
    decide,
    decision_for,
    find_receipt,
    note_opened,
    notice_recipients,
    record_outside,
    send_code,
    snapshot_of,
)
from .asking import (
    approval_for,
    find_by_token,
    remind_request,
    request_decision,
    request_history,
    revoke_request,
    supersede_open_requests,
)
from .errors import CodeRequired, DecisionError, LinkNotUsable
from .kinds import (
    ACKNOWLEDGE,
    ANSWER,
    APPROVE,
    DecisionKind,
    Money,
    UnknownDecisionKind,
    all_kinds,
    always,
    content_hash,
    content_hashes,
    deciders,
    deciding,
    hash_content,
    is_private,
    kind_for,
    kind_for_model,
    kind_named,
    kind_of,
    may_decide,
    never,
    private_kinds,
    register,
    version_label,
)

__all__ = [
    "ACKNOWLEDGE",
    "ANSWER",
    "APPROVE",
    "CODE_DIGITS",
    "MAX_CODES_PER_HOUR",
    "CodeRequired",
    "DecisionError",
    "DecisionKind",
    "Money",
    "LinkNotUsable",
    "UnknownDecisionKind",
    "all_kinds",
    "always",
    "approval_for",
    "check_usable",
    "content_hash",
    "content_hashes",
    "deciders",
    "deciding",
    "decide",
    "decision_for",
    "find_receipt",
    "find_by_token",
    "hash_content",
    "is_private",
    "kind_for",
    "kind_for_model",
    "kind_named",
    "kind_of",
    "may_decide",
    "never",
    "note_opened",
    "notice_recipients",
    "private_kinds",
    "record_outside",
    "register",
    "remind_request",
    "request_decision",
    "request_history",
    "revoke_request",
    "send_code",
    "snapshot_of",
    "supersede_open_requests",
    "version_label",
]
