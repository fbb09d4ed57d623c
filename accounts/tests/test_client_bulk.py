"""Bulk actions on the client list: another tier, another lead AE, an export of the ticked rows.

Each ticked client is checked on its own against the permission map ("client.edit", "client.team"); a row
the person may not change is left as it is, with the reason, and the others are done."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from accounts.models import AccountTeamMember, Client
from accounts.tests.factories import ClientFactory, TeamMemberFactory
from agency.core.models import AuditEvent
from agency.core.tests.factories import UserFactory

URL = reverse("accounts:client_bulk")


@pytest.fixture
def creative(personas):
    """A creative on the client's team as a creative, and on a second client's team as its AE."""
    person = UserFactory(username="creative", title="creative", department="creative")
    TeamMemberFactory(client=personas.client, user=person, role="creative")
    second = ClientFactory(name="Lotus Tea", code="LTT", tier="low")
    TeamMemberFactory(client=second, user=person, role="ae")
    TeamMemberFactory(client=second, user=UserFactory(username="lotus-lead", title="AE"), role="lead_ae")
    return type("Creative", (), {"person": person, "second": second})


def test_the_list_offers_a_tick_box_per_client_and_the_bulk_actions(client, personas):
    client.force_login(personas.member)
    page = client.get(reverse("accounts:client_list")).content.decode()
    assert f'name="selected" value="{personas.client.pk}"' in page
    assert 'value="tier"' in page and 'value="lead_ae"' in page and 'value="export_csv"' in page


def test_a_new_tier_is_confirmed_first_then_given_to_the_allowed_rows_and_refused_for_the_others(
    client, personas, creative
):
    client.force_login(creative.person)
    data = {"action": "tier", "tier": "high", "selected": [personas.client.pk, creative.second.pk], "query": "q=a"}
    confirm = client.post(URL, data).content.decode()
    assert "Will be changed" in confirm and "Left as it is: Your role does not allow this." in confirm
    assert Client.objects.get(pk=creative.second.pk).tier == "low"  # nothing until confirmed

    response = client.post(URL, data | {"confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == "/clients/?q=a"
    page = response.content.decode()
    assert "Done for 1 row." in page and "Not done for Tianshan Dairy: Your role does not allow this." in page
    assert Client.objects.get(pk=creative.second.pk).tier == "high"
    assert Client.objects.get(pk=personas.client.pk).tier == "mid"
    event = AuditEvent.objects.get(action="client.updated")
    assert event.object_id == str(creative.second.pk) and event.data["changes"] == {"tier": ["low", "high"]}


def test_no_row_the_person_may_change_is_a_403_and_nothing_changes(client, personas, creative):
    client.force_login(creative.person)
    data = {"action": "tier", "tier": "high", "selected": [personas.client.pk], "confirm": "yes"}
    assert client.post(URL, data).status_code == 403
    assert Client.objects.get(pk=personas.client.pk).tier == "mid"
    assert not AuditEvent.objects.filter(action="client.updated").exists()


def test_a_lead_ae_hands_the_accounts_they_lead_to_another_and_stays_on_the_team(client, personas):
    elsewhere = ClientFactory(name="Jade Hotels", code="JDH")
    TeamMemberFactory(client=elsewhere, user=personas.member, role="ae")  # on the team, not its lead
    newcomer = UserFactory(username="new-lead", title="AE")
    client.force_login(personas.member)
    data = {"action": "lead_ae", "lead_ae": newcomer.pk, "selected": [personas.client.pk, elsewhere.pk]}
    confirm = client.post(URL, data).content.decode()
    assert "Will be changed" in confirm and "Left as it is" in confirm

    page = client.post(URL, data | {"confirm": "yes"}, follow=True).content.decode()
    assert "Done for 1 row." in page and "Not done for Jade Hotels" in page
    roles = dict(personas.client.team_members.values_list("user__username", "role"))
    assert roles == {"new-lead": "lead_ae", "member": "ae"}
    assert not elsewhere.team_members.filter(user=newcomer).exists()
    changes = AuditEvent.objects.filter(action="client.team_changed", object_id=str(personas.client.pk))
    assert sorted(event.data["role"] for event in changes) == ["ae", "lead_ae"]
    # The client's history says who leads it now, in words.
    history = strip_tags(client.get(reverse("accounts:client_detail", args=[personas.client.pk])).content.decode())
    assert f"put {newcomer} on the team of Tianshan Dairy as Lead AE" in history


def test_a_client_already_led_by_that_person_is_reported_as_already_so(client, personas):
    client.force_login(personas.management)
    data = {"action": "lead_ae", "lead_ae": personas.member.pk, "selected": [personas.client.pk], "confirm": "yes"}
    page = client.post(URL, data, follow=True).content.decode()
    assert "1 row was already so." in page
    assert not AuditEvent.objects.filter(action="client.team_changed").exists()


def test_a_client_the_person_cannot_see_is_not_there_to_change(client, personas):
    client.force_login(personas.member)
    data = {"action": "tier", "tier": "low", "selected": [personas.other_client.pk], "confirm": "yes"}
    response = client.post(URL, data, follow=True)
    assert "Tick at least one client first." in response.content.decode()
    assert Client.objects.get(pk=personas.other_client.pk).tier == "mid"


def test_export_ticked_holds_only_the_ticked_visible_clients(client, personas):
    mine = ClientFactory(name="=Jade Hotels", code="JDH")
    TeamMemberFactory(client=mine, user=personas.member, role="lead_ae")
    client.force_login(personas.member)
    data = {"action": "export_csv", "selected": [mine.pk, personas.other_client.pk]}
    lines = client.post(URL, data).content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("JDH,'=Jade Hotels,")


def test_the_last_lead_ae_is_never_lost(client, personas):
    """The predecessor becomes an AE only once the new lead is on the team: a client always has a lead."""
    client.force_login(personas.management)
    newcomer = UserFactory(username="new-lead", title="AM")
    data = {"action": "lead_ae", "lead_ae": newcomer.pk, "selected": [personas.client.pk], "confirm": "yes"}
    client.post(URL, data)
    leads = AccountTeamMember.objects.filter(client=personas.client, role="lead_ae")
    assert [member.user for member in leads] == [newcomer]


def test_the_services_refuse_a_client_out_of_sight_whoever_calls_them(personas):
    from django.core.exceptions import PermissionDenied

    from accounts.services.clients import client_set_lead_ae, client_set_tier

    unseen = ClientFactory(tier=Client.Tier.LOW)  # nobody of the member's line is on its team
    with pytest.raises(PermissionDenied):
        client_set_tier(client=unseen, tier=Client.Tier.HIGH, by=personas.member)
    with pytest.raises(PermissionDenied):
        client_set_lead_ae(client=unseen, lead_ae=personas.member, by=personas.member)
    unseen.refresh_from_db()
    assert unseen.tier == Client.Tier.LOW and not unseen.team_members.exists()
