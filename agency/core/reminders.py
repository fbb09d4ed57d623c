"""The reminder engine: the deadline registry says what is due, the ledger makes each reminder happen
exactly once.

**What is due** comes from agency/core/deadlines.py: each app registers its kinds of due item there in
its AppConfig.ready(). A kind is reminded by the engine's ladder (`deadline_dues`: due soon one business
day before, overdue each business day for a week, the lead told on the third) over its items in
`deadline_window(now)`, or by its own `remind(now)` yielding `Due`s. The kinds registered today:

    checklist         briefs/reminders.py       the ladder; the lead AE's manager once after a delay
    action-item       accounts/reminders.py     the ladder; the report's author is the lead
    complaint-sla     accounts/reminders.py     the answer clock: owner at 3/4 of the time, supervisor when late
    survey-follow-up  accounts/reminders.py     a low satisfaction score: the AE's supervisor follows up
    media-cutoff      media/reminders.py        planner and AE before the booking cut-off, supervisors after
    review-feedback   evaluations/reminders.py  the ladder; the reviewed person's supervisor is the lead
    decision-ladder   agency/core/decision_reminders.py  the client, then the AE, then their supervisor

A kind's own reminders must be bounded by what is due (an indexed filter such as `due_date <= horizon
AND done_at IS NULL`), never a scan of everything stored. The reminders page, the home page and the
calendar feeds read the same items from the registry, so what is chased is what people see.

**Exactly once.** Every Due has a key (rule, object, occurrence, recipient). `sweep()` inserts a
ReminderLedger row with that key as the first write of a transaction that also writes the outbox email
and the in-app notification; the key is UNIQUE, so a sweep that runs twice, two beat processes or a
task redelivered after its worker died hit the constraint (or see the key first) and send nothing.

**Delivery.** A client contact gets an email. A staff member always gets an in-app notification, plus
an email at once, or, if they chose the daily digest, one email a day at REMINDER_MORNING in their own
time zone listing everything since the last digest (the digest is itself a ledger row, so it too goes
once).

**Calendar.** Business days and time zones are agency/core/calendar.py's. Deadlines are dates on the
agency's calendar; a person is reminded at REMINDER_MORNING in *their own* time zone.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import partial
from itertools import islice
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import deadlines, outbox, webhooks
from .calendar import add_business_days, at_local, business_days_between, local_date, reader_tz
from .models import Notification, ReminderLedger, ReminderPreference

log = logging.getLogger(__name__)

# A reminder about a day's work reaches a person at nine in the morning, in their own time zone.
REMINDER_MORNING = time(9, 0)
DUE_SOON_BUSINESS_DAYS = 1  # "due tomorrow" reminder, one business day before
OVERDUE_REMINDER_DAYS = 5  # the owner hears every business day for a week; then it waits on the manager page
TELL_LEAD_AFTER_BUSINESS_DAYS = 3  # the lead (a campaign's lead AE, a report's author) hears on day 3 overdue
BATCH = 500


class ReminderSkipped(Exception):
    """Raised by a Due's sender when the thing is no longer due (closed meanwhile): nothing is recorded."""


def deadline_window(now, *, ahead=DUE_SOON_BUSINESS_DAYS):
    """(earliest, latest) due dates a ladder needs to look at `now` (reminding `ahead` business days
    before), with a day's margin for people whose time zone is ahead of or behind the agency's."""
    today = local_date(now)
    latest = add_business_days(today, ahead) + timedelta(days=1)
    earliest = add_business_days(today, -(OVERDUE_REMINDER_DAYS + 1)) - timedelta(days=1)
    return earliest, latest


# --- what a reminder is -------------------------------------------------------------------------


@dataclass
class Due:
    """One reminder that is due. `user` (staff) or `contact` (client) is the recipient."""

    object_key: str  # e.g. "step:42"
    occurrence: str  # e.g. "due-soon", "overdue-day-3", "ladder-2"
    due_at: datetime
    template: str  # templates/emails/<template>_subject.txt / _body.txt
    context: dict = field(default_factory=dict)
    user: Any = None
    contact: Any = None
    related: Any = None
    client: Any = None
    url: str = ""  # where the staff member acts on it (a path)
    # Instead of the standard email: send(ledger) -> OutboxMessage, inside the ledger's transaction.
    send: Any = None
    rule: str = ""

    @classmethod
    def about(cls, item, *, occurrence, due_at, template, **fields):
        """A reminder about a deadlines.DueItem: its key, client, related object and url."""
        base = {"related": item.related, "client": item.client, "url": item.url, "rule": item.kind}
        return cls(item.key, occurrence, due_at, template, **(base | fields))

    @property
    def recipient_key(self):
        return f"u{self.user.pk}" if self.user is not None else f"c{self.contact.pk}"

    @property
    def key(self):
        return f"{self.rule}:{self.object_key}:{self.occurrence}:{self.recipient_key}"[:255]


