"""A name on a page is a link to what it names, for a reader who may open it, and plain text for one who
may not (agency/core/object_links.py). Rule: "A name is a link" (docs/practice.md)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from accounts.tests.factories import BrandFactory, ContactFactory, TeamMemberFactory
from agency.core.tests.factories import UserFactory
from briefs import workflow
from briefs.tests.factories import CampaignFactory
from evaluations.services import reviews as review_services


def link(url, text):
    return f'<a href="{url}">{escape(text)}</a>'


def person_url(user):
    return f"/people/{user.pk}/"


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def campaign(personas):
    planner = UserFactory(username="planner", first_name="Lan", last_name="Wu", title="planner")
    brand = BrandFactory(client=personas.client, name="Pure Milk")
    campaign = CampaignFactory(brand=brand, lead_ae=personas.member, name="Summer launch")
    campaign.team.add(planner)
    campaign.planner = planner
    return campaign


def test_the_campaign_page_links_its_client_brand_lead_ae_and_team(client, personas, campaign):
    html = page(client, personas.member, f"/campaigns/{campaign.pk}/")
    client_url = f"/clients/{personas.client.pk}/"
    assert link(client_url, "Tianshan Dairy") in html
    assert link(f"{client_url}#brand-{campaign.brand.pk}", "Pure Milk") in html
    assert link(person_url(personas.member), str(personas.member)) in html  # the lead AE
    assert link(person_url(campaign.planner), "Lan Wu") in html  # the campaign team
    # The brand's link leads to its place on the client page.
    assert f'id="brand-{campaign.brand.pk}"' in page(client, personas.member, client_url)


def test_the_campaign_list_links_client_brand_and_lead_ae_and_its_export_stays_plain(client, personas, campaign):
    html = page(client, personas.member, "/campaigns/")
    assert link(f"/clients/{personas.client.pk}/", "Tianshan Dairy") in html
    assert link(f"/clients/{personas.client.pk}/#brand-{campaign.brand.pk}", "Pure Milk") in html
    assert link(person_url(personas.member), str(personas.member)) in html
    export = client.get("/campaigns/export.csv").content.decode()
    assert "Pure Milk" in export and "<a" not in export


def test_a_client_the_reader_may_not_see_is_named_in_plain_text(client, personas):
    """The member's review asks a contact of a client the member's supervisor does not work on: the
    supervisor reads the contact and the client by name, without a link; management, who sees every
    client, gets the links."""
    import datetime

    TeamMemberFactory(client=personas.other_client, user=UserFactory(username="hlc-ae"), role="ae")
    contact = ContactFactory(client=personas.other_client, name="Chan Mei")
    cycle = review_services.cycle_create(
        name="2026 H2",
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 12, 31),
        feedback_deadline=datetime.date(2027, 1, 15),
        titles=["AE"],
        people=[personas.member],
        by=personas.management,
    )
    review = cycle.reviews.get()
    review_services.review_add_reviewer(review=review, relationship="client", contact=contact, by=personas.management)
    other_url = f"/clients/{personas.other_client.pk}/"

    html = page(client, personas.supervisor, f"/reviews/{review.pk}/")
    assert "Chan Mei" in html and "Harbour Line Coffee" in html
    assert other_url not in html  # neither the contact nor the client links to a page that would be a 404
    assert link(person_url(personas.member), str(personas.member)) in html  # the reviewed person: a colleague
    assert link(person_url(personas.supervisor), str(personas.supervisor)) in html

    html = page(client, personas.management, f"/reviews/{review.pk}/")
    assert link(f"{other_url}#contact-{contact.pk}", "Chan Mei") in html
    assert link(other_url, "Harbour Line Coffee") in html


def test_a_colleagues_page_lists_only_the_work_the_reader_may_see(client, personas, campaign):
    other = CampaignFactory(
        brand=BrandFactory(client=personas.other_client, name="Dark Roast"), lead_ae=personas.outsider
    )
    url = person_url(personas.outsider)

    html = page(client, personas.member, url)
    assert escape(str(personas.outsider)) in html and "Account Executive (AE)" in html
    assert link(person_url(personas.management), str(personas.management)) in html  # the supervisor
    assert "Harbour Line Coffee" not in html and other.job_number not in html
    assert f"/reviews/people/{personas.outsider.pk}/" not in html  # the member is not above the outsider

    html = page(client, personas.management, url)
    assert link(f"/clients/{personas.other_client.pk}/", "Harbour Line Coffee") in html
    assert link(f"/campaigns/{other.pk}/", str(other)) in html
    assert f"/reviews/people/{personas.outsider.pk}/" in html

    html = page(client, personas.supervisor, person_url(personas.member))  # the member's line manager
    assert link(f"/campaigns/{campaign.pk}/", str(campaign)) in html
    assert f"/reviews/people/{personas.member.pk}/" in html
    assert link(person_url(personas.member), str(personas.member)) in page(
        client, personas.member, person_url(personas.supervisor)
    )


def test_a_colleagues_page_answers_in_a_fixed_number_of_queries(client, personas):
    client.force_login(personas.supervisor)
    url = person_url(personas.member)
    client.get(url)
    counts = []
    for size in (1, 6):
        for _ in range(size):
            brand = BrandFactory(client=personas.client)
            CampaignFactory(brand=brand, lead_ae=personas.member)
            TeamMemberFactory(client=BrandFactory().client, user=personas.member, role="ae")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] <= 12, counts


def test_nobody_outside_the_agency_opens_a_colleagues_page(client, personas):
    response = client.get(person_url(personas.member))
    assert response.status_code == 302 and "/auth/login/" in response["Location"]
    client.force_login(personas.member)
    assert client.get("/people/999999/").status_code == 404


def test_a_timeline_links_who_did_it(client, personas, campaign):
    workflow.campaign_hold(campaign=campaign, reason="Client asked to wait", by=personas.member)
    html = page(client, personas.member, f"/campaigns/{campaign.pk}/")
    timeline = html[html.index("Timeline") :]
    assert re.search(
        rf'<a href="{person_url(personas.member)}">{re.escape(escape(str(personas.member)))}</a>', timeline
    )


def test_the_dashboards_tables_link_the_campaigns_and_people_they_name(client, personas, campaign):
    html = page(client, personas.member, "/dashboard/")
    waiting = html[html.index('id="table-bottlenecks-waiting"') :]
    waiting = waiting[: waiting.index("</table>")]
    assert link(f"/campaigns/{campaign.pk}/", campaign.job_number) in waiting
    assert link(f"/clients/{personas.client.pk}/", "Tianshan Dairy") in waiting
    assert link(person_url(personas.member), str(personas.member)) in waiting  # the lead AE
    export = client.get("/dashboard/export/bottlenecks-waiting.csv").content.decode()
    assert campaign.job_number in export and "<a" not in export
