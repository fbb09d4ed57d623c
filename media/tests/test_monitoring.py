"""Airing monitoring with proof, make-goods for missed spots, notices to the client.

Rules (docs/practice.md): "Monitoring with proof", "Make-goods for missed spots", "Airing notices to the client".
"""

from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from agency.core import decisions
from agency.core.models import OutboxMessage
from agency.core.tests.images import png
from media.models import ClientNotice, MakeGood, ProofFile
from media.queries import delivery
from media.services import bookings
from media.tasks import end_of_campaign_notices

from .conftest import first_line

PNG = png()


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

    # Scheduling the make-good tells the client the spots and the days; once aired, with proof, it counts.
    client.post(
        reverse("media_make_good_schedule", args=[make_good.pk]),
        {f"mg{make_good.pk}-{name}": value for name, value in (("spots", 3), ("air_date", "2026-07-10"),
                                                                ("air_until", "2026-07-12"))},
    )  # fmt: skip
    dated = OutboxMessage.objects.filter(template="media_make_good", to_email=contact.email).order_by("-id").first()
    assert "The 3 make-good spots on CCTV-1" in dated.body_text
    assert "will air from 10 Jul 2026 to 12 Jul 2026" in dated.body_text
    assert delivery(confirmed_plan).lines[0].delivered_spots == 4
    aired = f"aired{make_good.pk}"
    response = client.post(
        reverse("media_make_good_aired", args=[make_good.pk]),
        {f"{aired}-aired_spots": 3, f"{aired}-aired_on": "2026-07-11", f"{aired}-proof_kind": "photo",
         f"{aired}-proofs": SimpleUploadedFile("make-good-night.png", PNG)},
        follow=True,
    )  # fmt: skip
    assert "make-good-night.png" in response.content.decode()
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
    # Without the expected resumption nothing is sent, and the reason typed is kept.
    refused = client.post(reverse("media_booking_suspend", args=[booking.pk]), {"reason": "Screen maintenance."})
    assert refused.status_code == 400 and "Screen maintenance." in refused.content.decode()
    assert not OutboxMessage.objects.filter(template="media_suspension").exists()

    resumes = timezone.localtime() + timedelta(days=2)
    client.post(
        reverse("media_booking_suspend", args=[booking.pk]),
        {"reason": "Screen maintenance on 12 July.", "resumes_at": resumes.strftime("%Y-%m-%dT%H:%M")},
    )
    client.post(reverse("media_booking_resume", args=[booking.pk]), {"message": "Back on air from 14 July."})
    suspension = OutboxMessage.objects.get(template="media_suspension", to_email=contact.email)
    assert "Screen maintenance on 12 July." in suspension.body_text and booking.reference in suspension.subject
    assert f"Expected to resume: {date_format(resumes, 'DATE_FORMAT')}" in suspension.body_text
    resumption = OutboxMessage.objects.get(template="media_resumption", to_email=contact.email)
    assert "Back on air from 14 July." in resumption.body_text


def owed_make_good(plan, by, *, scheduled=7, aired=4):
    booking = vendor_confirmed_booking(plan, by)
    bookings.monitoring_record(
        booking=booking, period_start=date(2026, 7, 1), period_end=date(2026, 7, 7), scheduled=scheduled,
        aired=aired, notes="", proofs=[], by=by,
    )  # fmt: skip
    return MakeGood.objects.get(booking=booking)


def test_a_make_good_is_not_aired_without_its_spots_a_past_day_and_proof(client, personas, confirmed_plan, media_root):
    make_good = owed_make_good(confirmed_plan, personas.member)
    client.force_login(personas.member)
    schedule = reverse("media_make_good_schedule", args=[make_good.pk])
    short = client.post(schedule, {f"mg{make_good.pk}-spots": 2, f"mg{make_good.pk}-air_date": "2026-07-10",
                                   f"mg{make_good.pk}-air_until": "2026-07-10"})  # fmt: skip
    assert short.status_code == 400 and "3 spots are owed" in short.content.decode()
    bookings.make_good_schedule(
        make_good=make_good, spots=3, air_date=date(2026, 7, 10), air_until=date(2026, 7, 12), by=personas.member
    )
    url, prefix = reverse("media_make_good_aired", args=[make_good.pk]), f"aired{make_good.pk}"
    tomorrow = timezone.localdate() + timedelta(days=1)
    no_proof = client.post(url, {f"{prefix}-aired_spots": 3, f"{prefix}-aired_on": "2026-07-11",
                                 f"{prefix}-proof_kind": "photo"})  # fmt: skip
    future = client.post(url, {f"{prefix}-aired_spots": 3, f"{prefix}-aired_on": tomorrow.isoformat(),
                               f"{prefix}-proof_kind": "photo",
                               f"{prefix}-proofs": SimpleUploadedFile("a.png", PNG)})  # fmt: skip
    assert no_proof.status_code == 400 and future.status_code == 400
    assert "A make-good cannot have aired on a day still to come." in future.content.decode()
    make_good.refresh_from_db()
    assert make_good.status == MakeGood.Status.SCHEDULED
    assert delivery(confirmed_plan).lines[0].delivered_spots == 4


