"""A client contact gives 360° feedback through an emailed link (no account); it counts in the client group
only once the group reaches the threshold, and nobody on the account team reads it in the client log."""

import re

from django.test import Client as Browser

from accounts.tests.factories import ContactFactory
from agency.core import outbox
from agency.core.models import Decision, OutboxMessage
from agency.core.tests.decision_flow import choose, decide_by_link
from evaluations.access import MIN_GROUP_RESPONSES
from evaluations.models import Feedback
from evaluations.services import reviews as services


def open_link(to_email):
    message = OutboxMessage.objects.filter(template="decision_request", to_email=to_email).order_by("-id").first()
    path = re.search(r"https?://[^/]+(/d/[^/\s]+/)", outbox.as_sent(message).text).group(1)
    browser = Browser()
    page = browser.get(path, follow=True)
    return browser, page, page.redirect_chain[-1][0]


def answers(review, rating="4", comment="Always on time."):
    data = {"overall_comments": f"Overall: {comment}"}
    for competency in review.cycle.framework.competencies.all():
        data[f"rating_{competency.pk}"] = rating
        data[f"comment_{competency.pk}"] = comment
    return data


def ask_client(review, personas, name):
    contact = ContactFactory(client=personas.client, name=name, may_approve=False, language="en")
    services.review_add_reviewer(review=review, relationship="client", contact=contact, by=personas.supervisor)
    return contact


def test_a_client_answers_by_link_and_counts_only_at_the_threshold(client, personas, review, share):
    contacts = [ask_client(review, personas, name) for name in ("Liu Yang", "Zhao Min", "Qian Wen")]
    browser, page, address = open_link(contacts[0].email)
    body = page.content.decode()
    assert page.status_code == 200 and f"Your feedback on {personas.member}" in body
    assert "not observed" in body.lower() and 'value="approved"' not in body

    # Every competency needs a rating or "not observed".
    incomplete = choose(browser, address, {"overall_comments": "Fine"})
    assert incomplete.status_code == 400 and "Choose a rating" in incomplete.content.decode()
    done = decide_by_link(browser, address, answers(review, comment="Liu: quick answers"), follow=True)
    assert "Answered" in done.content.decode()
    feedback = Feedback.objects.get(contact=contacts[0])
    assert feedback.status == Feedback.Status.SUBMITTED and feedback.answers.count() == 6
    decision = Decision.objects.get(request__decision_kind="review_feedback")
    assert decision.comment == "" and decision.outcome == "answered"  # the answers are not in the decision record
    again = decide_by_link(browser, address, answers(review))
    assert "Thank you: your decision is recorded" in again.content.decode()
    assert feedback.answers.count() == 6

    # Two client answers: below the threshold, the client group is not shown.
    browser, _page, address = open_link(contacts[1].email)
    decide_by_link(browser, address, answers(review, rating="2", comment="Zhao: slow"))
    # The third contact's link is revoked when feedback closes; their answer never counts.
    share(review)
    browser, page, address = open_link(contacts[2].email)
    assert "withdrawn" in page.content.decode()
    client.force_login(personas.member)
    results = client.get(f"/reviews/{review.pk}/results/").content.decode()
    assert "Liu: quick answers" not in results and "Zhao: slow" not in results
    assert 'Clients<br><span class="small fw-normal">2 responses' in results and "not shown" in results
    assert MIN_GROUP_RESPONSES == 3


def test_three_client_answers_show_as_the_client_group(client, personas, review, share):
    contacts = [ask_client(review, personas, name) for name in ("Liu Yang", "Zhao Min", "Qian Wen")]
    for contact, rating in zip(contacts, ("5", "4", "3"), strict=True):
        browser, _page, address = open_link(contact.email)
        decide_by_link(browser, address, answers(review, rating=rating, comment=f"{contact.name} says hi"))
    share(review)
    client.force_login(personas.member)
    results = client.get(f"/reviews/{review.pk}/results/").content.decode()
    table = results.split('id="results"')[1]
    assert 'Clients<br><span class="small fw-normal">3 responses' in table
    assert "<td>4.0<div" in table  # (5 + 4 + 3) / 3, the client group's average
    assert "Liu Yang says hi" in results  # comments, unattributed, in alphabetical order
    assert "Liu Yang" not in table.split("Liu Yang says hi")[0]  # no reviewer names shown to the reviewed person

    # The account team's client log shows none of it: the reviewed person is on that team.
    log = client.get("/outbox/").content.decode()
    assert "360° feedback" not in log and "Liu Yang" not in log


def test_the_reviewed_person_cannot_see_or_withdraw_a_clients_feedback_link(client, personas, review):
    from agency.core.models import DecisionRequest
    from agency.core.reminder_calendar import calendar_feed_issue, feed_items

    contact = ask_client(review, personas, "Liu Yang")
    link = DecisionRequest.objects.get(decision_kind="review_feedback")
    client.force_login(personas.member)  # on the client's account team, and the person reviewed
    assert client.post(f"/decision-requests/{link.pk}/revoke/").status_code == 404
    link.refresh_from_db()
    assert link.status == "open"
    feed, _token = calendar_feed_issue(owner=personas.member, by=personas.member, client=personas.client)
    assert f"decision:{link.pk}" not in {item.key for item in feed_items(feed)}
    asked, _token = calendar_feed_issue(owner=personas.supervisor, by=personas.supervisor)
    assert f"decision:{link.pk}" in {item.key for item in feed_items(asked)}  # who asked keeps it on theirs
    client.force_login(personas.supervisor)  # who asked: may withdraw it
    client.post(f"/decision-requests/{link.pk}/revoke/")
    link.refresh_from_db()
    assert link.status == "revoked" and contact.email


def test_the_clients_status_report_does_not_mention_who_was_asked_for_feedback(personas, review):
    from accounts.services.status_reports import status_report_draft

    ask_client(review, personas, "Liu Yang")
    report, _ = status_report_draft(client=personas.client)
    assert report.facts["decisions_pending"] == []
    assert "360" not in report.body and "Liu Yang" not in report.body
