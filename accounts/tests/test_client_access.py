"""Who sees and changes which client, through every client URL."""

import pytest

from accounts.models import AccountTeamMember, Client
from accounts.tests.factories import ActionItemFactory, ClientFactory, TeamMemberFactory
from agency.core.tests.factories import UserFactory


def client_urls(account):
    c = account.client.pk
    item = ActionItemFactory(report=account.report)
    return [
        ("get", f"/clients/{c}/"),
        ("get", f"/clients/{c}/edit/"),
        ("post", f"/clients/{c}/edit/"),
        ("post", f"/clients/{c}/archive/"),
        ("get", f"/clients/{c}/delete/"),
        ("post", f"/clients/{c}/delete/"),
        ("get", f"/clients/{c}/team/"),
        ("post", f"/clients/{c}/team/"),
        ("get", f"/clients/{c}/brands/new/"),
        ("get", f"/clients/{c}/brands/{account.brand.pk}/edit/"),
        ("get", f"/clients/{c}/contacts/new/"),
        ("get", f"/clients/{c}/contacts/{account.contact.pk}/edit/"),
        ("get", f"/clients/{c}/contact-reports/new/"),
        ("post", f"/clients/{c}/contact-reports/new/"),
        ("get", f"/clients/{c}/contact-reports/{account.report.pk}/"),
        ("post", f"/clients/{c}/action-items/{item.pk}/done/"),
        ("get", f"/clients/{c}/action-items.csv"),
        ("get", f"/clients/{c}/action-items.xlsx"),
    ]


@pytest.mark.parametrize("persona", ["outsider", "finance"])
def test_it_answers_404_on_every_client_url_outside_the_team(client, personas, account, persona):
    client.force_login(getattr(personas, persona))
    for method, url in client_urls(account):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url, response.status_code)
    # Nothing changed behind the 404s.
    account.client.refresh_from_db()
    assert account.client.archived_at is None
    assert Client.objects.filter(pk=account.client.pk).exists()


def test_it_answers_404_for_a_report_or_item_reached_through_another_client(client, personas, account):
    """An id from the member's client under the outsider's client URL is still a 404."""
    client.force_login(personas.outsider)
    other = personas.other_client.pk
    assert client.get(f"/clients/{other}/contact-reports/{account.report.pk}/").status_code == 404
    item = ActionItemFactory(report=account.report)
    assert client.post(f"/clients/{other}/action-items/{item.pk}/done/").status_code == 404
    item.refresh_from_db()
    assert item.done_at is None


@pytest.mark.parametrize("persona", ["member", "supervisor", "management"])
def test_it_shows_the_client_page_to_the_team_its_supervisors_and_management(client, personas, account, persona):
    client.force_login(getattr(personas, persona))
    page = client.get(f"/clients/{account.client.pk}/").content.decode()
    assert "Tianshan Dairy" in page
    assert "Pure Milk" in page
    assert "Liu Yang" in page
    assert "Kick-off" in page


@pytest.mark.parametrize(
    ("persona", "sees", "hidden"),
    [
        ("member", {"Tianshan Dairy"}, {"Harbour Line Coffee"}),
        ("supervisor", {"Tianshan Dairy"}, {"Harbour Line Coffee"}),
        ("outsider", {"Harbour Line Coffee"}, {"Tianshan Dairy"}),
        ("management", {"Tianshan Dairy", "Harbour Line Coffee"}, set()),
    ],
)
def test_it_lists_and_exports_only_visible_clients(client, personas, persona, sees, hidden):
    client.force_login(getattr(personas, persona))
    page = client.get("/clients/").content.decode()
    csv = client.get("/clients/export.csv").content.decode("utf-8-sig")
    for name in sees:
        assert name in page and name in csv
    for name in hidden:
        assert name not in page and name not in csv


