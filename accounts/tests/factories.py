from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import AccountTeamMember, ActionItem, Brand, Client, Contact, ContactReport, Prospect
from agency.core.tests.factories import UserFactory


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    name = factory.Sequence(lambda n: f"Client {n}")
    code = factory.Sequence(lambda n: f"C{n:03d}")
    industry = "Food & beverage"


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand

    client = factory.SubFactory(ClientFactory)
    name = factory.Sequence(lambda n: f"Brand {n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    client = factory.SubFactory(ClientFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.Sequence(lambda n: f"contact{n}@client.example")
    language = "en"


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountTeamMember

    client = factory.SubFactory(ClientFactory)
    role = "ae"


class ContactReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactReport

    client = factory.SubFactory(ClientFactory)
    meeting_date = factory.LazyFunction(timezone.localdate)
    subject = factory.Sequence(lambda n: f"Monthly meeting {n}")
    summary = "We went through the plan."
    created_by = factory.SubFactory(UserFactory)


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    report = factory.SubFactory(ContactReportFactory)
    client = factory.SelfAttribute("report.client")
    description = factory.Sequence(lambda n: f"Send the revised schedule {n}")
    owner = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))


class ProspectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prospect

    company = factory.Sequence(lambda n: f"Prospect {n}")
    industry = "Retail"
    owner = factory.SubFactory(UserFactory)
