"""Airing monitoring with proof, make-goods for missed spots, notices to the client.

Rules (docs/practice.md): "Monitoring with proof", "Make-goods for missed spots", "Airing notices to the client".
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agency.core.models import OutboxMessage
from media.models import ClientNotice, MakeGood
from media.queries import delivery
from media.services import bookings

from .conftest import first_line

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def vendor_confirmed_booking(plan, by):
    booking = bookings.booking_create(line=first_line(plan), by=by)
    return bookings.booking_confirm(booking=booking, vendor_reference="CCTV-2026-0713", by=by)


def test_it_turns_missed_spots_into_a_make_good_and_tells_the_client(
    client, personas, confirmed_plan, contact, media_root
):
    booking = vendor_confirmed_booking(confirmed_plan, personas.member)
    client.force_login(personas.member)
    response = client.post(
        reverse("media_monitoring_add", args=[booking.pk]),
        {
            "period_start": "2026-07-01",
            "period_end": "2026-07-07",
            "scheduled": 7,
            "aired": 4,
            "notes": "Programme overran on 3 and 5 July.",
            "proof_kind": "log",
            "proofs": [SimpleUploadedFile("night-shot.png", PNG), SimpleUploadedFile("day-shot.png", PNG)],
        },
        follow=True,
    )
    page = response.content.decode()
    assert "night-shot.png" in page and "3 spots owed" in page

    make_good = MakeGood.objects.get(booking=booking)
    assert make_good.spots == 3 and make_good.status == MakeGood.Status.TO_SCHEDULE
    notice = OutboxMessage.objects.get(template="media_make_good", to_email=contact.email)
    assert "4 of 7 scheduled spots aired on CCTV-1" in notice.body_text
    assert "3 missed spots will be made good at no cost to you" in notice.body_text
    assert ClientNotice.objects.filter(kind="make_good", contact=contact, booking=booking).count() == 1
    assert OutboxMessage.objects.filter(template="media_make_good_team", to_email=personas.member.email).count() == 0

    # Scheduling the make-good tells the client the date; once aired it counts as delivered.
    client.post(reverse("media_make_good_schedule", args=[make_good.pk]), {"air_date": "2026-07-10"})
    dated = OutboxMessage.objects.filter(template="media_make_good", to_email=contact.email).order_by("-id").first()
    assert "will air on 10 Jul 2026" in dated.body_text  # one unambiguous date format per language
    assert delivery(confirmed_plan).lines[0].delivered_spots == 4
    client.post(reverse("media_make_good_aired", args=[make_good.pk]))
    assert delivery(confirmed_plan).lines[0].delivered_spots == 7

    # Proof is served only through the access-checked view.
    proof = booking.reports.get().proofs.first()
    assert client.get(reverse("media_proof", args=[proof.pk]))["Content-Type"] == "image/png"
    client.force_login(personas.outsider)
    assert client.get(reverse("media_proof", args=[proof.pk])).status_code == 404


def test_it_refuses_proof_that_is_not_what_its_name_says(client, personas, confirmed_plan, media_root):
    booking = vendor_confirmed_booking(confirmed_plan, personas.member)
    client.force_login(personas.member)
    data = {"period_start": "2026-07-01", "period_end": "2026-07-07", "scheduled": 7, "aired": 7, "proof_kind": "photo"}
    for name, content in (("log.pdf.exe", b"MZ" + b"\x00" * 64), ("photo.png", b"<html><script>x</script>")):
        response = client.post(
            reverse("media_monitoring_add", args=[booking.pk]), {**data, "proofs": SimpleUploadedFile(name, content)}
        )
        assert response.status_code == 400
    assert not booking.reports.exists()


def test_it_tells_the_client_about_a_suspension_and_the_resumption(client, personas, confirmed_plan, contact):
    booking = vendor_confirmed_booking(confirmed_plan, personas.member)
    client.force_login(personas.member)
    client.post(reverse("media_booking_suspend", args=[booking.pk]), {"reason": "Screen maintenance on 12 July."})
    client.post(reverse("media_booking_resume", args=[booking.pk]), {"message": "Back on air from 14 July."})
    suspension = OutboxMessage.objects.get(template="media_suspension", to_email=contact.email)
    assert "Screen maintenance on 12 July." in suspension.body_text and booking.reference in suspension.subject
    resumption = OutboxMessage.objects.get(template="media_resumption", to_email=contact.email)
    assert "Back on air from 14 July." in resumption.body_text
