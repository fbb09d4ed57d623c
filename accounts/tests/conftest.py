import pytest

from accounts.tests.factories import BrandFactory, ContactFactory, ContactReportFactory
from briefs.tests.factories import CampaignFactory


@pytest.fixture
def account(personas):
    """The team member's client with a brand, a contact, a campaign and a contact report: history."""
    brand = BrandFactory(client=personas.client, name="Pure Milk")
    contact = ContactFactory(client=personas.client, name="Liu Yang", email="liu.yang@tianshan.example")
    campaign = CampaignFactory(brand=brand, client=personas.client, lead_ae=personas.member, name="Spring Festival")
    report = ContactReportFactory(client=personas.client, created_by=personas.member, subject="Kick-off")
    return type(
        "Account",
        (),
        {"client": personas.client, "brand": brand, "contact": contact, "campaign": campaign, "report": report},
    )


def login(django_client, user):
    django_client.force_login(user)
    return django_client
