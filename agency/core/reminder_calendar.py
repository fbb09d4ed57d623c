"""Private calendar feeds (ICS): a person's own due dates, or a client's for its account team.

A feed carries every registered deadline kind's open items (agency/core/deadlines.py): checklist steps,
contact-report action items, media plans waiting for the client's confirmation before their booking
cut-off, client decision links until they expire, complaints' answer clocks, low scores to follow up,
360° feedback to give. Each event's UID is the item's (`step-42@host`), so a calendar app updates an
event when its date moves instead of adding a second one.

The address carries a random token; only its SHA-256 is stored. Issuing a new one revokes the old,
so "regenerate" is also how a leaked address is shut. A client feed is served only while its owner can
still see the client, so leaving the team closes it too.
"""

from datetime import timedelta

import icalendar
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import audit, deadlines, links
from .calendar import local_date
from .models import CalendarFeed
from .visibility import visible_clients

PAST_DAYS = 60  # how far back a feed still shows open items
FEED_LIMIT = 1000  # events per kind


def feed_url(token):
    return settings.SITE_URL + reverse("calendar_feed", args=[token])


def calendar_feed_issue(*, owner, client=None, by):
    """A new private address for `owner` (personal, or for `client`); any earlier one stops working.
    Returns (feed, token): the token is shown once and never stored."""
    if client is not None and not visible_clients(owner).filter(pk=client.pk).exists():
        raise PermissionError("not on this client's team")
    token, token_hash = links.new_token()
    with transaction.atomic():
        now = timezone.now()
        CalendarFeed.objects.select_for_update().filter(owner=owner, client=client, revoked_at__isnull=True).update(
            revoked_at=now
        )
        feed = CalendarFeed.objects.create(owner=owner, client=client, token_hash=token_hash, created_at=now)
        audit.record("calendar_feed.issued", obj=feed, actor=by, data={"client": client.pk if client else None})
    return feed, token


def calendar_feed_revoke(*, feed, by):
    with transaction.atomic():
        if CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()):
            audit.record("calendar_feed.revoked", obj=feed, actor=by)


def find_feed(token):
    feed = links.find(
        CalendarFeed.objects.select_related("owner", "client").filter(revoked_at__isnull=True, owner__is_active=True),
        token,
    )
    if feed is None:
        return None
    if feed.client_id and not visible_clients(feed.owner).filter(pk=feed.client_id).exists():
        return None
    return feed


def feed_items(feed, now=None):
    """What the feed shows, one query per deadline kind whatever the numbers: the items of the feed's
    client, or those its owner owns, still open and due from PAST_DAYS ago on."""
    now = now or timezone.now()
    since = local_date(now) - timedelta(days=PAST_DAYS)
    scope = {"client": feed.client_id} if feed.client_id else {"owner": feed.owner}
    return deadlines.due_items(now=now, since=since, limit=FEED_LIMIT, **scope)


def render_feed(feed):
    domain = settings.SITE_URL.split("://", 1)[1].split("/", 1)[0]
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Accountable//reminders//EN")
    cal.add("version", "2.0")
    with translation.override(feed.owner.language):
        name = (
            _("Accountable: %(client)s") % {"client": feed.client} if feed.client_id else _("Accountable: my due dates")
        )
        cal.add("x-wr-calname", name)
        stamp = timezone.now()
        for item in feed_items(feed, stamp):
            event = icalendar.Event()
            event.add("uid", f"{item.uid}@{domain}")
            event.add("dtstamp", stamp)
            event.add("dtstart", item.due)
            if item.has_time:
                event.add("dtend", item.due)
            event.add("summary", item.title)
            if feed.client_id and item.owner:
                event.add("description", _("Owner: %(owner)s") % {"owner": item.owner})
            if item.url:
                event.add("url", settings.SITE_URL + item.url)
            cal.add_component(event)
    return cal.to_ical()
