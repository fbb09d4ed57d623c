"""The media recommendation and each monthly plan are confirmed by the client in writing, each its own
decision by link, and nothing is booked before. Rule: "Written confirmation before booking"
(docs/practice.md).
"""

import pytest
from django.urls import reverse

from agency.core.models import DecisionRequest
from media.models import Booking, MediaBrief, MediaRecommendation, MonthlyPlan
from media.services import MediaError, bookings, confirmations, plans

from .conftest import client_decides, first_line
from .test_money import client_page

JULY, AUGUST = "2026-07-01", "2026-08-01"


@pytest.fixture
def approved_plan(draft_plan, contact, personas):
    """The master plan confirmed by the client, and nothing else yet."""
    plans.plan_send(version=draft_plan, contact=contact, by=personas.member)
    client_decides(contact.email, "approved")
    draft_plan.refresh_from_db()
    MediaBrief.objects.create(campaign=draft_plan.campaign, recommendation="TV for reach; LED for frequency.")
    return draft_plan


def test_booking_waits_for_the_recommendation_and_the_monthly_plans(client, personas, approved_plan, contact):
    client.force_login(personas.member)
    led = approved_plan.lines.get(position=2)  # mid-July to mid-August

    page = client.post(reverse("media_line_book", args=[led.pk]), follow=True).content.decode()
    assert (
        "Not yet confirmed by the client in writing: the media recommendation; the monthly plan of Jul 2026 "
        "(media plan v1); the monthly plan of Aug 2026 (media plan v1). Nothing is booked before."
    ) in page
    assert not Booking.objects.exists()

    # The recommendation: its own decision, with its own label, on the client's page.
    response = client.post(reverse("media_recommendation_send", args=[approved_plan.pk]), {"contact": contact.pk})
    assert response.status_code == 302
    page = client_page(contact.email)
    assert "Media recommendation" in page and "TV for reach; LED for frequency." in page
    assert 'id="money-total">2,343,910.00 CNY<' in page
    assert DecisionRequest.objects.filter(decision_kind="media_recommendation").count() == 1
    client_decides(contact.email, "approved")
    assert MediaRecommendation.objects.get().status == "approved"

    # July is confirmed; August is not yet: the LED line, airing in both, still waits.
    client.post(reverse("media_monthly_send", args=[approved_plan.pk]), {"contact": contact.pk, "month": JULY})
    page = client_page(contact.email)
    assert "Monthly media plan" in page and 'id="money-total">2,326,620.00 CNY<' in page
    client_decides(contact.email, "approved")
    with pytest.raises(MediaError) as refused:
        bookings.booking_create(line=led, by=personas.member)
    assert "the monthly plan of Aug 2026 (media plan v1)" in str(refused.value)
    assert "Jul 2026" not in str(refused.value) and "recommendation" not in str(refused.value)
    # The TV line airs in July only: it can be booked now.
    assert bookings.booking_create(line=first_line(approved_plan), by=personas.member).spots == 31

    client.post(reverse("media_monthly_send", args=[approved_plan.pk]), {"contact": contact.pk, "month": AUGUST})
    client_decides(contact.email, "approved")
    assert bookings.booking_create(line=led, by=personas.member).spots == 3100
    assert set(MonthlyPlan.objects.values_list("status", flat=True)) == {"approved"}


def test_a_month_the_client_asked_to_change_does_not_count(personas, approved_plan, contact):
    confirmations.recommendation_send(version=approved_plan, contact=contact, by=personas.member)
    client_decides(contact.email, "approved")
    july = confirmations.monthly_plan_send(
        version=approved_plan, month=first_line(approved_plan).flight_start, contact=contact, by=personas.member
    )
    client_decides(contact.email, "changes_requested", comment="Fewer spots in the first week.")
    july.refresh_from_db()
    assert july.status == "changes"
    with pytest.raises(MediaError, match="the monthly plan of Jul 2026"):
        bookings.booking_create(line=first_line(approved_plan), by=personas.member)


def test_monthly_plans_go_only_once_the_master_plan_is_confirmed(personas, draft_plan, contact):
    with pytest.raises(MediaError, match="once media plan v1 is confirmed in writing"):
        confirmations.monthly_plan_send(
            version=draft_plan, month=first_line(draft_plan).flight_start, contact=contact, by=personas.member
        )


def test_the_recommendation_needs_its_text_and_a_new_version_closes_what_waits(personas, approved_plan, contact):
    MediaBrief.objects.filter(campaign=approved_plan.campaign).update(recommendation="")
    with pytest.raises(MediaError, match="Write the media recommendation in the media brief"):
        confirmations.recommendation_send(version=approved_plan, contact=contact, by=personas.member)
    MediaBrief.objects.filter(campaign=approved_plan.campaign).update(recommendation="Reach first.")
    waiting = confirmations.recommendation_send(version=approved_plan, contact=contact, by=personas.member)

    plans.plan_new_version(campaign=approved_plan.campaign, by=personas.member)
    waiting.refresh_from_db()
    assert waiting.status == "superseded"
    assert DecisionRequest.objects.for_document(waiting).get().status == "superseded"


def test_the_monthly_page_sends_each_month(client, personas, approved_plan, contact):
    client.force_login(personas.member)
    page = client.get(reverse("media_monthly", args=[approved_plan.pk])).content.decode()
    assert page.count("Send this month for confirmation") == 2
    client.post(reverse("media_monthly_send", args=[approved_plan.pk]), {"contact": contact.pk, "month": JULY})
    page = client.get(reverse("media_monthly", args=[approved_plan.pk])).content.decode()
    assert page.count("Send this month for confirmation") == 1 and "Awaiting client decision" in page
