"""One source for media figures: the post-analysis (its page, and what the campaign evaluation
prefills from it) and the manager dashboard (page and CSV) show the same planned and delivered spots
for a campaign, counted one way (media.queries.with_delivery): spots aired on live bookings plus
make-goods that aired."""

import csv
import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import ContactFactory
from agency.core.tests.images import png
from briefs.tests.factories import CampaignFactory
from evaluations.services.analysis import post_analysis_create
from media.models import MakeGood, ProofFile
from media.services import bookings
from media.tests.factories import satisfy_media_gate

pytestmark = pytest.mark.django_db
PNG = png()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def dashboard_row(client, name):
    response = client.get("/dashboard/export/media-delivery.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], {row[0]: row for row in rows[1:]}
    return dict(zip(header, body[name], strict=True))


def test_post_analysis_evaluation_and_dashboard_agree(client, personas, media_root):
    p = personas
    campaign = CampaignFactory(client=p.client, lead_ae=p.member, stage="media", budget=3000000)
    contact = ContactFactory(client=p.client)
    version = satisfy_media_gate(campaign, contact=contact, by=p.member)
    line = version.lines.get()
    # The first booking aired some spots and was then cancelled: they no longer count anywhere.
    cancelled = line.bookings.get()
    bookings.monitoring_record(
        booking=cancelled, period_start=date(2026, 6, 24), period_end=date(2026, 6, 26), scheduled=4, aired=4,
        notes="", proofs=[], by=p.member,
    )  # fmt: skip
    bookings.booking_cancel(booking=cancelled, reason="Booked with the wrong media owner", by=p.member)
    booking = bookings.booking_create(line=line, by=p.member)
    bookings.booking_confirm(booking=booking, vendor_reference="V-2", by=p.member)
    bookings.monitoring_record(
        booking=booking, period_start=date(2026, 7, 1), period_end=date(2026, 7, 7), scheduled=10, aired=7,
        notes="", proofs=[], by=p.member,
    )  # fmt: skip
    make_good = MakeGood.objects.get(booking=booking)
    bookings.make_good_schedule(
        make_good=make_good, spots=3, air_date=date(2026, 7, 9), air_until=date(2026, 7, 9), by=p.member
    )
    proof = (ProofFile.Kind.PHOTO, SimpleUploadedFile("make-good.png", PNG), "make-good.png", "image/png")
    bookings.make_good_aired(make_good=make_good, aired_spots=3, aired_on=date(2026, 7, 9), proofs=[proof], by=p.member)

    figures = post_analysis_create(campaign=campaign, summary="", by=p.member).figures
    assert (figures.planned_spots, figures.delivered_spots) == (line.spots, 7 + 3)

    client.force_login(p.member)
    row = dashboard_row(client, p.client.name)
    assert int(row["Planned spots"]) == figures.planned_spots
    assert int(row["Delivered spots"]) == figures.delivered_spots
    assert float(row["Delivered %"]) == round(100 * figures.delivered_spots / figures.planned_spots, 1)
    assert (row["Missed spots"], row["Open make-goods"]) == ("3", "0")

    page = client.get(reverse("media_post_analysis", args=[campaign.pk])).content.decode()
    cell = r'<th class="text-end"[^>]*>{}</th>'  # on a phone the cell also carries its column's name
    assert re.search(cell.format(figures.planned_spots) + cell.format(figures.delivered_spots), page)
