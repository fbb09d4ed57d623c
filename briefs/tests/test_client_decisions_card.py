"""The client page shows what the client has still to decide, and leads to the document."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import BrandFactory, ContactFactory
from agency.core import decisions
from briefs.tests.factories import CampaignFactory, make_brief
from briefs.tests.test_client_pages import grow


def ask_the_client(personas, *, name="Summer launch", contact=None, days=14):
    brand = BrandFactory(client=personas.client)
    campaign = CampaignFactory(brand=brand, client=personas.client, lead_ae=personas.member, name=name)
    version = make_brief(campaign, by=personas.member).versions.get(number=1)
    contact = contact or ContactFactory(client=personas.client, name="Liu Yang")
    return decisions.request_decision(document=version, contact=contact, by=personas.member, expires_in_days=days)


def card(page):
    start = page.index('id="open-decisions"')
    return page[start : page.index("</ul>", start)]


def test_it_shows_each_waiting_decision_with_contact_age_and_expiry(client, personas, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    waiting = ask_the_client(personas)
    time_machine.shift(timedelta(days=2, hours=3))
    client.force_login(personas.member)
    shown = card(client.get(f"/clients/{personas.client.pk}/").content.decode())
    assert "Creative brief v1" in shown and "Summer launch" in shown
    assert "Liu Yang" in shown
    assert "sent 2\xa0days, 3\xa0hours ago" in shown
    assert timezone.localtime(waiting.expires_at).strftime("%-d %b %Y") in shown  # e.g. 17 Dec 2026
    assert f'href="/decision-requests/{waiting.pk}/document/"' in shown


def test_the_link_leads_to_the_document_page(client, personas):
    waiting = ask_the_client(personas)
    client.force_login(personas.member)
    response = client.get(f"/decision-requests/{waiting.pk}/document/", follow=True)
    campaign_id = waiting.document.brief.campaign_id
    assert response.redirect_chain[-1][0] == f"/campaigns/{campaign_id}/brief/v1/"
    assert "Fresh from the pasture" in response.content.decode()


def test_decided_revoked_and_expired_links_are_not_waiting(client, personas, time_machine):
    decided = ask_the_client(personas, name="Decided launch")
    decisions.decide(decision_request=decided, outcome="approved")
    revoked = ask_the_client(personas, name="Revoked launch")
    decisions.revoke_request(decision_request=revoked, by=personas.member)
    ask_the_client(personas, name="Short launch", days=1)
    ask_the_client(personas, name="Still waiting launch", days=10)
    time_machine.move_to(timezone.now() + timedelta(days=2))
    client.force_login(personas.member)
    shown = card(client.get(f"/clients/{personas.client.pk}/").content.decode())
    assert "Still waiting launch" in shown
    assert "Decided launch" not in shown and "Revoked launch" not in shown and "Short launch" not in shown


def test_someone_outside_the_team_cannot_follow_the_link(client, personas):
    waiting = ask_the_client(personas)
    client.force_login(personas.outsider)
    assert client.get(f"/decision-requests/{waiting.pk}/document/").status_code == 404


@pytest.mark.parametrize("size", [1, 10])
def test_the_card_keeps_the_client_page_in_a_fixed_number_of_queries(
    client, personas, size, django_assert_max_num_queries
):
    grow(personas, size)
    contact = ContactFactory(client=personas.client, name="Liu Yang")
    for i in range(size):
        ask_the_client(personas, name=f"Waiting {i}", contact=contact)
    client.force_login(personas.member)
    with django_assert_max_num_queries(14):
        page = client.get(f"/clients/{personas.client.pk}/").content.decode()
    assert card(page).count("/document/") == size
