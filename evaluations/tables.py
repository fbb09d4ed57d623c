"""360° reviews as a table (agency/core/tables.py): every column sorts in the database."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from agency.core.tables import Table

PERSON = ("first_name", "last_name", "username")


class ReviewTable(Table):
    reviewee = tables.Column(verbose_name=_("Reviewed person"), order_by=[f"reviewee__{f}" for f in PERSON])
    title = tables.Column(verbose_name=_("Title"))
    cycle = tables.Column(verbose_name=_("Cycle"), order_by=("cycle__name",))
    supervisor = tables.Column(verbose_name=_("Supervisor"), order_by=[f"supervisor__{f}" for f in PERSON], default="—")
    status = tables.Column(verbose_name=_("Status"))
    meeting_on = tables.DateColumn(verbose_name=_("Discussion meeting on"), short=True, default="—")
    created_at = tables.DateColumn(verbose_name=_("Started"), short=True)

    class Meta(Table.Meta):
        empty_text = _("No reviews match.")

    def render_reviewee(self, value, record):
        return format_html('<a href="{}">{}</a>', reverse("reviews:review", args=[record.pk]), value)

    def value_reviewee(self, value):
        return str(value)

    def render_supervisor(self, value):
        return self.link(value)

    def value_supervisor(self, value):
        return str(value)
