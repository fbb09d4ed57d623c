"""A confirmation the client gave outside the link (an email, a signed PDF) is recorded by a member of the
account team with the evidence, and is shown and audited as recorded by that staff member, never as the
client's click."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as BrowserClient
from django.urls import reverse
from django.utils.html import strip_tags

from agency.core.models import AuditEvent, Decision, DecisionRequest, OutboxMessage
from briefs.models import BriefVersion
from briefs.services.brief import brief_send_for_approval

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


@pytest.fixture
def sent(draft, contact, personas, media_root):
    personas.member.first_name, personas.member.last_name = "Jing", "Zhang"
    personas.member.save()
    return brief_send_for_approval(version=draft, contact=contact, by=personas.member)


def record_url(sent):
    return reverse("decision_request_record_outside", args=[sent.pk])


def post(client, sent, *, evidence=None, note="Chen Hui approved v1 by email on 3 December.", outcome="approved"):
    data = {"outcome": outcome, "note": note}
    if evidence is not None:
        data["evidence"] = evidence
    return client.post(record_url(sent), data)


def pdf(name="Chen Hui approval email.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_the_button_is_on_the_decision_requests_card_for_the_account_team(client, sent, personas, draft):
    client.force_login(personas.member)
    page = client.get(reverse("brief_detail", args=[draft.brief.campaign_id])).content.decode()
    assert 'data-testid="record-outside"' in page
    assert record_url(sent) in page
    assert "Record a confirmation received outside the link" in client.get(record_url(sent)).content.decode()


def test_it_requires_the_evidence_and_keeps_what_was_typed(client, sent, personas):
    client.force_login(personas.member)
    response = post(client, sent, note="Approved by phone, email to follow.")
    assert response.status_code == 400
    body = response.content.decode()
    assert "This field is required." in body
    assert "Approved by phone, email to follow." in body
    not_evidence = SimpleUploadedFile("approval.pdf", b"just some text, not a PDF", content_type="application/pdf")
    response = post(client, sent, evidence=not_evidence)
    assert response.status_code == 400
    assert "is not evidence we can keep" in response.content.decode()
    assert post(client, sent, evidence=pdf(), note="  ").status_code == 400
    assert not Decision.objects.exists()
    sent.refresh_from_db()
    assert sent.status == "open"


def test_it_records_the_decision_as_the_staff_members_from_the_evidence(client, sent, personas, draft):
    client.force_login(personas.member)
    response = post(client, sent, evidence=pdf())
    assert response.status_code == 302

    decision = Decision.objects.get()
    assert decision.outcome == "approved" and decision.recorded_by == personas.member
    assert decision.evidence.original_name == "Chen Hui approval email.pdf"
    assert decision.comment == "Chen Hui approved v1 by email on 3 December."
    assert decision.ip is None and decision.user_agent == ""  # no client browser was involved
    sent.refresh_from_db()
    draft.refresh_from_db()
    assert sent.status == "decided" and draft.status == BriefVersion.Status.APPROVED  # the kind's handler ran

    # Audited as the staff member's act, not the client's click.
    assert not AuditEvent.objects.filter(action="decision_request.decided").exists()
    event = AuditEvent.objects.get(action="decision_request.recorded_outside")
    assert event.actor == personas.member and event.actor_contact_id is None
    page = client.get(reverse("brief_detail", args=[draft.brief.campaign_id])).content.decode()
    text = strip_tags(page)  # the staff member's name links to their page
    assert "Recorded by Jing Zhang from Chen Hui approval email.pdf" in text
    assert "Jing Zhang recorded a confirmation from Chen Hui received outside the link" in text
    assert 'data-testid="record-outside"' not in page  # decided: nothing left to record
    evidence = client.get(reverse("decision_evidence_file", args=[decision.evidence_id]))
    assert evidence.status_code == 200 and b"".join(evidence.streaming_content) == PDF
    # The requester is told, and so is the client (their receipt names who recorded it, from what).
    outcome_mail = OutboxMessage.objects.get(template="decision_outcome")
    assert "Recorded by Jing Zhang from Chen Hui approval email.pdf" in outcome_mail.body_text
    assert "Recorded by Jing Zhang" in OutboxMessage.objects.get(template="decision_receipt").body_text


def test_the_clients_link_then_shows_the_decision(sent, personas):
    client = BrowserClient()
    staff = BrowserClient()
    staff.force_login(personas.member)
    post(staff, sent, evidence=pdf(), outcome="changes_requested", note="The client asked by email for a new headline.")
    landing = client.get(f"/d/{sent.token}/")
    body = client.get(landing["Location"]).content.decode()
    assert "Changes requested" in body
    assert "Recorded by Jing Zhang from Chen Hui approval email.pdf" in body  # not shown as the client's click


def test_a_staff_member_outside_the_account_team_is_refused(client, sent, personas):
    client.force_login(personas.outsider)
    assert client.get(record_url(sent)).status_code == 404
    assert post(client, sent, evidence=pdf()).status_code == 404
    assert not Decision.objects.exists()
    assert DecisionRequest.objects.get(pk=sent.pk).status == "open"
    # Nor can they read the evidence of a confirmation the team recorded.
    member = BrowserClient()
    member.force_login(personas.member)
    post(member, sent, evidence=pdf())
    evidence_id = Decision.objects.get().evidence_id
    assert client.get(reverse("decision_evidence_file", args=[evidence_id])).status_code == 404


def test_a_closed_request_cannot_be_answered_from_evidence(client, sent, personas):
    client.force_login(personas.member)
    DecisionRequest.objects.filter(pk=sent.pk).update(status="revoked")
    response = post(client, sent, evidence=pdf())
    assert response.status_code == 302
    assert not Decision.objects.exists()


def test_the_page_runs_a_fixed_number_of_queries(client, sent, personas, django_assert_max_num_queries):
    client.force_login(personas.member)
    with django_assert_max_num_queries(12):
        assert client.get(record_url(sent)).status_code == 200
