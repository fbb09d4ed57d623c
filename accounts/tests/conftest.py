import pytest

from accounts.tests.factories import BrandFactory, ContactFactory, ContactReportFactory


@pytest.fixture
def account(personas):
    """The team member's client with a brand, a contact and a contact report: history. (Its campaigns are
    briefs' and shown by briefs: briefs/tests/test_client_pages.py.)"""
    brand = BrandFactory(client=personas.client, name="Pure Milk")
    contact = ContactFactory(client=personas.client, name="Liu Yang", email="liu.yang@tianshan.example")
    report = ContactReportFactory(client=personas.client, created_by=personas.member, subject="Kick-off")
    return type(
        "Account",
        (),
        {"client": personas.client, "brand": brand, "contact": contact, "report": report},
    )


def login(django_client, user):
    django_client.force_login(user)
    return django_client
