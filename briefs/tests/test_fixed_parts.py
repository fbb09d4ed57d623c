"""What pages keep of their fixed parts (agency/core/templatetags/fixed_html.py) never shows a reader
anything stale or someone else's: the menus follow each reader's language, the add-a-step form offers
the client's account team as it is now, and the campaign page says what its stage still waits for
exactly as the gate that refuses the move does."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.tests.factories import TeamMemberFactory
from agency.core.tests.factories import UserFactory
from briefs.models import Campaign, ChecklistStep, Stage
from briefs.workflow import missing_to_advance

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept_as_in_production(settings):
    settings.DEBUG = False  # with DEBUG on nothing is kept, and these tests would prove nothing


def nav_menu(page):
    return page.split('id="main-nav"')[1].split("</ul>")[0]


def test_it_shows_each_reader_the_menus_in_their_own_language(client, personas):
    personas.supervisor.language = "zh-hans"
    personas.supervisor.save(update_fields=["language"])

    client.force_login(personas.member)
    english = nav_menu(client.get(reverse("accounts:client_list")).content.decode())
    client.force_login(personas.supervisor)
    chinese = nav_menu(client.get(reverse("accounts:client_list")).content.decode())
    client.force_login(personas.member)
    english_again = nav_menu(client.get(reverse("accounts:client_list")).content.decode())

    assert ">Clients</a>" in english and ">客户</a>" not in english
    assert ">客户</a>" in chinese and ">Clients</a>" not in chinese
    assert english_again == english
    assert f'href="{reverse("campaign_list")}"' in english


def test_the_menu_is_the_same_for_everyone_but_the_readers_own_name(client, personas):
    client.force_login(personas.member)
    page = client.get(reverse("home")).content.decode()
    client.force_login(personas.management)
    other = client.get(reverse("home")).content.decode()

    assert nav_menu(page) == nav_menu(other)
    assert escape(str(personas.member)) in page and escape(str(personas.member)) not in other.split("<main")[0]


def owner_options(page):
    form = page.split(reverse("step_add", args=[re.search(r"/campaigns/(\d+)/steps/add/", page).group(1)]))[1]
    select = form.split('name="owner"')[1].split("</select>")[0]
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_add_a_step_form_offers_the_account_team_as_it_is_now(client, personas, team_campaign):
    client.force_login(personas.member)
    url = reverse("campaign_detail", args=[team_campaign.pk])
    before = owner_options(client.get(url).content.decode())
    newcomer = UserFactory(username="newcomer", first_name="Lin", last_name="Newcomer")
    TeamMemberFactory(client=personas.client, user=newcomer, role="ae")
    after = owner_options(client.get(url).content.decode())

    assert str(newcomer) not in before
    assert str(newcomer) in after
    assert set(before) < set(after)


def test_the_campaign_page_says_what_the_stage_waits_for_as_the_gate_does(client, personas, team_campaign):
    Campaign.objects.filter(pk=team_campaign.pk).update(stage=Stage.MEDIA)
    step = ChecklistStep.objects.filter(campaign=team_campaign, stage=Stage.MEDIA, required=True).first()
    client.force_login(personas.member)
    url = reverse("campaign_detail", args=[team_campaign.pk])

    shown = client.get(url).content.decode()
    gate = missing_to_advance(Campaign.objects.get(pk=team_campaign.pk))
    assert gate and all(escape(str(item)) in shown for item in gate)
    assert escape(str(step.label)) in shown.split('id="missing"')[1].split("</ul>")[0]

    ChecklistStep.objects.filter(pk=step.pk).update(waived_at=step.campaign.created_at, waive_reason="Not needed")
    shown = client.get(url).content.decode().split('id="missing"')[1].split("</ul>")[0]
    gate = missing_to_advance(Campaign.objects.get(pk=team_campaign.pk))
    assert escape(str(step.label)) not in shown
    assert all(escape(str(item)) in shown for item in gate)
