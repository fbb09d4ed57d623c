"""The campaign list as a table (agency/core/tables.py): every column sorts in the database."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from agency.core.tables import SelectColumn, Table


class CampaignTable(Table):
    select = SelectColumn()
    job_number = tables.Column(verbose_name=_("Job number"))
    name = tables.Column(verbose_name=_("Name"))
    client = tables.Column(verbose_name=_("Client"), accessor="client__name")
    brand = tables.Column(verbose_name=_("Brand"), accessor="brand__name")
    lead_ae = tables.Column(verbose_name=_("Lead AE"), order_by=("lead_ae__first_name", "lead_ae__last_name"))
    stage = tables.Column(verbose_name=_("Stage"))
    open_steps = tables.Column(verbose_name=_("Open steps"), attrs={"td": {"class": "text-end"}})
    next_due = tables.DateColumn(verbose_name=_("Next due"), short=True)
    budget = tables.TemplateColumn(
        "{% load media_tags %}{{ value|money:record.currency }}",
        verbose_name=_("Budget"),
        attrs={"td": {"class": "text-end"}},
    )

    currency = tables.Column(verbose_name=_("Currency"), visible=False)

    class Meta(Table.Meta):
        empty_text = _("No campaigns match.")

    def render_job_number(self, value, record):
        return format_html('<a href="{}">{}</a>', reverse("campaign_detail", args=[record.pk]), value)

    def value_job_number(self, value):
        return value

    def render_client(self, record):
        return self.link(record.client)

    def value_client(self, value):
        return value

    def render_brand(self, record):
        return self.link(record.brand)

    def value_brand(self, value):
        return value

    def render_lead_ae(self, value):
        return self.link(value)

    def value_lead_ae(self, value):
        return str(value)

    def render_stage(self, value):
        return format_html('<span class="badge text-bg-secondary stage-pill">{}</span>', value)  # the display

    def value_stage(self, record):
        return record.get_stage_display()

    def value_budget(self, value):
        return value
