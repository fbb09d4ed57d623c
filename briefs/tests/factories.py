from decimal import Decimal

import factory

from accounts.tests.factories import BrandFactory
from agency.core.tests.factories import UserFactory
from briefs.models import BriefKPI, Campaign, Concept, EstimateLine, FinalAd, ProductionEstimate
from briefs.services.checklist import checklist_create_default


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    brand = factory.SubFactory(BrandFactory)
    client = factory.SelfAttribute("brand.client")
    name = factory.Sequence(lambda n: f"Campaign {n}")
    job_number = factory.Sequence(lambda n: f"JOB-2026-{n:04d}")
    lead_ae = factory.SubFactory(UserFactory)
    # Big enough that no plan or estimate a test writes goes over it ("Money committed counts" asks a reason
    # then); tests of the budget give their campaign its own.
    budget = 1_000_000_000

    @factory.post_generation
    def checklist(self, create, extracted, **kwargs):
        if create and extracted:
            checklist_create_default(campaign=self)


class ConceptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concept

    campaign = factory.SubFactory(CampaignFactory)
    client = factory.SelfAttribute("campaign.client")
    round = factory.SelfAttribute("campaign.concept_round")
    title = factory.Sequence(lambda n: f"Concept {n}")
    rationale = "Mothers pour milk for the whole family."


class EstimateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductionEstimate

    campaign = factory.SubFactory(CampaignFactory)
    client = factory.SelfAttribute("campaign.client")
    version = factory.Sequence(lambda n: n + 1)
    currency = "CNY"


class EstimateLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EstimateLine

    estimate = factory.SubFactory(EstimateFactory)
    vendor = "Shanghai Film Co."
    description = "Two-day shoot"
    quantity = 2
    unit_cost = "15000.00"


class FinalAdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinalAd

    campaign = factory.SubFactory(CampaignFactory)
    client = factory.SelfAttribute("campaign.client")
    version = factory.Sequence(lambda n: n + 1)
    title = "TVC 15s"


def make_brief(campaign, *, by, kpis=None, **fields):
    """A campaign's brief with a filled-in first draft."""
    from briefs.services.brief import brief_start

    brief = brief_start(campaign=campaign, by=by)
    version = brief.versions.get(number=1)
    values = {
        "background": "Tianshan's yoghurt sells in the north; the south does not know it.",
        "business_objective": "Grow southern sales by 20% in 2026.",
        "communication_objective": "Make southern mothers see Tianshan as the fresh choice.",
        "target_audience": "Mothers 28-40 in Guangzhou and Shenzhen.",
        "consumer_insight": "Fresh means close to home.",
        "proposition": "Fresh from the pasture to your table in 48 hours.",
        "reasons_to_believe": "Cold chain; own pastures.",
        "brand_personality": "Warm, honest, lively.",
        "mandatories": "Logo end frame; ad-law claims checked.",
        "deliverables": "30s TVC, 3 key visuals, social cut-downs.",
        "timing": "Concepts by 15 May; on air 1 July.",
        "budget": Decimal("2500000.00"),
        **fields,
    }
    for name, value in values.items():
        setattr(version, name, value)
    version.save()
    for i, kpi in enumerate(kpis or [("Unaided awareness in the south", Decimal("35"), "%", "Brand tracking survey")]):
        BriefKPI.objects.create(
            version=version, position=i, name=kpi[0], target=kpi[1], unit=kpi[2], measured_by=kpi[3],
            direction=kpi[4] if len(kpi) > 4 else "higher",
        )  # fmt: skip
    return brief


def approve_brief_with_objectives(campaign, *, contact, by, kpis=None):
    """Through the services: a brief with measurable KPIs, sent and approved by the client by link.
    What the evaluation step needs before a campaign may enter it. Returns the approved version."""
    from agency.core import decisions
    from agency.core.models import DecisionRequest
    from briefs.services.brief import brief_send_for_approval

    version = make_brief(campaign, by=by, kpis=kpis).versions.get(number=1)
    brief_send_for_approval(version=version, contact=contact, by=by)
    decisions.decide(decision_request=DecisionRequest.objects.for_document(version).open().get(), outcome="approved")
    version.refresh_from_db()
    return version
