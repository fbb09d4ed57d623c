"""The link a client contact opens: GET never decides, POST decides once, every dead end is polite."""

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client as BrowserClient
from django.utils import timezone

from agency.core import decisions, outbox
from agency.core.models import Decision, DecisionRequest, OutboxMessage
from agency.core.tests.decision_flow import decide_by_link
from briefs.models import BriefVersion
from briefs.services.brief import brief_save, brief_send_for_approval


@pytest.fixture
def sent(draft, contact, personas):
    request = brief_send_for_approval(version=draft, contact=contact, by=personas.member)
    request.link = f"/d/{request.token}/"
    return request


def land(client, sent):
    """Open the emailed link; returns the token-free page address it leads to."""
    response = client.get(sent.link)
    assert response.status_code == 302
    assert sent.token not in response["Location"]
    return response["Location"]


def decide(client, sent, outcome="approved", headers=None, **data):
    return decide_by_link(client, sent, outcome=outcome, headers=headers, **data)


def state(sent):
    sent.refresh_from_db()
    document = BriefVersion.objects.get(pk=sent.document_id)
    return sent.status, document.status, Decision.objects.count(), OutboxMessage.objects.count()


def test_it_moves_the_token_out_of_the_address_and_shows_the_brief(client, sent):
    page_url = land(client, sent)
    assert page_url == f"/decision/{sent.pk}/"
    response = client.get(page_url)
    body = response.content.decode()
    assert "Fresh from the pasture to your table in 48 hours." in body
    assert "Unaided awareness in the south" in body
    assert sent.token not in body
    # The address with the token sends no Referer at all; the token-free page none to other sites.
    assert client.get(sent.link)["Referrer-Policy"] == "no-referrer"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"


def test_get_and_head_change_nothing(client, sent):
    before = state(sent)
    client.head(sent.link)
    land(client, sent)
    client.get(f"/decision/{sent.pk}/")
    client.head(f"/decision/{sent.pk}/")
    assert state(sent) == before == ("open", "sent", 0, 1)
    assert client.get(f"/decision/{sent.pk}/decide/").status_code == 405


def test_a_head_request_does_not_even_count_as_opened(client, sent):
    client.head(sent.link)
    sent.refresh_from_db()
    assert sent.first_opened_at is None
    land(client, sent)
    sent.refresh_from_db()
    assert sent.first_opened_at is not None


def test_it_approves_and_sends_a_receipt(client, sent, contact):
    land(client, sent)
    response = decide(client, sent, comment="Looks good.", headers={"user-agent": "Mobile Safari"})
    assert response.status_code == 302
    assert state(sent)[:3] == ("decided", "approved", 1)
    decision = Decision.objects.get()
    assert decision.user_agent == "Mobile Safari" and decision.ip == "127.0.0.1"
    receipt = OutboxMessage.objects.get(template="decision_receipt")
    assert receipt.to_email == contact.email
    assert "Approved" in receipt.body_text and sent.content_hash in receipt.body_text and "v1" in receipt.body_text
    assert "Thank you: your decision is recorded" in client.get(f"/decision/{sent.pk}/").content.decode()


def test_a_change_request_needs_a_comment_and_keeps_what_was_typed(client, sent):
    land(client, sent)
    response = decide(client, sent, outcome="changes_requested", comment="")
    assert response.status_code == 400
    assert "Please say what should change." in response.content.decode()
    assert state(sent)[:3] == ("open", "sent", 0)
    decide(client, sent, outcome="changes_requested", comment="Say 24 hours.")
    assert state(sent)[:3] == ("decided", "changes_requested", 1)


def test_a_replay_after_the_decision_changes_nothing(client, sent):
    land(client, sent)
    decide(client, sent)
    before = state(sent)
    response = decide(client, sent, outcome="changes_requested", comment="Actually no")
    assert "Thank you: your decision is recorded" in response.content.decode()
    assert state(sent) == before
    # Opening the link again after deciding shows the decision, not the form.
    land(client, sent)
    assert "Request changes" not in client.get(f"/decision/{sent.pk}/").content.decode()


def test_an_expired_link_says_so_and_cannot_decide(client, sent, time_machine):
    time_machine.move_to(timezone.now() + timedelta(days=15))
    land(client, sent)
    response = client.get(f"/decision/{sent.pk}/")
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    decide(client, sent)
    assert state(sent)[:3] == ("expired", "sent", 0)


def test_a_revoked_link_says_so_and_cannot_decide(client, sent, personas):
    land(client, sent)
    decisions.revoke_request(decision_request=sent, by=personas.member)
    response = decide(client, sent)
    assert response.status_code == 410
    assert "This link was withdrawn" in response.content.decode()
    assert state(sent)[:3] == ("revoked", "sent", 0)


def test_a_link_to_a_version_superseded_by_a_new_one_cannot_decide(client, sent, brief, personas):
    land(client, sent)
    data = {"proposition": "Fresh in 24 hours."}
    brief_save(brief=brief, data=data, kpis=[], base_number=1, base_revision=sent.document.revision, by=personas.member)
    response = decide(client, sent)
    assert response.status_code == 410
    assert "There is a newer version" in response.content.decode()
    assert Decision.objects.count() == 0
    assert brief.versions.get(number=1).status == "superseded"


