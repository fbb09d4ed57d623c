"""Who sees what in a 360° review, per persona, on every page and export."""

import csv
import io

import pytest

from agency.core.models import AuditEvent
from agency.core.tests.factories import UserFactory


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def review_urls(review):
    return [
        f"/reviews/{review.pk}/",
        f"/reviews/{review.pk}/results/",
        f"/reviews/{review.pk}/results.csv",
        f"/reviews/{review.pk}/raw/",
        f"/reviews/cycles/{review.cycle_id}/",
        f"/reviews/cycles/{review.cycle_id}/results.csv",
        f"/reviews/people/{review.reviewee_id}/",
    ]


def test_it_shows_a_reviewer_only_their_own_answers(client, personas, review, give_feedback, share):
    mine = give_feedback(review, "creative", comment="Briefs are crystal clear")
    give_feedback(review, "creative", comment="Never late with the estimate")
    share(review)
    client.force_login(mine)

    own = review.feedback.get(reviewer=mine)
    page = client.get(f"/reviews/feedback/{own.pk}/").content.decode()
    assert "Briefs are crystal clear" in page
    assert "Never late with the estimate" not in page
    other = review.feedback.exclude(reviewer=mine).filter(relationship="creative").get()
    assert client.get(f"/reviews/feedback/{other.pk}/").status_code == 404
    for url in review_urls(review):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/reviews/{review.pk}/raw/", {"reason": "I just want to know"}).status_code == 404


def test_it_gives_someone_unrelated_404_everywhere(client, personas, review, give_feedback, share):
    give_feedback(review, "supervisor", reviewer=personas.supervisor)
    share(review)
    client.force_login(personas.outsider)
    for url in review_urls(review):
        assert client.get(url).status_code == 404, url
    for feedback in review.feedback.all():
        assert client.get(f"/reviews/feedback/{feedback.pk}/").status_code == 404
    assert client.post(f"/reviews/{review.pk}/share/").status_code == 404
    assert client.post(f"/reviews/{review.pk}/sign/").status_code == 404
    assert client.get("/reviews/cycles/").status_code == 404
    assert client.get("/reviews/framework/").status_code == 404


def test_it_hides_a_group_with_two_responses_and_shows_it_aggregated_with_three(
    client, personas, review, give_feedback, share
):
    give_feedback(review, "creative", rating=2, comment="Late brief for the launch")
    give_feedback(review, "creative", rating=4, comment="Defends the idea with the client")
    share(review)
    client.force_login(personas.member)

    page = client.get(f"/reviews/{review.pk}/results/").content.decode()
    assert "Late brief for the launch" not in page
    assert "Creative partners: 2 responses, not shown: fewer than 3 colleagues answered in all" in page
    rows = csv_rows(client.get(f"/reviews/{review.pk}/results.csv"))
    assert not any("Late brief" in cell for row in rows for cell in row)
    assert ["Other colleagues", "Creative partners", "", "Not shown: fewer than 3 responses", "2", ""] in [
        r[2:] for r in rows
    ]

    # A third creative answers (feedback reopened only for the test: a fresh review of the same shape).
    from evaluations.models import Review

    Review.objects.filter(pk=review.pk).update(status="collecting")
    give_feedback(review, "creative", rating=3, comment="Calm in the edit suite")
    Review.objects.filter(pk=review.pk).update(status="discussion")

    page = client.get(f"/reviews/{review.pk}/results/").content.decode()
    assert "Late brief for the launch" in page and "Calm in the edit suite" in page
    assert "3.0" in page  # (2 + 4 + 3) / 3
    creative_names = [str(f.reviewer) for f in review.feedback.filter(relationship="creative")]
    assert not any(name in page for name in creative_names)
    rows = csv_rows(client.get(f"/reviews/{review.pk}/results.csv"))
    performance = [r for r in rows if r[2] == "Creative partners" and r[4] == "Performance"]
    assert performance and performance[0][5] == "3.0" and performance[0][3] == "3 responses"
    assert not any(name in cell for row in rows for cell in row for name in creative_names)


def test_it_shows_the_reviewed_person_nothing_until_feedback_is_shared(client, personas, review, give_feedback, share):
    for _ in range(3):
        give_feedback(review, "peer", comment="Great partner on Tianshan")
    client.force_login(personas.member)
    page = client.get(f"/reviews/{review.pk}/results/").content.decode()
    assert "shown once feedback is closed" in page and "Great partner" not in page
    assert client.get(f"/reviews/{review.pk}/results.csv").status_code == 404

    share(review)
    assert "Great partner on Tianshan" in client.get(f"/reviews/{review.pk}/results/").content.decode()


def test_it_names_the_supervisors_review_and_shows_it_individually(client, personas, review, give_feedback, share):
    give_feedback(review, "supervisor", reviewer=personas.supervisor, rating=5, comment="Owns every problem")
    share(review)
    client.force_login(personas.member)
    page = client.get(f"/reviews/{review.pk}/results/").content.decode()
    assert str(personas.supervisor) in page and "Owns every problem" in page
    rows = csv_rows(client.get(f"/reviews/{review.pk}/results.csv"))
    assert ["Supervisor", str(personas.supervisor), "Performance", "5", "1", "Owns every problem"] in [
        r[2:] for r in rows
    ]


