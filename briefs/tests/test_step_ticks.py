"""Steps tick from the work: the service that does what a step names ticks it in the same transaction,
with who and when; steps no action completes are ticked by hand with a note; a campaign leaves a stage
only with its required steps done or waived by a manager."""

import pytest
from django.db import transaction
from django.urls import reverse

from agency.core.models import AuditEvent
from briefs.models import STEP_ACTIONS, Action, ChecklistStep, Stage
from briefs.models.checklist import DEFAULT_LABELS
from briefs.services.brief import brief_send_for_approval
from briefs.tests.factories import CampaignFactory, ConceptFactory, EstimateFactory, FinalAdFactory, make_brief
from briefs.tests.test_walk import client_decides
from briefs.workflow import CLIENT_APPROVAL_ACTIONS, step_done


def step(campaign, key):
    return ChecklistStep.objects.get(campaign=campaign, key=key)


@pytest.fixture
def ticking(personas):
    return CampaignFactory(client=personas.client, lead_ae=personas.member, checklist=True, name="Spring")


def test_every_action_names_a_default_step_and_the_client_approvals_are_actions():
    assert set(STEP_ACTIONS) <= set(DEFAULT_LABELS)
    assert set(STEP_ACTIONS.values()) == set(Action)
    assert set(CLIENT_APPROVAL_ACTIONS.values()) <= set(STEP_ACTIONS.values())


def test_sending_the_brief_ticks_brief_written_with_who_and_when(ticking, personas, contact):
    version = make_brief(ticking, by=personas.member).versions.get(number=1)
    brief_send_for_approval(version=version, contact=contact, by=personas.member)
    written = step(ticking, "brief_written")
    assert written.is_done and written.done_by == personas.member and written.done_action == Action.BRIEF_SENT
    assert not step(ticking, "brief_approved").is_done
    event = AuditEvent.objects.get(action="checklist.step_done")
    assert event.actor == personas.member and event.data["action"] == "brief_sent"


def test_an_exception_after_the_tick_rolls_the_tick_back(ticking, personas, contact):
    version = make_brief(ticking, by=personas.member).versions.get(number=1)
    with pytest.raises(RuntimeError), transaction.atomic():
        brief_send_for_approval(version=version, contact=contact, by=personas.member)
        assert step(ticking, "brief_written").is_done
        raise RuntimeError("the mail server fell over")
    assert not step(ticking, "brief_written").is_done
    assert not AuditEvent.objects.filter(action="checklist.step_done").exists()


@pytest.mark.parametrize(
    ("factory", "key"),
    [(ConceptFactory, "concepts_presented"), (EstimateFactory, "production_cost_confirmed"),
     (FinalAdFactory, "final_ad_approved")],
)  # fmt: skip
def test_a_client_approval_ticks_its_step(ticking, personas, contact, factory, key):
    from agency.core import decisions

    document = factory(campaign=ticking, status="sent")
    decisions.request_decision(document=document, contact=contact, by=personas.member)
    client_decides(contact.email, "approved")
    done = step(ticking, key)
    assert done.is_done and done.done_by is None and done.done_action
    assert AuditEvent.objects.get(action="checklist.step_done").actor_label == contact.name


def test_step_done_ticks_only_open_steps_once(ticking, personas):
    assert [s.key for s in step_done(ticking, Action.PLAN_CONFIRMED, by=personas.member)] == [
        "client_written_confirmation"
    ]
    assert step_done(ticking, Action.PLAN_CONFIRMED, by=personas.member) == []


def test_a_manual_tick_needs_a_note_and_only_steps_no_action_completes(client, ticking, personas):
    client.force_login(personas.member)
    briefing = step(ticking, "client_briefing")
    page = client.post(reverse("step_done", args=[briefing.pk]), {"done": "1"}, follow=True).content.decode()
    assert "Say what was done (a note) to tick this step." in page
    assert not step(ticking, "client_briefing").is_done
    client.post(reverse("step_done", args=[briefing.pk]), {"done": "1", "note": "Met Chen Hui at Tianshan"})
    briefing = step(ticking, "client_briefing")
    assert briefing.is_done and briefing.done_note == "Met Chen Hui at Tianshan" and briefing.done_by == personas.member
    approved = step(ticking, "brief_approved")
    page = client.post(
        reverse("step_done", args=[approved.pk]), {"done": "1", "note": "They said yes on the phone"}, follow=True
    ).content.decode()
    assert "ticks itself when this happens: Client approved the brief." in page
    assert not step(ticking, "brief_approved").is_done
    page = client.get(reverse("campaign_detail", args=[ticking.pk])).content.decode()
    assert "Met Chen Hui at Tianshan" in page and "Ticks itself: Client approved the brief" in page


def test_advance_is_refused_with_open_required_steps_until_a_manager_waives_them(client, ticking, personas, contact):
    from briefs.tests.factories import approve_brief_with_objectives

    approve_brief_with_objectives(ticking, contact=contact, by=personas.member)
    client.force_login(personas.member)
    page = client.post(reverse("campaign_advance", args=[ticking.pk]), follow=True).content.decode()
    assert "Checklist step done: Client briefing recorded" in page
    ticking.refresh_from_db()
    assert ticking.stage == Stage.BRIEF
    open_steps = ChecklistStep.objects.filter(campaign=ticking, stage=Stage.BRIEF, done_at__isnull=True)
    assert {s.key for s in open_steps} == {"client_briefing", "internal_discussion", "strategy_agreed"}

    # The AE may not waive: the page does not offer it and the service refuses.
    assert "Why it is not needed" not in page
    briefing = step(ticking, "client_briefing")
    # Rule: "Who may do what": the map refuses the AE (403).
    assert client.post(reverse("step_waive", args=[briefing.pk]), {"reason": "Skip"}).status_code == 403
    assert not step(ticking, "client_briefing").is_waived

    client.force_login(personas.supervisor)  # the AM
    page = client.post(reverse("step_waive", args=[briefing.pk]), {"reason": ""}, follow=True).content.decode()
    assert "Say why the step is waived." in page
    for s in open_steps:
        client.post(reverse("step_waive", args=[s.pk]), {"reason": "Briefed in the annual planning meeting"})
    page = client.get(reverse("campaign_detail", args=[ticking.pk])).content.decode()
    assert page.count("Briefed in the annual planning meeting") >= 3 and "Waived" in page
    assert "waived “Client briefing recorded”" in page  # the timeline
    event = AuditEvent.objects.filter(action="checklist.step_waived").first()
    assert event.actor == personas.supervisor and event.data["reason"] == "Briefed in the annual planning meeting"
    client.post(reverse("campaign_advance", args=[ticking.pk]))
    ticking.refresh_from_db()
    assert ticking.stage == Stage.CREATIVE