def test_unknown_and_tampered_tokens_look_the_same(client, sent):
    tampered = sent.token[:-1] + ("A" if sent.token[-1] != "A" else "B")
    unknown = client.get("/d/" + "x" * 43 + "/")
    changed = client.get(f"/d/{tampered}/")
    malformed = client.get("/d/<script>/")
    assert unknown.status_code == changed.status_code == malformed.status_code == 404
    assert unknown.content == changed.content == malformed.content
    assert "We do not recognise this link" in changed.content.decode()
    assert state(sent)[:3] == ("open", "sent", 0)


def test_repeated_bad_tokens_are_throttled(client, sent, settings):
    settings.DECISION_BAD_TOKEN_LIMIT = 3
    for i in range(3):
        assert client.get(f"/d/{'y' * 40}{i:03d}/").status_code == 404
    response = client.get(sent.link)  # even a good link waits while the address is throttled
    assert response.status_code == 429
    assert "Too many links that did not work" in response.content.decode()


def test_a_page_address_without_the_link_in_this_browser_shows_nothing(client, sent):
    response = client.get(f"/decision/{sent.pk}/")
    assert response.status_code == 404
    assert "Fresh from the pasture" not in response.content.decode()
    assert decide(client, sent).status_code == 404
    assert state(sent)[:3] == ("open", "sent", 0)


def test_another_clients_token_cannot_touch_this_document(client, sent, other_campaign, other_contact, personas):
    from briefs.tests.factories import make_brief

    other_brief = make_brief(other_campaign, by=personas.outsider, proposition="Harbour's own proposition")
    other = brief_send_for_approval(
        version=other_brief.versions.get(number=1), contact=other_contact, by=personas.outsider
    )
    client.get(f"/d/{other.token}/")  # the other client's contact lands with their own link
    page = client.get(f"/decision/{sent.pk}/")
    assert page.status_code == 404 and "Fresh from the pasture" not in page.content.decode()
    assert decide(client, sent).status_code == 404
    assert client.post(f"/decision/{sent.pk}/code/").status_code == 404
    assert state(sent)[:3] == ("open", "sent", 0)
    # Their own page shows only their own document.
    own = client.get(f"/decision/{other.pk}/").content.decode()
    assert "Harbour&#x27;s own proposition" in own and "Fresh from the pasture" not in own


def test_a_post_without_csrf_is_refused(sent):
    browser = BrowserClient(enforce_csrf_checks=True)
    land(browser, sent)
    assert decide(browser, sent).status_code == 403
    assert state(sent)[:3] == ("open", "sent", 0)


def test_the_page_speaks_the_contacts_language(client, sent, contact):
    contact.language = "zh-hans"
    contact.save()
    land(client, sent)
    response = client.get(f"/decision/{sent.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "zh-hans"


@pytest.mark.django_db(transaction=True)
@pytest.mark.services
def test_twenty_racing_posts_make_exactly_one_decision(sent):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    browsers = [BrowserClient() for _ in range(20)]
    for browser in browsers:
        land(browser, sent)
    barrier = threading.Barrier(20)
    statuses, lost = [], []

    def post(browser, i):
        try:
            barrier.wait()
            outcome = "approved" if i % 2 else "changes_requested"
            response = decide(browser, sent, outcome=outcome, comment=f"answer {i}")
            statuses.append(response.status_code)
            if response.status_code == 200:
                lost.append(response.content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(b, i)) for i, b in enumerate(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Decision.objects.count() == 1
    assert sorted(statuses) == [200] * 19 + [302]
    assert DecisionRequest.objects.get(pk=sent.pk).status == "decided"
    assert OutboxMessage.objects.filter(template="decision_receipt").count() == 1
    # Every loser is told what was decided and that their own choice was not recorded.
    winner = Decision.objects.get()
    assert all("Your choice was not recorded" in body and winner.get_outcome_display() in body for body in lost)


def test_money_decisions_need_a_one_time_code(client, sent, draft, contact, personas, monkeypatch):
    # A brief is not a money decision; make this one count as one to walk the code path.
    monkeypatch.setattr(decisions.kind_named("brief"), "is_money", decisions.always)
    personas.client.require_code_for_money_decisions = True
    personas.client.save()
    request = decisions.request_decision(document=draft, contact=contact, by=personas.member)
    assert request.requires_code
    client.get(f"/d/{request.token}/")
    response = decide(client, request, code="000000x")
    assert response.status_code == 400 and "ask for a new code" in response.content.decode()

    client.post(f"/decision/{request.pk}/code/")
    code = re.search(r"\b(\d{6})\b", outbox.as_sent(OutboxMessage.objects.get(template="decision_code")).text).group(1)
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    assert "That code is not right" in decide(client, request, code=wrong).content.decode()
    assert Decision.objects.count() == 0
    assert decide(client, request, code=code).status_code == 302
    assert Decision.objects.get().request_id == request.pk


def test_a_code_stops_working_after_too_many_wrong_tries(client, draft, contact, personas, monkeypatch, settings):
    monkeypatch.setattr(decisions.kind_named("brief"), "is_money", decisions.always)
    settings.DECISION_CODE_ATTEMPTS = 2
    personas.client.require_code_for_money_decisions = True
    personas.client.save()
    request = decisions.request_decision(document=draft, contact=contact, by=personas.member)
    client.get(f"/d/{request.token}/")
    client.post(f"/decision/{request.pk}/code/")
    code = re.search(r"\b(\d{6})\b", outbox.as_sent(OutboxMessage.objects.get(template="decision_code")).text).group(1)
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    decide(client, request, code=wrong)
    decide(client, request, code=wrong)
    assert "too many times" in decide(client, request, code=code).content.decode()
    assert Decision.objects.count() == 0
