"""The decision-request service: asking, answering once, and the evidence it leaves."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from agency.core import decisions, links, outbox
from agency.core.models import AuditEvent, Decision, DecisionRequest, OutboxMessage
from briefs.models import BriefVersion
from briefs.services.brief import brief_send_for_approval


def link_token(message):
    return re.search(r"/d/([A-Za-z0-9_-]+)/", outbox.as_sent(message).text).group(1)


@pytest.fixture
def sent(draft, contact, personas):
    return brief_send_for_approval(version=draft, contact=contact, by=personas.member)


def test_it_stores_only_a_hash_of_a_long_random_token(sent, contact):
    message = OutboxMessage.objects.get(template="decision_request")
    token = link_token(message)
    assert len(token) >= 43  # 32 random bytes, url-safe base64
    assert token not in str(DecisionRequest.objects.filter(pk=sent.pk).values().get())
    assert sent.token_hash == links.hash_token(token)
    assert message.to_email == contact.email and message.client_id == contact.client_id


def test_it_binds_the_request_to_the_version_and_its_content(sent, draft):
    assert sent.document == draft
    assert sent.content_hash == decisions.hash_content(draft.decision_content())
    assert sent.version_label == "v1"
    assert "Fresh from the pasture" in draft.decision_content()


def test_it_expires_after_the_configured_days(draft, contact, personas, settings):
    settings.DECISION_LINK_DAYS = 3
    request = decisions.request_decision(document=draft, contact=contact, by=personas.member)
    assert round((request.expires_at - request.created_at).total_seconds() / 86400) == 3
    longer = decisions.request_decision(document=draft, contact=contact, by=personas.member, expires_in_days=20)
    assert round((longer.expires_at - longer.created_at).total_seconds() / 86400) == 20


def test_it_revokes_the_earlier_link_when_reissued(sent, draft, contact, personas):
    again = decisions.request_decision(document=draft, contact=contact, by=personas.member)
    sent.refresh_from_db()
    assert sent.status == "revoked" and again.status == "open"
    assert decisions.find_by_token(again.token) == again


def test_it_refuses_a_contact_of_another_client(draft, other_contact, personas):
    with pytest.raises(decisions.DecisionError):
        decisions.request_decision(document=draft, contact=other_contact, by=personas.member)
    assert not DecisionRequest.objects.exists()


def test_it_approves_once_and_calls_the_documents_handler(sent, draft, contact):
    decision = decisions.decide(decision_request=sent, outcome="approved", ip="203.0.113.9", user_agent="Phone")
    draft.refresh_from_db()
    assert draft.status == BriefVersion.Status.APPROVED
    assert decisions.approval_for(draft) == decision
    assert (decision.contact, decision.ip, decision.user_agent) == (contact, "203.0.113.9", "Phone")
    assert decision.content_hash == sent.content_hash and decision.version_label == "v1"
    with pytest.raises(decisions.LinkNotUsable) as refused:
        decisions.decide(decision_request=sent, outcome="changes_requested", comment="again")
    assert refused.value.reason == "decided"
    assert Decision.objects.count() == 1
    assert set(OutboxMessage.objects.values_list("template", flat=True)) == {
        "decision_request",
        "decision_receipt",
        "decision_outcome",
    }


def test_it_needs_a_comment_to_request_changes(sent):
    with pytest.raises(decisions.DecisionError):
        decisions.decide(decision_request=sent, outcome="changes_requested", comment="  ")
    assert not Decision.objects.exists()


def test_it_returns_the_brief_to_draft_when_changes_are_requested(sent, draft, brief):
    decisions.decide(decision_request=sent, outcome="changes_requested", comment="Say 24 hours, not 48.")
    draft.refresh_from_db()
    assert draft.status == "changes_requested"
    assert brief.versions.get(number=2).status == "draft"
    assert decisions.approval_for(draft) is None


def test_it_keeps_the_history_for_the_team(sent):
    decisions.note_opened(decision_request=sent, ip="203.0.113.9")
    decisions.note_opened(decision_request=sent, ip="203.0.113.9")
    decisions.remind_request(decision_request=sent)
    decisions.decide(decision_request=sent, outcome="approved")
    actions = [e.action for e in decisions.request_history([sent])[sent.pk]]
    assert actions == [
        "decision_request.sent",
        "decision_request.opened",
        "decision_request.reminded",
        "decision_request.decided",
    ]


def test_a_reminder_carries_a_new_link_and_the_old_one_keeps_working(sent):
    old_token = link_token(OutboxMessage.objects.get(template="decision_request"))
    reminded = decisions.remind_request(decision_request=sent)
    assert reminded.token != old_token
    assert decisions.find_by_token(old_token) == sent
    assert decisions.find_by_token(reminded.token) == sent
    assert reminded.token in outbox.as_sent(OutboxMessage.objects.get(template="decision_reminder")).text


def test_it_refuses_an_approval_whose_content_changed(sent, draft):
    BriefVersion.objects.filter(pk=draft.pk).update(proposition="Something the client never saw")
    with pytest.raises(decisions.LinkNotUsable) as refused:
        decisions.decide(decision_request=sent, outcome="approved")
    assert refused.value.reason == "superseded"
    assert not Decision.objects.exists()


def test_the_decision_record_cannot_be_changed_through_the_orm(sent):
    decision = decisions.decide(decision_request=sent, outcome="approved")
    decision.comment = "forged"
    with pytest.raises(ValidationError):
        decision.save()
    with pytest.raises(ValidationError):
        decision.delete()


def test_the_decision_record_refuses_raw_sql_update_and_delete_on_postgresql(sent):
    if connection.vendor != "postgresql":
        pytest.skip("the UPDATE and DELETE triggers are installed on PostgreSQL (SQLite refuses UPDATE only)")
    decision = decisions.decide(decision_request=sent, outcome="approved")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE agency_decision SET outcome = 'changes_requested' WHERE id = %s", [decision.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM agency_decision WHERE id = %s", [decision.pk])
    assert Decision.objects.get(pk=decision.pk).outcome == "approved"


def test_it_supersedes_open_links_to_older_versions(sent, draft, personas):
    assert decisions.supersede_open_requests(documents=[draft], by=personas.member) == 1
    sent.refresh_from_db()
    assert sent.status == "superseded"
    assert AuditEvent.objects.filter(action="decision_request.superseded").count() == 1


def test_it_lets_the_team_revoke_an_open_link_only(sent, personas):
    decisions.revoke_request(decision_request=sent, by=personas.member)
    assert sent.status == "revoked"
    with pytest.raises(decisions.DecisionError):
        decisions.revoke_request(decision_request=sent, by=personas.member)
    with pytest.raises(decisions.LinkNotUsable):
        decisions.decide(decision_request=sent, outcome="approved")
