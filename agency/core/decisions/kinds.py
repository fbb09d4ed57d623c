"""The registry of decision kinds: what a client can decide on by link, filled by the apps from AppConfig.ready().

The core never imports an app: everything it needs to know about a document (its title, what the
content hash covers, who may decide, what happens afterwards) comes from the kind the app registered.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

# What the link asks of the contact.
APPROVE = "approve"  # approve, or request changes with a comment
ACKNOWLEDGE = "acknowledge"  # only take note, with an optional comment
ANSWER = "answer"  # fill in the document's own form (e.g. 360° feedback); its answers go to on_answered
ANSWER_MODES = (APPROVE, ACKNOWLEDGE, ANSWER)

# Outcome values of agency.core.models.Decision.Outcome, by answer mode (kept here as plain strings so
# the registry needs no model).
APPROVED, CHANGES_REQUESTED, ACKNOWLEDGED, ANSWERED = "approved", "changes_requested", "acknowledged", "answered"
OUTCOMES = {APPROVE: (APPROVED, CHANGES_REQUESTED), ACKNOWLEDGE: (ACKNOWLEDGED,), ANSWER: (ANSWERED,)}


@dataclass(frozen=True)
class Money:
    """What a money decision commits the client to. `budget` is the campaign's approved budget (None when
    none is set); `remaining` what is left of it after this document; over budget when it is negative.
    `committed_before`: what the campaign has committed or spent without this document; `reason`: why the
    agency sends it over budget all the same (shown to the client)."""

    currency: str
    total: Any
    budget: Any = None
    committed_before: Any = 0
    reason: str = ""

    @property
    def remaining(self):
        return None if self.budget is None else self.budget - self.committed_before - self.total

    @property
    def over_budget(self):
        return self.remaining is not None and self.remaining < 0

    @property
    def overrun(self):
        """How far over the budget this document takes the campaign (0 when within it)."""
        return -self.remaining if self.over_budget else 0


class UnknownDecisionKind(LookupError):
    """No kind is registered for this code or model (an app is missing from INSTALLED_APPS, or never registered it)."""


def never(document):
    return False


def always(document):
    return True


def primary_key_label(document):
    """The version label of a document that has no version number of its own."""
    return f"#{document.pk}"


@dataclass(eq=False, kw_only=True)
class DecisionKind:
    """One kind of document a client decides on by link. Register it once, from the owning app's ready().

    code            stored in DecisionRequest.decision_kind; never change it once links exist
    model           the document model (one kind per model)
    label           what the document is, translated (gettext_lazy), e.g. "Creative brief"
    answer          APPROVE, ACKNOWLEDGE or ANSWER
    template        renders the document read-only for the client, context {"document": document}
    title           title(document) -> str, e.g. "Creative brief v2 · TSD-2026-001 Summer launch";
                    by default the model's own decision_title()
    content         content(document) -> str, the canonical text the client decides on; its hash binds the link;
                    by default the model's own decision_content()
    files           files(document) -> [(name, FieldFile)]: files the hash covers by their bytes, or None
    version_label   version_label(document) -> str, e.g. "v2"; by default the model's version_label
                    property when it has one, else "#<pk>"
    is_money        is_money(document) -> bool: a money decision may need a one-time code
    money           money(document) -> Money or None: the totals the client approves (grand total, the
                    approved budget and what remains, in the document's currency), shown on every page
                    that repeats what is decided (decision, confirm, receipt)
    private         a client's feedback on a member of the account team: kept out of what that team reads
    on_*            handler(document=<locked document>, decision=<Decision>) inside the deciding transaction;
                    on_answered also gets answers=<the answer form's answers()>
    answer_form     for ANSWER kinds: answer_form(document, data) -> a form with .answers()
    answer_template for ANSWER kinds: renders that form, context {"form": ..., "document": ...}
    """

    code: str
    model: type
    label: Any
    template: str
    title: Callable[[Any], str] | None = None
    content: Callable[[Any], str] | None = None
    answer: str = APPROVE
    files: Callable[[Any], Any] | None = None
    version_label: Callable[[Any], str] | None = None
    is_money: Callable[[Any], bool] = never
    money: Callable[[Any], Any] | None = None
    private: bool = False
    on_approved: Callable | None = None
    on_changes_requested: Callable | None = None
    on_acknowledged: Callable | None = None
    on_answered: Callable | None = None
    answer_form: Callable | None = None
    answer_template: str = ""

    def __post_init__(self):
        # What a document says of itself (its title, its canonical text, its version) is written once, on
        # the model; a kind names other functions only where it shows the document differently.
        if self.title is None:
            self.title = getattr(self.model, "decision_title", None)
        if self.content is None:
            self.content = getattr(self.model, "decision_content", None)
        if self.version_label is None:
            has_label = hasattr(self.model, "version_label")
            self.version_label = attrgetter("version_label") if has_label else primary_key_label

    def __str__(self):
        return str(self.label)

    # -- the title as each reader reads it ---------------------------------------------------------

    def label_in(self, language):
        with translation.override(language):
            return str(self.label)

    def reader_title(self, stored_title, version=""):
        """A request's stored title (written once, in the sender's language, when the link was sent) as
        the reader reads it now: the kind's name in the active language, and the version exactly once.

        A title names the document by the kind's label and parts that read the same in every language
        (job number, campaign and concept names, version), so only the label needs translating.
        """
        # Rule: "The client's language" (docs/practice.md)
        title = stored_title
        current = str(self.label)
        for language, _name in settings.LANGUAGES:
            label = self.label_in(language)
            if label != current and label in title:
                title = title.replace(label, current, 1)
                break
        return with_version(title, version)

    # -- the answer ------------------------------------------------------------------------------

    @property
    def outcomes(self):
        """The outcomes a client may give on this kind of document."""
        return OUTCOMES[self.answer]

    @property
    def is_approval(self):
        return self.answer == APPROVE

    @property
    def is_acknowledgement(self):
        return self.answer == ACKNOWLEDGE

    @property
    def is_answer(self):
        return self.answer == ANSWER

    def handler(self, outcome):
        return {
            APPROVED: self.on_approved,
            CHANGES_REQUESTED: self.on_changes_requested,
            ACKNOWLEDGED: self.on_acknowledged,
            ANSWERED: self.on_answered,
        }[outcome]

    # -- who may decide: the one rule -------------------------------------------------------------

    def may_decide(self, contact, document):
        return _may_decide(contact, document.client_id, approving=self.is_approval)

    def deciders(self, client):
        """The client's contacts who may decide on this kind of document (for the send forms)."""
        return _deciders(client, approving=self.is_approval)

    # -- what the client decides on ----------------------------------------------------------------

    def content_hash(self, document):
        return hash_content(self.content(document), self.file_digests(document))

    def content_hashes(self, document):
        """The hashes a link or approval of exactly this content may carry: the current one and, for a
        document with files, the text-only one of links sent before files were covered by their bytes
        (those links and approvals keep the guarantee they were given: the text is unchanged)."""
        text = self.content(document)
        return {hash_content(text, self.file_digests(document)), hash_content(text)}

    def file_digests(self, document):
        """[(name, SHA-256 of the bytes)] of the files the kind's hash covers, in the kind's order."""
        if self.files is None:
            return []
        return [(str(name), file_sha256(field_file)) for name, field_file in self.files(document)]


