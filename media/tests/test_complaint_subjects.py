"""A complaint about a booking: the form offers the client's bookings; a booking of another campaign than
the complaint's is refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Complaint
from accounts.services.complaints import complaint_record
from accounts.services.errors import NotAllowed
from briefs.tests.factories import CampaignFactory
from media.services import bookings

from .conftest import first_line


def test_a_complaint_names_one_of_the_campaigns_bookings(client, personas, confirmed_plan, media_campaign):
    booking = bookings.booking_create(line=first_line(confirmed_plan), by=personas.member)
    client.force_login(personas.member)
    form = client.get(f"/complaints/new/?client={personas.client.pk}").content.decode()
    assert f"{booking.reference} · Southern launch · Tianshan Dairy" in form

    received = timezone.now() - timedelta(hours=1)
    complaint = complaint_record(
        client=personas.client, by=personas.member, channel="phone", received_at=received, category="technical",
        priority="urgent", description="Spot missing at 19:00.", campaign=media_campaign, booking=booking,
    )  # fmt: skip
    assert complaint.booking == booking
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert booking.reference in page

    another = CampaignFactory(client=personas.client, name="Autumn refresh")
    with pytest.raises(NotAllowed, match="not one of the campaign's"):
        complaint_record(
            client=personas.client, by=personas.member, channel="phone", received_at=received, category="technical",
            priority="urgent", description="Spot missing.", campaign=another, booking=booking,
        )  # fmt: skip
    assert Complaint.objects.count() == 1
