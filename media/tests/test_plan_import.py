"""Importing a media plan: a preview first, nothing written until the planner confirms, all or nothing,
and the same file twice adds nothing (docs/practice.md, "Imports within bounds")."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from agency.core.models import AuditEvent, ImportJob
from agency.core.tasks import run_import
from media.models import PlanLine

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["Media owner", "Channel", "Vehicle / property", "Flight start", "Flight end", "Spots / insertions",
          "Unit rate", "Discount %"]  # fmt: skip


def workbook(rows, header=HEADER):
    wb = Workbook()
    wb.active.append(header)
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("plan.xlsx", buffer.getvalue(), content_type=XLSX)


def radio(vehicle="FM 102.7", rate=100, discount=0, start=date(2026, 7, 1)):
    return ["Radio GZ", "Radio", vehicle, start, date(2026, 7, 31), 10, rate, discount]


def lines(plan):
    return list(PlanLine.objects.filter(version=plan).order_by("position").values_list("vehicle", "unit_rate"))


def preview(client, plan, rows, **data):
    return client.post(reverse("media_plan_import", args=[plan.pk]), {"file": workbook(rows), **data}, follow=True)


def confirm(client, page):
    return client.post(page.redirect_chain[-1][0], follow=True)


def test_nothing_is_written_until_the_planner_confirms(client, personas, draft_plan):
    client.force_login(personas.member)
    page = preview(client, draft_plan, [radio(), radio("FM 97.4", rate="HK$1,250.50")])
    text = page.content.decode()
    assert "Nothing has been written yet" in text and "2 lines to add" in text
    assert "Row 3 → line 4: Radio GZ · FM 97.4 · 2026-07-01 – 2026-07-31 · 10 × 1,250.00" not in text
    assert "Row 3 → line 4: Radio GZ · FM 97.4 · 2026-07-01 – 2026-07-31 · 10 × 1,250.50" in text
    assert len(lines(draft_plan)) == 2

    done = confirm(client, page).content.decode()
    assert "2 lines added" in done and "0 lines changed" in done
    assert lines(draft_plan)[2:] == [("FM 102.7", Decimal("100.00")), ("FM 97.4", Decimal("1250.50"))]
    assert AuditEvent.objects.filter(action="media_plan.lines_imported").count() == 1


def test_the_same_file_twice_adds_no_line(client, personas, draft_plan):
    client.force_login(personas.member)
    rows = [radio(), radio("FM 97.4"), radio("FM 97.4")]  # two identical rows are two lines
    confirm(client, preview(client, draft_plan, rows))
    assert len(lines(draft_plan)) == 5
    page = preview(client, draft_plan, rows)
    assert "0 lines to add" in page.content.decode()
    assert "3 lines already in the plan as they are" in page.content.decode()
    done = confirm(client, page).content.decode()
    assert "0 lines added" in done and "3 lines unchanged" in done
    assert len(lines(draft_plan)) == 5


def test_a_row_with_a_line_number_changes_that_line(client, personas, draft_plan):
    client.force_login(personas.member)
    header = ["#", *HEADER]
    rows = [[2, "Focus Media", "outdoor", "Guangzhou Tianhe LED", date(2026, 7, 15), date(2026, 8, 14), 3100,
             "13.00", 0]]  # fmt: skip
    response = client.post(
        reverse("media_plan_import", args=[draft_plan.pk]), {"file": workbook(rows, header)}, follow=True
    )
    text = response.content.decode()
    assert "1 line to change" in text and "Unit rate" in text and "0 lines to add" in text
    confirm(client, response)
    line = PlanLine.objects.get(version=draft_plan, position=2)
    # What the file has no column for (market, placement, format) stays as it was: nothing is lost.
    assert line.market == "Guangzhou" and line.format == "15s loop"
    assert line.unit_rate == Decimal("13.00") and line.revision == 2 and line.net == Decimal("40300.00")
    assert PlanLine.objects.filter(version=draft_plan).count() == 2


@pytest.mark.parametrize(
    ("cell", "column", "expected"),
    [
        ("12,5", "Unit rate", "“12,5” is not a number we can read one way"),
        ("1.250,50", "Unit rate", "“1.250,50” is not a number we can read one way"),
        ("12/06/2026", "Flight start", "“12/06/2026” is not a date (YYYY-MM-DD)"),
    ],
)
def test_a_refused_import_writes_no_row_and_names_row_and_column(client, personas, draft_plan, cell, column, expected):
    client.force_login(personas.member)
    bad = radio("FM 97.4", rate=cell) if column == "Unit rate" else radio("FM 97.4", start=cell)
    response = client.post(
        reverse("media_plan_import", args=[draft_plan.pk]), {"file": workbook([radio(), bad, radio("FM 88")])}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported: 1 problem to fix in the file." in page
    assert f"Row 3, {column}: {expected}" in page
    assert len(lines(draft_plan)) == 2 and not ImportJob.objects.exists()


def test_full_width_digits_and_a_currency_are_read(client, personas, draft_plan):
    client.force_login(personas.member)
    confirm(client, preview(client, draft_plan, [radio(rate="１２５"), radio("FM 97.4", rate="HK$1,250.50")]))
    assert lines(draft_plan)[2:] == [("FM 102.7", Decimal("125")), ("FM 97.4", Decimal("1250.50"))]


def test_another_persons_preview_is_not_found_and_cannot_be_confirmed(client, personas, draft_plan):
    client.force_login(personas.member)
    page = preview(client, draft_plan, [radio()])
    url = page.redirect_chain[-1][0]
    client.force_login(personas.supervisor)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert len(lines(draft_plan)) == 2


def test_a_new_upload_replaces_the_unconfirmed_preview(client, personas, draft_plan):
    client.force_login(personas.member)
    first = preview(client, draft_plan, [radio()])
    second = preview(client, draft_plan, [radio("FM 97.4")])
    assert client.post(first.redirect_chain[-1][0]).status_code == 404
    confirm(client, second)
    assert [vehicle for vehicle, _rate in lines(draft_plan)][2:] == ["FM 97.4"]


def test_confirming_twice_imports_once(client, personas, draft_plan):
    client.force_login(personas.member)
    page = preview(client, draft_plan, [radio()])
    confirm(client, page)
    again = confirm(client, page).content.decode()
    assert "1 line added" in again
    assert len(lines(draft_plan)) == 3


def five_thousand_lines():
    return [radio(f"FM {n}", rate=f"{100 + n}.50") for n in range(5000)]


def test_a_plan_of_five_thousand_lines_is_written_in_the_background_with_progress(
    client, personas, draft_plan, django_capture_on_commit_callbacks
):
    client.force_login(personas.member)
    page = preview(client, draft_plan, five_thousand_lines(), replace="on")
    assert "5000 lines to add" in page.content.decode() and "The first 100 of 5000 are listed." in page.content.decode()
    with django_capture_on_commit_callbacks() as queued:
        response = confirm(client, page)
    assert len(queued) == 1  # the task, queued after commit; nothing written yet
    assert (
        "0 of 5000 rows checked" in response.content.decode() and 'hx-trigger="every 1s"' in response.content.decode()
    )
    assert len(lines(draft_plan)) == 2

    job = ImportJob.objects.get()
    run_import.apply(args=(str(job.pk),))  # what the worker runs
    fragment = client.get(page.redirect_chain[-1][0], headers={"HX-Request": "true"}).content.decode()
    assert "5000 lines added" in fragment and "2 lines removed" in fragment and "every 1s" not in fragment
    assert PlanLine.objects.filter(version=draft_plan).count() == 5000
    job.refresh_from_db()
    assert job.state == "done" and job.rows_done == 5000 and job.rows == []


@pytest.mark.django_db(transaction=True)
def test_a_plan_of_five_thousand_lines_on_a_real_worker_ends_with_a_report(
    client, personas, draft_plan, celery_worker_factory
):
    import time

    celery_worker_factory()
    client.force_login(personas.member)
    page = preview(client, draft_plan, five_thousand_lines())
    url = page.redirect_chain[-1][0]
    client.post(url)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
        if "every 1s" not in fragment:
            break
        time.sleep(1)
    assert "5000 lines added" in fragment
    assert PlanLine.objects.filter(version=draft_plan).count() == 5002
