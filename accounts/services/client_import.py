"""Clients and their contacts from a spreadsheet: preview, then all or nothing (docs/practice.md,
"Imports within bounds").

One row per contact (or per client, in a file without contact columns). A row is matched to a client by
its code, and to a contact of that client by email (letter case ignored). A row for a known client changes
only the columns the file has and the row fills in; a new code creates the client with the importer as
lead AE. The same file imported twice changes nothing the second time.

The checking is the same for the preview and for the write: the write checks again against the clients
as they are then, and writes nothing if any row is refused. A code the importer cannot see is refused as
"already used", never with the client's name.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agency.core import imports, permissions, spreadsheets

from ..models import Client, Contact
from .clients import client_create, client_update, client_version, contact_save
from .errors import AccountsError

KIND = "clients"
TARGET = 0  # an import into the agency's client list, not into one record
PREVIEW_ROWS = 100  # rows listed per group on the preview page; the counts are always whole
MAX_ROWS = 5000

COLUMNS = (
    ("code", gettext_lazy("Client code")),
    ("name", gettext_lazy("Client name")),
    ("industry", gettext_lazy("Industry")),
    ("currency", gettext_lazy("Currency")),
    ("tier", gettext_lazy("Tier")),
    ("contact_name", gettext_lazy("Contact name")),
    ("title", gettext_lazy("Job title")),
    ("email", gettext_lazy("Email")),
    ("phone", gettext_lazy("Phone")),
    ("language", gettext_lazy("Language")),
    ("may_approve", gettext_lazy("May approve")),
)
CLIENT_FIELDS = ("name", "industry", "currency", "tier")
CONTACT_FIELDS = ("contact_name", "title", "email", "phone", "language", "may_approve")
CONTACT_ATTRS = {"contact_name": "name", "title": "title", "email": "email", "phone": "phone",
                 "language": "language", "may_approve": "may_approve"}  # fmt: skip
CODE = re.compile(r"[A-Z0-9]{2,10}")
# The currencies the agency bills in; a code outside this list is more likely a typing slip than a client.
CURRENCIES = frozenset(
    "CNY HKD TWD MOP USD EUR GBP JPY KRW SGD MYR THB IDR PHP VND INR AUD NZD CAD CHF SEK NOK DKK AED SAR".split()
)
YES = {"yes", "y", "true", "1", "是", "可", "可以", "✓"}
NO = {"no", "n", "false", "0", "否", "不", "不可", ""}


class ImportRefused(AccountsError):
    """Nothing is imported: the file cannot be read, or a row is refused when the write checks again."""


@dataclass
class Plan:
    """What importing the rows would do."""

    new_clients: list = field(default_factory=list)  # (row, values)
    changed_clients: list = field(default_factory=list)  # (row, client, changes)
    new_contacts: list = field(default_factory=list)  # (row, code, values)
    changed_contacts: list = field(default_factory=list)  # (row, contact, changes)
    same: int = 0
    refused: list = field(default_factory=list)  # {"row", "column", "reason"}

    def counts(self):
        return {
            "add": len(self.new_clients) + len(self.new_contacts),
            "change": len(self.changed_clients) + len(self.changed_contacts),
            "same": self.same,
            "refuse": len(self.refused),
            "clients_added": len(self.new_clients),
            "clients_changed": len(self.changed_clients),
            "contacts_added": len(self.new_contacts),
            "contacts_changed": len(self.changed_contacts),
        }


# ── Reading the file ─────────────────────────────────────────────────────────


def _json(value):
    """A cell as JSON the job can keep: text, a yes/no cell, or None for an empty one."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed into a number cell
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text or None


def read_rows(upload):
    """The file's rows as {"row": n, key: cell, ...} with only the columns it has, or ImportRefused."""
    is_csv = upload.name.lower().endswith(".csv")
    try:
        rows = spreadsheets.csv_rows(upload) if is_csv else spreadsheets.xlsx_rows(upload)
        return _read(rows)
    except spreadsheets.SpreadsheetRefused as refused:
        raise ImportRefused(str(refused)) from None


def _read(rows):
    labels = spreadsheets.names_in_every_language(COLUMNS)
    columns, header_at = {}, None
    for number, values in enumerate(rows, start=1):
        found = {}
        for index, value in enumerate(values):
            key = labels.get(str(value).strip().casefold()) if isinstance(value, str) else None
            if key and key not in found:
                found[key] = index
        if "code" in found:
            header_at, columns = number, found
            break
        if number >= 20:
            break
    if header_at is None:
        raise ImportRefused(
            _("No header row with a “%(column)s” column was found; start from the template.")
            % {"column": dict(COLUMNS)["code"]}
        )
    read = []
    for number, values in enumerate(rows, start=header_at + 1):
        cells = {key: _json(values[index]) if index < len(values) else None for key, index in columns.items()}
        if all(value is None for value in cells.values()):
            continue
        if len(read) >= MAX_ROWS:
            raise ImportRefused(_("The file has more than %(n)s rows; split it into smaller files.") % {"n": MAX_ROWS})
        read.append({"row": number, **cells})
    return read