def deadline_dues(items, now):
    """The ladder, for DueItems with a due date: due soon (REMINDER_MORNING one business day before) and
    overdue (each business day morning for OVERDUE_REMINDER_DAYS, the lead told on day
    TELL_LEAD_AFTER_BUSINESS_DAYS), in the owner's time zone. Only the latest occurrence is yielded: a
    sweep that was down for days does not send a backlog."""
    for item in items:
        owner = item.owner
        if owner is None or not owner.is_active:
            continue
        tz = reader_tz(owner)
        local = timezone.localtime(now, tz)
        today, due = local.date(), item.due_date
        context = {"deadline": item, "due_date": due, "owner": owner}
        moment = at_local(add_business_days(due, -DUE_SOON_BUSINESS_DAYS), REMINDER_MORNING, tz)
        if moment <= now and today <= due:
            yield Due.about(
                item, occurrence="due-soon", due_at=moment, template="reminder_due_soon", context=context, user=owner
            )
            continue
        if today <= due:
            continue
        counted_until = today if local.time() >= REMINDER_MORNING else today - timedelta(days=1)
        late = business_days_between(due, counted_until)
        if not 1 <= late <= OVERDUE_REMINDER_DAYS:
            continue
        moment = at_local(add_business_days(due, late), REMINDER_MORNING, tz)
        overdue = {
            "occurrence": f"overdue-day-{late}",
            "due_at": moment,
            "context": {**context, "business_days_late": late},
        }
        yield Due.about(item, template="reminder_overdue", user=owner, **overdue)
        lead = item.lead
        if late == TELL_LEAD_AFTER_BUSINESS_DAYS and lead is not None and lead.pk != owner.pk and lead.is_active:
            yield Due.about(item, template="reminder_overdue_lead", user=lead, **overdue)


def kind_dues(kind, now):
    """What a deadline kind reminds of at `now`: its own rule, or the ladder over its items in the window."""
    if kind.remind is not None:
        return kind.remind(now)
    return deadline_dues(ladder_items(kind, now), now)


def ladder_items(kind, now):
    """The kind's items the ladder may remind of at `now`: those in deadline_window(now), less those that
    can send nothing yet (without_reminded_upcoming)."""
    earliest, latest = deadline_window(now)
    narrow = partial(without_reminded_upcoming, kind, now=now)
    return kind.iter_items(now=now, since=earliest, until=latest, narrow=narrow)


def without_reminded_upcoming(kind, rows, *, now):
    """Leave out rows due after tomorrow whose owner's due-soon reminder is recorded: before its due date
    that is the ladder's only reminder, and "after tomorrow" on the agency's calendar is before the due
    date in every time zone, so neither the overdue steps nor an escalation can be due. A sweep that runs
    again then reads only what may still send something (one lookup on the ledger's unique key per row).
    Only for kinds that name their owner's column (`owner_field`, not an expression) and are due on a date."""
    if not isinstance(kind.owner_field, str) or kind._due_on_moments(rows.model):
        return rows
    due_soon_key = Concat(
        Value(f"{kind.name}:{kind.key}:"),
        Cast(OuterRef("pk"), CharField()),
        Value(":due-soon:u"),
        Cast(OuterRef(kind.owner_field), CharField()),
    )
    recorded = ReminderLedger.objects.filter(key=due_soon_key)
    after_tomorrow = {f"{kind.due_field}__gt": local_date(now) + timedelta(days=1)}
    return rows.exclude(Q(**after_tomorrow) & Exists(recorded))


def rule_label(rule):
    """What a ledger row's rule is called on pages and exports, in the reader's language."""
    return _("Daily digest") if rule == "digest" else deadlines.label(rule)


def batched(iterable, n):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, n)):
        yield chunk


# --- the sweep ----------------------------------------------------------------------------------


