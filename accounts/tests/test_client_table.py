"""The client list on the table component: its columns sort in the database, filters and sort survive
paging. (Health, a computed score, sorts as before: briefs/tests/test_client_health.py.)"""

import pytest

from accounts.tests.factories import ClientFactory, TeamMemberFactory


@pytest.fixture
def three(personas):
    for name, code, industry in (
        ("Bravo Tea", "BRT", "Food"),
        ("Alpha Cars", "ALC", "Automotive"),
        ("Cuppa", "CUP", "Drinks"),
    ):
        TeamMemberFactory(
            client=ClientFactory(name=name, code=code, industry=industry), user=personas.member, role="ae"
        )


def names(response):
    return [c.name for c in response.context["page"]]


def test_each_column_sorts_in_the_database(client, personas, three):
    client.force_login(personas.member)
    assert names(client.get("/clients/", {"sort": "-name"}))[:2] == ["Tianshan Dairy", "Cuppa"]
    assert names(client.get("/clients/", {"sort": "code"})) == ["Alpha Cars", "Bravo Tea", "Cuppa", "Tianshan Dairy"]
    industries = names(client.get("/clients/", {"sort": "industry", "industry": "Food"}))
    assert industries == ["Bravo Tea"]
    page = client.get("/clients/", {"sort": "n_brands"}).content.decode()
    assert 'aria-sort="ascending"' in page and 'href="?sort=-n_brands"' in page


def test_pages_keep_the_filters_and_the_sort(client, personas):
    for i in range(30):
        TeamMemberFactory(client=ClientFactory(name=f"Paged {i:02d}", tier="high"), user=personas.member, role="ae")
    client.force_login(personas.member)
    first = client.get("/clients/", {"tier": "high", "sort": "-name"})
    assert names(first)[0] == "Paged 29"
    assert 'href="?tier=high&amp;sort=-name&amp;page=2"' in first.content.decode()
    assert names(client.get("/clients/", {"tier": "high", "sort": "-name", "page": 2}))[-1] == "Paged 00"
