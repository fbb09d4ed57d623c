"""Bookings across every plan as a table (agency/core/tables.py): every column sorts in the database."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from agency.core.tables import Table


class BookingTable(Table):
    reference = tables.Column(verbose_name=_("Insertion order"))
    client = tables.Column(verbose_name=_("Client"), order_by=("client__name",))
    campaign = tables.Column(verbose_name=_("Campaign"), accessor="line__version__campaign__job_number")
    vendor = tables.Column(verbose_name=_("Media owner"), accessor="line__vendor")
    vehicle = tables.Column(verbose_name=_("Vehicle / property"), accessor="line__vehicle")
    channel = tables.Column(verbose_name=_("Channel"), accessor="line__channel")
    flight_start = tables.DateColumn(verbose_name=_("Flight start"), accessor="line__flight_start", short=True)
    spots = tables.Column(verbose_name=_("Spots"), attrs={"td": {"class": "text-end"}})
    status = tables.Column(verbose_name=_("Status"))
    requested_at = tables.DateTimeColumn(verbose_name=_("Requested"), short=True)

    class Meta(Table.Meta):
        empty_text = _("No bookings match.")

    def render_reference(self, value, record):
        return format_html('<a href="{}">{}</a>', reverse("media_booking", args=[record.pk]), value)

    def value_reference(self, value):
        return value

    def render_channel(self, record):
        return record.line.get_channel_display()

    def value_channel(self, record):
        return record.line.get_channel_display()

    def render_client(self, value):
        return self.link(value)

    def value_client(self, value):
        return str(value)

    def render_campaign(self, value, record):
        return self.link(record.line.version.campaign, value)

    def value_campaign(self, value):
        return value
