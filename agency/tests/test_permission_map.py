"""Rule: "Who may do what" (docs/practice.md). Generated from the map itself: every role × every action in
agency/core/permissions.py, on the real views. A person the map allows gets through (the page or a
redirect; a refusal of the work itself, e.g. a closed gate, is not a refusal of the person), a person it
does not allow gets 403 and nothing changes. Everyone here can see the campaign (they are on the
client's team, or management), so only the map decides."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.tests.factories import BrandFactory, TeamMemberFactory
from agency.core import permissions
from agency.core.models import Title
from agency.core.tests.factories import UserFactory
from briefs.models import ChecklistStep, ClientStatus, Stage
from briefs.tests.factories import CampaignFactory, ConceptFactory, EstimateFactory
from briefs.tests.fixtures import contact  # noqa: F401
from media.models import Booking
from media.services import bookings
from media.tests.conftest import confirmed_plan, draft_plan, first_line, media_campaign  # noqa: F401

# (name, title, department, role on the client's account team): one persona per role the map knows.
PERSONAS = [
    ("ae", Title.AE, "client_service", "ae"),
    ("lead_ae", Title.AE, "client_service", "lead_ae"),
    ("am", Title.AM, "client_service", "am"),
    ("aad", Title.AAD, "client_service", "aad"),
    ("ad", Title.AD, "client_service", "ad"),
    ("gad", Title.GAD, "client_service", "gad"),
    ("planner", Title.PLANNER, "planning", "planner"),
    ("creative", Title.CREATIVE, "creative", "creative"),
    ("media_planner", Title.MEDIA_PLANNER, "media", "media"),
    ("media_buyer", Title.MEDIA_BUYER, "media", "media"),
    ("producer", Title.PRODUCER, "production", "creative"),
    ("finance", Title.FINANCE, "finance", "finance"),
    ("management", Title.MANAGEMENT, "management", None),
]
MEDIA_ACTIONS = {"booking.create", "booking.confirm", "booking.cancel"}


def test_the_sweep_covers_every_title_and_every_action_has_both_answers():
    assert {title for _name, title, _dept, _role in PERSONAS} == set(Title.values)
    assert set(SETUPS) == set(permissions.ACTIONS)
    for action in permissions.ACTIONS:
        answers = {permissions.may(persona(name), action, team_role=role) for name, *_rest, role in PERSONAS}
        assert answers == {True, False}, action


def persona(name):
    """An unsaved person with the persona's title and department, for reading the map."""
    _name, title, department, _role = next(p for p in PERSONAS if p[0] == name)
    return UserFactory.build(username=name, title=title, department=department)


def _campaign(personas, stage=Stage.BRIEF, **fields):
    brand = BrandFactory(client=personas.client)
    return CampaignFactory(
        client=personas.client, brand=brand, lead_ae=personas.member, stage=stage, checklist=True, **fields
    )


def hold(ctx):
    campaign = _campaign(ctx.personas)
    return reverse("campaign_hold", args=[campaign.pk]), {"reason": "Client asked to wait"}, campaign


def resume(ctx):
    campaign = _campaign(ctx.personas, stage=Stage.ON_HOLD, resume_stage=Stage.BRIEF)
    return reverse("campaign_resume", args=[campaign.pk]), {}, campaign


def advance(ctx):
    campaign = _campaign(ctx.personas)
    return reverse("campaign_advance", args=[campaign.pk]), {}, campaign


def close(ctx):
    campaign = _campaign(ctx.personas, stage=Stage.EVALUATION)
    return reverse("campaign_advance", args=[campaign.pk]), {}, campaign


def cancel(ctx):
    campaign = _campaign(ctx.personas)
    return reverse("campaign_cancel", args=[campaign.pk]), {"reason": "Budget withdrawn"}, campaign


def reassign(ctx):
    from briefs.forms import CampaignForm

    campaign = _campaign(ctx.personas)
    form = CampaignForm(instance=campaign, client=campaign.client)
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, "")}
    newcomer = UserFactory(username="new-lead", title=Title.AE)
    TeamMemberFactory(client=ctx.personas.client, user=newcomer, role="ae")
    data |= {"lead_ae": newcomer.pk, "team": [newcomer.pk], "updated_at": campaign.updated_at.isoformat()}
    return reverse("campaign_edit", args=[campaign.pk]), data, campaign


def send(ctx):
    concept = ConceptFactory(campaign=_campaign(ctx.personas, stage=Stage.CREATIVE))
    return reverse("concept_send", args=[concept.pk]), {"contact": ctx.contact.pk}, concept


def record_cost(ctx):
    estimate = EstimateFactory(campaign=_campaign(ctx.personas, stage=Stage.CREATIVE), status=ClientStatus.APPROVED)
    data = {"vendor": "Shanghai Film Co.", "description": "Shoot", "amount": "1000.00", "incurred_on": date(2026, 5, 4)}
    return reverse("estimate_actual_add", args=[estimate.pk]), data, estimate


def waive(ctx):
    step = ChecklistStep.objects.filter(campaign=_campaign(ctx.personas), required=True).first()
    return reverse("step_waive", args=[step.pk]), {"reason": "Briefed in the annual meeting"}, step


def edit_timeline(ctx):
    return reverse("timeline_template"), None, None


def manage_webhooks(ctx):
    return reverse("webhook_list"), None, None


def import_clients(ctx):
    return reverse("accounts:client_import"), None, None


def retier(ctx):
    data = {"action": "tier", "tier": "high", "selected": [ctx.personas.client.pk], "confirm": "yes"}
    return reverse("accounts:client_bulk"), data, ctx.personas.client


