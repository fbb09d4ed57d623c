"""Lower-is-better KPIs (cost per lead, CPM, complaints): set on the brief, carried into the evaluation, judged
target ÷ actual, and counted the same way wherever "KPIs met" is counted."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.tests.factories import BrandFactory
from briefs.models import BriefVersion, Campaign, Stage
from briefs.tests.factories import CampaignFactory, approve_brief_with_objectives
from evaluations.models import CampaignEvaluation
from evaluations.services import campaign as services

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
KPIS = [
    ("Unaided awareness in the south", Decimal("35"), "%", "Brand tracking survey"),
    ("Cost per lead", Decimal("50"), "CNY", "CRM leads ÷ media spend", "lower"),
]


@pytest.fixture
def campaign(personas):
    brand = BrandFactory(client=personas.client, name="Tianshan Yoghurt")
    return CampaignFactory(
        client=personas.client, brand=brand, name="Southern launch", lead_ae=personas.member, stage=Stage.MEDIA
    )


def evaluated(campaign, *, contact, by, awareness, cost_per_lead):
    """The campaign evaluated against KPIS, through the services; returns the completed evaluation."""
    approve_brief_with_objectives(campaign, contact=contact, by=by, kpis=KPIS)
    Campaign.objects.filter(pk=campaign.pk).update(stage=Stage.EVALUATION)
    campaign.refresh_from_db()
    evaluation = services.evaluation_start(campaign=campaign, by=by)
    for result, actual in zip(evaluation.results.order_by("position"), (awareness, cost_per_lead), strict=True):
        services.kpi_result_record(
            result=result, actual=actual, source="sales", measured_on=datetime.date(2026, 9, 30), by=by
        )
    services.evaluation_learnings_save(evaluation=evaluation, learnings="Leads came cheap on WeChat.", by=by)
    return services.evaluation_complete(evaluation=evaluation, by=by)


def achievement_cell(page, result):
    row = re.search(rf'<tr data-kpi="{result.pk}">.*?</tr>', page, re.S).group(0)
    return re.search(r'<td class="text-end achievement"[^>]*>(.*?)</td>', row, re.S).group(1)


def test_the_brief_records_a_kpi_as_lower_is_better(client, personas, campaign):
    client.force_login(personas.member)
    edit = client.get(f"/campaigns/{campaign.pk}/brief/edit/").content.decode()
    assert "Lower is better" in edit and 'name="kpis-0-direction"' in edit
    data = {name: "x" for name in BriefVersion.TEXT_FIELDS}
    data.update({"budget": "", "base_number": 1, "base_revision": 1, "kpis-TOTAL_FORMS": 3, "kpis-INITIAL_FORMS": 0})
    data.update({"kpis-0-name": "Trial", "kpis-0-target": "12.5", "kpis-0-unit": "%", "kpis-0-direction": "higher"})
    data.update({"kpis-1-name": "CPM", "kpis-1-target": "80", "kpis-1-unit": "CNY", "kpis-1-direction": "lower"})
    data["kpis-2-direction"] = "higher"  # a blank row, as the browser sends it
    assert client.post(f"/campaigns/{campaign.pk}/brief/edit/", data).status_code == 302
    version = campaign.creative_brief.versions.get()
    assert [(k.name, k.direction) for k in version.kpis.all()] == [("Trial", "higher"), ("CPM", "lower")]
    page = client.get(f"/campaigns/{campaign.pk}/brief/").content.decode()
    assert page.count("lower is better") == 1
    # Editing again keeps the direction the form shows.
    edit = client.get(f"/campaigns/{campaign.pk}/brief/edit/").content.decode()
    assert re.search(r'name="kpis-1-direction".*?<option value="lower" selected>', edit, re.S)


def test_a_brief_without_directions_keeps_its_approval(personas, campaign, contact):
    """Briefs approved before KPIs had a direction: their approved text, and so their approval, is unchanged."""
    from briefs.workflow import approved_brief_version

    version = approve_brief_with_objectives(campaign, contact=contact, by=personas.member)
    assert "lower is better" not in version.decision_content()
    assert approved_brief_version(campaign) == version
    lower = approve_brief_with_objectives(
        CampaignFactory(client=personas.client, brand=campaign.brand), contact=contact, by=personas.member, kpis=KPIS
    )
    assert "Cost per lead | 50 | CNY | CRM leads ÷ media spend | lower is better" in lower.decision_content()


@pytest.mark.parametrize(
    ("cost_per_lead", "shown", "met"),
    [("40", "125.0%", True), ("60", "83.3%", False), ("50", "100.0%", True), ("0", "—", True)],
)
def test_a_cost_per_lead_under_target_reads_as_met(client, personas, campaign, contact, cost_per_lead, shown, met):
    evaluation = evaluated(
        campaign, contact=contact, by=personas.member, awareness=Decimal("42"), cost_per_lead=Decimal(cost_per_lead)
    )
    awareness, cpl = evaluation.results.order_by("position")
    assert cpl.direction == "lower" and awareness.direction == "higher"  # carried from the approved brief
    client.force_login(personas.member)
    page = client.get(reverse("campaign_evaluation", args=[campaign.pk])).content.decode()
    cell = achievement_cell(page, cpl)
    assert shown in cell
    assert ("text-bg-success" in cell) is met and ("text-bg-warning" in cell) is not met
    assert ("> met</span>" in cell) is met and ("> not met</span>" in cell) is not met
    assert "120.0%" in achievement_cell(page, awareness)
    row = re.search(rf'<tr data-kpi="{cpl.pk}">.*?</tr>', page, re.S).group(0)
    assert "lower is better" in row
    # The client reads the same on the page shared for acknowledgement.
    assert f"actual={cost_per_lead} |" in evaluation.decision_content()
    assert f"achievement={'' if shown == '—' else shown} | lower is better" in evaluation.decision_content()


def test_the_evaluation_form_says_which_kpis_are_lower_is_better(client, personas, campaign, contact):
    approve_brief_with_objectives(campaign, contact=contact, by=personas.member, kpis=KPIS)
    Campaign.objects.filter(pk=campaign.pk).update(stage=Stage.EVALUATION)
    client.force_login(personas.member)
    client.post(reverse("campaign_evaluation_start", args=[campaign.pk]))
    evaluation = CampaignEvaluation.objects.get(campaign=campaign)
    _, cpl = evaluation.results.order_by("position")
    page = client.get(reverse("campaign_evaluation", args=[campaign.pk])).content.decode()
    form = re.search(rf'id="record-{cpl.pk}".*?</h3>', page, re.S).group(0)
    assert "Cost per lead" in form and "lower is better" in form
    assert page.count("lower is better") == 2  # the results table and the cost-per-lead form, not awareness


@pytest.mark.parametrize(("cost_per_lead", "met"), [("40", 2), ("60", 1)])
def test_the_review_facts_count_a_cheaper_lead_as_met(
    client, personas, review, give_feedback, campaign, contact, time_machine, cost_per_lead, met
):
    time_machine.move_to(datetime.datetime(2026, 10, 9, 10, 0, tzinfo=SHANGHAI), tick=False)
    evaluation = evaluated(
        campaign, contact=contact, by=personas.member, awareness=Decimal("42"), cost_per_lead=Decimal(cost_per_lead)
    )
    assert sum(result.achieved for result in evaluation.results.all()) == met  # the page and the facts agree
    peer = give_feedback(review, "peer")
    client.force_login(peer)
    page = client.get(reverse("reviews:feedback", args=[review.feedback.get(reviewer=peer).pk])).content.decode()
    assert f"Campaign KPIs met: {met} of 2, in 1 evaluated campaigns led." in page
