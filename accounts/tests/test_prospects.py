"""Client development: a prospect's file, activities, won or lost, and conversion into a client."""

import pytest

from accounts.models import Client, Prospect, ProspectActivity, ProspectContact
from accounts.tests.factories import ProspectFactory


@pytest.fixture
def prospect(personas):
    prospect = ProspectFactory(company="Xinye Tech", industry="Consumer electronics", owner=personas.member)
    ProspectContact.objects.create(prospect=prospect, name="Zhou Xiao", email="zhou@xinye.example", language="en")
    ProspectActivity.objects.create(
        prospect=prospect,
        kind="meeting",
        date="2026-10-02",
        record="Visited their Shenzhen office.",
        by=personas.member,
    )
    return prospect


def test_it_opens_a_prospect_file_and_records_activities(client, personas):
    client.force_login(personas.member)
    response = client.post(
        "/prospects/new/",
        {
            "company": "Leaf Audio",
            "industry": "Electronics",
            "source": "event",
            "owner": personas.member.pk,
            "estimated_value": "1500000.00",
            "currency": "cny",
            "notes": "Met at the trade show.",
        },
    )
    assert response.status_code == 302
    prospect = Prospect.objects.get(company="Leaf Audio")
    assert prospect.currency == "CNY" and str(prospect.estimated_value) == "1500000.00"
    client.post(
        f"/prospects/{prospect.pk}/activities/", {"kind": "proposal", "date": "2026-11-01", "record": "Sent v1"}
    )
    page = client.get(f"/prospects/{prospect.pk}/").content.decode()
    assert "Proposal sent" in page and "Sent v1" in page
    assert "Leaf Audio" in client.get("/prospects/").content.decode()


def test_it_hides_a_prospect_from_people_outside_its_reporting_line(client, personas, prospect):
    client.force_login(personas.outsider)
    assert "Xinye Tech" not in client.get("/prospects/").content.decode()
    for url in ("/", "/edit/"):
        assert client.get(f"/prospects/{prospect.pk}{url}").status_code == 404
    for url in ("activities/", "contacts/", "close/", "convert/"):
        assert client.post(f"/prospects/{prospect.pk}/{url}", {"status": "won"}).status_code == 404
    client.force_login(personas.supervisor)
    assert "Xinye Tech" in client.get("/prospects/").content.decode()


def test_it_requires_a_reason_to_mark_a_prospect_lost(client, personas, prospect):
    client.force_login(personas.member)
    response = client.post(f"/prospects/{prospect.pk}/close/", {"status": "lost", "reason": " "})
    assert response.status_code == 400
    assert "Say why the prospect was lost." in response.content.decode()
    prospect.refresh_from_db()
    assert prospect.status == "open"
    client.post(f"/prospects/{prospect.pk}/close/", {"status": "lost", "reason": "Went with an in-house team."})
    prospect.refresh_from_db()
    assert prospect.status == "lost" and prospect.lost_reason == "Went with an in-house team."


def test_it_converts_a_won_prospect_into_a_client_that_keeps_its_history(client, personas, prospect):
    client.force_login(personas.member)
    # Not before it is won.
    response = client.post(f"/prospects/{prospect.pk}/convert/", {"name": "Xinye Tech", "code": "XYT"})
    assert "Only a won prospect becomes a client." in response.content.decode()
    assert not Client.objects.filter(code="XYT").exists()

    client.post(f"/prospects/{prospect.pk}/close/", {"status": "won"})
    response = client.post(f"/prospects/{prospect.pk}/convert/", {"name": "Xinye Tech", "code": "XYT"})
    assert response.status_code == 302
    new_client = Client.objects.get(code="XYT")
    assert new_client.stage == Client.Stage.NEW and new_client.industry == "Consumer electronics"
    assert new_client.contacts.get().email == "zhou@xinye.example"
    assert new_client.team_members.get(user=personas.member).role == "lead_ae"

    page = client.get(response["Location"]).content.decode()
    assert "Zhou Xiao" in page  # the contact moved over
    assert "Client development" in page and "Visited their Shenzhen office." in page  # the file's history
    # Converting twice is refused; the supervisor sees the new client too.
    client.post(f"/prospects/{prospect.pk}/convert/", {"name": "Xinye Tech 2", "code": "XYT2"})
    assert not Client.objects.filter(code="XYT2").exists()
    client.force_login(personas.supervisor)
    assert "Xinye Tech" in client.get("/clients/").content.decode()
    # A client won from a prospect has history: it cannot be deleted.
    client.force_login(personas.member)
    response = client.post(f"/clients/{new_client.pk}/delete/", follow=True)
    assert "it was won from a prospect" in response.content.decode()


def test_it_refuses_a_conversion_with_a_taken_name_and_keeps_the_code(client, personas, prospect):
    client.force_login(personas.member)
    client.post(f"/prospects/{prospect.pk}/close/", {"status": "won"})
    response = client.post(f"/prospects/{prospect.pk}/convert/", {"name": "Tianshan Dairy", "code": "XYT"})
    page = response.content.decode()
    assert "A client with this name already exists." in page and 'value="XYT"' in page
