"""All the reviews a person may open (/reviews/all/): sorted in the database, filtered in the URL,
exported as filtered, never someone else's, in a fixed number of queries."""

import datetime

import pytest

from agency.core.tests.factories import UserFactory
from evaluations.services.reviews import cycle_create

URL = "/reviews/all/"


def start_cycle(personas, people, name="2026 H2"):
    return cycle_create(
        name=name,
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 12, 31),
        feedback_deadline=datetime.date(2027, 1, 15),
        titles=["AE"],
        people=people,
        by=personas.management,
    )


def reviewees(response):
    return [r.reviewee.first_name for r in response.context["page"]]


def test_reviews_sort_by_person_and_filter_by_name(client, personas):
    people = [UserFactory(title="AE", first_name=n, supervisor=personas.supervisor) for n in ("Bo", "An", "Cai")]
    start_cycle(personas, people)
    client.force_login(personas.supervisor)
    assert reviewees(client.get(URL, {"sort": "reviewee"})) == ["An", "Bo", "Cai"]
    assert reviewees(client.get(URL, {"sort": "-reviewee"})) == ["Cai", "Bo", "An"]
    response = client.get(URL, {"q": "Cai", "sort": "reviewee"})
    assert reviewees(response) == ["Cai"] and 'href="?q=Cai&amp;sort=-reviewee"' in response.content.decode()
    csv = client.get("/reviews/all/export.csv", {"q": "Bo"}).content.decode("utf-8-sig").strip().splitlines()
    assert len(csv) == 2 and csv[1].startswith("Bo ")


def test_a_colleague_sees_only_their_own_review(client, personas):
    other = UserFactory(title="AE", first_name="Other", supervisor=personas.management)
    start_cycle(personas, [personas.member, other])
    client.force_login(personas.member)
    assert [r.reviewee for r in client.get(URL).context["page"]] == [personas.member]


@pytest.mark.parametrize("n", [2, 6])
def test_the_review_list_keeps_a_fixed_number_of_queries(client, personas, n, django_assert_max_num_queries):
    start_cycle(personas, [UserFactory(title="AE", supervisor=personas.supervisor) for _ in range(n)])
    client.force_login(personas.management)
    for sort in ("cycle", "-supervisor", "status"):
        with django_assert_max_num_queries(5):
            response = client.get(URL, {"sort": sort})
        assert len(response.context["page"]) == n
