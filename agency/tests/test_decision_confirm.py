"""Choose, then confirm: only the client's explicit confirm of exactly what they saw records a decision; a staff
session only previews; the one who loses a race is told so; the receipt is a copy of what was decided."""

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.test import Client as Browser

from accounts.tests.factories import ContactFactory
from agency.core import decisions, outbox
from agency.core.models import Decision, OutboxMessage
from agency.core.tests.decision_flow import choose, confirm, confirm_form, decide_by_link
from briefs.services.brief import brief_save, brief_send_for_approval

pytestmark = pytest.mark.django_db

PROPOSITION = "Fresh from the pasture to your table in 48 hours."


@pytest.fixture
def sent(draft, contact, personas):
    return brief_send_for_approval(version=draft, contact=contact, by=personas.member)


@pytest.fixture
def browser(sent):
    """The contact's own browser, arrived through the emailed link."""
    browser = Browser()
    assert browser.get(f"/d/{sent.token}/").status_code == 302
    return browser


def recorded():
    return Decision.objects.count(), OutboxMessage.objects.count()


def test_neither_the_page_nor_the_choice_records_anything(browser, sent):
    before = recorded()
    page = browser.get(f"/decision/{sent.pk}/")
    assert page.status_code == 200 and "Nothing is recorded until you confirm" in page.content.decode()

    chosen = choose(browser, sent, outcome="changes_requested", comment="Say 24 hours, not 48.")

    assert chosen.status_code == 200
    body = chosen.content.decode()
    # The confirm page repeats exactly what will be decided, bound to the hash it shows.
    assert "Please confirm" in body and "Nothing is recorded yet" in body
    assert sent.document_title in body and "v1" in body and PROPOSITION in body
    assert "Changes requested" in body and "Say 24 hours, not 48." in body
    assert f'name="content_hash" value="{sent.content_hash}"' in body
    assert ">Confirm</button>" in body and ">Back</button>" in body
    assert recorded() == before
    sent.refresh_from_db()
    assert sent.status == "open"


def test_back_returns_to_the_page_with_what_was_typed(browser, sent):
    chosen = choose(browser, sent, outcome="changes_requested", comment="Warmer colours, please.")
    action, fields = confirm_form(chosen)
    back = browser.post(f"/decision/{sent.pk}/decide/", {**dict(fields), "back": "1"})
    assert back.status_code == 200
    body = back.content.decode()
    assert "Warmer colours, please.</textarea>" in body and 'value="changes_requested"' in body
    assert Decision.objects.count() == 0


def test_a_proper_confirm_records_one_decision_and_shows_the_receipt(browser, sent, contact):
    response = decide_by_link(browser, sent, outcome="approved", comment="Looks good.")
    assert response.status_code == 302 and response["Location"] == f"/decision/{sent.pk}/receipt/"
    decision = Decision.objects.get()
    assert (decision.outcome, decision.comment, decision.content_hash) == ("approved", "Looks good.", sent.content_hash)
    assert PROPOSITION in decision.snapshot["content"] and decision.snapshot["files"] == []

    receipt = browser.get(response["Location"])
    body = receipt.content.decode()
    assert receipt.status_code == 200 and "Receipt: your decision is recorded" in body
    assert PROPOSITION in body and sent.content_hash in body and "Chen Hui" in body and "Looks good." in body
    assert 'method="post"' not in body


def test_a_confirm_of_a_hash_other_than_the_current_version_records_nothing(browser, sent, brief, personas):
    chosen = choose(browser, sent, outcome="approved")
    tampered = confirm(browser, chosen, content_hash="0" * 64)
    assert tampered.status_code == 410 and "There is a newer version" in tampered.content.decode()
    assert Decision.objects.count() == 0

    # The brief changes between the choice and the confirm: what the client saw is no longer current.
    chosen = choose(browser, sent, outcome="approved")
    data = {"proposition": "Fresh in 24 hours."}
    brief_save(brief=brief, data=data, kpis=[], base_number=1, base_revision=sent.document.revision, by=personas.member)
    late = confirm(browser, chosen)
    assert late.status_code == 410 and "There is a newer version" in late.content.decode()
    assert Decision.objects.count() == 0


