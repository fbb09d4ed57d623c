"""The account-team scoping rule, per persona."""

import pytest
from django.http import Http404

from accounts.models import Client
from accounts.tests.factories import TeamMemberFactory
from agency.core.models import User
from agency.core.tests.factories import UserFactory
from agency.core.visibility import get_visible_or_404
from briefs.models import Campaign
from briefs.tests.factories import CampaignFactory


def visible_names(user):
    return set(Client.objects.visible_to(user).values_list("name", flat=True))


def test_it_shows_a_team_member_only_their_clients(personas):
    assert visible_names(personas.member) == {"Tianshan Dairy"}
    assert visible_names(personas.outsider) == {"Harbour Line Coffee"}


def test_it_shows_a_supervisor_their_reports_clients(personas):
    assert visible_names(personas.supervisor) == {"Tianshan Dairy"}


def test_it_follows_the_whole_reporting_line(personas):
    gad = UserFactory(username="gad", title="GAD")
    User.objects.filter(pk=personas.supervisor.pk).update(supervisor=gad)
    assert visible_names(gad) == {"Tianshan Dairy"}


def test_it_shows_management_everything(personas):
    assert visible_names(personas.management) == {"Tianshan Dairy", "Harbour Line Coffee"}


def test_it_shows_an_inactive_or_anonymous_user_nothing(personas):
    from django.contrib.auth.models import AnonymousUser

    personas.member.is_active = False
    assert visible_names(personas.member) == set()
    assert visible_names(AnonymousUser()) == set()


def test_it_counts_each_client_once_when_several_reports_are_on_its_team(personas):
    second = UserFactory(username="second", supervisor=personas.supervisor)
    TeamMemberFactory(client=personas.client, user=second)
    assert Client.objects.visible_to(personas.supervisor).count() == 1


def test_it_scopes_campaigns_through_their_client(personas):
    mine = CampaignFactory(brand__client=personas.client)
    theirs = CampaignFactory(brand__client=personas.other_client)
    assert list(Campaign.objects.visible_to(personas.member)) == [mine]
    assert list(Campaign.objects.visible_to(personas.outsider)) == [theirs]


def test_it_raises_404_outside_the_team(personas):
    campaign = CampaignFactory(brand__client=personas.client)
    assert get_visible_or_404(Campaign, personas.member, pk=campaign.pk) == campaign
    assert get_visible_or_404(Campaign, personas.supervisor, pk=campaign.pk) == campaign
    with pytest.raises(Http404):
        get_visible_or_404(Campaign, personas.outsider, pk=campaign.pk)
    with pytest.raises(Http404):
        get_visible_or_404(Campaign, personas.finance, pk=campaign.pk)


@pytest.mark.parametrize(
    ("persona", "sees", "hidden"),
    [
        ("member", "Tianshan Dairy", "Harbour Line Coffee"),
        ("outsider", "Harbour Line Coffee", "Tianshan Dairy"),
        ("supervisor", "Tianshan Dairy", "Harbour Line Coffee"),
    ],
)
def test_it_lists_only_visible_clients_on_my_day(client, personas, persona, sees, hidden):
    client.force_login(getattr(personas, persona))
    page = client.get("/").content.decode()
    assert sees in page
    assert hidden not in page


def test_it_sends_anonymous_visitors_to_log_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/auth/login/")


def test_it_writes_chinese_names_family_name_first(db):
    assert str(UserFactory(username="zm", first_name="敏", last_name="周")) == "周敏"
    assert str(UserFactory(username="dl", first_name="David", last_name="Liu")) == "David Liu"
