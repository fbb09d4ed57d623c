"""Private calendar feeds (ICS): a person's own due dates, or a client's for its account team.

A feed carries every date the reminders chase: checklist steps, contact-report action items, media plans
waiting for the client's confirmation before their booking cut-off, and client decision links (campaign
evaluation acknowledgements among them) until they expire. Each event's UID names its row, so a calendar
app updates an event when its date moves instead of adding a second one.

The address carries a random token; only its SHA-256 is stored. Issuing a new one revokes the old,
so "regenerate" is also how a leaked address is shut. A client feed is served only while its owner can
still see the client (Client.objects.visible_to), so leaving the team closes it too.
"""

from datetime import timedelta
from typing import NamedTuple

import icalendar
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import ActionItem, Client
from briefs.models import Campaign, ChecklistStep, ClientStatus
from briefs.models.campaign import WORKING_STAGES
from media.models import PlanVersion

from . import audit, links
from .decisions import private_kinds
from .models import CalendarFeed, DecisionRequest

PAST_DAYS = 60  # how far back a feed still shows open items


def feed_url(token):
    return settings.SITE_URL + reverse("calendar_feed", args=[token])


def calendar_feed_issue(*, owner, client=None, by):
    """A new private address for `owner` (personal, or for `client`); any earlier one stops working.
    Returns (feed, token): the token is shown once and never stored."""
    if client is not None and not Client.objects.visible_to(owner).filter(pk=client.pk).exists():
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
    if feed.client_id and not Client.objects.visible_to(feed.owner).filter(pk=feed.client_id).exists():
        return None
    return feed


class FeedItems(NamedTuple):
    steps: list
    requests: list
    action_items: list
    plans: list


def feed_items(feed):
    """What the feed shows, one query per kind whatever the numbers: open checklist steps, open decision
    requests, open contact-report action items, and plans with the client before their booking cut-off."""
    since = timezone.localdate() - timedelta(days=PAST_DAYS)
    steps = ChecklistStep.objects.filter(
        done_at__isnull=True, due_date__gte=since, campaign__stage__in=WORKING_STAGES
    ).select_related("campaign", "owner")
    requests = DecisionRequest.objects.open().filter(expires_at__gte=timezone.now()).select_related("contact")
    items = ActionItem.objects.open().filter(due_date__gte=since).select_related("client", "owner")
    plans = PlanVersion.objects.filter(
        status=ClientStatus.SENT, booking_cutoff__gte=since, campaign__stage__in=WORKING_STAGES
    ).select_related("campaign")
    if feed.client_id:
        steps = steps.filter(campaign__client_id=feed.client_id)
        requests = requests.filter(client_id=feed.client_id).exclude(decision_kind__in=private_kinds())
        items = items.filter(client_id=feed.client_id)
        plans = plans.filter(client_id=feed.client_id)
    else:
        steps = steps.filter(owner=feed.owner)
        requests = requests.filter(requested_by=feed.owner)
        items = items.filter(owner=feed.owner)
        # The people the cut-off reminder chases (planner, lead AE) and the rest of the campaign's team.
        on_team = Campaign.team.through.objects.filter(user=feed.owner).values("campaign_id")
        plans = plans.filter(Q(campaign__lead_ae=feed.owner) | Q(created_by=feed.owner) | Q(campaign_id__in=on_team))
    return FeedItems(
        list(steps.order_by("due_date", "id")[:1000]),
        list(requests.order_by("expires_at", "id")[:1000]),
        list(items.order_by("due_date", "id")[:1000]),
        list(plans.order_by("booking_cutoff", "id")[:1000]),
    )


def render_feed(feed):
    domain = settings.SITE_URL.split("://", 1)[1].split("/", 1)[0]
    steps, requests, action_items, plans = feed_items(feed)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Accountable//reminders//EN")
    cal.add("version", "2.0")
    with translation.override(feed.owner.language):
        name = (
            _("Accountable: %(client)s") % {"client": feed.client} if feed.client_id else _("Accountable: my due dates")
        )
        cal.add("x-wr-calname", name)
        stamp = timezone.now()
        for step in steps:
            event = icalendar.Event()
            event.add("uid", f"step-{step.pk}@{domain}")
            event.add("dtstamp", stamp)
            event.add("dtstart", step.due_date)
            event.add("summary", _("Due: %(step)s · %(campaign)s") % {"step": step.label, "campaign": step.campaign})
            if feed.client_id and step.owner:
                event.add("description", _("Owner: %(owner)s") % {"owner": step.owner})
            event.add("url", settings.SITE_URL + reverse("campaign_detail", args=[step.campaign_id]))
            cal.add_component(event)
        for request in requests:
            event = icalendar.Event()
            event.add("uid", f"decision-{request.pk}@{domain}")
            event.add("dtstamp", stamp)
            event.add("dtstart", request.expires_at)
            event.add("dtend", request.expires_at)
            event.add(
                "summary",
                _("Client decision link expires: %(title)s (%(contact)s)")
                % {"title": request.document_title, "contact": request.contact.name},
            )
            cal.add_component(event)
        for item in action_items:
            event = icalendar.Event()
            event.add("uid", f"action-item-{item.pk}@{domain}")
            event.add("dtstamp", stamp)
            event.add("dtstart", item.due_date)
            summary = _("Action due: %(action)s · %(client)s") % {"action": item.description, "client": item.client}
            event.add("summary", summary)
            if feed.client_id:
                event.add("description", _("Owner: %(owner)s") % {"owner": item.owner})
            event.add(
                "url",
                settings.SITE_URL + reverse("accounts:contact_report_detail", args=[item.client_id, item.report_id]),
            )
            cal.add_component(event)
        for plan in plans:
            event = icalendar.Event()
            event.add("uid", f"plan-cutoff-{plan.pk}@{domain}")
            event.add("dtstamp", stamp)
            event.add("dtstart", plan.booking_cutoff)
            event.add(
                "summary",
                _("Booking cut-off, client confirmation needed: %(plan)s · %(campaign)s")
                % {"plan": plan, "campaign": plan.campaign},
            )
            event.add("url", settings.SITE_URL + reverse("media_plan", args=[plan.pk]))
            cal.add_component(event)
    return cal.to_ical()
