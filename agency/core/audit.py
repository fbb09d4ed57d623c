"""The one way to write the audit log, and the registry that says what each entry means.

Every action code is registered once, by the app that writes it (its `audit_actions` module, imported
from its AppConfig.ready()), with the sentence a timeline shows and how to show its target:

    audit.register(
        "brief.sent",
        _("%(actor)s sent %(target)s to %(contact)s"),  # actor, target and any key of the event's data
        target=audit.titled(_("creative brief"), keep=r"v\\d+$"),
    )
    audit.record("brief.sent", obj=version, actor=by, data={"contact": contact.email})
    {% load audit_tags %}{{ event|audit_sentence }}  # "Wang Fang sent creative brief v2 to li@client.cn"

record() refuses a code that is not registered, so no timeline shows a raw code.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent

# What a placeholder shows when an event's data lacks its key (a row written before the key existed).
MISSING = "—"


@dataclass(frozen=True)
class AuditAction:
    """What one action code means. Build it with register()."""

    code: str
    sentences: dict  # variant -> lazily translated sentence; "" is the only variant of most actions
    variant: object = None  # event -> key of `sentences`
    link: object = None  # URL name taking the object's id, or event -> URL; None: the target is plain text
    target: object = None  # event -> the target's text; None: the object's name when it was recorded
    choices: dict = None  # data key -> {stored value: label}, so "brief" reads as the stage's name
    values: object = None  # event -> {placeholder: text} for what the data alone does not say
    historical: bool = False  # no longer written; kept so old rows still read

    def sentence_for(self, event):
        key = self.variant(event) if self.variant else ""
        return self.sentences.get(key) or next(iter(self.sentences.values()))

    def url(self, event):
        if self.link is None or not event.object_id:
            return None
        try:
            return self.link(event) if callable(self.link) else reverse(self.link, args=[event.object_id])
        except NoReverseMatch:
            return None

    def render(self, event, *, links=True):
        """The event as a sentence in the active language: HTML with the target linked, or plain text."""
        values = _Values({key: _show(value, (self.choices or {}).get(key)) for key, value in event.data.items()})
        values["actor"] = actor_name(event)
        if links and event.actor_id is not None and event.actor_contact_id is None:
            # Rule: "A name is a link" (docs/practice.md): every member of staff may open a colleague's page.
            values["actor"] = format_html(
                '<a href="{}">{}</a>', reverse("person_detail", args=[event.actor_id]), values["actor"]
            )
        name = self.target(event) if self.target else event.object_repr
        url = self.url(event) if links else None
        values["target"] = format_html('<a href="{}">{}</a>', url, name) if url else (name or MISSING)
        if self.values:
            values.update(self.values(event))
        sentence = str(self.sentence_for(event))
        if not links:
            return sentence % _Values({key: str(value) for key, value in values.items()})
        escaped = _Values({key: conditional_escape(value) for key, value in values.items()})
        return mark_safe(conditional_escape(sentence) % escaped)  # noqa: S308 (the sentence and every value escaped)


class _Values(dict):
    def __missing__(self, key):
        return MISSING


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _show(value, choices):
    if choices is not None and isinstance(value, str | int) and value in choices:
        return choices[value]
    if value is None or value == "":
        return MISSING
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        # Rule: "The client's language" (docs/practice.md): a date kept as ISO text reads in the reader's
        # one date format ("12 Jun 2026", "2026年6月12日").
        try:
            return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    if isinstance(value, list | tuple):
        return ", ".join(str(_show(item, choices)) for item in value) or MISSING
    return value


_actions = {}


def register(code, sentence, *, variant=None, link=None, target=None, choices=None, values=None, historical=False):
    """Say what `code` means. `sentence` is one lazy string, or {variant: lazy string} with `variant`
    (event -> key) choosing one. Placeholders: %(actor)s, %(target)s and any key of the event's data."""
    if code in _actions:
        raise ValueError(f"The audit action {code!r} is registered twice.")
    sentences = sentence if isinstance(sentence, dict) else {"": sentence}
    if len(sentences) > 1 and variant is None:
        raise ValueError(f"The audit action {code!r} has several sentences but no variant to choose one.")
    choices = {key: dict(getattr(options, "choices", options)) for key, options in (choices or {}).items()}
    action = AuditAction(code, sentences, variant, link, target, choices, values, historical)
    _actions[code] = action
    return action


