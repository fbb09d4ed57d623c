"""Every page, in a real browser (Debian's Chromium): readable by everyone and no wider than the screen.

Every staff page (built from the URL conf with the objects the access sweep makes, test_access_sweep.py) and
every page a client reaches by an emailed link is opened at 1,280 px and at 390 px:

- axe-core (agency/tests/vendor/, MPL-2.0) finds no critical and no serious accessibility violation, at each
  width (a phone shows the collapsed menu, stacked cards and tables as cards: not the desktop's page);
- the page never scrolls sideways: a wide table scrolls inside its own .table-responsive box.

One browser and one live server; each width visits every page once, in one test, measures its width and runs
axe on that same load, and reports every problem at once.
"""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client as DjangoClient
from django.urls import reverse

from agency.tests import test_access_sweep as sweep
from agency.tests.test_phone_pages import link_pages, media_root  # noqa: F401 (fixtures)
from evaluations import default_framework
from evaluations.models import CompetencyFramework

pytestmark = [pytest.mark.browser, pytest.mark.services, pytest.mark.timeout(1200)]

AXE = (Path(__file__).parent / "vendor" / "axe-4.14.1.min.js").read_text()
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

# Pages for someone not logged in.
ANONYMOUS_PAGES = ["login", "password_reset"]

RUN_AXE = """async () => {
  const result = await axe.run(document, {rules: {'target-size': {enabled: true}}, resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'critical' || v.impact === 'serious')
    .map(v => `${v.impact} ${v.id}: ${v.help} — ` + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


def persona_for(name, families):
    insiders = set(sweep.INSIDERS_BY_URL.get(name, set.intersection(*(set(f.insiders) for f in families))))
    return "management" if "management" in insiders else sorted(insiders)[0]


@pytest.fixture
def staff_pages(personas, media_root):  # noqa: F811
    """[(persona, path)] of every staff page that answers its persona with an HTML page."""
    default_framework.load(CompetencyFramework)  # a live-server test before may have emptied the tables
    found = []
    for name, ids in sweep.PATTERNS:
        families = [sweep.family_for(name, arg) for arg in ids]
        kwargs = {arg: family.maker(personas) for arg, family in zip(ids, families, strict=True)}
        found.append((persona_for(name, families), reverse(name, kwargs=kwargs)))
    sweep.make_campaign(personas, with_brief=True)
    found += [("management", reverse(name)) for name in sweep.list_patterns()]
    found += [("member", reverse(name)) for name in sweep.list_patterns()]
    found += [(None, reverse(name)) for name in ANONYMOUS_PAGES]

    pages, seen = [], set()
    browsers = {}
    for persona, path in found:
        if (persona, path) in seen:
            continue
        seen.add((persona, path))
        if persona not in browsers:
            browsers[persona] = DjangoClient()
            if persona:
                browsers[persona].force_login(getattr(personas, persona))
        response = browsers[persona].get(path)
        is_page = response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")
        if is_page and not response.streaming and b"<html" in response.content:
            pages.append((persona, path))
    return pages


def session_cookie(personas, persona, live_server):
    client = DjangoClient()
    client.force_login(getattr(personas, persona))
    value = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return {"name": django_settings.SESSION_COOKIE_NAME, "value": value, "url": live_server.url}


def problems_on(page, where, viewport, check_axe):
    found = []
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > viewport["width"]:
        found.append(f"{where}: the page is {width} px wide at {viewport['width']} px")
    if check_axe:
        if not page.evaluate("() => typeof axe !== 'undefined'"):
            page.evaluate(AXE)
        found += [f"{where}: {violation}" for violation in page.evaluate(RUN_AXE)]
    return found


def sweep_at(browser, live_server, personas, staff_pages, link_pages, viewport, check_axe):  # noqa: F811
    problems = []
    contexts = {}

    def page_of(persona):
        if persona not in contexts:
            context = browser.new_context(locale="en-US", viewport=viewport)
            if persona:
                context.add_cookies([session_cookie(personas, persona, live_server)])
            contexts[persona] = context.new_page()
        return contexts[persona]

    for persona, path in staff_pages:
        page = page_of(persona)
        response = page.goto(live_server.url + path, wait_until="domcontentloaded")
        if response.status != 200:
            problems.append(f"{path} as {persona}: {response.status}")
            continue
        problems += problems_on(page, f"{path} ({persona})", viewport, check_axe)

    client = page_of(None)
    for name, link in link_pages.items():
        client.context.clear_cookies()
        client.goto(live_server.url + link.path)
        problems += problems_on(client, f"client link {name}", viewport, check_axe)
    for context_page in contexts.values():
        context_page.context.close()
    return problems


def test_every_page_is_accessible_and_fits_1280_px(browser, live_server, personas, staff_pages, link_pages):  # noqa: F811
    assert len(staff_pages) > 60  # the sweep found the pages: lists, details, forms
    problems = sweep_at(browser, live_server, personas, staff_pages, link_pages, WIDTHS["desktop"], check_axe=True)
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)


def test_every_page_is_accessible_and_fits_390_px(browser, live_server, personas, staff_pages, link_pages):  # noqa: F811
    problems = sweep_at(browser, live_server, personas, staff_pages, link_pages, WIDTHS["phone"], check_axe=True)
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)


def test_axe_reports_what_a_screen_reader_user_would_miss(page, live_server, db):
    """The check above can fail: an image without text and a link with no name are serious violations."""
    page.goto(live_server.url + reverse("login"))
    page.evaluate("() => { document.querySelector('main').innerHTML += '<a href=\"/\"><img src=\"/x.png\"></a>'; }")
    assert problems_on(page, "login", WIDTHS["desktop"], check_axe=True) != []


def test_the_first_tab_stop_skips_to_the_content_and_the_icon_is_there(page, live_server, personas):
    page.context.add_cookies([session_cookie(personas, "member", live_server)])
    page.goto(live_server.url + reverse("home"))
    assert page.locator("link[rel=icon]").count() == 1
    page.keyboard.press("Tab")
    focused = "() => [document.activeElement.textContent, getComputedStyle(document.activeElement).position]"
    skip = page.evaluate(focused)
    assert skip == ["Skip to content", "absolute"]  # shown on top of the menu while focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "content"
    assert page.goto(live_server.url + "/favicon.ico").status == 200
    assert page.url.endswith(".svg")
