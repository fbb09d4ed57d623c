"""The floor's own lists as tables (agency/core/tables.py): the outbox and the decisions waiting."""

import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .tables import SelectColumn, Table


class OutboxTable(Table):
    created_at = tables.DateTimeColumn(verbose_name=_("Created"), short=True)
    to = tables.Column(verbose_name=_("To"), accessor="to_email", order_by=("to_name", "to_email"))
    subject = tables.Column(verbose_name=_("Subject"))
    client = tables.Column(verbose_name=_("Client"), order_by=("client__name",), default="")
    status = tables.Column(verbose_name=_("Status"))
    attempts = tables.Column(verbose_name=_("Attempts"), attrs={"td": {"class": "text-end"}})

    class Meta(Table.Meta):
        per_page = 50
        empty_text = _("No messages.")

    def render_to(self, record):
        return record.to_name or record.to_email

    def render_subject(self, value, record):
        return format_html('<a href="{}">{}</a>', reverse("outbox_detail", args=[record.pk]), value)

    def value_subject(self, value):
        return value

    def render_client(self, value):
        return self.link(value)

    def value_client(self, value):
        return str(value)

    def render_status(self, record):
        return render_to_string("agency/_outbox_status.html", {"message": record})

    def value_status(self, record):
        return record.get_status_display()


class DecisionWaitingTable(Table):
    """Client links still open, with what each asks and how often the client was reminded."""

    select = SelectColumn()
    document_title = tables.Column(verbose_name=_("Document"))
    client = tables.Column(verbose_name=_("Client"), order_by=("client__name",))
    contact = tables.Column(verbose_name=_("Contact"), order_by=("contact__name",))
    requested_by = tables.Column(
        verbose_name=_("Sent by"), order_by=("requested_by__first_name", "requested_by__last_name")
    )
    sent_at = tables.DateTimeColumn(verbose_name=_("Sent"), short=True)
    reminded_at = tables.DateTimeColumn(verbose_name=_("Last reminded"), short=True)
    reminder_count = tables.Column(verbose_name=_("Reminders"), attrs={"td": {"class": "text-end"}})
    expires_at = tables.DateTimeColumn(verbose_name=_("Expires"), short=True)

    class Meta(Table.Meta):
        empty_text = _("No client decision is waiting.")

    def render_document_title(self, value, record):
        return format_html(
            '<a href="{}">{} {}</a>',
            reverse("decision_request_document", args=[record.pk]),
            value,
            record.version_label,
        )

    def value_document_title(self, value, record):
        return f"{value} {record.version_label}"

    def render_client(self, value):
        return self.link(value)

    def value_client(self, value):
        return str(value)

    def render_contact(self, value):
        return self.link(value)

    def value_contact(self, value):
        return str(value)

    def render_requested_by(self, value):
        return self.link(value)

    def value_requested_by(self, value):
        return str(value)
