"""What the client list and the client page show of campaigns (briefs registers them: accounts/client_pages.py),
for every persona, and their query budgets with campaigns in every stage."""

import io
import re

import pytest
from openpyxl import load_workbook

from accounts.models import Client
from accounts.tests.factories import (
    ActionItemFactory,
    BrandFactory,
    ClientFactory,
    ContactFactory,
    ContactReportFactory,
    TeamMemberFactory,
)
from agency.core.tests.factories import UserFactory
from briefs.tests.factories import CampaignFactory


@pytest.fixture
def account(personas):
    """The team member's client with a brand, a campaign and a contact report: history."""
    brand = BrandFactory(client=personas.client, name="Pure Milk")
    CampaignFactory(brand=brand, client=personas.client, lead_ae=personas.member, name="Spring Festival")
    ContactReportFactory(client=personas.client, created_by=personas.member, subject="Kick-off")
    return personas.client


def grow(personas, n):
    """n clients on the member's team, each with brands, campaigns in every stage, contacts and minutes."""
    staff = [UserFactory(username=f"grown{k}") for k in range(3)]  # hashing passwords is slow: reuse people
    for i in range(n):
        c = ClientFactory(name=f"Grown {n}-{i}", code=f"G{n}X{i}")
        TeamMemberFactory(client=c, user=personas.member, role="lead_ae")
        TeamMemberFactory(client=c, user=staff[0], role="planner")
        for stage in ("brief", "creative", "media"):
            CampaignFactory(brand=BrandFactory(client=c), client=c, stage=stage, lead_ae=personas.member)
    for k in range(n):
        brand = BrandFactory(client=personas.client)
        ContactFactory(client=personas.client)
        for stage in ("brief", "creative", "media", "closed"):
            CampaignFactory(brand=brand, client=personas.client, stage=stage, lead_ae=staff[1])
        report = ContactReportFactory(client=personas.client, created_by=staff[2])
        ActionItemFactory(report=report, owner=staff[k % 3])
        if k < 3:
            TeamMemberFactory(client=personas.client, user=staff[k], role="creative")


@pytest.mark.parametrize("size", [1, 10])
def test_it_lists_clients_in_a_fixed_number_of_queries(client, personas, size, django_assert_max_num_queries):
    grow(personas, size)
    client.force_login(personas.member)
    # session, user, industries and staff for the filters, count, one page of clients, their teams,
    # the health figures of that page's clients, the account people a bulk action may make lead AE
    with django_assert_max_num_queries(10):
        page = client.get("/clients/").content.decode()
    assert f"Grown {size}-0" in page


@pytest.mark.parametrize("size", [1, 10])
def test_it_shows_the_client_page_in_a_fixed_number_of_queries(client, personas, size, django_assert_max_num_queries):
    grow(personas, size)
    client.force_login(personas.member)
    with django_assert_max_num_queries(14):  # 12 + the open complaints card + the decisions waiting for the client
        page = client.get(f"/clients/{personas.client.pk}/").content.decode()
    assert page.count("JOB-2026-") == 4 * size


@pytest.mark.parametrize("size", [1, 10])
def test_it_exports_in_a_fixed_number_of_queries(client, personas, size, django_assert_max_num_queries):
    grow(personas, size)
    client.force_login(personas.member)
    with django_assert_max_num_queries(6):  # 5 + the count that decides whether it is written now or queued
        response = client.get("/clients/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + 1 + size  # header, Tianshan Dairy, the grown clients


@pytest.mark.parametrize("persona", ["member", "supervisor", "management"])
def test_the_client_page_shows_the_campaigns_to_the_team_its_supervisors_and_management(
    client, personas, account, persona
):
    client.force_login(getattr(personas, persona))
    page = client.get(f"/clients/{account.pk}/").content.decode()
    campaigns = page[page.index('id="campaigns"') : page.index('id="open-decisions"')]
    assert "1 campaign" in campaigns and "Spring Festival" in campaigns and "Creative brief" in campaigns


def test_the_list_and_its_export_count_live_campaigns_only(client, personas, account):
    at_rest = {"on_hold": {"resume_stage": "media"}, "cancelled": {"cancel_reason": "Brand merged"}}
    for stage in ("media", "on_hold", "closed", "cancelled"):
        CampaignFactory(
            brand__client=personas.client, client=personas.client, stage=stage, lead_ae=personas.member,
            **at_rest.get(stage, {}),
        )  # fmt: skip
    client.force_login(personas.member)
    page = client.get("/clients/").content.decode()
    row = page[page.index("Tianshan Dairy") : page.index("</tr>", page.index("Tianshan Dairy"))]
    _brands, live = re.findall(r'<td class="text-end">(\d+)</td>', row)
    assert "Live campaigns" in page and live == "2"  # Spring Festival (brief) and the one in media
    sheet = load_workbook(io.BytesIO(client.get("/clients/export.xlsx").content)).active
    header, tianshan = (list(row) for row in sheet.iter_rows(values_only=True, max_row=2))
    assert tianshan[header.index("Live campaigns")] == 2


def test_a_client_with_campaigns_is_archived_never_deleted(client, personas, account):
    client.force_login(personas.member)
    page = client.get(f"/clients/{account.pk}/delete/").content.decode()
    assert "it has campaigns" in page and "it has contact reports" in page
    response = client.post(f"/clients/{account.pk}/delete/", follow=True)
    assert "cannot be deleted because it has campaigns, it has contact reports" in response.content.decode()
    assert Client.objects.filter(pk=account.pk).exists()
