"""No booking without the client's written confirmation, enforced by the services AND the database.

Rule: "Written confirmation before booking" (docs/practice.md).
"""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from agency.core.models import DecisionRequest, OutboxMessage
from briefs.models import Stage
from briefs.tests.factories import approve_brief_with_objectives
from briefs.workflow import GateClosed, campaign_advance
from conftest import is_postgres
from media.models import Booking, PlanLine, PlanVersion
from media.services import MediaError, bookings, plans

from .conftest import client_decides, first_line
from .factories import confirm_for_booking


def raw_booking(line, reference="IO-RAW-1"):
    """What a bug or a shell could try: insert a booking with raw SQL, past every service check."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO media_booking (line_id, client_id, reference, vendor_reference, status, spots, notes, "
            "requested_by_id, requested_at, status_reason) VALUES (%s, %s, %s, '', 'requested', %s, '', %s, %s, '')",
            [line.pk, line.version.client_id, reference, line.spots, line.version.created_by_id, timezone.now()],
        )


def test_it_refuses_booking_before_the_client_confirms(client, personas, draft_plan, contact):
    client.force_login(personas.member)
    line = first_line(draft_plan)

    page = client.post(reverse("media_line_book", args=[line.pk]), follow=True).content.decode()
    assert "is not confirmed by the client in writing" in page
    plans.plan_send(version=draft_plan, contact=contact, by=personas.member)
    with pytest.raises(MediaError, match="not confirmed by the client in writing"):
        bookings.booking_create(line=line, by=personas.member)
    assert not Booking.objects.exists()

    # The database says no as well, for a draft and for a version waiting for the client.
    with pytest.raises(DatabaseError, match="not confirmed by the client"):
        raw_booking(line)
    # Even with the status forced to approved, there is no decision on record.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE media_planversion SET status = 'approved' WHERE id = %s", [draft_plan.pk])
    with pytest.raises(DatabaseError, match="not confirmed by the client"):
        raw_booking(line)
    assert not Booking.objects.exists()


def test_it_books_a_confirmed_line_and_prints_the_insertion_order(client, personas, confirmed_plan):
    client.force_login(personas.member)
    line = first_line(confirmed_plan)
    page = client.get(reverse("media_plan", args=[confirmed_plan.pk])).content.decode()
    assert "Confirmed in writing by Chen Hui" in page

    response = client.post(reverse("media_line_book", args=[line.pk]), follow=True)
    booking = Booking.objects.get(line=line)
    assert booking.reference in response.content.decode()
    assert booking.status == Booking.Status.REQUESTED and booking.spots == 31
    order = client.get(reverse("media_insertion_order", args=[booking.pk])).content.decode()
    assert "CCTV-1" in order and "2,305,625.00 CNY" in order  # 31 × 85,000 = 2,635,000 less 12.5 %

    with pytest.raises(MediaError, match="already booked"):
        bookings.booking_create(line=line, by=personas.member)


def test_it_refuses_any_change_to_a_confirmed_plan_and_booking_against_a_changed_one(personas, confirmed_plan, contact):
    line = first_line(confirmed_plan)
    bookings.booking_create(line=line, by=personas.member)

    # The service refuses to edit a confirmed line...
    with pytest.raises(MediaError, match="can no longer be changed"):
        plans.plan_line_update(line=line, by=personas.member, **{**_inputs(line), "spots": 40})
    # ... and so does the database, whatever SQL is tried (SQLite's guards leave DELETE to test flushes).
    for sql in ["UPDATE media_planline SET spots = 40 WHERE id = %s"] + (
        ["DELETE FROM media_planline WHERE id = %s"] if is_postgres() else []
    ):
        with pytest.raises(DatabaseError, match="sent to the client"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [line.pk])
    with pytest.raises(DatabaseError, match="sent to the client"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE media_planversion SET status = 'draft' WHERE id = %s", [confirmed_plan.pk])
    line.refresh_from_db()
    assert line.spots == 31

    # A change means a new version: the old one stops counting, the new one needs its own confirmation.
    v2 = plans.plan_new_version(campaign=confirmed_plan.campaign, by=personas.member)
    changed = PlanLine.objects.get(version=v2, position=1)
    plans.plan_line_update(line=changed, by=personas.member, **{**_inputs(changed), "spots": 40})
    second_of_v1 = PlanLine.objects.get(version=confirmed_plan, position=2)
    for refused in (changed, second_of_v1):
        with pytest.raises(MediaError, match="not confirmed by the client in writing"):
            bookings.booking_create(line=refused, by=personas.member)
        with pytest.raises(DatabaseError, match="not confirmed by the client"):
            raw_booking(refused, reference=f"IO-RAW-{refused.pk}")
    assert Booking.objects.count() == 1  # the booking made while v1 was confirmed stays

    plans.plan_send(version=v2, contact=contact, by=personas.member)
    client_decides(contact.email, "approved")
    confirm_for_booking(PlanVersion.objects.get(pk=v2.pk), contact=contact, by=personas.member)
    # Both orders are live (the first is not cancelled): beyond the budget, so with a reason.
    booked = bookings.booking_create(
        line=changed, by=personas.member, over_budget_reason="v1's order is cancelled next."
    )
    assert booked.spots == 40


def test_it_refuses_booking_when_the_confirmed_content_no_longer_matches(personas, confirmed_plan):
    """If the content changed anyway (here: the trigger dropped by an operator), the hash no longer matches."""
    line = first_line(confirmed_plan)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # a superuser skipping triggers
            cursor.execute("UPDATE media_planline SET unit_rate = 1 WHERE id = %s", [line.pk])
            cursor.execute("SET session_replication_role = DEFAULT")
        else:
            cursor.execute("DROP TRIGGER media_planline_frozen_update")
            cursor.execute("UPDATE media_planline SET unit_rate = 1 WHERE id = %s", [line.pk])
    with pytest.raises(MediaError, match="changed after the client confirmed it"):
        bookings.booking_create(line=line, by=personas.member)


def test_it_asks_for_a_one_time_code_when_the_client_requires_one(personas, draft_plan, contact):
    personas.client.require_code_for_money_decisions = True
    personas.client.save()
    plans.plan_send(version=draft_plan, contact=contact, by=personas.member)
    request = DecisionRequest.objects.get(document_id=draft_plan.pk, decision_kind="media_plan")
    assert request.requires_code and request.is_money_decision
    mail = OutboxMessage.objects.get(template="decision_request", to_email=contact.email)
    assert "Media plan v1" in mail.subject or "Media plan v1" in mail.body_text


def test_it_closes_the_media_gate_until_confirmed_and_the_schedule_is_sent(client, personas, confirmed_plan, contact):
    campaign = confirmed_plan.campaign
    campaign.steps.all().delete()
    approve_brief_with_objectives(campaign, contact=contact, by=personas.member)  # the evaluation step's objectives
    plans_v = PlanVersion.objects.filter(campaign=campaign)
    assert plans_v.count() == 1
    with pytest.raises(GateClosed) as closed:
        campaign_advance(campaign=campaign, by=personas.member)
    assert [str(m) for m in closed.value.missing] == ["The confirmed schedule has been sent to the client."]

    client.force_login(personas.member)
    url = reverse("media_schedule_send", args=[confirmed_plan.pk])
    page = client.post(url, {"contact": contact.pk, "message": "Thank you."}).content.decode()
    assert "Lines not yet confirmed by the media owner: 1, 2." in page
    for line in confirmed_plan.lines.all():
        booking = bookings.booking_create(line=line, by=personas.member)
        client.post(reverse("media_booking_confirm", args=[booking.pk]), {"vendor_reference": f"V-{line.position}"})
    client.post(url, {"contact": contact.pk, "message": "Thank you."})
    mail = OutboxMessage.objects.get(template="media_schedule", to_email=contact.email)
    assert "CCTV-1" in mail.body_text and "V-2" in mail.body_text and "Thank you." in mail.body_text

    assert campaign_advance(campaign=campaign, by=personas.member).stage == Stage.EVALUATION


def _inputs(line):
    return {name: getattr(line, name) for name in PlanLine.INPUTS}