# ── Checking the rows ────────────────────────────────────────────────────────


def _choice(value, choices):
    """A choice's value from its value or its label in any of our languages, or None."""
    folded = value.casefold()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for key, label in choices:
                if folded in (str(key).casefold(), str(label).casefold()):
                    return key
    return None


def _clean(key, value):
    """The value for `key` from a non-empty cell, or ValueError with what is wrong."""
    if key == "code":
        code = value.upper()
        if not CODE.fullmatch(code):
            raise ValueError(
                _("“%(value)s” is not a client code: use 2 to 10 capital letters or digits") % {"value": value}
            )
        return code
    if key == "currency":
        currency = value.upper()
        if currency not in CURRENCIES:
            raise ValueError(
                _("“%(value)s” is not a currency we know; use a three-letter code such as CNY, HKD or USD")
                % {"value": value}
            )
        return currency
    if key == "tier":
        tier = _choice(value, Client.Tier.choices)
        if tier is None:
            raise ValueError(
                _("“%(value)s” is not a tier; use one of %(choices)s")
                % {"value": value, "choices": ", ".join(str(label) for _v, label in Client.Tier.choices)}
            )
        return tier
    if key == "language":
        language = _choice(value, settings.LANGUAGES)
        if language is None:
            raise ValueError(
                _("“%(value)s” is not a language; use one of %(choices)s")
                % {"value": value, "choices": ", ".join(str(label) for _v, label in settings.LANGUAGES)}
            )
        return language
    if key == "may_approve":
        if isinstance(value, bool):
            return value
        folded = value.casefold()
        if folded in YES:
            return True
        if folded in NO:
            return False
        raise ValueError(_("“%(value)s” is neither yes nor no") % {"value": value})
    if key == "email":
        try:
            validate_email(value)
        except ValidationError:
            raise ValueError(_("“%(value)s” is not an email address") % {"value": value}) from None
        return value
    model, name = (Contact, CONTACT_ATTRS[key]) if key in CONTACT_ATTRS else (Client, key)
    limit = model._meta.get_field(name).max_length
    text = " ".join(str(value).split())
    if len(text) > limit:
        raise ValueError(_("is longer than %(n)s characters") % {"n": limit})
    return text


def check(rows, *, by):
    """What importing `rows` would do for `by`. A fixed number of queries whatever the number of rows."""
    labels = dict(COLUMNS)
    plan = Plan()

    def refuse(row, key, reason):
        plan.refused.append({"row": row, "column": str(labels[key]), "reason": str(reason)})

    cleaned = []
    for raw in rows:
        values, ok = {}, True
        for key, _label in COLUMNS:
            value = raw.get(key)
            if value is None:
                continue
            try:
                values[key] = _clean(key, value)
            except ValueError as problem:
                refuse(raw["row"], key, problem)
                ok = False
        if "code" not in values and ok:
            refuse(raw["row"], "code", _("is required"))
            ok = False
        if ok:
            cleaned.append((raw["row"], values))

    codes = {values["code"] for _row, values in cleaned}
    existing = {client.code: client for client in Client.objects.filter(code__in=codes)}
    visible = set(Client.objects.visible_to(by).filter(code__in=codes).values_list("code", flat=True))
    # Names are unique whatever their letter case: who has each name the file gives, already or in the file.
    names = {values["name"].lower() for _row, values in cleaned if "name" in values}
    name_owner = dict(
        Client.objects.annotate(folded=Lower("name")).filter(folded__in=names).values_list("folded", "code")
    )
    contacts = {}
    for contact in Contact.objects.filter(client__code__in=visible):
        contacts.setdefault((contact.client_id, contact.email.casefold()), contact)

    client_rows = {}  # code -> (first row, the client's values from the file)
    emails_seen = {}  # (code, email) -> row
    for row, values in cleaned:
        code = values["code"]
        client = existing.get(code)
        if client is not None and code not in visible:
            refuse(row, "code", _("“%(code)s” is a code already used by another client") % {"code": code})
            continue
        given = {key: values[key] for key in CLIENT_FIELDS if key in values}
        if "name" in given:
            owner = name_owner.setdefault(given["name"].lower(), code)
            if owner != code:
                refuse(row, "name", _("another client already has this name"))
                continue
        if code in client_rows:
            first_row, first = client_rows[code]
            clash = next((key for key in given if key in first and first[key] != given[key]), None)
            if clash:
                refuse(row, clash, _("differs from row %(row)s for the same client") % {"row": first_row})
                continue
            first.update(given)
        else:
            client_rows[code] = (row, dict(given))

        has_contact = any(key in values for key in CONTACT_FIELDS)
        if not has_contact:
            continue
        if "email" not in values:
            refuse(row, "email", _("is required for a contact"))
            continue
        email = values["email"].casefold()
        if (code, email) in emails_seen:
            refuse(
                row, "email", _("is already on row %(row)s for the same client") % {"row": emails_seen[(code, email)]}
            )
            continue
        emails_seen[(code, email)] = row
        wanted = {CONTACT_ATTRS[key]: values[key] for key in CONTACT_FIELDS if key in values}
        contact = contacts.get((client.pk, email)) if client is not None else None
        if contact is None:
            if "name" not in wanted:
                refuse(row, "contact_name", _("is required for a new contact"))
                continue
            plan.new_contacts.append((row, code, wanted))
        else:
            wanted.pop("email")  # matched on it; letter case as the contact has it
            changes = {name: value for name, value in wanted.items() if getattr(contact, name) != value}
            if changes:
                plan.changed_contacts.append((row, contact, changes))

    for code, (row, given) in client_rows.items():
        client = existing.get(code)
        if client is None:
            if "name" in given:
                plan.new_clients.append((row, {"code": code, **given}))
            else:
                refuse(row, "name", _("is required for a new client"))
            continue
        changes = {name: value for name, value in given.items() if getattr(client, name) != value}
        if changes:
            plan.changed_clients.append((row, client, changes))
    refused = {refusal["row"] for refusal in plan.refused}
    acting = {entry[0] for group in (plan.new_clients, plan.changed_clients, plan.new_contacts, plan.changed_contacts)
              for entry in group}  # fmt: skip
    plan.same = len({row for row, _values in cleaned} - refused - acting)
    plan.refused.sort(key=lambda refusal: refusal["row"])
    return plan


