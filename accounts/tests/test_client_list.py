"""The client list: search, filters, pagination and exports.

Its query budget, grown with campaigns, is in briefs/tests/test_client_pages.py."""

import io

from openpyxl import load_workbook

from accounts.tests.factories import ActionItemFactory, ClientFactory, TeamMemberFactory


def test_it_searches_by_name_code_and_legal_name(client, personas):
    ClientFactory(name="Nordlicht Motors", code="NLM", legal_name="Nordlicht (China) Co.", industry="Automotive")
    client.force_login(personas.management)
    assert "Nordlicht Motors" in client.get("/clients/?q=nlm").content.decode()
    assert "Nordlicht Motors" in client.get("/clients/?q=china) co").content.decode()
    page = client.get("/clients/?q=tianshan").content.decode()
    assert "Tianshan Dairy" in page and "Nordlicht Motors" not in page


def test_it_filters_by_tier_stage_industry_and_team_member(client, personas):
    ClientFactory(name="Nordlicht Motors", code="NLM", tier="high", stage="growing", industry="Automotive")
    client.force_login(personas.management)

    def names(query):
        return [c.name for c in client.get(f"/clients/?{query}").context["page"]]

    assert names("tier=high") == ["Nordlicht Motors"]
    assert names("stage=growing") == ["Nordlicht Motors"]
    assert names("industry=Automotive") == ["Nordlicht Motors"]
    assert names(f"member={personas.outsider.pk}") == ["Harbour Line Coffee"]


def test_it_paginates(client, personas):
    for i in range(30):
        TeamMemberFactory(client=ClientFactory(name=f"Paged {i:02d}"), user=personas.member, role="ae")
    client.force_login(personas.member)
    first = client.get("/clients/").content.decode()
    second = client.get("/clients/?page=2").content.decode()
    assert "Page 1 of 2" in first and "Paged 00" in first and "Tianshan Dairy" not in first
    assert "Tianshan Dairy" in second


def test_it_exports_the_filtered_list_with_formulas_neutralised(client, personas):
    evil = ClientFactory(name='=HYPERLINK("http://evil.example","x")', code="EVIL", legal_name="+cmd", tier="high")
    TeamMemberFactory(client=evil, user=personas.member, role="lead_ae")
    client.force_login(personas.member)

    csv = client.get("/clients/export.csv?tier=high").content.decode("utf-8-sig")
    assert "Tianshan Dairy" not in csv  # filtered like the page
    assert "'=HYPERLINK" in csv and "'+cmd" in csv

    response = client.get("/clients/export.xlsx?tier=high")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Code", "Name")
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[1][2] == "'+cmd"
    assert sheet.cell(row=2, column=2).data_type == "s"  # text, not a formula


def test_it_exports_a_clients_action_items(client, personas, account):
    ActionItemFactory(report=account.report, description="-send the media plan", owner=personas.member)
    client.force_login(personas.member)
    csv = client.get(f"/clients/{account.client.pk}/action-items.csv").content.decode("utf-8-sig")
    assert "'-send the media plan" in csv and "Kick-off" in csv
