"""Rule: "Long exports in the background" (docs/practice.md). A list export beyond the threshold is written
by a task, as the person who asked; its page shows the progress after a reload and ends with a download
that is theirs alone and holds the same rows as the immediate export."""

import io
import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.tests.factories import ClientFactory, TeamMemberFactory
from agency.core import export_jobs
from agency.core.models import ExportJob
from agency.core.tasks import run_export
from media.tests.conftest import draft_plan, media_campaign  # noqa: F401


@pytest.fixture
def export_root(settings, tmp_path):
    settings.EXPORT_ROOT = tmp_path / "exports"
    return settings.EXPORT_ROOT


@pytest.fixture
def many_clients(personas):
    """The team member leads five high-value clients (one named like a formula) besides their first."""
    for n, name in enumerate(["=HYPERLINK(1)", "Amber Tea", "Birch Hotels", "Cedar Motors", "Dune Water"]):
        TeamMemberFactory(client=ClientFactory(name=name, code=f"HV{n}", tier="high"), user=personas.member)
    return 5


def immediate(client, url, settings):
    settings.EXPORT_BACKGROUND_ROWS = 10_000
    response = client.get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    return response.content


def queued(client, url, settings):
    """Ask for the export with a threshold it is above: the person lands on its progress page."""
    settings.EXPORT_BACKGROUND_ROWS = 2
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/exports/")
    return response.url


def test_a_long_export_shows_its_progress_then_a_download_with_the_rows_of_the_immediate_one(
    client, personas, many_clients, export_root, settings
):
    client.force_login(personas.member)
    url = "/clients/export.csv?tier=high"
    page_url = queued(client, url, settings)
    page = client.get(page_url).content.decode()  # a reload of the page, before the worker has run
    assert "0 of 5 rows written." in page and 'hx-trigger="every 1s"' in page

    run_export.apply(args=(str(ExportJob.objects.get().pk),))  # what the worker runs
    fragment = client.get(page_url, headers={"HX-Request": "true"}).content.decode()
    assert "Your export is ready." in fragment and "5 rows." in fragment and "every 1s" not in fragment
    download = re.search(r'href="(/exports/[^"]+/download/)"', fragment).group(1)
    response = client.get(download)
    assert response["Content-Disposition"].startswith('attachment; filename="clients-')
    # Served as every stored file is: the browser may not guess another type or run it.
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    content = b"".join(response.streaming_content)
    assert content == immediate(client, url, settings)
    assert "'=HYPERLINK(1)" in content.decode("utf-8-sig")  # formula-safe as the immediate one
    assert "Your export is ready." in client.get(page_url).content.decode()  # after a reload too


def test_another_person_gets_404_for_the_page_and_the_download(client, personas, many_clients, export_root, settings):
    client.force_login(personas.member)
    page_url = queued(client, "/clients/export.csv?tier=high", settings)
    run_export.apply(args=(str(ExportJob.objects.get().pk),))
    for someone in (personas.management, personas.supervisor, personas.outsider):
        client.force_login(someone)
        assert client.get(page_url).status_code == 404
        assert client.get(page_url + "download/").status_code == 404


def test_asking_twice_while_it_runs_opens_the_same_page(client, personas, many_clients, export_root, settings):
    client.force_login(personas.member)
    first = queued(client, "/clients/export.xlsx?tier=high", settings)
    assert queued(client, "/clients/export.xlsx?tier=high", settings) == first
    assert queued(client, "/clients/export.csv?tier=high", settings) != first  # another format is another file