def test_it_shows_the_supervisor_aggregates_but_never_raw_answers(client, personas, review, give_feedback, share):
    names = [str(give_feedback(review, "peer", comment=f"Peer note {i}")) for i in range(3)]
    give_feedback(review, "finance", comment="Invoices always late")
    client.force_login(personas.supervisor)
    # While feedback is open the supervisor sees who answered, not what.
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert all(name in page for name in names)
    assert client.get(f"/reviews/{review.pk}/results.csv").status_code == 404
    share(review)
    page = client.get(f"/reviews/{review.pk}/results/").content.decode()
    # One finance answer is too few on its own: it is counted, unnamed, with the three peers.
    assert "Peer note 1" in page and "Invoices always late" in page
    assert "Account peers and other colleagues<br>" in page and "4 responses" in page
    assert "Finance: 1 response, fewer than 3 on its own, is counted in “Account peers and other colleagues”" in page
    assert str(personas.finance) not in page
    assert client.get(f"/reviews/{review.pk}/raw/").status_code == 404
    assert client.post(f"/reviews/{review.pk}/raw/", {"reason": "Need to check the finance note"}).status_code == 404
    assert not AuditEvent.objects.filter(action="review.raw_answers_viewed").exists()


def test_it_shows_management_raw_answers_only_after_a_recorded_reason(client, personas, review, give_feedback):
    finance = give_feedback(review, "finance", comment='=HYPERLINK("http://evil")')
    client.force_login(personas.management)

    # Results: aggregated like everyone else's, even for management.
    page = client.get(f"/reviews/{review.pk}/results/").content.decode()
    assert str(finance) not in page and "HYPERLINK" not in page
    rows = csv_rows(client.get(f"/reviews/cycles/{review.cycle_id}/results.csv"))
    assert not any("HYPERLINK" in cell for row in rows for cell in row)

    page = client.get(f"/reviews/{review.pk}/raw/").content.decode()
    assert "Why do you need to see the raw answers?" in page and "HYPERLINK" not in page
    page = client.post(f"/reviews/{review.pk}/raw/", {"reason": "why"}).content.decode()
    assert "HYPERLINK" not in page and "Ensure this value has at least 10 characters" in page
    assert not AuditEvent.objects.filter(action="review.raw_answers_viewed").exists()

    reason = "Grievance filed by the finance team, case 2026-14"
    page = client.post(f"/reviews/{review.pk}/raw/", {"reason": reason}).content.decode()
    assert str(finance) in page and "HYPERLINK" in page
    event = AuditEvent.objects.get(action="review.raw_answers_viewed")
    assert event.actor == personas.management and event.data["reason"] == reason

    rows = csv_rows(client.post(f"/reviews/{review.pk}/raw/", {"reason": reason, "format": "csv"}))
    finance_row = next(r for r in rows if r[3] == str(finance))
    assert finance_row[7].startswith("'=HYPERLINK")
    assert AuditEvent.objects.filter(action="review.raw_answers_viewed").count() == 2


@pytest.mark.parametrize("persona", ["member", "supervisor", "management"])
def test_it_lets_related_people_open_the_review_page(client, personas, review, persona):
    client.force_login(getattr(personas, persona))
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert str(personas.member) in page and "2026 H2" in page


def test_it_shows_the_reviewed_person_counts_not_names_of_reviewers(client, personas, review, give_feedback):
    peer = give_feedback(review, "peer")
    client.force_login(personas.member)
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Account peers" in page and str(peer) not in page


def test_it_lists_my_feedback_my_reviews_and_reviews_i_supervise(client, personas, review):
    peer = UserFactory(first_name="Pat", last_name="Peer")
    from evaluations.services.reviews import review_add_reviewer

    review_add_reviewer(review=review, relationship="peer", reviewer=peer, by=personas.supervisor)
    client.force_login(peer)
    page = client.get("/reviews/").content.decode()
    assert str(personas.member) in page and "2026 H2" in page
    client.force_login(personas.member)
    page = client.get("/reviews/").content.decode()
    assert "Your self review" in page and "You supervise no reviews." in page
    client.force_login(personas.supervisor)
    page = client.get("/reviews/").content.decode()
    assert "You supervise no reviews." not in page and str(personas.member) in page


def test_it_merges_small_colleague_groups_into_other_colleagues(client, personas, review, give_feedback, share):
    from agency.core.tests.factories import UserFactory as Staff

    accountants = [Staff(department="finance", first_name="Acc", last_name=str(i)) for i in range(2)]
    for accountant, rating in zip(accountants, (2, 3), strict=True):
        give_feedback(review, "finance", reviewer=accountant, rating=rating, comment=f"Finance {rating}")
    creative = give_feedback(review, "creative", rating=4, comment="Creative says go")
    share(review)
    client.force_login(personas.member)
    page = client.get(f"/reviews/{review.pk}/results/").content.decode()
    table = page.split('id="results"')[1]
    assert "Other colleagues<br>" in table and "3 responses" in table
    assert "Creative partners, Finance" in table  # which groups it merges, not who
    assert "<td>3.0<div" in table  # (2 + 3 + 4) / 3
    assert "Creative says go" in page and "Finance 2" in page
    assert not any(str(p) in page for p in [*accountants, creative])
    assert "not shown" not in page
    rows = csv_rows(client.get(f"/reviews/{review.pk}/results.csv"))
    performance = [r for r in rows if r[2] == "Other colleagues" and r[4] == "Performance"]
    assert performance and performance[0][3:6] == ["3 responses", "Performance", "3.0"]


