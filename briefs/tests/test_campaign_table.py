"""The campaign list as a table: sorting, filters in the URL, pages that keep them, exports of the filtered
rows, and the bulk hand-over to another lead AE (checked against the permission map row by row)."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.tests.factories import TeamMemberFactory
from agency.core.models import AuditEvent
from agency.core.tests.factories import UserFactory
from briefs.models import Campaign
from briefs.tests.factories import CampaignFactory

URL = "/campaigns/"


@pytest.fixture
def three(personas):
    return [
        CampaignFactory(brand__client=personas.client, lead_ae=personas.member, name=name, budget=Decimal(budget))
        for name, budget in (("Bravo", 300), ("Alpha", 100), ("Charlie", 200))
    ]


def names(response):
    return [c.name for c in response.context["page"]]


@pytest.mark.parametrize(
    "column",
    ["job_number", "name", "client", "brand", "lead_ae", "stage", "open_steps", "next_due", "budget"],
)
def test_each_column_sorts_both_ways_in_the_database(client, personas, three, column):
    client.force_login(personas.member)
    up = client.get(URL, {"sort": column})
    down = client.get(URL, {"sort": f"-{column}"})
    assert f'href="?sort=-{column}"' in up.content.decode()  # the header sorts the other way next
    assert 'aria-sort="ascending"' in up.content.decode() and 'aria-sort="descending"' in down.content.decode()
    assert sorted(names(up)) == sorted(names(down)) and len(names(up)) == 3


def test_sorting_changes_the_order_of_the_rows(client, personas, three):
    client.force_login(personas.member)
    assert names(client.get(URL, {"sort": "name"})) == ["Alpha", "Bravo", "Charlie"]
    assert names(client.get(URL, {"sort": "-name"})) == ["Charlie", "Bravo", "Alpha"]
    assert names(client.get(URL, {"sort": "budget"})) == ["Alpha", "Charlie", "Bravo"]
    assert names(client.get(URL, {"sort": "-budget"})) == ["Bravo", "Charlie", "Alpha"]


def test_filters_live_in_the_url_and_the_pages_keep_them_and_the_sort(client, personas):
    for i in range(30):
        CampaignFactory(brand__client=personas.client, lead_ae=personas.member, name=f"Paged {i:02d}")
    CampaignFactory(brand__client=personas.client, lead_ae=personas.member, name="Other")
    client.force_login(personas.member)
    response = client.get(URL, {"q": "Paged", "sort": "name"})
    page = response.content.decode()
    assert names(response)[0] == "Paged 00" and "Page 1 of 2" in page
    assert 'href="?q=Paged&amp;sort=name&amp;page=2"' in page
    second = client.get(URL, {"q": "Paged", "sort": "name", "page": 2})
    assert names(second) == [f"Paged {i:02d}" for i in range(25, 30)]
    # Sorting from a filtered page keeps the filter and goes back to page one.
    assert 'href="?q=Paged&amp;sort=-name"' in second.content.decode()


def test_the_export_holds_exactly_the_filtered_rows_with_formulas_neutralised(client, personas, three):
    CampaignFactory(brand__client=personas.client, lead_ae=personas.member, name="=cmd|' /C calc'!A0")
    CampaignFactory(brand__client=personas.other_client, name="Not mine")
    client.force_login(personas.member)
    csv = client.get("/campaigns/export.csv", {"q": "a", "sort": "name"}).content.decode("utf-8-sig")
    lines = csv.strip().splitlines()
    assert lines[0].startswith("Job number,Name,Client")
    assert [line.split(",")[1] for line in lines[1:]] == ["'=cmd|' /C calc'!A0", "Alpha", "Bravo", "Charlie"]
    assert "Not mine" not in csv and "<a" not in csv

    sheet = load_workbook(io.BytesIO(client.get("/campaigns/export.xlsx", {"q": "alpha"}).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == "Alpha" and rows[1][-2] == 100 and rows[1][-1] == "CNY"


def test_export_ticked_exports_only_the_ticked_visible_rows(client, personas, three):
    hidden = CampaignFactory(brand__client=personas.other_client, name="Not mine")
    client.force_login(personas.member)
    response = client.post(reverse("campaign_bulk"), {"action": "export_csv", "selected": [three[1].pk, hidden.pk]})
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2 and ",Alpha," in lines[1]


def test_a_lead_ae_hands_ticked_campaigns_to_another_after_confirming(client, personas, three):
    other = UserFactory(username="new-lead", title="AE")
    TeamMemberFactory(client=personas.client, user=other, role="ae")
    client.force_login(personas.member)
    data = {"action": "reassign", "lead_ae": other.pk, "selected": [three[0].pk, three[1].pk], "query": "sort=name"}
    confirm = client.post(reverse("campaign_bulk"), data)
    assert confirm.status_code == 200 and "Will be changed" in confirm.content.decode()
    assert Campaign.objects.filter(lead_ae=other).count() == 0  # nothing until confirmed

    response = client.post(reverse("campaign_bulk"), data | {"confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == "/campaigns/?sort=name"
    assert "Done for 2 rows." in response.content.decode()
    assert set(Campaign.objects.filter(lead_ae=other)) == {three[0], three[1]}
    assert AuditEvent.objects.filter(action="campaign.changed").count() == 2


def test_a_plain_ae_may_not_reassign_and_nothing_changes(client, personas, three):
    ae = UserFactory(username="plain-ae", title="AE")
    TeamMemberFactory(client=personas.client, user=ae, role="ae")
    client.force_login(ae)
    data = {"action": "reassign", "lead_ae": ae.pk, "selected": [c.pk for c in three], "confirm": "yes"}
    assert client.post(reverse("campaign_bulk"), data).status_code == 403
    assert Campaign.objects.filter(lead_ae=personas.member).count() == 3
    assert not AuditEvent.objects.filter(action="campaign.changed").exists()


def test_a_row_the_new_lead_cannot_take_is_refused_and_the_others_done(client, personas, three):
    elsewhere = CampaignFactory(brand__client=personas.other_client, name="Harbour launch")
    client.force_login(personas.management)
    data = {"action": "reassign", "lead_ae": personas.member.pk, "selected": [three[0].pk, elsewhere.pk]}
    response = client.post(reverse("campaign_bulk"), data | {"confirm": "yes"}, follow=True)
    page = response.content.decode()
    assert "Not done for" in page and "is not on the client" in page
    elsewhere.refresh_from_db()
    assert elsewhere.lead_ae != personas.member


def test_a_hidden_campaign_cannot_be_reassigned_by_its_id(client, personas, three):
    hidden = CampaignFactory(brand__client=personas.other_client, name="Not mine")
    lead = hidden.lead_ae
    client.force_login(personas.member)
    data = {"action": "reassign", "lead_ae": personas.member.pk, "selected": [hidden.pk], "confirm": "yes"}
    client.post(reverse("campaign_bulk"), data)
    hidden.refresh_from_db()
    assert hidden.lead_ae == lead


@pytest.mark.parametrize("size", [3, 30])
def test_a_sorted_filtered_page_keeps_the_lists_query_budget(client, personas, size, django_assert_max_num_queries):
    for i in range(size):
        CampaignFactory(brand__client=personas.client, lead_ae=personas.member, name=f"Grown {i}")
    client.force_login(personas.member)
    for sort in ("lead_ae", "-client", "brand", "-budget"):
        with django_assert_max_num_queries(8):  # the list's budget (test_campaigns.py)
            response = client.get(URL, {"sort": sort, "q": "Grown"})
        assert len(names(response)) == min(size, 25)
