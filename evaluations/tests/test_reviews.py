"""Framework versions, reviewers, feedback, discussion and sign-off, through the pages."""

import datetime

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags

from accounts.tests.factories import ContactFactory, TeamMemberFactory
from agency.core import outbox
from agency.core.models import OutboxMessage
from agency.core.tests.factories import UserFactory
from briefs.tests.factories import CampaignFactory
from evaluations.models import CompetencyFramework, Review


def edit_form(competency, **changes):
    data = {
        "name": competency.name,
        "name_zh": competency.name_zh,
        "description": competency.description,
        "behaviours": "\n".join(f"{b.name} | {b.name_zh} | {b.description}" for b in competency.behaviours.all()),
        **{f"expectation_{e.title}": e.text for e in competency.expectations.all()},
    }
    data.update(changes)
    return data


def test_it_loads_the_seed_framework_with_chinese_names_and_title_expectations(db):
    framework = CompetencyFramework.objects.get()
    names = [(c.name, c.name_zh) for c in framework.competencies.all()]
    assert names[0] == ("Performance", "业绩表现") and names[-1] == (
        "Attitude and personal qualities",
        "工作态度和个人素质",
    )
    assert len(names) == 6
    leadership = framework.competencies.get(code="leadership")
    assert {e.title for e in leadership.expectations.all()} == {"AE", "AM", "AAD", "AD", "GAD"}
    assert "Coaching" in [b.name for b in leadership.behaviours.all()]


def test_it_keeps_a_cycles_framework_after_management_edits_it(client, personas, review):
    client.force_login(personas.management)
    competency = review.cycle.framework.competencies.get(code="communication")
    response = client.post(
        "/reviews/framework/communication/edit/",
        edit_form(competency, name="Communication and influence", expectation_AE="Speaks up in client meetings."),
    )
    assert response.status_code == 302
    review.cycle.refresh_from_db()
    assert review.cycle.framework.version == 1
    assert review.cycle.framework.competencies.get(code="communication").name == "Communication"
    assert CompetencyFramework.objects.order_by("-version").first().version == 2

    # The member's self review still asks the questions the cycle started with.
    client.force_login(personas.member)
    own = review.feedback.get(reviewer=personas.member)
    page = client.get(f"/reviews/feedback/{own.pk}/").content.decode()
    assert "Communication" in page and "Communication and influence" not in page

    # The framework page and the next cycle use the new version; a second edit does not version again.
    client.force_login(personas.management)
    assert "Communication and influence" in client.get("/reviews/framework/").content.decode()
    new = CompetencyFramework.objects.get(version=2).competencies.get(code="communication")
    client.post("/reviews/framework/communication/edit/", edit_form(new, description="Clear and on time."))
    assert CompetencyFramework.objects.count() == 2


def test_it_refuses_the_framework_pages_to_everyone_but_management(client, personas):
    for persona in ("member", "supervisor", "outsider"):
        client.force_login(getattr(personas, persona))
        assert client.get("/reviews/framework/").status_code == 404
        assert client.post("/reviews/framework/communication/edit/", {"name": "X"}).status_code == 404


def test_it_suggests_reviewers_from_shared_account_teams_and_led_campaigns(client, personas, review):
    creative = UserFactory(first_name="Lin", last_name="Mei", title="creative", department="creative")
    TeamMemberFactory(client=personas.client, user=creative, role="creative")
    stranger = UserFactory(first_name="Sam", last_name="Stranger", title="creative", department="creative")
    TeamMemberFactory(client=personas.other_client, user=stranger, role="creative")
    contact = ContactFactory(client=personas.client, name="Liu Yang")
    ContactFactory(client=personas.other_client, name="Kayan Chan")
    # A campaign the member leads on a client whose team they are not on still counts.
    third = CampaignFactory(lead_ae=personas.member).client
    planner = UserFactory(first_name="Chen", last_name="Hao", title="planner", department="planning")
    TeamMemberFactory(client=third, user=planner, role="planner")

    client.force_login(personas.supervisor)
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    suggestions = page.split('id="suggestions"')[1].split("</ul>")[0]
    assert "Lin Mei" in suggestions and "Tianshan Dairy" in suggestions
    assert "Chen Hao" in suggestions and "Liu Yang" in suggestions
    assert "Sam Stranger" not in suggestions and "Kayan Chan" not in suggestions

    response = client.post(f"/reviews/{review.pk}/reviewers/", {"reviewer": creative.pk, "relationship": "creative"})
    assert response.status_code == 302
    invitation = OutboxMessage.objects.get(to_email=creative.email, template="review_feedback_invitation")
    assert str(personas.member) in invitation.subject and "/reviews/feedback/" in invitation.body_text

    response = client.post(f"/reviews/{review.pk}/reviewers/", {"contact": contact.pk})
    assert response.status_code == 302
    assert review.feedback.get(contact=contact).relationship == "client"
    link = OutboxMessage.objects.get(to_email=contact.email, template="decision_request")
    assert link.client_id is None  # kept out of the client log the account team (and the reviewed person) reads
    assert f"360° feedback · {personas.member}" in link.subject and "/d/" in outbox.as_sent(link).text
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Liu Yang" in page and "Link sent to the client" in page