def registered():
    """{code: AuditAction} of every registered action."""
    return dict(_actions)


def action_for(code):
    return _actions.get(code)


def titled(noun, *, keep=r".*"):
    """A target for objects whose stored name starts with a noun in the writer's language
    ("Production estimate v2", "制作估价 v2"): the noun in the reader's, and what `keep` (a regular
    expression; its first group if it has one) finds in the stored name. A noun with %(name)s places
    it ("the evaluation of %(name)s"); otherwise it follows the noun."""
    pattern = re.compile(keep)

    def target(event):
        found = pattern.search(event.object_repr)
        name = (found.group(1) if pattern.groups else found.group(0)) if found else event.object_repr
        name = _show(name, None) if name else name  # a date in the reader's date format
        text = str(noun)
        return text % {"name": name} if "%(name)s" in text else f"{text} {name}".strip()

    return target


def has(key):
    """variant= for an action with an optional detail: "key" when the event's data has a value for it, else ""."""
    return lambda event: key if event.data.get(key) not in (None, "", [], False) else ""


def field_changes(model, *, within=None, names=None, labels=None):
    """values= for an event whose data holds {field: [old, new]} (under the key `within` if given):
    %(changes)s reads "name from “A” to “B”; tier from “Mid value” to “High value”", with the model's
    field names and choice labels in the reader's language. For what is not a model field's: `names`
    {field: name} and `labels` {field: {value: label}}. A field whose values are lists (a team) is only named."""

    def values(event):
        changes = event.data.get(within, {}) if within else event.data
        parts = []
        for field, change in changes.items():
            if not isinstance(change, list | tuple) or len(change) != 2:
                continue  # not a change: an id that says which row changed
            try:
                model_field = model._meta.get_field(field)
                name, options = model_field.verbose_name, dict(model_field.choices or ())
            except FieldDoesNotExist:
                name, options = (names or {}).get(field, field), {}
            options = {**options, **(labels or {}).get(field, {})}
            old, new = change
            if isinstance(old, list) or isinstance(new, list):
                parts.append(str(name))
                continue
            parts.append(
                _("%(field)s from “%(old)s” to “%(new)s”")
                % {"field": name, "old": _value(old, options), "new": _value(new, options)}
            )
        return {"changes": "; ".join(parts) or MISSING}

    return values


def _value(value, options):
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value in (None, ""):
        return MISSING
    return options[value] if value in options else _show(value, None)


def actor_name(event):
    if event.actor_contact_id is not None:
        return _("%(name)s (client)") % {"name": event.actor_label}
    if event.actor_id is None:
        return _("The system")
    return event.actor_label


def sentence(event, *, links=True):
    """What a timeline shows for `event`: its registered sentence, HTML unless links=False."""
    action = _actions.get(event.action)
    if action is None:  # a row whose code was never registered (written by hand): say so rather than hide it
        text = _("%(actor)s: %(code)s") % {"actor": actor_name(event), "code": event.action}
        return conditional_escape(text) if links else text
    return action.render(event, links=links)


def client_ip(request):
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(action, *, obj=None, actor=None, contact=None, data=None, request=None, ip=None):
    """Append one event. `actor` is a staff user; `contact` a client contact acting through a link.

    For a contact's action pass `ip` rather than `request`, so a staff login in the same browser
    is not taken for the actor. `action` must be registered (see register()).
    """
    if action not in _actions:
        raise ValueError(f"Register the audit action {action!r} (audit.register in the app's audit_actions.py).")
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_contact_id=contact.pk if contact is not None else None,
        actor_label=str(contact or actor or "system")[:200],
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        data=data or {},
        ip=ip or client_ip(request),
    )
