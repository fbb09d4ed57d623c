"""Every list writes its rows without django-tables2's per-cell machinery (agency/core/tables.py,
Table.body_rows): a person sees the same cells, character for character, as django-tables2's own rows
render them, on each list the agency has; and a list's select boxes keep what was chosen and escape what
they show (agency/core/templatetags/list_tags.py)."""

import html
from datetime import datetime
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from django.template import Context
from django.template.base import render_value_in_context

from accounts.services.complaints import complaint_record
from accounts.tests.factories import BrandFactory, ClientFactory, ContactFactory, TeamMemberFactory
from agency.core.models import OutboxMessage
from briefs.services.brief import brief_send_for_approval
from briefs.tests.factories import CampaignFactory, make_brief

SHANGHAI = ZoneInfo("Asia/Shanghai")


def rows_as_django_tables2_writes_them(table):
    """What partials/table.html wrote with django-tables2's rows: `<tr {{ row.attrs.as_html }}>` and a
    `<td {{ column.attrs.td.as_html }}>{{ cell }}</td>` per column."""
    context = Context(autoescape=True)
    return [
        f"<tr {row.attrs.as_html()}>"
        + "".join(
            f"<td {column.attrs['td'].as_html()}>{render_value_in_context(cell, context)}</td>"
            for column, cell in row.items()
        )
        + "</tr>"
        for row in table.paginated_rows
    ]


@pytest.fixture
def lists(personas, time_machine):
    """A little of everything the lists show: campaigns (one with a name to escape), complaints on the
    clock, a decision waiting, a message in the outbox, a second team member."""
    time_machine.move_to(datetime(2026, 11, 27, 17, 0, tzinfo=SHANGHAI))
    TeamMemberFactory(client=personas.client, user=personas.supervisor, role="am")
    brand = BrandFactory(client=personas.client)
    for name in ("Spring <launch> & more", "Autumn"):
        CampaignFactory(client=personas.client, brand=brand, name=name, lead_ae=personas.member)
    contact = ContactFactory(client=personas.client)
    for hour, category in ((9, "process"), (10, "media")):
        complaint_record(
            client=personas.client, by=personas.member, channel="email", contact=contact, description="Late.",
            received_at=datetime(2026, 11, 27, hour, 0, tzinfo=SHANGHAI), category=category, priority="complex",
        )  # fmt: skip
    campaign = CampaignFactory(client=personas.client, brand=brand, name="Brief out", lead_ae=personas.member)
    brief_send_for_approval(
        version=make_brief(campaign, by=personas.member).versions.get(number=1), contact=contact, by=personas.member
    )
    OutboxMessage.objects.create(to_email="liu.yang@tianshan.example", subject="Hello & <b>", body_text="x")


@pytest.mark.parametrize(
    "path", ["/campaigns/", "/campaigns/?sort=-budget", "/clients/", "/clients/?sort=health", "/complaints/",
             "/decisions/", "/outbox/", "/media/bookings/", "/reviews/all/"],
)  # fmt: skip
def test_each_list_shows_the_cells_django_tables2_would(client, personas, lists, path):
    client.force_login(personas.management)
    table = client.get(path).context["table"]
    table._counter = count()  # each way numbers its rows (odd, even) from the start
    fast = [str(row) for row in table.body_rows()]
    table._counter = count()
    assert fast == rows_as_django_tables2_writes_them(table)
    if path.startswith("/campaigns/"):
        assert len(fast) == 3 and "Spring &lt;launch&gt; &amp; more" in "".join(fast)


def test_a_list_filter_keeps_the_chosen_client_and_escapes_names(client, personas, lists):
    TeamMemberFactory(client=ClientFactory(name="Bits & <Bytes>", code="BB"), user=personas.member, role="am")
    client.force_login(personas.member)
    page = client.get("/campaigns/", {"client": personas.client.pk}).content.decode()
    assert f'<option value="{personas.client.pk}" selected>{html.escape(personas.client.name)}</option>' in page
    assert "Bits &amp; &lt;Bytes&gt;</option>" in page and "<Bytes>" not in page
    assert '<option value="">All clients</option>' in page  # nothing else marked chosen
