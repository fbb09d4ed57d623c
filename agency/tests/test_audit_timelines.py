"""Every page that shows audit events shows them as sentences in the reader's language, never as codes.

The pages: the campaign's timeline, the client's history, a complaint's history and the history of each
client link (the brief page; the same partial serves the evaluation page). The events come from the
services a person uses, not from fixtures written by hand.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from accounts.models import AccountTeamMember
from accounts.services import clients as client_services
from accounts.services import complaints as complaint_services
from accounts.tests.factories import BrandFactory, ContactFactory
from agency.core import audit, decisions
from agency.core.models import AuditEvent, DecisionRequest
from agency.core.tests.factories import UserFactory
from briefs import workflow
from briefs.services import checklist, creative
from briefs.services.brief import brief_send_for_approval
from briefs.services.campaigns import campaign_create, campaign_update
from briefs.tests.factories import make_brief

LANGUAGES = ["en", "zh-hans", "zh-hant"]


def decide(document, outcome, comment=""):
    """The client contact opens the newest link for `document` and answers it."""
    request = DecisionRequest.objects.for_document(document).latest("id")
    decisions.note_opened(decision_request=request, ip="203.0.113.9")
    decisions.decide(decision_request=request, outcome=outcome, comment=comment, ip="203.0.113.9")


@pytest.fixture
def story(personas):
    """A client, a campaign, its brief and a complaint, each worked on the way the team works."""
    by = personas.member
    client = personas.client
    contact = ContactFactory(client=client, name="Chen Hui", email="chen.hui@tianshan.example", language="en")

    # The client page's history: an edit, a team change, archived and back.
    client_services.client_update(
        client=client, by=by, version=client_services.client_version(client), name="Tianshan Dairy Group"
    )
    creative_person = UserFactory(username="creative", title="creative", department="creative")
    client_services.team_member_set(client=client, user=creative_person, role="creative", by=by)
    client_services.team_member_remove(member=AccountTeamMember.objects.get(user=creative_person), by=by)
    client_services.client_archive(client=client, by=by)
    client_services.client_unarchive(client=client, by=by)

    # The campaign's timeline: particulars, checklist, hold and resume, concept, estimate, final ad.
    campaign = campaign_create(
        client=client, brand=BrandFactory(client=client), name="Spring Festival", lead_ae=by, budget=500000, by=by
    )
    campaign = campaign_update(campaign=campaign, data={"name": "Spring Festival 2027"}, team=[], by=by)
    step = campaign.steps.order_by("id").first()  # the client briefing: no action in the system ticks it
    checklist.step_set_done(step=step, done=True, note="Briefed at Tianshan's office", by=by)
    checklist.step_set_done(step=step, done=False, by=by)
    added = checklist.step_add(
        campaign=campaign, stage="brief", name="Call the brand team", owner=by, due_date=None, required=False, by=by
    )
    checklist.step_update(
        step=added, name="Call the brand manager", owner=by, due_date=timezone.localdate(), required=True, by=by
    )
    checklist.step_remove(step=added, by=by)
    campaign = workflow.campaign_hold(campaign=campaign, reason="Client budget freeze", by=by)
    campaign = workflow.campaign_resume(campaign=campaign, by=by)
    brief = make_brief(campaign, by=by)

    # The brief page: two links to the client, the first revoked, the second opened and approved.
    version = brief.versions.get(number=1)
    first = brief_send_for_approval(version=version, contact=contact, by=by)
    decisions.revoke_request(decision_request=first, by=by)
    brief_send_for_approval(version=version, contact=contact, by=by)
    decide(version, "approved")
    # The brief checklist: a meeting ticked by hand with a note, two steps waived by the AM.
    checklist.step_set_done(step=step, done=True, note="Briefed at Tianshan's office", by=by)
    for waived in campaign.steps.filter(stage="brief", done_at__isnull=True):
        workflow.step_waive(step=waived, reason="Agreed in the annual plan", by=personas.supervisor)
    workflow.campaign_advance(campaign=campaign, by=by)
    campaign.refresh_from_db()

    concept = creative.concept_create(campaign=campaign, title="Fresh mornings", rationale="Mothers", by=by)
    creative.concept_review(concept=concept, approve=True, note="Strong", by=by)
    creative.concept_send(concept=concept, contact=contact, by=by)
    decide(concept, "changes_requested", comment="Warmer colours")
    estimate = creative.estimate_new_version(campaign=campaign, by=by)
    creative.estimate_line_add(
        estimate=estimate,
        vendor="Studio 9",
        description="Shoot",
        quantity=Decimal("1"),
        unit_cost=Decimal("80000"),
        by=by,
    )
    creative.estimate_send(estimate=estimate, contact=contact, by=by)
    decide(estimate, "approved")
    final_ad = creative.final_ad_new_version(campaign=campaign, title="Fresh mornings 30s", by=by)
    creative.final_ad_compliance_review(final_ad=final_ad, note="Claims checked", by=by)

    # The complaint page: received, answered, routed, investigated, remedy accepted, closed.
    complaint = complaint_services.complaint_record(
        client=client,
        by=by,
        contact=contact,
        channel="phone",
        received_at=timezone.now() - timedelta(hours=1),
        description="The TVC aired with last year's price.",
        category="service",
        priority="urgent",
    )
    complaint_services.complaint_respond(complaint=complaint, text="We are looking into it.", by=by)
    complaint_services.complaint_route(complaint=complaint, department="media", by=by)
    complaint_services.complaint_investigate(
        complaint=complaint, founded=True, cause="Old tape", responsible_party="Traffic desk", by=by
    )
    complaint_services.complaint_propose_remedy(complaint=complaint, remedy="Two free spots", by=by)
    decide(complaint, "approved")
    complaint.refresh_from_db()
    complaint_services.complaint_close(complaint=complaint, lesson_learned="Check the tape label.", by=by)
    return type("Story", (), {"client": client, "campaign": campaign, "complaint": complaint})


def pages(story):
    """(page, the events it shows): each page with its own query for them, so nothing is left out."""
    campaign, complaint = story.campaign, story.complaint
    link_events = AuditEvent.objects.filter(action__startswith="decision_request.")
    brief_links = DecisionRequest.objects.filter(decision_kind="brief").values_list("pk", flat=True)
    from briefs.queries import timeline

    return [
        (f"/campaigns/{campaign.pk}/", timeline(campaign)),
        (f"/clients/{story.client.pk}/", AuditEvent.objects.for_object(story.client)),
        (f"/complaints/{complaint.pk}/", AuditEvent.objects.for_object(complaint)),
        (f"/campaigns/{campaign.pk}/brief/", link_events.filter(object_id__in=[str(pk) for pk in brief_links])),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_timeline_shows_sentences_in_the_readers_language(client, personas, story, language):
    personas.member.language = language
    personas.member.save(update_fields=["language"])
    client.force_login(personas.member)
    shown = set()
    for url, events in pages(story):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        events = list(events)
        assert events, url
        with translation.override(language):
            for event in events:
                assert str(audit.sentence(event)) in page, f"{url}: {event.action} in {language}"
                shown.add(event.action)
        codes = {code for code in audit.registered() if re.search(rf"\b{re.escape(code)}\b", page)}
        assert not codes, f"{url} shows raw audit codes in {language}: {codes}"
    # The story reaches every page's kind of event: the client, campaign, checklist, documents, links, complaint.
    for family in ("client.", "campaign.", "checklist.", "concept.", "estimate.", "final_ad.", "complaint."):
        assert any(action.startswith(family) for action in shown), family
    for action in ("decision_request.sent", "decision_request.opened", "decision_request.decided"):
        assert action in shown
    assert "decision_request.revoked" in shown


def test_a_timeline_links_what_has_a_page(client, personas, story):
    client.force_login(personas.member)
    page = client.get(f"/campaigns/{story.campaign.pk}/").content.decode()
    concept = story.campaign.concepts.get()
    assert f'<a href="/campaigns/concepts/{concept.pk}/">the concept Fresh mornings (R1)</a>' in page
    # The client asked for changes, and said which: the timeline says both, with their name.
    assert "Chen Hui (client) asked for changes to" in page and "Warmer colours" in page
