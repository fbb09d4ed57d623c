"""The README's API walk-through in a real browser on a phone: make a token on the API tokens page, then
call the API with it as curl would."""

import json
import urllib.request

import pytest

from agency.core.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.services]

PHONE = {"width": 390, "height": 844}


def test_a_token_made_on_a_phone_opens_the_api(browser, live_server, personas):
    context = browser.new_context(locale="en-US", viewport=PHONE)
    page = context.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(live_server.url + "/auth/login/?next=/account/api-tokens/")
    page.fill("input[name=username]", "member")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + "/account/api-tokens/")
    page.fill("input[name=name]", "Finance system")
    page.click("main button[type=submit]")
    token = page.locator("#new-api-token").inner_text().strip()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    url = live_server.url + "/api/clients/"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310 (our server)
    with urllib.request.urlopen(request) as response:  # noqa: S310
        clients = json.load(response)["results"]
    assert [row["name"] for row in clients] == ["Tianshan Dairy"]

    page.goto(live_server.url + "/api/docs/")
    assert page.locator("h1").inner_text() == "API reference"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert violations == []
    context.close()
