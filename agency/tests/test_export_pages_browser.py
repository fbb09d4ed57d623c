"""A long export's page (running, then ready) and the client list with its bulk actions, in Chromium: no
wider than a phone, and no serious accessibility problem. The every-page sweep does not reach an export's
page: its address holds a random id (test_every_page_browser.py)."""

import pytest

from agency.core.models import ExportJob
from agency.core.tasks import run_export
from agency.tests.test_every_page_browser import WIDTHS, problems_on, session_cookie
from agency.tests.test_long_exports import export_root, many_clients  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.services]


def test_the_export_page_and_the_client_list_fit_a_phone(
    browser,
    live_server,
    client,
    personas,
    many_clients,  # noqa: F811
    export_root,  # noqa: F811
    settings,
):
    settings.EXPORT_BACKGROUND_ROWS = 2
    client.force_login(personas.member)
    job_url = client.get("/clients/export.xlsx?tier=high").url
    problems = []
    for name, viewport in WIDTHS.items():
        context = browser.new_context(locale="en-US", viewport=viewport)
        context.add_cookies([session_cookie(personas, "member", live_server)])
        page = context.new_page()
        for path, shows in (("/clients/", "#bulk-form"), (job_url, "#export-progress")):
            page.goto(live_server.url + path)
            assert page.locator(shows).count() == 1, path
            if name == "phone" and path == job_url:
                assert page.locator("#export-download").count() == 1  # the ready page, with its link
            problems += problems_on(page, f"{name} {path}", viewport, check_axe=name == "desktop")
        context.close()
        if ExportJob.objects.get().state == ExportJob.State.QUEUED:
            run_export.apply(args=(str(ExportJob.objects.get().pk),))  # the phone sees the ready page
    assert problems == []
