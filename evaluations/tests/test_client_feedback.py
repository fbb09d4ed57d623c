"""A client contact gives 360° feedback through an emailed link (no account), on client questions in their own
language; their feedback is shown in full with their name and client, as their form tells them, and nobody on
the account team reads it in the client log."""

import re

from django.test import Client as Browser
from django.utils.html import strip_tags

from accounts.tests.factories import ContactFactory
from agency.core import outbox
from agency.core.models import Decision, OutboxMessage
from agency.core.tests.decision_flow import choose, decide_by_link
from evaluations.client_questions import CLIENT_QUESTIONS
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
    for question in CLIENT_QUESTIONS:
        data[f"rating_{question.code}"] = rating
        data[f"comment_{question.code}"] = comment
    return data


def ask_client(review, personas, name, language="en"):
    contact = ContactFactory(client=personas.client, name=name, may_approve=False, language=language)
    services.review_add_reviewer(review=review, relationship="client", contact=contact, by=personas.supervisor)
    return contact


def test_a_client_answers_client_questions_by_link_and_is_shown_by_name(client, personas, review, share):
    contacts = [ask_client(review, personas, name) for name in ("Liu Yang", "Zhao Min")]
    browser, page, address = open_link(contacts[0].email)
    body = page.content.decode()
    assert page.status_code == 200 and f"Your feedback on {personas.member}" in body
    assert "not observed" in body.lower() and 'value="approved"' not in body
    # Client questions, not the internal competency framework; and the client is told who reads them.
    assert "Understanding of your business" in body and "Keeping promises" in body
    assert "Performance" not in body and "Leadership" not in body
    assert f"shown with your name and your company's name to {personas.member} and their managers" in body

    # Every question needs a rating or "not observed".
    incomplete = choose(browser, address, {"overall_comments": "Fine"})
    assert incomplete.status_code == 400 and "Choose a rating" in incomplete.content.decode()
    done = decide_by_link(browser, address, answers(review, rating="2", comment="Liu: slow to call back"), follow=True)
    assert "Answered" in done.content.decode()
    feedback = Feedback.objects.get(contact=contacts[0])
    assert feedback.status == Feedback.Status.SUBMITTED and feedback.answers.count() == len(CLIENT_QUESTIONS)
    decision = Decision.objects.get(request__decision_kind="review_feedback")
    assert decision.comment == "" and decision.outcome == "answered"  # the answers are not in the decision record
    again = decide_by_link(browser, address, answers(review))
    assert "Thank you: your decision is recorded" in again.content.decode()
    assert feedback.answers.count() == len(CLIENT_QUESTIONS)

    # The second contact's link is revoked when feedback closes; their answer never counts.
    share(review)
    browser, page, address = open_link(contacts[1].email)
    assert "withdrawn" in page.content.decode()

    # One client's answers: shown in full, with the contact's name and client, to the reviewed person...
    client.force_login(personas.member)
    results = client.get(f"/reviews/{review.pk}/results/").content.decode()
    section = results.split('id="client-feedback"')[1]
    assert "Liu Yang · Tianshan Dairy" in strip_tags(section) and "Zhao Min" not in section
    assert "Liu: slow to call back" in section and "Overall: Liu: slow to call back" in section
    assert '<th scope="row">Responsiveness</th><td>2</td>' in section
    assert "not shown" not in results
    # ...and to their managers, in the CSV too.
    client.force_login(personas.supervisor)
    assert "Liu Yang · Tianshan Dairy" in strip_tags(client.get(f"/reviews/{review.pk}/results/").content.decode())
    rows = csv_rows(client.get(f"/reviews/{review.pk}/results.csv"))
    assert ["Clients", "Liu Yang (Tianshan Dairy)", "Responsiveness", "2", "1", "Liu: slow to call back"] in [
        r[2:] for r in rows
    ]


def test_a_chinese_client_gets_the_client_questions_and_the_email_in_chinese(client, personas, review, share):
    from django.utils import translation

    contact = ask_client(review, personas, "刘洋", language="zh-hans")
    message = OutboxMessage.objects.get(template="decision_request", to_email=contact.email)
    with translation.override("zh-hans"):
        title = f"{translation.gettext('360° feedback')} · {personas.member}"
        questions = [str(q.label) for q in CLIENT_QUESTIONS] + [str(q.help) for q in CLIENT_QUESTIONS]
        meets = translation.gettext("3 · Meets expectations")
    sent = outbox.as_sent(message)
    assert title in sent.subject and title in sent.text
    assert "360° feedback" not in sent.subject + sent.text

    _browser, page, _address = open_link(contact.email)
    body = page.content.decode()
    assert '<html lang="zh-hans">' in body
    assert all(text in body for text in questions)
    assert meets == "3 · 达到要求" and meets in body  # the rating scale in Chinese
    assert "Performance" not in body and "Meets expectations" not in body and "Overall comments" not in body


def csv_rows(response):
    import csv
    import io

    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


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


def test_the_supervisor_sends_a_new_link_when_the_clients_link_is_no_longer_open(client, personas, review, share):
    from agency.core.models import DecisionRequest

    contact = ask_client(review, personas, "Liu Yang")
    client.force_login(personas.supervisor)
    assert "Send a new link" not in client.get(f"/reviews/{review.pk}/").content.decode()
    # The link was outdated under the client (e.g. the questions changed): they cannot answer it any more.
    DecisionRequest.objects.filter(decision_kind="review_feedback").update(status="superseded")
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "No link open" in page and "Send a new link" in page
    response = client.post(f"/reviews/{review.pk}/reviewers/", {"contact": contact.pk}, follow=True)
    assert "A new link is emailed to Liu Yang." in response.content.decode()
    assert DecisionRequest.objects.filter(decision_kind="review_feedback", status="open").count() == 1
    assert Feedback.objects.filter(contact=contact).count() == 1

    browser, _page, address = open_link(contact.email)
    done = decide_by_link(browser, address, answers(review, comment="Liu: keeps promises"), follow=True)
    assert "Answered" in done.content.decode()
    assert "Send a new link" not in client.get(f"/reviews/{review.pk}/").content.decode()
    # An answered contact is not asked twice.
    again = client.post(f"/reviews/{review.pk}/reviewers/", {"contact": contact.pk})
    assert again.status_code == 400