def test_it_withholds_merged_colleagues_below_the_threshold_and_says_so(client, personas, review, give_feedback, share):
    give_feedback(review, "supervisor", reviewer=personas.supervisor, rating=5, comment="Owns every problem")
    give_feedback(review, "finance", rating=1, comment="Invoices always late")
    give_feedback(review, "creative", rating=1, comment="Never at the shoot")
    share(review)
    client.force_login(personas.supervisor)
    page = client.get(f"/reviews/{review.pk}/results/").content.decode()
    assert "Invoices always late" not in page and "Never at the shoot" not in page
    note = "Creative partners, Finance: 2 responses, not shown: fewer than 3 colleagues answered in all"
    assert note in page and "left out of the overall averages" in page
    table = page.split('id="results"')[1]
    assert '<th scope="row">Performance</th><td>5.0</td>' in table  # the supervisor's rating alone


@pytest.fixture
def line(personas):
    """A reporting line above the member: GAD → AD → the supervisor (AM) → the member (AE)."""
    gad = UserFactory(username="gad", title="GAD", first_name="Grace", last_name="Group")
    ad = UserFactory(username="ad", title="AD", supervisor=gad)
    personas.supervisor.supervisor = ad
    personas.supervisor.save(update_fields=["supervisor"])
    return type("Line", (), {"gad": gad, "ad": ad})


def test_a_gad_sees_the_cycles_and_reviews_of_everyone_under_them(
    client, personas, review, give_feedback, share, line, django_assert_max_num_queries
):
    import datetime

    from evaluations.services.reviews import cycle_create

    # The outsider is reviewed in a cycle of their own, outside the GAD's line.
    other = cycle_create(
        name="Probation",
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 12, 31),
        feedback_deadline=datetime.date(2027, 1, 15),
        titles=["AE"],
        people=[personas.outsider, personas.member],
        by=personas.management,
    )
    outsiders_review = other.reviews.get(reviewee=personas.outsider)
    give_feedback(review, "supervisor", reviewer=personas.supervisor, rating=4, comment="Owns every problem")
    client.force_login(line.gad)

    assert "/reviews/cycles/" in client.get("/reviews/").content.decode()
    with django_assert_max_num_queries(6):
        page = client.get("/reviews/cycles/")
    assert page.status_code == 200
    assert "2026 H2" in page.content.decode() and "Start a cycle" not in page.content.decode()
    with django_assert_max_num_queries(8):
        progress = client.get(f"/reviews/cycles/{review.cycle_id}/")
    assert progress.status_code == 200 and str(personas.member) in progress.content.decode()
    # In a cycle shared with someone outside the line, only the GAD's own people show.
    shared = client.get(f"/reviews/cycles/{other.pk}/").content.decode()
    assert str(personas.member) in shared and str(personas.outsider) not in shared

    assert client.get(f"/reviews/{review.pk}/").status_code == 200
    # Results once feedback is closed, like the supervisor; who was asked stays with the supervisor.
    assert "shown once feedback is closed" in client.get(f"/reviews/{review.pk}/results/").content.decode()
    share(review)
    results = client.get(f"/reviews/{review.pk}/results/").content.decode()
    assert "Owns every problem" in results
    assert client.get(f"/reviews/{review.pk}/results.csv").status_code == 200
    assert client.get(f"/reviews/people/{personas.member.pk}/").status_code == 200
    # Starting cycles, adding reviewers and raw answers stay with management and the supervisor.
    assert client.post("/reviews/cycles/", {"name": "x"}).status_code == 404
    assert client.get(f"/reviews/{review.pk}/raw/").status_code == 404

    # Outside the line: 404, as if it did not exist.
    assert client.get(f"/reviews/{outsiders_review.pk}/").status_code == 404
    assert client.get(f"/reviews/{outsiders_review.pk}/results/").status_code == 404
    rows = csv_rows(client.get(f"/reviews/cycles/{other.pk}/results.csv"))
    assert not any(str(personas.outsider) in cell for row in rows for cell in row)


def test_someone_with_nobody_under_them_gets_no_cycle_list(client, personas, review, line):
    client.force_login(personas.member)
    assert client.get("/reviews/cycles/").status_code == 404
    assert "/reviews/cycles/" not in client.get("/reviews/").content.decode()
    client.force_login(line.ad)  # above the member too
    assert client.get("/reviews/cycles/").status_code == 200
    assert client.get(f"/reviews/{review.pk}/").status_code == 200