def test_it_lets_a_team_member_edit_their_client(client, personas):
    client.force_login(personas.member)
    form = client.get(f"/clients/{personas.client.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(name="Tianshan Dairy Group", tier="high", notes="Renewed for 2027")
    response = client.post(f"/clients/{personas.client.pk}/edit/", data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Tianshan Dairy Group" in page
    assert "Renewed for 2027" in page
    # The key-field edits are in the history, with labels, not codes.
    assert (
        f'changed <a href="/clients/{personas.client.pk}/">Tianshan Dairy Group</a>: '
        "name from “Tianshan Dairy” to “Tianshan Dairy Group”; tier from “Mid value” to “High value”"
    ) in page


def test_it_refuses_a_team_member_without_an_account_role_the_edit_form(client, personas):
    planner = UserFactory(username="planner", title="planner", department="planning")
    TeamMemberFactory(client=personas.client, user=planner, role="planner")
    client.force_login(planner)
    assert "Tianshan Dairy" in client.get(f"/clients/{personas.client.pk}/").content.decode()
    assert client.get(f"/clients/{personas.client.pk}/edit/").status_code == 403


def test_it_makes_the_creator_lead_ae_of_a_new_client(client, personas):
    client.force_login(personas.outsider)
    response = client.post(
        "/clients/new/",
        {"name": "Nordlicht Motors", "code": "NLM", "currency": "EUR", "tier": "high", "stage": "new"},
    )
    assert response.status_code == 302
    created = Client.objects.get(code="NLM")
    assert created.team_members.get().user == personas.outsider
    assert created.team_members.get().role == AccountTeamMember.Role.LEAD_AE
    page = client.get(response["Location"]).content.decode()
    assert "Lead AE" in page and "created the client" in page


def test_it_refuses_client_creation_to_non_account_staff(client, personas):
    client.force_login(personas.finance)
    assert client.get("/clients/new/").status_code == 403


def test_it_keeps_typed_values_and_explains_a_duplicate_name(client, personas):
    client.force_login(personas.member)
    response = client.post(
        "/clients/new/",
        {
            "name": "tianshan dairy",
            "code": "TSX",
            "legal_name": "My typed legal name",
            "currency": "CNY",
            "tier": "mid",
            "stage": "new",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "A client with this name already exists." in page
    assert 'value="My typed legal name"' in page
    assert 'value="TSX"' in page
    assert Client.objects.count() == 2


def test_it_refuses_a_stale_edit_and_keeps_the_users_input(client, personas):
    client.force_login(personas.member)
    form = client.get(f"/clients/{personas.client.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    # Someone else saves in between.
    other = Client.objects.get(pk=personas.client.pk)
    other.notes = "Their note"
    other.save()
    data["notes"] = "My note"
    response = client.post(f"/clients/{personas.client.pk}/edit/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this client while you were editing." in page
    assert "My note" in page
    assert Client.objects.get(pk=personas.client.pk).notes == "Their note"


def test_it_lets_the_lead_change_the_team_and_not_a_plain_member(client, personas):
    ae = UserFactory(username="second.ae", title="AE")
    TeamMemberFactory(client=personas.client, user=ae, role="ae")
    client.force_login(ae)
    assert client.get(f"/clients/{personas.client.pk}/team/").status_code == 403

    client.force_login(personas.member)  # the lead AE
    newcomer = UserFactory(username="newcomer", title="AM")
    response = client.post(f"/clients/{personas.client.pk}/team/", {"user": newcomer.pk, "role": "am"})
    assert response.status_code == 302
    assert personas.client.team_members.filter(user=newcomer, role="am").exists()
    # The newcomer now sees the client.
    client.force_login(newcomer)
    assert client.get(f"/clients/{personas.client.pk}/").status_code == 200


def test_it_refuses_to_remove_the_only_lead_ae(client, personas):
    client.force_login(personas.management)
    lead = personas.client.team_members.get(user=personas.member)
    response = client.post(f"/clients/{personas.client.pk}/team/", {"remove": lead.pk}, follow=True)
    assert "is the only lead AE. Name another lead AE first." in response.content.decode()
    assert personas.client.team_members.filter(pk=lead.pk).exists()


def test_it_explains_an_invalid_contact_email_and_keeps_the_input(client, personas):
    client.force_login(personas.member)
    response = client.post(
        f"/clients/{personas.client.pk}/contacts/new/",
        {"name": "Sun Li", "title": "Brand manager", "email": "sun.li-at-tianshan", "language": "zh-hans"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert 'value="Sun Li"' in page and 'value="sun.li-at-tianshan"' in page
    assert not personas.client.contacts.filter(name="Sun Li").exists()


def test_it_refuses_to_delete_a_client_with_history_and_archives_it_instead(client, personas, account):
    client.force_login(personas.member)
    page = client.get(f"/clients/{account.client.pk}/delete/").content.decode()
    assert "it has contact reports" in page  # and campaigns: briefs/tests/test_client_pages.py
    response = client.post(f"/clients/{account.client.pk}/delete/", follow=True)
    assert "cannot be deleted because it has contact reports" in response.content.decode()
    assert Client.objects.filter(pk=account.client.pk).exists()

    client.post(f"/clients/{account.client.pk}/archive/")
    assert "Tianshan Dairy" not in client.get("/clients/").content.decode()
    assert "Tianshan Dairy" in client.get("/clients/?archived=only").content.decode()
    page = client.get(f"/clients/{account.client.pk}/").content.decode()
    assert "Tianshan Dairy</a>: status from “active” to “archived”" in page

    client.post(f"/clients/{account.client.pk}/archive/", {"archive": "0"})
    assert "Tianshan Dairy" in client.get("/clients/").content.decode()


def test_it_deletes_a_client_entered_by_mistake(client, personas):
    mistake = ClientFactory(name="Typo Client", code="TYPO")
    TeamMemberFactory(client=mistake, user=personas.member, role="lead_ae")
    client.force_login(personas.member)
    response = client.post(f"/clients/{mistake.pk}/delete/")
    assert response.status_code == 302
    assert not Client.objects.filter(pk=mistake.pk).exists()
