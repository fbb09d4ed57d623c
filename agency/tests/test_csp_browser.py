"""The Content-Security-Policy holds on the app's main pages, in a real browser (Debian's Chromium).

Each page loads with no CSP violation reported and no script error, carries no inline script or inline
event handler, and a script injected inline does not run.
"""

import pytest

from briefs.services.brief import brief_send_for_approval
from briefs.tests.factories import EstimateFactory, EstimateLineFactory
from media.tests.factories import PlanVersionFactory, add_lines

pytestmark = [pytest.mark.browser, pytest.mark.services]

INLINE_HANDLERS = ",".join(f"[{name}]" for name in ("onclick", "onload", "onchange", "onsubmit", "oninput", "onerror"))


def check_page(page, url, violations, errors):
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    # json_script data blocks (type="application/json", e.g. the dashboard's charts) never run; anything else would.
    inline = 'script:not([src]):not([type="application/json"])'
    assert page.locator(inline).count() == 0, f"inline <script> on {url}"
    assert page.locator(INLINE_HANDLERS).count() == 0, f"inline event handler on {url}"
    ran = page.evaluate(
        """() => { window.__inlineRan = false; const s = document.createElement('script');
                   s.textContent = 'window.__inlineRan = true'; document.body.append(s); return window.__inlineRan; }"""
    )
    assert ran is False, f"an inline script ran on {url}"
    page.wait_for_timeout(100)
    injected = [v for v in violations if "script-src" in v]
    assert injected, f"the injected script was not reported on {url}"  # the check itself works
    others = [v for v in violations if v not in injected]
    assert others == [], f"{url}: {others}"
    assert errors == [], f"{url}: {errors}"
    violations.clear()


@pytest.fixture
def documents(personas, campaign, brief, contact):
    estimate = EstimateFactory(campaign=campaign)
    EstimateLineFactory(estimate=estimate)
    plan = PlanVersionFactory(campaign=campaign)
    add_lines(plan, 3)
    sent = brief_send_for_approval(version=brief.versions.get(number=1), contact=contact, by=personas.member)
    return {"estimate": estimate, "plan": plan, "link": f"/d/{sent.token}/"}


def test_the_main_pages_obey_the_content_security_policy(
    browser, live_server, client, personas, campaign, documents, csp_violations, page
):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    client.force_login(personas.member)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    c = personas.client
    for path in (
        "/",
        "/clients/",
        f"/clients/{c.pk}/",
        f"/clients/{c.pk}/edit/",
        "/prospects/",
        "/campaigns/",
        f"/campaigns/{campaign.pk}/",
        f"/campaigns/{campaign.pk}/brief/",
        f"/campaigns/{campaign.pk}/brief/edit/",
        f"/campaigns/estimates/{documents['estimate'].pk}/",
        f"/media/campaigns/{campaign.pk}/",
        f"/media/plans/{documents['plan'].pk}/",
        f"/media/plans/{documents['plan'].pk}/flowchart/",
        "/outbox/",
        "/reminders/",
        "/notifications/",
        "/reviews/",
        "/dashboard/",
        "/complaints/",
        "/complaints/new/",
        f"/clients/{c.pk}/surveys/",
        f"/campaigns/{campaign.pk}/evaluation/",
    ):
        check_page(page, live_server.url + path, csp_violations, errors)


def test_the_client_decision_page_obeys_the_content_security_policy(browser, live_server, documents):
    context = browser.new_context(locale="en-US")  # the client: no staff session
    page = context.new_page()
    violations, errors = [], []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    check_page(page, live_server.url + documents["link"], violations, errors)
    assert "/decision/" in page.url
    context.close()