def test_an_export_lost_on_its_way_does_not_block_asking_again(
    client, personas, many_clients, export_root, settings, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(personas.member)
    first = queued(client, "/clients/export.xlsx?tier=high", settings)  # never run: its task was lost
    time_machine.shift(timedelta(seconds=2 * settings.CELERY_TASK_TIME_LIMIT + 1))
    again = queued(client, "/clients/export.xlsx?tier=high", settings)
    assert again != first
    run_export.apply(args=(again.rstrip("/").rsplit("/", 1)[1],))
    assert "Your export is ready." in client.get(again, headers={"HX-Request": "true"}).content.decode()


def test_the_task_writes_what_the_person_may_see_when_it_runs(client, personas, many_clients, export_root, settings):
    client.force_login(personas.member)
    page_url = queued(client, "/clients/export.csv?tier=high", settings)
    personas.member.teams.filter(client__code="HV4").delete()  # off the Dune Water team meanwhile
    run_export.apply(args=(str(ExportJob.objects.get().pk),))
    fragment = client.get(page_url, headers={"HX-Request": "true"}).content.decode()
    assert "4 rows." in fragment
    content = b"".join(client.get(page_url + "download/").streaming_content).decode("utf-8-sig")
    assert "Cedar Motors" in content and "Dune Water" not in content


def test_a_long_media_plan_export_is_the_same_workbook_and_fails_clearly_once_the_plan_is_out_of_sight(
    client,
    personas,
    draft_plan,  # noqa: F811
    export_root,
    settings,
):
    client.force_login(personas.member)
    url = f"/media/plans/{draft_plan.pk}/export.xlsx"
    settings.EXPORT_BACKGROUND_PLAN_LINES = 1
    page_url = client.get(url).url
    run_export.apply(args=(str(ExportJob.objects.get().pk),))
    fragment = client.get(page_url, headers={"HX-Request": "true"}).content.decode()
    assert "2 rows." in fragment
    background = load_workbook(io.BytesIO(b"".join(client.get(page_url + "download/").streaming_content))).active
    settings.EXPORT_BACKGROUND_PLAN_LINES = 500
    now = load_workbook(io.BytesIO(client.get(url).content)).active
    assert list(background.iter_rows(values_only=True)) == list(now.iter_rows(values_only=True))

    settings.EXPORT_BACKGROUND_PLAN_LINES = 1
    ExportJob.objects.all().delete()
    page_url = client.get(url).url
    personas.member.teams.all().delete()
    run_export.apply(args=(str(ExportJob.objects.get().pk),))
    fragment = client.get(page_url, headers={"HX-Request": "true"}).content.decode()
    assert "Nothing was exported." in fragment and "You can no longer see what this export is of." in fragment


def test_a_file_is_kept_seven_days_then_removed(client, personas, many_clients, export_root, settings, time_machine):
    client.force_login(personas.member)
    page_url = queued(client, "/clients/export.csv?tier=high", settings)
    run_export.apply(args=(str(ExportJob.objects.get().pk),))
    assert len(list(export_root.iterdir())) == 1

    time_machine.move_to(timezone.now() + timedelta(days=7, minutes=1))
    client.force_login(personas.member)  # the session has expired meanwhile
    assert client.get(page_url + "download/").status_code == 404
    assert "This export has expired" in client.get(page_url).content.decode()
    assert export_jobs.remove_expired() == 1
    assert list(export_root.iterdir()) == [] and not ExportJob.objects.exists()
    assert client.get(page_url).status_code == 404


def test_a_short_export_still_downloads_at_once(client, personas, many_clients):
    client.force_login(personas.member)
    response = client.get("/clients/export.csv?tier=high")
    assert response.status_code == 200 and not ExportJob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_writes_the_long_campaign_export(client, personas, tmp_path, settings, celery_worker_factory):
    from briefs.tests.factories import CampaignFactory

    for n in range(6):
        CampaignFactory(brand__client=personas.client, lead_ae=personas.member, name=f"Launch {n}")
    settings.EXPORT_ROOT = tmp_path
    celery_worker_factory(EXPORT_ROOT=str(tmp_path))
    client.force_login(personas.member)
    url = "/campaigns/export.xlsx?sort=-name"
    page_url = queued(client, url, settings)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        fragment = client.get(page_url, headers={"HX-Request": "true"}).content.decode()
        if "every 1s" not in fragment:
            break
        time.sleep(0.5)
    assert "Your export is ready." in fragment and "6 rows." in fragment
    background = load_workbook(io.BytesIO(b"".join(client.get(page_url + "download/").streaming_content))).active
    now = load_workbook(io.BytesIO(immediate(client, url, settings))).active
    rows = list(background.iter_rows(values_only=True))
    assert rows == list(now.iter_rows(values_only=True)) and rows[1][1] == "Launch 5"
    client.force_login(personas.supervisor)  # sees the campaigns, but not this person's export
    assert client.get(page_url + "download/").status_code == 404


def test_the_request_that_queues_a_long_export_counts_the_rows_but_reads_none(
    client, personas, many_clients, export_root, settings, django_assert_max_num_queries
):
    client.force_login(personas.member)
    settings.EXPORT_BACKGROUND_ROWS = 2
    # session, user, industries for the filter, the count, the same export already running, the new job
    with django_assert_max_num_queries(6) as captured:
        assert client.get("/clients/export.csv?tier=high").status_code == 302
    assert not any('"accounts_accountteammember"."role"' in q["sql"] for q in captured.captured_queries)
