"""Pages of the bench (bench/targets.PAGES) not covered by their own app's query-budget test: the same
number of SQL queries at two data sizes (the dashboard's own test is in test_dashboards.py)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agency.core.models import OutboxMessage
from agency.tests.test_dashboards import grow, world  # noqa: F401 (the fixture)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_manager_home_answers_in_a_fixed_number_of_queries(client, world):  # noqa: F811
    """The manager's home is the portfolio, the team and their own day (agency/site/home_queries.py): a query
    or two per section and per deadline kind, whatever the number of campaigns."""
    client.force_login(world.management)
    client.get("/")  # what a process caches on its first request is not counted
    counts = []
    for size in (1, 10):
        grow(world, size)
        count, page = count_queries(client, "/")
        assert "Grown" in page
        counts.append(count)
    assert counts[0] == counts[1] <= 36, counts


def test_the_outbox_answers_in_a_fixed_number_of_queries(client, personas):
    client.force_login(personas.management)
    counts = []
    for size in (5, 120):
        OutboxMessage.objects.bulk_create(
            OutboxMessage(
                to_email=f"buyer{i}@client.example",
                to_name=f"Buyer {i}",
                subject=f"Status {size}-{i}",
                body_text="Hello",
                template="status_report",
                client=personas.client,
                next_attempt_at=timezone.now(),
            )
            for i in range(size)
        )
        count, page = count_queries(client, "/outbox/")
        assert f"Status {size}-" in page
        counts.append(count)
    assert counts[0] == counts[1] <= 6


def test_the_login_page_runs_no_query(client, db):
    count, page = count_queries(client, "/auth/login/")
    assert count == 0 and 'name="password"' in page
