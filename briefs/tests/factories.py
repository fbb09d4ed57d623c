import factory

from accounts.tests.factories import BrandFactory
from agency.tests.factories import UserFactory
from briefs.models import Campaign


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    brand = factory.SubFactory(BrandFactory)
    client = factory.SelfAttribute("brand.client")
    name = factory.Sequence(lambda n: f"Campaign {n}")
    job_number = factory.Sequence(lambda n: f"JOB-2026-{n:04d}")
    lead_ae = factory.SubFactory(UserFactory)
    budget = 100000
