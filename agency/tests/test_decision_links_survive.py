"""Reminders do not kill links: every email's link works until the request is decided, superseded, revoked or
expired, and then all of them stop together and say which happened, when (in the contact's time zone) and
whom to contact."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client as BrowserClient

from agency.core import decisions
from agency.core.models import DecisionLink, DecisionRequest, OutboxMessage
from briefs.models import BriefVersion
from briefs.services.brief import brief_send_for_approval

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(draft, contact, personas):
    personas.member.first_name, personas.member.last_name = "Jing", "Zhang"
    personas.member.email = "zhang.jing@agency.example"
    personas.member.save()
    return brief_send_for_approval(version=draft, contact=contact, by=personas.member)


def open_link(token):
    """What a client sees who opens the link in a fresh browser: the page after the landing."""
    browser = BrowserClient()
    landing = browser.get(f"/d/{token}/")
    assert landing.status_code == 302, landing.status_code
    return browser.get(landing["Location"])


def test_the_first_emails_link_still_works_after_two_reminders(sent):
    first = sent.token
    second = decisions.remind_request(decision_request=sent).token
    third = decisions.remind_request(decision_request=sent).token
    assert len({first, second, third}) == 3
    assert [link.purpose for link in DecisionLink.objects.filter(request=sent)] == ["sent", "reminder", "reminder"]
    for token in (first, second, third):
        page = open_link(token)
        assert page.status_code == 200
        assert "Fresh from the pasture to your table in 48 hours." in page.content.decode()
    sent.refresh_from_db()
    assert sent.status == "open" and sent.reminder_count == 2
    # The reminder says so, rather than telling the client the earlier link is dead.
    reminder = OutboxMessage.objects.filter(template="decision_reminder").first()
    assert "the one in our earlier email works as well" in reminder.body_text
    assert "no longer works" not in reminder.body_text


def test_after_the_decision_every_link_shows_the_decided_page(sent):
    tokens = [sent.token, decisions.remind_request(decision_request=sent).token]
    tokens.append(decisions.remind_request(decision_request=sent).token)
    decisions.decide(decision_request=sent, outcome="approved")
    for token in tokens:
        page = open_link(token)
        body = page.content.decode()
        assert page.status_code == 200
        assert "your decision is recorded" in body and "Approved" in body
        assert "email program" not in body


def closed_page(token):
    page = open_link(token)
    assert page.status_code == 410
    body = page.content.decode()
    assert "Jing Zhang" in body and "zhang.jing@agency.example" in body  # whom to contact
    assert "email program" not in body
    return body


def test_a_revoked_request_says_so_when_and_whom_to_contact_on_every_link(sent, contact, personas, time_machine):
    contact.time_zone = "Asia/Hong_Kong"
    contact.save()
    reminder = decisions.remind_request(decision_request=sent).token
    time_machine.move_to(datetime(2026, 6, 11, 17, 0, tzinfo=UTC))  # already 12 June in Hong Kong
    decisions.revoke_request(decision_request=sent, by=personas.member)
    for token in (sent.token, reminder):
        body = closed_page(token)
        assert "This link was withdrawn" in body
        assert "It was withdrawn on 12 Jun 2026, 01:00 (Asia/Hong_Kong)." in body


def test_an_expired_request_says_when_it_expired_in_the_clients_time_zone(sent, personas, time_machine):
    personas.client.time_zone = "Asia/Taipei"
    personas.client.save()
    reminder = decisions.remind_request(decision_request=sent).token
    expiry = datetime(2026, 6, 11, 17, 0, tzinfo=UTC)
    DecisionRequest.objects.filter(pk=sent.pk).update(expires_at=expiry)
    time_machine.move_to(expiry + timedelta(hours=1))
    for token in (sent.token, reminder):
        body = closed_page(token)
        assert "This link has expired" in body
        assert "It expired on 12 Jun 2026, 01:00 (Asia/Taipei)." in body
    sent.refresh_from_db()
    assert sent.status == "expired"


def test_a_superseded_request_says_the_document_changed_and_when(sent, draft, time_machine):
    reminder = decisions.remind_request(decision_request=sent).token
    time_machine.move_to(datetime(2026, 6, 11, 17, 0, tzinfo=UTC))
    BriefVersion.objects.filter(pk=draft.pk).update(proposition="Something the client never saw")
    for token in (reminder, sent.token):
        body = closed_page(token)
        assert "There is a newer version" in body
        # The agency's zone (Asia/Shanghai) for a contact and client without one of their own.
        assert "It was closed on 12 Jun 2026, 01:00 (Asia/Shanghai), when the document changed." in body


def test_a_wrong_token_is_still_not_recognised_and_blames_nobody(sent):
    page = BrowserClient().get("/d/" + "x" * 43 + "/")
    assert page.status_code == 404
    assert "email program" not in page.content.decode()
