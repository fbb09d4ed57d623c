import factory

from accounts.tests.factories import BrandFactory
from agency.tests.factories import UserFactory
from briefs.models import Campaign, Concept, EstimateLine, FinalAd, ProductionEstimate
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
    budget = 100000

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
