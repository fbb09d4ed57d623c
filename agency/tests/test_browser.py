"""The base layout in a real browser (Debian's Chromium through Playwright)."""

import pytest

from agency.tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.services]


def test_it_logs_in_and_switches_to_chinese(page, live_server, personas, csp_violations):
    page.goto(live_server.url + "/")
    assert "/auth/login/" in page.url
    page.fill("input[name=username]", "member")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    assert page.locator("h1").inner_text().startswith("Good day")
    assert page.locator("table").inner_text().count("Tianshan Dairy") == 1

    page.click('a.dropdown-toggle:has-text("English")')
    page.click("button[value=zh-hans]")
    page.wait_for_load_state()
    assert page.locator("nav").inner_text().count("我的今日") == 1
    assert page.locator(".card-header").inner_text() == "我的客户"
    assert csp_violations == []  # every page on the way obeyed the Content-Security-Policy


def test_it_reports_a_csp_violation_when_a_page_breaks_the_policy(page, live_server, db, csp_violations):
    # Proves the check above can fail: an inline script is refused and reported.
    page.goto(live_server.url + "/auth/login/")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); }")
    page.wait_for_timeout(200)
    assert any("script-src" in v for v in csp_violations)


def test_it_shows_a_wrong_password_without_losing_the_username(page, live_server, db):
    UserFactory(username="zhang.jing")
    page.goto(live_server.url + "/auth/login/")
    page.fill("input[name=username]", "zhang.jing")
    page.fill("input[name=password]", "not-it")
    page.click("main button[type=submit]")
    assert "correct username and password" in page.locator("main form").inner_text()
    assert page.input_value("input[name=username]") == "zhang.jing"
