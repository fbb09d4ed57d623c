"""The base layout in a real browser (Debian's Chromium through Playwright)."""

import pytest

from agency.core.tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.services]


def test_it_logs_in_and_switches_to_chinese(page, live_server, personas, csp_violations):
    page.goto(live_server.url + "/")
    assert "/auth/login/" in page.url
    page.fill("input[name=username]", "member")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    assert page.locator("h1").inner_text().startswith("Good day")
    assert page.locator("#my-clients table").inner_text().count("Tianshan Dairy") == 1

    page.click('a.dropdown-toggle:has-text("English")')
    page.click("button[value=zh-hans]")
    page.wait_for_load_state()
    assert page.locator("nav").inner_text().count("我的今日") == 1
    assert page.locator("#my-clients .card-header").inner_text() == "我的客户"
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


def test_the_dashboard_draws_its_charts_and_shows_their_numbers(page, live_server, personas, csp_violations):
    from accounts.tests.factories import BrandFactory
    from briefs.services.campaigns import campaign_create

    brand = BrandFactory(client=personas.client)
    for name, budget in (("Spring TV", 250000), ("Summer outdoor", 120000)):
        campaign_create(
            client=personas.client, brand=brand, name=name, lead_ae=personas.member, by=personas.member, budget=budget
        )
    page.goto(live_server.url + "/auth/login/?next=/dashboard/")
    page.fill("input[name=username]", "manager")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + "/dashboard/")
    page.wait_for_selector('canvas[data-chart="chart-money"][data-drawn]')
    assert page.evaluate("() => Chart.getChart(document.querySelector('[data-chart=chart-money]')) !== undefined")
    # The numbers sit beside the charts, no button to press; a count axis has no 0.5 campaigns.
    assert page.locator("#table-money-clients").is_visible()
    assert "370,000.00" in page.locator("#table-money-clients").inner_text()  # both campaigns' budgets
    ticks = page.evaluate(
        "() => Chart.getChart(document.querySelector('[data-chart=chart-stages]')).scales.y.ticks.map(t => t.value)"
    )
    assert ticks and all(float(t).is_integer() for t in ticks)
    # A headline figure clicked lands on a list of as many rows.
    figure = int(page.locator("#figure-active-campaigns [data-figure]").inner_text())
    assert figure == 2
    page.click("#figure-active-campaigns")
    page.wait_for_url(live_server.url + "/campaigns/?stage=active")
    assert page.locator("main table tbody tr").count() == figure
    # A bar clicked opens the list of the campaigns it counts (the chart carries one URL pattern per stage).
    page.go_back()
    page.wait_for_selector('canvas[data-chart="chart-stages"][data-drawn]')
    bar = page.evaluate(
        """() => { const chart = Chart.getChart(document.querySelector('[data-chart=chart-stages]'));
                   const brief = chart.data.datasets.findIndex(d => d.label === 'Creative brief');
                   const el = chart.getDatasetMeta(brief).data[0]; return {x: el.x, y: (el.y + el.base) / 2}; }"""
    )
    page.locator('canvas[data-chart="chart-stages"]').click(position=bar)
    page.wait_for_url(f"{live_server.url}/campaigns/?client={personas.client.pk}&stage=brief")
    assert page.locator("main table tbody tr").count() == 2
    assert csp_violations == []
