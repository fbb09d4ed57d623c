"""The complaint list as a table (agency/core/tables.py): every column sorts in the database."""

import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from agency.core.tables import Table

from .queries import SlaClock


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
            return format_html('{}<div class="small text-body-secondary">{}</div>', value, record.campaign.job_number)
        return value

    def value_client(self, value):
        return str(value)

    def render_respond_by(self, record):
        record.clock = SlaClock(record, timezone.now())
        return render_to_string("accounts/_sla_clock.html", {"complaint": record})

    def value_respond_by(self, value):
        return value