def test_it_refuses_a_reviewer_twice_and_says_so(client, personas, review):
    peer = UserFactory(first_name="Pat", last_name="Peer")
    client.force_login(personas.supervisor)
    client.post(f"/reviews/{review.pk}/reviewers/", {"reviewer": peer.pk, "relationship": "peer"})
    response = client.post(f"/reviews/{review.pk}/reviewers/", {"reviewer": peer.pk, "relationship": "peer"})
    assert response.status_code == 400 and "Pat Peer is already a reviewer." in response.content.decode()
    client.force_login(personas.member)
    response = client.post(f"/reviews/{review.pk}/reviewers/", {"reviewer": peer.pk, "relationship": "peer"})
    assert response.status_code == 302 and review.feedback.filter(reviewer=peer).count() == 1


def test_it_takes_feedback_through_the_form_and_requires_every_competency(client, personas, review):
    client.force_login(personas.member)
    own = review.feedback.get(reviewer=personas.member)
    competencies = list(review.cycle.framework.competencies.all())
    response = client.post(f"/reviews/feedback/{own.pk}/", {f"rating_{competencies[0].pk}": "4"})
    assert response.status_code == 200
    assert "Choose a rating or “not observed”." in response.content.decode()
    data = {f"rating_{c.pk}": "3" for c in competencies}
    data[f"rating_{competencies[1].pk}"] = ""  # not observed
    data[f"comment_{competencies[0].pk}"] = "Delivered the launch on time"
    response = client.post(f"/reviews/feedback/{own.pk}/", data, follow=True)
    page = response.content.decode()
    assert "your feedback is submitted" in page and "Delivered the launch on time" in page and "Not observed" in page
    own.refresh_from_db()
    assert own.status == "submitted" and own.answers.get(competency=competencies[1]).rating is None
    response = client.post(f"/reviews/feedback/{own.pk}/", data)
    assert "Delivered the launch on time" in response.content.decode() and own.answers.count() == 6


def test_it_signs_off_and_then_the_review_is_read_only(client, personas, review, share):
    share(review)
    assert OutboxMessage.objects.filter(to_email=personas.member.email, template="review_results_shared").exists()
    client.force_login(personas.member)
    response = client.post(f"/reviews/{review.pk}/sign/", follow=True)
    assert "The supervisor’s summary" in response.content.decode() or "summary" in response.content.decode()
    assert Review.objects.get(pk=review.pk).employee_signed_at is None

    client.force_login(personas.supervisor)
    client.post(
        f"/reviews/{review.pk}/discussion/",
        {
            "supervisor_summary": "A strong half on Tianshan.",
            "overall_rating": "4",
            "meeting_on": "2027-01-20",
            "meeting_notes": "Agreed to lead the Spring Festival brief.",
            "version": Review.objects.get(pk=review.pk).version,
        },
    )
    client.post(f"/reviews/{review.pk}/sign/")
    client.force_login(personas.member)
    client.post(
        f"/reviews/{review.pk}/comments/",
        {"employee_comments": "I want more media training.", "version": Review.objects.get(pk=review.pk).version},
    )
    # The comment changed the record after the supervisor signed: both sign again.
    assert Review.objects.get(pk=review.pk).supervisor_signed_at is None
    client.post(f"/reviews/{review.pk}/sign/")
    client.force_login(personas.supervisor)
    page = client.post(f"/reviews/{review.pk}/sign/", follow=True).content.decode()
    assert "signed off by both" in page

    signed = Review.objects.get(pk=review.pk)
    assert signed.status == "signed_off" and signed.employee_comments == "I want more media training."
    response = client.post(
        f"/reviews/{review.pk}/discussion/",
        {
            "supervisor_summary": "Changed my mind",
            "overall_rating": "2",
            "meeting_on": "2027-01-21",
            "meeting_notes": "",
            "version": signed.version,
        },
    )
    assert "signed off and can no longer be changed" in response.content.decode()
    client.force_login(personas.member)
    client.post(f"/reviews/{review.pk}/comments/", {"employee_comments": "Edited later", "version": signed.version})
    after = Review.objects.get(pk=review.pk)
    assert (
        after.supervisor_summary == "A strong half on Tianshan."
        and after.employee_comments == "I want more media training."
    )
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Save my comments" not in page and "read-only" in page