def with_version(title, version):
    """The title with the version once: "TSD-2026-001 · Production estimate v1" stays as it is, never "… v1 v1"."""
    if not version or re.search(rf"(?<!\w){re.escape(version)}(?!\w)", title):
        return title
    return f"{title} ({version})"


def reader_title(code, stored_title, version=""):
    """The title of a request or decision of kind `code` in the active language (agency.core.models.decisions)."""
    try:
        return _by_code[code].reader_title(stored_title, version)
    except KeyError:  # a kind whose app is gone: the title as it was stored
        return with_version(stored_title, version)


# Who may decide, the one rule: an active contact of the document's client; to approve, one whom the
# client lets approve (Contact.may_approve). Acknowledging or answering needs no approval right.


def _may_decide(contact, client_id, *, approving):
    return contact.client_id == client_id and contact.is_active and (contact.may_approve or not approving)


def _deciders(client, *, approving):
    return deciding(client.contacts.all(), approving=approving)


def deciding(contacts, *, approving=True):
    """Those of a queryset of contacts who may decide (to approve, by default): the rule as a filter, for
    whatever else goes to the people who decide for a client (surveys, status reports)."""
    contacts = contacts.filter(is_active=True)
    return contacts.filter(may_approve=True) if approving else contacts


MISSING_FILE = "missing"
_digests = {}  # (storage class, name, size, modified) -> SHA-256: a file is read once per process, not per page


