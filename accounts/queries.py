"""Read-side queries for the client pages, each a fixed number of SQL queries whatever the data size."""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agency.models import AuditEvent, DecisionRequest, User
from briefs.models import Stage

from .models import AccountTeamMember, ActionItem, Client, Prospect, ProspectActivity

LIVE_STAGES = (Stage.BRIEF, Stage.CREATIVE, Stage.MEDIA, Stage.EVALUATION)
RECENT_REPORTS = 5
HISTORY_ACTIONS = ("client.created", "client.updated", "client.team_changed")


def clients_for_list(user, *, q="", tier="", stage="", member=None, industry="", archived=""):
    """The client list: visible clients, filtered, with counts and the team (two queries per page)."""
    clients = Client.objects.visible_to(user)
    if archived == "only":
        clients = clients.filter(archived_at__isnull=False)
    elif archived != "all":
        clients = clients.active()
    if q:
        clients = clients.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(legal_name__icontains=q))
    if tier:
        clients = clients.filter(tier=tier)
    if stage:
        clients = clients.filter(stage=stage)
    if industry:
        clients = clients.filter(industry=industry)
    if member:
        clients = clients.filter(pk__in=AccountTeamMember.objects.filter(user=member).values("client_id"))
    return (
        clients.annotate(
            n_brands=Count("brands", distinct=True),
            n_live_campaigns=Count("campaigns", filter=Q(campaigns__stage__in=LIVE_STAGES), distinct=True),
        )
        .prefetch_related(
            Prefetch(
                "team_members",
                queryset=AccountTeamMember.objects.select_related("user").order_by("role", "user__first_name"),
            )
        )
        .order_by("name")
    )


def industries_visible_to(user):
    return (
        Client.objects.visible_to(user)
        .exclude(industry="")
        .order_by("industry")
        .values_list("industry", flat=True)
        .distinct()
    )


def staff_for_choices():
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")


def client_page(client):
    """Everything on the client page, fetched in a fixed number of queries."""
    team = list(client.team_members.select_related("user").order_by("role", "user__first_name"))
    brands = list(client.brands.all())
    contacts = list(client.contacts.order_by("-is_active", "name"))
    campaigns = list(
        client.campaigns.select_related("brand", "lead_ae").annotate(**media_net_annotations()).order_by("-created_at")
    )
    media_totals = {}  # the client's media plans by currency: net planned, and of it confirmed by the client
    for campaign in campaigns:
        if campaign.media_net is not None:
            total = media_totals.setdefault(campaign.currency, {"net": 0, "confirmed": 0})
            total["net"] += campaign.media_net
            total["confirmed"] += campaign.media_confirmed_net or 0
    by_stage = []
    for value, label in Stage.choices:
        rows = [c for c in campaigns if c.stage == value]
        if rows:
            by_stage.append({"stage": value, "label": label, "campaigns": rows})
    reports = list(
        client.contact_reports.select_related("created_by")
        .annotate(n_items=Count("action_items"))
        .order_by("-meeting_date", "-id")[:RECENT_REPORTS]
    )
    open_items = list(
        ActionItem.objects.filter(client=client).open().select_related("owner", "report").order_by("due_date", "id")
    )
    # Links still waiting for the client, oldest first: the ones to chase.
    open_decisions = list(
        DecisionRequest.objects.filter(client=client, expires_at__gt=timezone.now())
        .open()
        .select_related("contact", "requested_by")
        .order_by("sent_at", "created_at", "id")
    )
    history = list(
        AuditEvent.objects.for_object(client)
        .filter(action__in=HISTORY_ACTIONS)
        .select_related("actor")
        .order_by("-created_at", "-id")[:50]
    )
    for event in history:
        event.changes = _readable_changes(event.data.get("changes", {}))
        event.role_label = dict(AccountTeamMember.Role.choices).get(event.data.get("role"), "")
    prospect = (
        Prospect.objects.filter(client=client)
        .select_related("owner")
        .prefetch_related(Prefetch("activities", queryset=_activities()))
        .first()
    )
    return {
        "team": team,
        "brands": brands,
        "contacts": contacts,
        "campaigns_by_stage": by_stage,
        "n_campaigns": len(campaigns),
        "media_totals": media_totals,
        "reports": reports,
        "open_items": open_items,
        "open_decisions": open_decisions,
        "history": history,
        "prospect": prospect,
    }


def media_net_annotations():
    """Net of each campaign's current media plan version (the one not superseded), and that net again
    when the client has confirmed it: summed in the campaigns' own query, no query per campaign."""
    current = ~Q(media_plans__status="superseded")
    return {
        "media_net": Sum("media_plans__lines__net", filter=current),
        "media_confirmed_net": Sum("media_plans__lines__net", filter=current & Q(media_plans__status="approved")),
    }


STATUS_LABELS = {
    "active": pgettext_lazy("client status", "active"),
    "archived": pgettext_lazy("client status", "archived"),
}


def _readable_changes(changes):
    """[(field label, old, new)] with choice values shown as their labels, in the reader's language."""
    rows = []
    for field, (old, new) in changes.items():
        if field == "status":
            rows.append((_("status"), STATUS_LABELS.get(old, old), STATUS_LABELS.get(new, new)))
            continue
        try:
            model_field = Client._meta.get_field(field)
        except FieldDoesNotExist:
            rows.append((field, old, new))
            continue
        choices = dict(model_field.choices or ())
        rows.append((model_field.verbose_name, choices.get(old, old), choices.get(new, new)))
    return rows


def _activities():
    return ProspectActivity.objects.select_related("by").order_by("-date", "-id")


def contact_report_page(report):
    return {
        "staff_attendees": list(report.staff_attendees.all()),
        "client_attendees": list(report.client_attendees.all()),
        "action_items": list(report.action_items.select_related("owner", "done_by")),
        "emails": list(
            report.client.outbox_messages.filter(related_id=str(report.pk), template="contact_report").order_by(
                "created_at"
            )
        ),
    }


def action_items_for_export(client):
    return ActionItem.objects.filter(client=client).select_related("owner", "report").order_by("due_date", "id")


def prospects_for_list(user, *, status="open", q=""):
    prospects = Prospect.objects.visible_to(user).select_related("owner", "client")
    if status in Prospect.Status.values:
        prospects = prospects.filter(status=status)
    if q:
        prospects = prospects.filter(Q(company__icontains=q) | Q(industry__icontains=q))
    return prospects.annotate(n_activities=Count("activities")).order_by("company")


def prospect_page(prospect):
    return {
        "activities": list(prospect.activities.select_related("by")),
        "contacts": list(prospect.contacts.select_related("contact")),
    }