def relead(ctx):
    from accounts.models import AccountTeamMember

    newcomer = UserFactory(username="new-lead", title=Title.AE)
    data = {"action": "lead_ae", "lead_ae": newcomer.pk, "selected": [ctx.personas.client.pk], "confirm": "yes"}
    lead = AccountTeamMember.objects.get(client=ctx.personas.client, user=ctx.personas.member)
    return reverse("accounts:client_bulk"), data, lead


def book(ctx):
    line = first_line(ctx.plan)
    return reverse("media_line_book", args=[line.pk]), {"notes": "", "over_budget_reason": "Agreed"}, line


def _booking(ctx):
    return bookings.booking_create(line=first_line(ctx.plan), by=ctx.personas.management, over_budget_reason="Agreed")


def confirm_booking(ctx):
    booking = _booking(ctx)
    return reverse("media_booking_confirm", args=[booking.pk]), {"vendor_reference": "V-1"}, booking


def cancel_booking(ctx):
    booking = _booking(ctx)
    return reverse("media_booking_cancel", args=[booking.pk]), {"reason": "Slot lost"}, booking


SETUPS = {
    "campaign.hold": hold,
    "campaign.resume": resume,
    "campaign.advance": advance,
    "campaign.close": close,
    "campaign.cancel": cancel,
    "campaign.reassign": reassign,
    "document.send_to_client": send,
    "cost.record": record_cost,
    "step.waive": waive,
    "timeline.edit": edit_timeline,
    "booking.create": book,
    "booking.confirm": confirm_booking,
    "booking.cancel": cancel_booking,
    "webhook.manage": manage_webhooks,
    "client.import": import_clients,
    "client.edit": retier,
    "client.team": relead,
}


def snapshot(obj):
    """What a refused request must leave as it was."""
    if obj is None:
        return None
    obj = type(obj).objects.get(pk=obj.pk)
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


@pytest.mark.parametrize("action", permissions.ACTIONS)
@pytest.mark.parametrize("name", [p[0] for p in PERSONAS])
def test_every_role_may_do_exactly_what_the_map_says(client, request, personas, contact, media_root, name, action):  # noqa: F811
    _name, title, department, role = next(p for p in PERSONAS if p[0] == name)
    user = UserFactory(username=f"sweep-{name}", title=title, department=department)
    if role:
        TeamMemberFactory(client=personas.client, user=user, role=role)
    ctx = type("Ctx", (), {"personas": personas, "contact": contact})
    if action in MEDIA_ACTIONS:
        ctx.plan = request.getfixturevalue("confirmed_plan")
    url, data, obj = SETUPS[action](ctx)
    before = snapshot(obj)
    bookings_before = Booking.objects.count()
    may = permissions.may(user, action, client=personas.client)  # before: the action may change the team
    client.force_login(user)
    response = client.get(url) if data is None else client.post(url, data)

    if may:
        # Past the map: the page or a redirect. A concept without artwork is refused as work (400), not the person.
        pages = {"timeline.edit", "webhook.manage", "client.import"}  # a page to open: 200
        allowed = {"document.send_to_client": (302, 400)}.get(action, (200,) if action in pages else (302,))
        assert response.status_code in allowed, (name, action, response.status_code)
    else:
        assert response.status_code == 403, (name, action, response.status_code)
        assert snapshot(obj) == before
        assert Booking.objects.count() == bookings_before


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


def test_an_ae_who_does_not_lead_the_account_edits_a_campaign_but_not_who_runs_it(client, personas):
    from briefs.forms import CampaignForm

    campaign = _campaign(personas)
    ae = UserFactory(username="plain-ae", title=Title.AE)
    TeamMemberFactory(client=personas.client, user=ae, role="ae")
    client.force_login(ae)
    page = client.get(reverse("campaign_edit", args=[campaign.pk])).content.decode()
    assert 'name="lead_ae"' in page and "disabled" in page.split('name="lead_ae"')[1].split(">")[0]

    form = CampaignForm(instance=campaign, client=campaign.client)
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, "")}
    data.pop("lead_ae"), data.pop("team", None)  # a browser does not send disabled fields
    data |= {"name": "Southern launch, phase 2", "updated_at": campaign.updated_at.isoformat()}
    assert client.post(reverse("campaign_edit", args=[campaign.pk]), data).status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "Southern launch, phase 2" and campaign.lead_ae == personas.member


@pytest.mark.parametrize("name", [p[0] for p in PERSONAS])
def test_the_campaign_page_offers_only_the_buttons_the_map_allows(
    client, personas, name, django_assert_max_num_queries
):
    _name, title, department, role = next(p for p in PERSONAS if p[0] == name)
    user = UserFactory(username=f"page-{name}", title=title, department=department)
    if role:
        TeamMemberFactory(client=personas.client, user=user, role=role)
    campaign = _campaign(personas)
    concept = ConceptFactory(campaign=campaign)
    client.force_login(user)
    page = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    may = lambda action: permissions.may(user, action, team_role=role)  # noqa: E731
    assert ("Cancel campaign" in page) == may("campaign.cancel")
    assert ("Put on hold" in page) == may("campaign.hold")
    assert ("Move to the next stage" in page) == may("campaign.advance")
    assert ("Why it is not needed" in page) == may("step.waive")
    page = client.get(reverse("concept_detail", args=[concept.pk])).content.decode()
    assert ("Send for the client's decision" in page) == may("document.send_to_client")