def test_the_end_of_campaign_notice_goes_once_on_the_off_air_date(personas, confirmed_plan, contact, time_machine):
    owed_make_good(confirmed_plan, personas.member)
    ends = first_line(confirmed_plan).flight_end
    time_machine.move_to(datetime.combine(ends - timedelta(days=1), time(18), tzinfo=timezone.get_current_timezone()))
    assert end_of_campaign_notices() == 0  # still on air

    time_machine.move_to(datetime.combine(ends, time(18), tzinfo=timezone.get_current_timezone()))
    assert end_of_campaign_notices() == 1
    assert end_of_campaign_notices() == 0  # a re-run (or a second beat) sends nothing twice
    notice = OutboxMessage.objects.get(template="media_end", to_email=contact.email)
    assert confirmed_plan.campaign.job_number in notice.subject and "end of campaign" in notice.subject
    assert f"went off air on {date_format(ends, 'DATE_FORMAT')}" in notice.body_text
    figures = delivery(confirmed_plan)
    assert figures.delivered_spots == 4
    assert f"Spots delivered: 4 of {figures.planned_spots} planned" in notice.body_text
    assert ClientNotice.objects.get(kind="end").version == confirmed_plan


def test_the_client_sees_the_airing_proof_by_link_and_acknowledges_it(
    client, personas, confirmed_plan, contact, media_root
):
    from agency.core.models import Decision, DecisionRequest
    from agency.core.tests.decision_flow import decide_by_link

    booking = vendor_confirmed_booking(confirmed_plan, personas.member)
    bare = bookings.monitoring_record(
        booking=booking, period_start=date(2026, 7, 1), period_end=date(2026, 7, 3), scheduled=3, aired=3,
        notes="", proofs=[], by=personas.member,
    )  # fmt: skip
    proof = (ProofFile.Kind.PHOTO, SimpleUploadedFile("screen-night.png", PNG), "screen-night.png", "image/png")
    report = bookings.monitoring_record(
        booking=booking, period_start=date(2026, 7, 4), period_end=date(2026, 7, 7), scheduled=4, aired=4,
        notes="All spots aired; photos by day and night.", proofs=[proof], by=personas.member,
    )  # fmt: skip
    client.force_login(personas.member)
    refused = client.post(reverse("media_monitoring_send", args=[bare.pk]), {"contact": contact.pk}, follow=True)
    assert "Attach the proof to the monitoring report" in refused.content.decode()
    sent = client.post(reverse("media_monitoring_send", args=[report.pk]), {"contact": contact.pk}, follow=True)
    assert 'data-testid="proof-sent"' in sent.content.decode()
    request = DecisionRequest.objects.get(decision_kind="airing_proof")
    assert request.contact == contact and request.document == report

    # The client, with nothing but the emailed link, sees the figures and opens the photo.
    link = decisions.remind_request(decision_request=request)  # a link whose token the test holds
    browser = Client()
    page = browser.get(f"/d/{link.token}/", follow=True)
    body = page.content.decode()
    assert "Airing proof" in body and "All spots aired; photos by day and night." in body
    photo = browser.get(reverse("decision_file", args=[request.pk, 0]))
    assert photo.status_code == 200 and b"".join(photo.streaming_content) == PNG
    assert 'value="approved"' not in body  # view-only: acknowledged, never approved
    decide_by_link(browser, page.redirect_chain[-1][0], outcome="acknowledged")
    assert Decision.objects.get(request=request).outcome == "acknowledged"