def file_sha256(field_file):
    """SHA-256 of a stored file's bytes; MISSING_FILE when the file is gone (so nothing matches what was sent)."""
    storage, name = field_file.storage, field_file.name
    try:
        key = (type(storage).__name__, name, storage.size(name), storage.get_modified_time(name))
    except FileNotFoundError:
        return MISSING_FILE
    except (NotImplementedError, OSError):
        key = None
    if key is not None and key in _digests:
        return _digests[key]
    digest = hashlib.sha256()
    try:
        with storage.open(name, "rb") as handle:
            for chunk in handle.chunks():
                digest.update(chunk)
    except FileNotFoundError:
        return MISSING_FILE
    if key is not None:
        if len(_digests) >= 1024:
            _digests.clear()
        _digests[key] = digest.hexdigest()
    return digest.hexdigest()


def hash_content(text, file_digests=()):
    """SHA-256 of the canonical text, and of each file's name and SHA-256 when there are files.

    Without files it is the hash of the text alone, as it always was (live links hold such hashes).
    The files part starts after a NUL byte, which no stored text can contain (PostgreSQL text and
    Django's form fields refuse it): no text-only hash can ever equal a hash that covers files.
    """
    data = text.encode("utf-8")
    if file_digests:
        data += b"\0" + "".join(f"{name}\t{sha}\n" for name, sha in file_digests).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


# --- the registry ----------------------------------------------------------------------------------

_by_code = {}
_by_model = {}


def register(kind):
    """Called once per kind from the owning app's AppConfig.ready(). Returns the kind."""
    if kind.title is None or kind.content is None:
        raise ImproperlyConfigured(
            f"Decision kind {kind.code!r}: give title and content, or define decision_title() and "
            f"decision_content() on {kind.model.__name__}."
        )
    if kind.answer not in ANSWER_MODES:
        raise ImproperlyConfigured(f"Decision kind {kind.code!r}: answer must be one of {ANSWER_MODES}.")
    if kind.is_answer and not (kind.answer_form and kind.answer_template):
        raise ImproperlyConfigured(
            f"Decision kind {kind.code!r} is answered with a form: give answer_form and template."
        )
    if kind.code in _by_code:
        raise ImproperlyConfigured(f"Decision kind {kind.code!r} is registered twice.")
    if kind.model in _by_model:
        raise ImproperlyConfigured(
            f"{kind.model.__name__} already has the decision kind {_by_model[kind.model].code!r}."
        )
    _by_code[kind.code] = kind
    _by_model[kind.model] = kind
    return kind


def all_kinds():
    return list(_by_code.values())


def kind_named(code):
    try:
        return _by_code[code]
    except KeyError:
        raise UnknownDecisionKind(code) from None


def kind_for_model(model):
    for klass in model.__mro__:
        if klass in _by_model:
            return _by_model[klass]
    raise UnknownDecisionKind(model.__name__)


def kind_of(document):
    """The kind of a document the client can decide on."""
    return kind_for_model(type(document))


def kind_for(decision_request):
    """The kind of a decision request (for a Decision: kind_for(decision.request))."""
    return kind_named(decision_request.decision_kind)


def private_kinds():
    return frozenset(code for code, kind in _by_code.items() if kind.private)


def is_private(decision_request):
    return decision_request.decision_kind in private_kinds()


def may_decide(*, contact, document):
    return kind_of(document).may_decide(contact, document)


def deciders(client, kind=None):
    """The contacts of `client` who may decide on documents of `kind` (a DecisionKind or its code);
    without a kind, those who may decide on any kind (they may approve)."""
    if kind is None:
        return _deciders(client, approving=True)
    if isinstance(kind, str):
        kind = kind_named(kind)
    return kind.deciders(client)


def content_hash(document):
    return kind_of(document).content_hash(document)


def content_hashes(document):
    return kind_of(document).content_hashes(document)


def version_label(document):
    return str(kind_of(document).version_label(document))