@dataclass
class SweepResult:
    sent: dict = field(default_factory=dict)
    already: int = 0

    @property
    def total(self):
        return sum(self.sent.values())


def sweep(now=None, *, rules=None):
    """Remind of every registered deadline kind (or only those named in `rules`) at `now` (default: the
    current time), each reminder once; then the daily digests."""
    now = now or timezone.now()
    if rules is not None and (unknown := set(rules) - {kind.name for kind in deadlines.kinds()}):
        raise KeyError(f"no deadline kind {sorted(unknown)}")
    result = SweepResult()
    for kind in deadlines.kinds():
        if rules is None or kind.name in rules:
            _run(kind.name, kind_dues(kind, now), now, result)
    _run("digest", digest_dues(now), now, result)
    return result


def _run(name, dues, now, result):
    for batch in batched(dues, BATCH):
        for due in batch:
            due.rule = due.rule or name
        # One query per batch finds what was already recorded, so a repeated sweep costs little;
        # the unique key still decides any race with a concurrent sweep.
        keys = [due.key for due in batch]
        recorded = set(ReminderLedger.objects.filter(key__in=keys).values_list("key", flat=True))
        user_ids = {due.user.pk for due in batch if due.user is not None and due.key not in recorded}
        digest_users = set(
            ReminderPreference.objects.filter(user_id__in=user_ids, mode=ReminderPreference.Mode.DIGEST).values_list(
                "user_id", flat=True
            )
        )
        standard = []
        for due in batch:
            if due.key in recorded:
                result.already += 1
            elif due.send is None:
                standard.append(due)
            elif deliver_once(due, now, digest=False):
                result.sent[name] = result.sent.get(name, 0) + 1
            else:
                result.already += 1
        if not standard:
            continue
        if deliver_batch(standard, now, digest_users):
            result.sent[name] = result.sent.get(name, 0) + len(standard)
            continue
        # A concurrent sweep recorded one of them meanwhile: one by one, the unique key decides each.
        for due in standard:
            if deliver_once(due, now, digest=due.user is not None and due.user.pk in digest_users):
                result.sent[name] = result.sent.get(name, 0) + 1
            else:
                result.already += 1


def _ledger_row(due, *, delivery, subject):
    """The ledger row (unsaved) that records one reminder: its UNIQUE key makes it go out once."""
    return ReminderLedger(
        key=due.key,
        rule=due.rule,
        occurrence=due.occurrence,
        recipient_user=due.user,
        recipient_contact=due.contact,
        recipient_label=_label(due.user, due.contact),
        client=due.client,
        related_type=ContentType.objects.get_for_model(due.related) if due.related else None,
        related_id=str(due.related.pk) if due.related else "",
        due_at=due.due_at,
        delivery=delivery,
        subject=subject,
    )


def deliver_batch(dues, now, digest_users):
    """Record and deliver reminders with the standard email (no sender of their own) in one transaction:
    one INSERT each for the ledger rows, the outbox emails and the notifications. Returns False, having
    kept nothing, when any key was recorded meanwhile (the UNIQUE key refuses the whole batch)."""
    ledgers, messages = [], []
    for due in dues:
        user, contact = due.user, due.contact
        language = (user or contact).language
        digest = user is not None and user.pk in digest_users
        context = {**due.context, "recipient": user or contact, "url": settings.SITE_URL + due.url}
        if user is not None and (digest or not user.email):
            message = None
            subject, _text, _html = outbox.render_email(due.template, context, language)
            delivery = ReminderLedger.Delivery.DIGEST if digest else ReminderLedger.Delivery.NOTIFICATION
        else:
            message = outbox.build_email(
                to_email=(user or contact).email,
                to_name=str(user or contact.name),
                template=due.template,
                context=context,
                language=language,
                related=due.related,
                client=due.client,
            )
            subject, delivery = message.subject, ReminderLedger.Delivery.EMAIL
        messages.append(message)
        ledgers.append(_ledger_row(due, delivery=delivery, subject=subject[:300]))
    try:
        with transaction.atomic():
            outbox.queue_built([message for message in messages if message is not None])
            for ledger, message in zip(ledgers, messages, strict=True):
                ledger.outbox_message = message
            ReminderLedger.objects.bulk_create(ledgers)
            Notification.objects.bulk_create(
                Notification(
                    user=due.user, ledger=ledger, client=due.client, title=ledger.subject, url=due.url, created_at=now
                )
                for due, ledger in zip(dues, ledgers, strict=True)
                if due.user is not None and due.rule != "digest"
            )
            for due in dues:
                webhooks.emit_for_reminder(due)  # as deliver_once: some reminders are also events outside
    except IntegrityError:
        return False
    return True


