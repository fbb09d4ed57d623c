"""The churn signal: a client drifting away (falling spend, no campaign for months, falling satisfaction,
open complaints) scores low with a one-line reason; a healthy one scores 100. Shown on the client list,
sortable, in a fixed number of queries, and on the manager dashboard."""

import secrets
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from accounts.client_health import health, with_health_figures
from accounts.models import Client, SatisfactionSurvey
from accounts.services.complaints import complaint_record
from accounts.tests.factories import BrandFactory, ClientFactory, ContactFactory, TeamMemberFactory
from briefs.tests.factories import CampaignFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=SHANGHAI)


def campaign(client, lead, start, budget):
    return CampaignFactory(
        client=client, brand=BrandFactory(client=client), lead_ae=lead, start_date=start, budget=budget
    )


def answered(client, score, at):
    contact = ContactFactory(client=client)
    SatisfactionSurvey.objects.create(
        client=client, contact=contact, reason="quarterly", token_hash=secrets.token_hex(32), sent_at=at,
        expires_at=at + timedelta(days=30), answered_at=at, score=score,
    )  # fmt: skip


def drifting(personas, name="Drifting Dairy", code="DRF"):
    """Spent 100 000 in June, nothing since; satisfaction fell from 4.5 to 3; two complaints still open."""
    client = ClientFactory(name=name, code=code)
    TeamMemberFactory(client=client, user=personas.member, role="lead_ae")
    campaign(client, personas.member, date(2026, 6, 20), 100_000)
    answered(client, 4, datetime(2026, 3, 10, tzinfo=SHANGHAI))
    answered(client, 5, datetime(2026, 4, 10, tzinfo=SHANGHAI))
    answered(client, 3, datetime(2026, 10, 10, tzinfo=SHANGHAI))
    for text in ("Wrong cut aired.", "Invoice sent twice."):
        complaint_record(
            client=client, by=personas.member, channel="email", received_at=NOW - timedelta(days=3),
            category="service", priority="basic", description=text,
        )  # fmt: skip
    return client


def healthy(personas, name="Healthy Tea", code="HLT"):
    """Spending more each quarter, a campaign starting now, satisfied."""
    client = ClientFactory(name=name, code=code)
    TeamMemberFactory(client=client, user=personas.member, role="lead_ae")
    campaign(client, personas.member, date(2026, 7, 1), 100_000)
    campaign(client, personas.member, date(2026, 11, 20), 120_000)
    answered(client, 5, datetime(2026, 10, 10, tzinfo=SHANGHAI))
    return client


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


def scored(client):
    return health(with_health_figures(Client.objects.filter(pk=client.pk)).get(), NOW)


def test_a_drifting_client_scores_low_and_says_why(personas, now):
    result = scored(drifting(personas))
    # 100 − 30 (spend down 100%) − 15 (5 months: 3 past the two of grace) − 15 (satisfaction −1.5) − 10
    assert result.score == 30 and result.level == "at_risk"
    assert result.explanation == (
        "Spend down 100% on last quarter · no campaign for 5 months · satisfaction down from 4.5 to 3.0 · "
        "2 open complaints"
    )


def test_a_partial_fall_in_spend_costs_in_proportion(personas, now):
    client = ClientFactory(name="Slowing Soda", code="SLW")
    campaign(client, personas.member, date(2026, 7, 1), 100_000)
    campaign(client, personas.member, date(2026, 10, 1), 60_000)
    result = scored(client)
    assert result.score == 88 and result.level == "healthy"  # 100 − 30 × 40%
    assert result.explanation == "Spend down 40% on last quarter"


def test_a_healthy_client_scores_100_with_no_warning_signs(personas, now):
    result = scored(healthy(personas))
    assert (result.score, result.level, result.explanation) == (100, "healthy", "No warning signs")


@pytest.mark.parametrize("size", [1, 10])
def test_the_client_list_sorts_by_health_in_a_fixed_number_of_queries(
    client, personas, now, size, django_assert_max_num_queries
):
    drifting(personas)
    healthy(personas)
    for i in range(size):
        extra = ClientFactory(name=f"Grown {i}", code=f"GR{i}")
        TeamMemberFactory(client=extra, user=personas.member, role="lead_ae")
        campaign(extra, personas.member, date(2026, 10, 1), 50_000)
    client.force_login(personas.member)

    def listed(query):
        with django_assert_max_num_queries(9):  # the list's budget (briefs/tests/test_client_pages.py)
            response = client.get(f"/clients/?{query}")
        rows = response.context["page"]
        return [c.name for c in rows], [c.health.score for c in rows], response.content.decode()

    names, scores, page = listed("sort=health")
    assert names[0] == "Drifting Dairy" and scores == sorted(scores) and len(names) == size + 3
    assert 'data-score="30" data-level="at_risk"' in page and "no campaign for 5 months" in page
    assert 'href="?sort=-health"' in page  # the header sorts the other way next
    names, scores, _page = listed("sort=-health")
    assert names[-1] == "Drifting Dairy" and scores == sorted(scores, reverse=True)
    names, _scores, page = listed("")
    assert names == sorted(names, key=str.casefold)
    assert 'data-score="30" data-level="at_risk"' in page  # the same score, read for the page's clients only


def test_the_manager_dashboard_lists_clients_most_at_risk_first(client, personas, now):
    drifting(personas)
    healthy(personas)
    client.force_login(personas.management)
    page = client.get("/dashboard/").content.decode()
    section = page[page.index("Client health") :]
    assert section.index("Drifting Dairy") < section.index("Healthy Tea")
    assert "Spend down 100% on last quarter · no campaign for 5 months" in section