def test_it_refuses_a_stale_discussion_save_and_keeps_the_text(client, personas, review, share):
    share(review)
    client.force_login(personas.supervisor)
    stale = Review.objects.get(pk=review.pk).version
    client.force_login(personas.member)
    client.post(f"/reviews/{review.pk}/comments/", {"employee_comments": "Mine first", "version": stale})
    client.force_login(personas.supervisor)
    response = client.post(
        f"/reviews/{review.pk}/discussion/",
        {
            "supervisor_summary": "Typed on an old page",
            "overall_rating": "3",
            "meeting_on": "2027-01-20",
            "meeting_notes": "",
            "version": stale,
        },
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Someone changed this review" in page and "Typed on an old page" in page
    assert Review.objects.get(pk=review.pk).supervisor_summary == ""


def test_it_reminds_reviewers_through_the_reminder_engine_once(personas, review, give_feedback):
    """Rule "review-feedback": due soon one business day before the cycle deadline (Fri 15 Jan 2027), at nine
    in the reviewer's time zone; a sweep that runs twice sends nothing twice; answered feedback is not chased."""
    from zoneinfo import ZoneInfo

    from agency.core import deadlines, reminders
    from agency.core.models import ReminderLedger

    shanghai = ZoneInfo("Asia/Shanghai")
    peer = give_feedback(review, "peer")  # answered: never reminded
    assert "review-feedback" in {kind.name for kind in deadlines.kinds()}
    assert reminders.sweep(datetime.datetime(2027, 1, 14, 8, 59, tzinfo=shanghai), rules=["review-feedback"]).total == 0
    result = reminders.sweep(datetime.datetime(2027, 1, 14, 9, 0, tzinfo=shanghai), rules=["review-feedback"])
    assert result.sent == {"review-feedback": 2}  # the self review and the supervisor's
    assert reminders.sweep(datetime.datetime(2027, 1, 14, 10, 0, tzinfo=shanghai), rules=["review-feedback"]).total == 0
    mails = OutboxMessage.objects.filter(template="reminder_due_soon")
    assert {m.to_email for m in mails} == {personas.member.email, personas.supervisor.email}
    assert peer.email not in {m.to_email for m in OutboxMessage.objects.all() if "Due" in m.subject}
    self_mail = mails.get(to_email=personas.member.email)
    assert "Your self review" in self_mail.subject and "/reviews/feedback/" in self_mail.body_text
    supervisor_mail = mails.get(to_email=personas.supervisor.email)
    assert f"360° feedback on {personas.member}" in supervisor_mail.subject

    # Still missing three business days after the deadline: the reviewer hears, and so does the supervisor.
    reminders.sweep(datetime.datetime(2027, 1, 20, 9, 0, tzinfo=shanghai), rules=["review-feedback"])
    lead = OutboxMessage.objects.get(template="reminder_overdue_lead")
    assert lead.to_email == personas.supervisor.email and "Your self review" in lead.body_text
    assert ReminderLedger.objects.filter(rule="review-feedback").count() == 5


def test_it_shows_a_persons_history_with_trends(client, personas, review, give_feedback, share):
    give_feedback(review, "supervisor", reviewer=personas.supervisor, rating=3)
    share(review)
    from evaluations.services.reviews import cycle_create

    later = cycle_create(
        name="2027 H1",
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 6, 30),
        feedback_deadline=datetime.date(2027, 7, 15),
        titles=["AE"],
        people=[personas.member],
        by=personas.management,
    ).reviews.get()
    give_feedback(later, "supervisor", reviewer=personas.supervisor, rating=5)
    share(later)
    client.force_login(personas.member)
    page = client.get(f"/reviews/people/{personas.member.pk}/").content.decode()
    table = page.split('id="history"')[1]
    assert table.index("2026 H2") < table.index("2027 H1") and "3.0" in table and "5.0" in table
    client.force_login(personas.supervisor)
    assert client.get(f"/reviews/people/{personas.member.pk}/").status_code == 200
    client.force_login(personas.outsider)
    assert client.get(f"/reviews/people/{personas.member.pk}/").status_code == 404


