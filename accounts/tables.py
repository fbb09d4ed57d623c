"""The complaint list as a table (agency/core/tables.py): every column sorts in the database."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from agency.core.tables import SelectColumn, Table

from .models import AccountTeamMember
from .queries import SlaClock
from .templatetags.complaint_tags import sla_clock


class ComplaintTable(Table):
    number = tables.Column(verbose_name="#", accessor="pk")
    client = tables.Column(verbose_name=_("Client"), order_by=("client__name",))
    received_at = tables.DateTimeColumn(verbose_name=_("Received"), short=True)
    category = tables.Column(verbose_name=_("Category"))
    priority = tables.Column(verbose_name=_("Class"))
    owner = tables.Column(verbose_name=_("Owner"), order_by=("owner__first_name", "owner__last_name"))
    status = tables.Column(verbose_name=_("Status"))
    respond_by = tables.Column(verbose_name=_("Answer clock"))

    class Meta(Table.Meta):
        per_page = 50
        empty_text = _("No complaints.")

    def render_number(self, value):
        return format_html('<a href="{}">{}</a>', reverse("complaints:detail", args=[value]), value)

    def value_number(self, value):
        return value

    def render_client(self, value, record):
        if record.campaign_id:
            return format_html(
                '{}<div class="small text-body-secondary">{}</div>',
                self.link(value),
                self.link(record.campaign, record.campaign.job_number),
            )
        return self.link(value)

    def render_owner(self, value):
        return self.link(value)

    def value_owner(self, value):
        return str(value)

    def value_client(self, value):
        return str(value)

    def render_respond_by(self, record):
        record.clock = SlaClock(record, timezone.now())
        return sla_clock(record.clock)  # accounts/_sla_clock.html, in Python

    def value_respond_by(self, value):
        return value


LEAD_AE = AccountTeamMember.Role.LEAD_AE


class ClientTable(Table):
    """The client list. Every column but health sorts in the database; the health score is computed from
    figures read in the same query (accounts/client_health.py), so the view sorts it, as before."""

    select = SelectColumn()
    name = tables.Column(verbose_name=_("Client"))
    code = tables.Column(verbose_name=_("Code"))
    industry = tables.Column(verbose_name=_("Industry"))
    tier = tables.Column(verbose_name=_("Tier"))
    stage = tables.Column(verbose_name=_("Lifecycle stage"))
    team = tables.Column(verbose_name=_("Account team"), accessor="pk", orderable=False)
    n_brands = tables.Column(verbose_name=_("Brands"), attrs={"td": {"class": "text-end"}})
    health = tables.Column(verbose_name=_("Health"), accessor="pk", orderable=False)

    class Meta(Table.Meta):
        empty_text = _("No clients match.")
        sequence = ("select", "name", "code", "industry", "tier", "stage", "team", "n_brands", "...", "health")

    def __init__(self, data, *, counts, health_sort="", **kwargs):
        extra = [
            (count.name, tables.Column(verbose_name=count.label, attrs={"td": {"class": "text-end"}}))
            for count in counts
        ]
        super().__init__(data, extra_columns=extra, **kwargs)
        next_sort = "-health" if health_sort == "health" else "health"
        arrow = {"health": " ↑", "-health": " ↓"}.get(health_sort, "")
        self.columns["health"].column.verbose_name = format_html(
            '<a href="?sort={}" id="sort-health" title="{}">{}{}</a>',
            next_sort,
            _("Sort by health, worst first; again for best first"),
            _("Health"),
            arrow,
        )

    def render_name(self, value, record):
        link = format_html('<a href="{}">{}</a>', reverse("accounts:client_detail", args=[record.pk]), value)
        if record.archived_at:
            return format_html('{} <span class="badge text-bg-secondary">{}</span>', link, _("Archived"))
        return link

    # The team and the health badge in Python: a template pass a row cost some 500 calls each.
    def render_team(self, record):
        lead = f" ({_('lead')})"
        people = ((self.link(m.user), lead if m.role == LEAD_AE else "") for m in record.team_members.all())
        names = format_html_join(", ", "{}{}", people)
        return format_html("{}\n", names)

    def render_health(self, record):
        health = record.health
        badge = {"healthy": "text-bg-success", "watch": "text-bg-warning"}.get(health.level, "text-bg-danger")
        return format_html(
            '<span class="client-health" data-score="{}" data-level="{}"><span class="badge {}">{}</span> '
            '<small class="text-body-secondary">{}</small></span>\n',
            health.score,
            health.level,
            badge,
            health.score,
            health.explanation,
        )