def deliver_once(due, now, *, digest=False):
    """Record and deliver one reminder in one transaction. Returns the ledger row, or None when it was
    already recorded (by this or a concurrent sweep) or the rule's sender skipped it."""
    user, contact = due.user, due.contact
    language = (user or contact).language
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    ledger = _ledger_row(due, delivery=ReminderLedger.Delivery.EMAIL, subject="")
                    ledger.save(force_insert=True)
            except IntegrityError:
                return None
            webhooks.emit_for_reminder(due)  # some reminders are also events outside systems hear of
            context = {**due.context, "recipient": user or contact, "url": settings.SITE_URL + due.url}
            if due.send is not None:
                message = due.send(ledger)
                subject = message.subject if message else ""
            elif user is not None and (digest or not user.email):
                message = None
                subject, _text, _html = outbox.render_email(due.template, context, language)
            else:
                message = outbox.queue_email(
                    to_email=(user or contact).email,
                    to_name=str(user or contact.name),
                    template=due.template,
                    context=context,
                    language=language,
                    related=due.related,
                    client=due.client,
                )
                subject = message.subject
            ledger.subject = subject[:300]
            ledger.outbox_message = message
            if message is None and user is not None:
                ledger.delivery = ReminderLedger.Delivery.DIGEST if digest else ReminderLedger.Delivery.NOTIFICATION
            ledger.save(update_fields=["subject", "outbox_message", "delivery"])
            if user is not None and due.rule != "digest":
                Notification.objects.create(
                    user=user, ledger=ledger, client=due.client, title=subject[:300], url=due.url, created_at=now
                )
    except ReminderSkipped:
        return None
    return ledger


def _label(user, contact):
    if user is not None:
        return f"{user} <{user.email}>" if user.email else str(user)
    return f"{contact.name} <{contact.email}>"


# --- the daily digest ---------------------------------------------------------------------------


def digest_dues(now):
    """One email per person per day, at their morning, listing their digest-mode reminders not yet listed."""
    pending = (
        ReminderLedger.objects.filter(delivery=ReminderLedger.Delivery.DIGEST, digest__isnull=True)
        .values_list("recipient_user", flat=True)
        .distinct()
    )
    from .models import User

    for user in User.objects.filter(pk__in=pending, is_active=True).exclude(email=""):
        tz = reader_tz(user)
        local = timezone.localtime(now, tz)
        if local.time() < REMINDER_MORNING:
            continue
        moment = at_local(local.date(), REMINDER_MORNING, tz)
        yield Due(
            f"user:{user.pk}",
            local.date().isoformat(),
            moment,
            "reminder_digest",
            user=user,
            url=reverse("notifications"),
            send=_digest_sender(user),
            rule="digest",
        )


def _digest_sender(user):
    def send(ledger):
        items = list(
            ReminderLedger.objects.select_for_update(of=("self",))
            .filter(recipient_user=user, delivery=ReminderLedger.Delivery.DIGEST, digest__isnull=True)
            .exclude(pk=ledger.pk)
            .select_related("client")
            .order_by("created_at", "id")
        )
        if not items:
            raise ReminderSkipped
        ReminderLedger.objects.filter(pk__in=[item.pk for item in items]).update(digest=ledger)
        with translation.override(user.language):
            return outbox.queue_email(
                to_email=user.email,
                to_name=str(user),
                template="reminder_digest",
                context={"recipient": user, "items": items, "url": settings.SITE_URL + reverse("notifications")},
                language=user.language,
            )

    return send


# --- a person's side ----------------------------------------------------------------------------


def notifications_mark_read(*, user, notification_ids=None):
    """Mark this person's notifications read (all of them without ids). Returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def reminder_preference_set(*, user, mode):
    preference, _created = ReminderPreference.objects.update_or_create(user=user, defaults={"mode": mode})
    return preference


def reminder_mode(user):
    preference = ReminderPreference.objects.filter(user=user).first()
    return preference.mode if preference else ReminderPreference.Mode.IMMEDIATE