def test_it_starts_cycles_and_ad_hoc_reviews_from_the_management_pages(client, personas):
    client.force_login(personas.management)
    response = client.post(
        "/reviews/cycles/",
        {
            "name": "2026 H2",
            "period_start": "2026-07-01",
            "period_end": "2026-12-31",
            "feedback_deadline": "2027-01-15",
            "titles": ["AE", "AM"],
        },
        follow=True,
    )
    page = response.content.decode()
    assert "2026 H2" in page and str(personas.member) in page and str(personas.supervisor) in page
    response = client.post(
        "/reviews/cycles/ad-hoc/",
        {"person": personas.outsider.pk, "reason": "End of probation", "feedback_deadline": "2026-08-01"},
        follow=True,
    )
    assert "End of probation" in response.content.decode()


@pytest.mark.parametrize("n", [2, 6])
def test_it_shows_cycle_progress_in_a_fixed_number_of_queries(client, personas, django_assert_max_num_queries, n):
    from evaluations.services.reviews import cycle_create

    people = [UserFactory(title="AE", supervisor=personas.supervisor) for _ in range(n)]
    cycle = cycle_create(
        name="2026 H2",
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 12, 31),
        feedback_deadline=datetime.date(2027, 1, 15),
        titles=["AE"],
        people=people,
        by=personas.management,
    )
    client.force_login(personas.management)
    with django_assert_max_num_queries(8):
        page = client.get(f"/reviews/cycles/{cycle.pk}/").content.decode()
    assert all(str(p) in page for p in people)


def test_it_seeds_a_demo_cycle_idempotently(db):
    call_command("seed_demo")
    call_command("seed_demo")
    from evaluations.models import Feedback, ReviewCycle

    cycle = ReviewCycle.objects.get(name="2026 H1")
    assert Feedback.objects.filter(review__cycle=cycle, status="submitted").count() >= 3
    assert ReviewCycle.objects.count() == 1


def _client_answers(review, contact, rating, comment):
    """A client contact's submitted feedback on the client questions (as the link's form records it)."""
    from evaluations.client_questions import CLIENT_QUESTIONS
    from evaluations.models import Feedback, FeedbackAnswer

    feedback = Feedback.objects.create(
        review=review, relationship="client", contact=contact, status="submitted", overall_comments=comment
    )
    FeedbackAnswer.objects.bulk_create(
        [FeedbackAnswer(feedback=feedback, question=q.code, rating=rating, comment=comment) for q in CLIENT_QUESTIONS]
    )


@pytest.mark.parametrize("n", [1, 4])
def test_it_shows_results_in_a_fixed_number_of_queries(
    client, personas, review, give_feedback, share, django_assert_max_num_queries, n
):
    for i in range(n):
        give_feedback(review, "peer", comment=f"Peer {i}")
        give_feedback(review, "finance", comment=f"Finance {i}")
        _client_answers(review, ContactFactory(client=personas.client, name=f"Contact {i}"), 4, f"Client {i}")
    share(review)
    client.force_login(personas.member)
    # 10, and 1 to read the reader's clients once: the client contacts' names link to them where the reader
    # may see the client (agency/core/object_links.py).
    with django_assert_max_num_queries(11):
        page = strip_tags(client.get(f"/reviews/{review.pk}/results/").content.decode())
    assert all(f"Contact {i} · Tianshan Dairy" in page and f"Client {i}" in page for i in range(n))


def test_it_still_shows_client_feedback_given_on_competencies_before_the_client_questions(
    client, personas, review, share
):
    from evaluations.models import Feedback, FeedbackAnswer

    contact = ContactFactory(client=personas.client, name="Liu Yang")
    feedback = Feedback.objects.create(
        review=review, relationship="client", contact=contact, status="submitted", overall_comments="Good year"
    )
    competencies = list(review.cycle.framework.competencies.all())
    FeedbackAnswer.objects.bulk_create(
        [FeedbackAnswer(feedback=feedback, competency=c, rating=5, comment=f"On {c.code}") for c in competencies]
    )
    share(review)
    client.force_login(personas.supervisor)
    page = client.get(f"/reviews/{review.pk}/results/").content.decode()
    section = page.split('id="client-feedback"')[1]
    assert "Liu Yang · Tianshan Dairy" in strip_tags(section) and "Good year" in section
    assert f'<th scope="row">{competencies[0].name}</th><td>5</td>' in section
