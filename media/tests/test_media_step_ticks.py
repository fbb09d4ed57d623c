"""The media checklist ticks from the work: the media brief, the plan sent, the client's written
confirmation, the last booking confirmed by its media owner, the schedule sent, monitoring with proof."""

import pytest
from django.db import transaction

from briefs.models import Action, ChecklistStep
from briefs.services.checklist import checklist_create_default
from media.services import bookings, plans
from media.tests.factories import satisfy_media_gate


def done(campaign):
    return {s.key: s for s in ChecklistStep.objects.filter(campaign=campaign, done_at__isnull=False)}


@pytest.fixture
def checklisted(media_campaign):
    checklist_create_default(campaign=media_campaign)
    return media_campaign


def test_the_media_services_tick_their_steps(checklisted, personas, contact):
    text = {"objectives": "Reach mothers in the south", "target_audience": "Mothers 28-40", "markets": "South"}
    brief = text | {
        "mandatory_media": "",
        "recommendation": "",
        "budget": None,
        "flight_start": None,
        "flight_end": None,
    }
    plans.media_brief_save(campaign=checklisted, data=brief, revision=0, by=personas.member)
    assert done(checklisted)["media_brief"].done_by == personas.member
    satisfy_media_gate(checklisted, contact=contact, by=personas.member)
    ticked = done(checklisted)
    assert ticked["master_plan"].done_action == Action.PLAN_SENT
    assert ticked["client_written_confirmation"].done_action == Action.PLAN_CONFIRMED
    assert ticked["client_written_confirmation"].done_by is None  # the client confirmed, by link
    assert ticked["booking"].done_action == Action.BOOKINGS_CONFIRMED and ticked["booking"].done_by == personas.member
    assert ticked["schedule_sent"].done_action == Action.SCHEDULE_SENT
    # Nobody ticked by hand what the system does not see.
    assert "media_recommendation" not in ticked and "airing" not in ticked


def test_a_booking_confirmed_ticks_the_step_only_when_every_line_is_confirmed(checklisted, personas, contact):
    from agency.core import decisions
    from agency.core.models import DecisionRequest
    from media.tests.factories import confirm_for_booking, line_fields

    version = plans.plan_new_version(campaign=checklisted, by=personas.member)
    fields = {k: v for k, v in line_fields().items() if k not in ("position", "gross", "net")}
    first = plans.plan_line_add(version=version, by=personas.member, **fields)
    second = plans.plan_line_add(version=version, by=personas.member, **(fields | {"vehicle": "CCTV-2"}))
    plans.plan_send(version=version, contact=contact, by=personas.member)
    decisions.decide(decision_request=DecisionRequest.objects.for_document(version).open().get(), outcome="approved")
    version.refresh_from_db()
    confirm_for_booking(version, contact=contact, by=personas.member)
    one = bookings.booking_create(line=first, by=personas.member)
    two = bookings.booking_create(line=second, by=personas.member)
    bookings.booking_confirm(booking=one, vendor_reference="A", by=personas.member)
    assert "booking" not in done(checklisted)
    # The tick is part of the confirmation: a failure after it leaves both undone.
    with pytest.raises(RuntimeError), transaction.atomic():
        bookings.booking_confirm(booking=two, vendor_reference="B", by=personas.member)
        assert "booking" in done(checklisted)
        raise RuntimeError
    assert "booking" not in done(checklisted)
    bookings.booking_confirm(booking=two, vendor_reference="B", by=personas.member)
    assert "booking" in done(checklisted)