# ── Preview and write ────────────────────────────────────────────────────────


def client_import_preview(*, rows, file_name, by):
    """Keep the rows and what importing them would do; nothing is written to the clients."""
    permissions.require(by, "client.import")
    plan = check(rows, by=by)
    labels = dict(COLUMNS)
    preview = {
        "counts": plan.counts(),
        "add": [{"row": row, "text": f"{v['code']} · {v['name']}"} for row, v in plan.new_clients[:PREVIEW_ROWS]]
        + [
            {"row": row, "text": f"{code} · {v['name']} <{v['email']}>"}
            for row, code, v in plan.new_contacts[:PREVIEW_ROWS]
        ],
        "change": [
            {"row": row, "text": f"{client.code} · {client.name}", "fields": [str(labels[k]) for k in changes]}
            for row, client, changes in plan.changed_clients[:PREVIEW_ROWS]
        ]
        + [
            {
                "row": row,
                "text": f"{contact.name} <{contact.email}>",
                "fields": [str(labels["contact_name" if k == "name" else k]) for k in changes],
            }
            for row, contact, changes in plan.changed_contacts[:PREVIEW_ROWS]
        ],
        "refuse": plan.refused[:PREVIEW_ROWS],
    }
    return imports.job_start(
        kind=KIND, target_id=TARGET, rows=rows, preview=preview, file_name=file_name, options={}, by=by
    )


def clients_import(*, rows, by, progress=None):
    """Write the rows in one transaction through the client and contact services (each audited as `by`),
    after checking them again against the clients as they are now; any refused row writes nothing."""
    permissions.require(by, "client.import")
    with transaction.atomic():
        plan = check(rows, by=by)
        if plan.refused:
            refusal = plan.refused[0]
            first = _("Row %(row)s, %(column)s: %(problem)s") % {**refusal, "problem": refusal["reason"]}
            more = len(plan.refused) - 1
            raise ImportRefused(
                _("The clients changed since the preview: %(refusal)s") % {"refusal": first}
                if not more
                else _("The clients changed since the preview: %(refusal)s (and %(n)s more)")
                % {"refusal": first, "n": more}
            )
        created = {}
        for done, (_row, values) in enumerate(plan.new_clients, start=1):
            created[values["code"]] = client_create(by=by, **values)
            if progress and done % imports.CHUNK == 0:
                progress(done)
        for _row, client, changes in plan.changed_clients:
            current = Client.objects.get(pk=client.pk)
            client_update(client=current, by=by, version=client_version(current), **changes)
        codes = {code for _row, code, _values in plan.new_contacts} - set(created)
        clients = {c.code: c for c in Client.objects.filter(code__in=codes)} | created
        for _row, code, values in plan.new_contacts:
            contact_save(contact=Contact(client=clients[code], **values), by=by)
        for _row, contact, changes in plan.changed_contacts:
            for name, value in changes.items():
                setattr(contact, name, value)
            contact_save(contact=contact, by=by)
    return plan.counts()


def _run(job, progress):
    return clients_import(rows=job.rows, by=job.created_by, progress=progress)


imports.register(imports.Importer(kind=KIND, run=_run, errors=(AccountsError,)))
