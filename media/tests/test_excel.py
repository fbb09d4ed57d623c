"""Excel out and in: a planner's spreadsheet, checked row by row, imported all or nothing."""

import io
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from media.models import PlanLine
from media.services import plans

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def canonical_lines(version):
    return [line.canonical() for line in PlanLine.objects.filter(version=version).order_by("position")]


def upload(content, name="plan.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX)


def test_it_exports_a_plan_that_reimports_to_the_same_lines(client, personas, draft_plan):
    line = PlanLine.objects.get(version=draft_plan, position=1)
    # A name that a spreadsheet would run as a formula if it were written carelessly.
    fields = {name: getattr(line, name) for name in PlanLine.INPUTS}
    plans.plan_line_update(line=line, by=personas.member, **{**fields, "vendor": '=HYPERLINK("http://x.example")'})
    client.force_login(personas.member)
    response = client.get(reverse("media_plan_export", args=[draft_plan.pk]))
    assert response["Content-Type"] == XLSX
    assert 'filename="JOB-' in response["Content-Disposition"]

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Media plan" and sheet["B2"].value == "Tianshan Dairy"
    assert sheet["A8"].value == "#" and sheet["B8"].value == "Media owner"
    vendor = sheet["B9"]
    assert vendor.value == '=HYPERLINK("http://x.example")' and vendor.data_type == "s"  # text, not a formula
    assert sheet["N9"].value == Decimal("2305625.00") or sheet["N9"].value == 2305625  # net, as a number
    assert sheet["A11"].value == "Total" and sheet["N11"].value == "=SUM(N9:N10)"

    before = canonical_lines(draft_plan)
    response = client.post(
        reverse("media_plan_import", args=[draft_plan.pk]),
        {"file": upload(response.content), "replace": "on"},
        follow=True,
    )
    assert "2 lines already in the plan as they are" in response.content.decode()
    response = client.post(response.redirect_chain[-1][0], follow=True)
    assert "2 lines unchanged" in response.content.decode()
    assert canonical_lines(draft_plan) == before


def test_it_reads_a_chinese_export_and_keeps_decimals_exact(client, personas, draft_plan):
    personas.member.language = "zh-hans"
    personas.member.save()
    client.force_login(personas.member)
    content = client.get(reverse("media_plan_export", args=[draft_plan.pk])).content
    before = canonical_lines(draft_plan)
    preview = client.post(
        reverse("media_plan_import", args=[draft_plan.pk]), {"file": upload(content), "replace": "on"}
    )
    client.post(preview.url)
    after = PlanLine.objects.filter(version=draft_plan).order_by("position")
    assert canonical_lines(draft_plan) == before
    assert after[1].unit_rate == Decimal("12.35") and isinstance(after[1].net, Decimal)


def bad_workbook():
    wb = Workbook()
    ws = wb.active
    ws.append(["Tianshan media plan"])
    ws.append([])
    ws.append(["Media owner", "Channel", "Vehicle / property", "Flight start", "Flight end", "Spots / insertions",
               "Unit rate", "Discount %", "Net"])  # fmt: skip
    ws.append(["CCTV", "TV", "CCTV-1", date(2026, 7, 1), date(2026, 7, 31), 31, 85000, 12.5, 2305625])  # good
    ws.append(["", "Telepathy", "CCTV-2", "2026-07-01", "2026-07-31", 10, 100, 0, None])  # 2 problems
    ws.append(["Focus", "Outdoor / LED", "LED", "1st of July", date(2026, 7, 31), 0, 12.345, 0, None])  # 3
    ws.append(["Focus", "outdoor", "LED", date(2026, 8, 1), date(2026, 7, 1), 5, 10, 0, None])  # end before start
    ws.append(["Radio GZ", "Radio", "FM 102.7", date(2026, 7, 1), date(2026, 7, 31), 10, 100, 150, None])  # >100
    ws.append(["Radio GZ", "radio", "FM 102.7", date(2026, 7, 1), date(2026, 7, 31), 10, 100, 10, 999])  # net wrong
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_it_imports_nothing_from_a_file_with_bad_rows_and_names_every_one(client, personas, draft_plan):
    client.force_login(personas.member)
    before = canonical_lines(draft_plan)
    response = client.post(reverse("media_plan_import", args=[draft_plan.pk]), {"file": upload(bad_workbook())})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported: 8 problems to fix in the file." in page
    for expected in (
        "Row 5, Media owner: is required",
        "Row 5, Channel: “Telepathy” is not a channel",
        "Row 6, Flight start: “1st of July” is not a date (YYYY-MM-DD)",
        "Row 6, Spots / insertions: must be a whole number above zero",
        "Row 6, Unit rate: has more than two decimals",
        "Row 7, Flight end: is before the flight start",
        "Row 8, Discount %: cannot be more than 100",
        "Row 9, Net: is 999.00 but spots × unit rate less discount is 900.00",
    ):
        assert expected in page
    assert "Row 4" not in page
    assert canonical_lines(draft_plan) == before


def test_it_refuses_a_file_that_is_not_a_workbook(client, personas, draft_plan):
    client.force_login(personas.member)
    response = client.post(
        reverse("media_plan_import", args=[draft_plan.pk]), {"file": upload(b"vendor,channel\nx,y\n", "plan.xlsx")}
    )
    assert "is not an Excel workbook (.xlsx)" in response.content.decode()
    assert PlanLine.objects.filter(version=draft_plan).count() == 2


def test_it_refuses_an_import_into_a_plan_sent_to_the_client(client, personas, confirmed_plan):
    client.force_login(personas.member)
    content = client.get(reverse("media_plan_export", args=[confirmed_plan.pk])).content
    response = client.post(reverse("media_plan_import", args=[confirmed_plan.pk]), {"file": upload(content)})
    assert "can no longer be changed; start a new version instead" in response.content.decode()
    assert PlanLine.objects.filter(version=confirmed_plan).count() == 2
