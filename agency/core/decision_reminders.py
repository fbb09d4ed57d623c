"""Client decisions waiting, as a deadline kind ("decision-ladder"), and their escalation ladder.

An open link is due by its expiry: it is on its AE's calendar and home page until then. While it waits it
climbs a ladder measured in the agency's business days from when it was sent, at the time of day it was
sent (agency time zone), faster for more valuable clients:

    tier   remind the client   tell the AE   escalate to the AE's supervisor
    high   2                   3             5
    mid    3                   5             8
    low    5                   8             12

"The AE" is the person who sent the request (accountable for chasing it); "the supervisor" is theirs.
Reminding the client uses agency.core.decisions.remind_request(): the same request gets a fresh link
(tokens are stored hashed, so the old one cannot be re-sent); the earlier email's link stops working.
Once the client decides, or the link is revoked, superseded or expires, the request leaves the ladder.
A private kind (decisions.is_private: a client's feedback on a member of the account team) is on no
client calendar or page, only on the AE's own.
"""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import deadlines
from .calendar import add_business_days, agency_tz, at_local
from .decisions import DecisionError, is_private, private_kinds, remind_request
from .models import DecisionRequest, OutboxMessage
from .reminders import Due, ReminderSkipped

CLIENT, AE, SUPERVISOR = "client", "ae", "supervisor"
LADDERS = {
    "high": ((2, CLIENT), (3, AE), (5, SUPERVISOR)),
    "mid": ((3, CLIENT), (5, AE), (8, SUPERVISOR)),
    "low": ((5, CLIENT), (8, AE), (12, SUPERVISOR)),
}
FIRST_STEP_CALENDAR_DAYS = min(steps[0][0] for steps in LADDERS.values())
STEP_LABELS = {
    CLIENT: gettext_lazy("Client reminded"),
    AE: gettext_lazy("AE told"),
    SUPERVISOR: gettext_lazy("Escalated to the supervisor"),
}


def ladder_moments(decision_request):
    """[(step number, business days, who, moment)] for this request's client tier."""
    tz = agency_tz()
    sent = timezone.localtime(decision_request.sent_at or decision_request.created_at, tz)
    steps = LADDERS.get(decision_request.client.tier, LADDERS["mid"])
    return [
        (number, days, who, at_local(add_business_days(sent.date(), days), sent.time(), tz))
        for number, (days, who) in enumerate(steps, start=1)
    ]


def open_requests(now):
    """Links still waiting for the client (index on status, expires_at)."""
    return DecisionRequest.objects.filter(status=DecisionRequest.Status.OPEN, expires_at__gt=now).select_related(
        "client", "contact", "requested_by__supervisor"
    )


def on_the_ladder(requests, now):
    """Those old enough to have reached the ladder's first step for some tier."""
    return requests.filter(sent_at__lte=now - timedelta(days=FIRST_STEP_CALENDAR_DAYS))


def _for_client(requests, client):
    return requests.filter(client=client).exclude(decision_kind__in=private_kinds())


def _visible_to(requests, user):
    # A private request only to the one who sent it: the reviewed person is on the client's team too.
    return requests.visible_to(user).filter(~Q(decision_kind__in=private_kinds()) | Q(requested_by=user))


def _ladder_note(decision_request, now):
    moments = ladder_moments(decision_request)
    passed = [m for m in moments if m[3] <= now]
    upcoming = next((m for m in moments if m[3] > now), None)
    note = str(STEP_LABELS[passed[-1][2]]) if passed else _("Not yet reminded")
    if upcoming is not None:
        when = formats.date_format(timezone.localtime(upcoming[3]), "SHORT_DATETIME_FORMAT")
        note = f"{note} · " + _("next step: %(when)s") % {"when": when}
    return note


def request_item(decision_request, now):
    private = is_private(decision_request)
    return deadlines.DueItem(
        what=decision_request.title,
        where=f"{decision_request.client} ({decision_request.contact.name})",
        owner=decision_request.requested_by,
        lead=decision_request.requested_by.supervisor,
        client=None if private else decision_request.client,
        related=decision_request,
        title=_("Client decision link expires: %(title)s (%(contact)s)")
        % {"title": decision_request.title, "contact": decision_request.contact.name},
        note=_ladder_note(decision_request, now),
    )


def _client_reminder(decision_request):
    def send(ledger):
        try:
            remind_request(decision_request=decision_request)
        except DecisionError:
            raise ReminderSkipped from None
        return (
            OutboxMessage.objects.filter(template="decision_reminder", related_id=str(decision_request.pk))
            .order_by("-id")
            .first()
        )

    return send


def decision_dues(now):
    overview = reverse("reminders_overview")  # where the AE and their supervisor see how far it has gone
    for decision_request in on_the_ladder(open_requests(now), now).order_by("sent_at", "id").iterator(chunk_size=500):
        ae = decision_request.requested_by
        item = None
        for number, days, who, moment in ladder_moments(decision_request):
            if moment > now:
                break
            item = item or DECISIONS.item_for(decision_request, now)
            step = {"occurrence": f"ladder-{number}", "due_at": moment}
            if who == CLIENT:
                yield Due.about(
                    item,
                    template="decision_reminder",
                    contact=decision_request.contact,
                    send=_client_reminder(decision_request),
                    **step,
                )
                continue
            recipient = ae if who == AE else ae.supervisor
            if recipient is None or not recipient.is_active:
                continue
            context = {"decision_request": decision_request, "business_days": days, "ae": ae, "level": who}
            yield Due.about(
                item, template="reminder_decision_waiting", context=context, user=recipient, url=overview, **step
            )


DECISIONS = deadlines.DeadlineKind(
    name="decision-ladder",
    label=gettext_lazy("Client decisions waiting"),
    rows=open_requests,
    due_field="expires_at",
    item=request_item,
    key="decision",
    owned_by=lambda user: Q(requested_by=user),
    owner_field="requested_by",
    of_client=_for_client,
    visible_to=_visible_to,
    attention=on_the_ladder,
    remind=decision_dues,
    order=50,
)