def test_a_staff_session_sees_a_preview_and_cannot_decide(client, sent, personas, contact):
    contact_browser = Browser()
    contact_browser.get(f"/d/{sent.token}/")
    chosen = choose(contact_browser, sent, outcome="approved")  # the fields a real confirm would carry
    _action, fields = confirm_form(chosen)
    before = recorded()

    client.force_login(personas.member)
    assert client.get(f"/d/{sent.token}/").status_code == 302
    page = client.get(f"/decision/{sent.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and PROPOSITION in body
    assert "You are signed in as staff: this is a preview; only the client can decide." in body
    assert 'name="outcome"' not in body and "/decide/" not in body and "/code/" not in body

    refused = [
        client.post(f"/decision/{sent.pk}/decide/", {"outcome": "approved"}),
        client.post(f"/decision/{sent.pk}/confirm/", dict(fields)),
        client.post(f"/decision/{sent.pk}/code/"),
    ]
    assert [response.status_code for response in refused] == [403, 403, 403]
    assert "only the client can decide" in refused[1].content.decode()
    assert recorded() == before
    sent.refresh_from_db()
    assert sent.status == "open" and sent.first_opened_at is not None  # opened by the contact, not by staff


def test_a_staff_preview_does_not_count_as_opened(client, sent, personas):
    client.force_login(personas.member)
    client.get(f"/d/{sent.token}/")
    sent.refresh_from_db()
    assert sent.first_opened_at is None


def test_the_tab_that_loses_is_told_what_was_decided_and_that_its_choice_was_not_recorded(
    browser, sent, contact, time_machine
):
    contact.time_zone = "Asia/Hong_Kong"
    contact.save()
    other_tab = choose(browser, sent, outcome="changes_requested", comment="Warmer colours.")
    time_machine.move_to(datetime(2026, 6, 11, 17, 0, tzinfo=UTC))
    assert decide_by_link(browser, sent, outcome="approved").status_code == 302

    lost = confirm(browser, other_tab)

    body = lost.content.decode()
    assert "Your choice was not recorded" in body and '("Changes requested") was not recorded' in body
    assert "Approved" in body and "Chen Hui" in body and "12 Jun 2026, 01:00 (Asia/Hong_Kong)" in body
    assert "your decision is recorded" not in body
    assert list(Decision.objects.values_list("outcome", flat=True)) == ["approved"]


def test_the_contact_who_loses_to_a_colleague_is_told_who_decided(browser, sent, draft, personas):
    colleague = ContactFactory(client=personas.client, name="Wang Fang", may_approve=True, language="en")
    theirs = decisions.request_decision(document=draft, contact=colleague, by=personas.member)
    their_browser = Browser()
    their_browser.get(f"/d/{theirs.token}/")
    their_choice = choose(their_browser, theirs, outcome="changes_requested", comment="Too long.")

    assert decide_by_link(browser, sent, outcome="approved").status_code == 302
    lost = confirm(their_browser, their_choice)

    body = lost.content.decode()
    assert "Your choice was not recorded" in body and "Chen Hui" in body and "Approved" in body
    assert Decision.objects.get().contact_name == "Chen Hui"


def test_the_same_confirm_sent_twice_shows_the_receipt(browser, sent):
    chosen = choose(browser, sent, outcome="approved", comment="Go.")
    assert confirm(browser, chosen).status_code == 302
    again = confirm(browser, chosen)
    assert again.status_code == 302 and again["Location"] == f"/decision/{sent.pk}/receipt/"
    assert Decision.objects.count() == 1


def test_the_receipt_email_carries_the_copy_and_a_link_to_it(browser, sent, contact, client, personas):
    decide_by_link(browser, sent, outcome="approved", comment="Go.")
    message = OutboxMessage.objects.get(template="decision_receipt")
    text = outbox.as_sent(message).text
    assert PROPOSITION in text and sent.content_hash in text and "Chen Hui" in text
    link = re.search(r"https?://[^/]+(/receipt/[A-Za-z0-9_-]+/)", text).group(1)
    assert link not in message.body_text  # sealed until delivery: the outbox page never shows it
    client.force_login(personas.member)
    assert link.split("/")[2] not in client.get(f"/outbox/{message.pk}/").content.decode()

    stranger = Browser()  # no session, no login: the link alone opens the copy
    with_link = stranger.get(link)
    body = with_link.content.decode()
    assert with_link.status_code == 200 and PROPOSITION in body and sent.content_hash in body
    assert "Approved" in body and "Go." in body and 'method="post"' not in body
    assert link.split("/")[2] not in body
    assert with_link["Referrer-Policy"] == "no-referrer" and with_link["Cache-Control"] == "no-store"

    wrong = stranger.get("/receipt/" + "x" * 43 + "/")
    assert wrong.status_code == 404 and "We do not recognise this link" in wrong.content.decode()
    assert PROPOSITION not in wrong.content.decode()


def test_a_money_decision_shows_and_keeps_its_totals(browser, sent, monkeypatch):
    money = decisions.Money(currency="CNY", total=Decimal("1200000.00"), budget=Decimal("1000000.00"))
    monkeypatch.setattr(decisions.kind_named("brief"), "money", lambda document: money)
    chosen = choose(browser, sent, outcome="approved")
    body = chosen.content.decode()
    assert "1,200,000.00 CNY" in body and "1,000,000.00 CNY" in body and "-200,000.00 CNY" in body
    assert "takes the campaign 200,000.00 CNY over its approved budget" in body

    confirm(browser, chosen)
    snapshot = Decision.objects.get().snapshot
    assert snapshot["money"] == {
        "currency": "CNY",
        "total": "1200000.00",
        "budget": "1000000.00",
        "committed_before": "0",
        "remaining": "-200000.00",
        "over_budget": True,
        "overrun": "200000.00",
        "reason": "",
    }
    text = outbox.as_sent(OutboxMessage.objects.get(template="decision_receipt")).text
    assert "Grand total: CNY 1,200,000.00" in text and "Budget remaining after this: CNY -200,000.00" in text


def test_the_confirm_and_receipt_pages_run_a_fixed_number_of_queries(browser, sent, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        chosen = choose(browser, sent, outcome="approved")
    confirm(browser, chosen)
    with django_assert_max_num_queries(8):
        assert browser.get(f"/decision/{sent.pk}/receipt/").status_code == 200
