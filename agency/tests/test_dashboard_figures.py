"""The manager dashboard read at a glance: headline figures that click through to lists showing the same
number of rows, one currency per money chart, whole-number axes for counts, a sentence instead of an
empty chart, every chart's numbers in a table on the page, and a layout that prints."""

import json
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from accounts.models import Complaint
from accounts.services.complaints import complaint_record
from accounts.tests.factories import BrandFactory, ClientFactory, ContactFactory, TeamMemberFactory
from agency.core import decisions
from agency.core.dashboards import resolve_link
from agency.core.tests.factories import UserFactory
from agency.tests.reminder_fixtures import make_step
from briefs import workflow
from briefs.services.campaigns import campaign_create
from briefs.tests.factories import make_brief

HONG_KONG = ZoneInfo("Asia/Hong_Kong")
NOW = datetime(2026, 7, 15, 10, 0, tzinfo=HONG_KONG)


@pytest.fixture
def agency(personas, time_machine):
    """Through the services: Tianshan Dairy (the member's) runs two HKD campaigns and a CNY one, one
    created 40 days ago; one campaign cancelled last week; two steps overdue, one due tomorrow; a brief
    waiting on the client; a complaint past its answer clock and one still within it. Harbour Line Coffee
    (the outsider's) has figures of its own."""
    p = personas
    brand = BrandFactory(client=p.client)

    def create(name, budget, currency="HKD", client=p.client, lead=p.member, on=brand):
        return campaign_create(
            client=client, brand=on, name=name, lead_ae=lead, by=lead, budget=budget, currency=currency
        )

    time_machine.move_to(NOW - timedelta(days=40), tick=False)
    old = create("Spring TV", 1000000)
    time_machine.move_to(NOW - timedelta(days=10), tick=False)
    create("Summer outdoor", 200000)
    mainland = create("Mainland launch", 500000, currency="CNY")
    dropped = create("Dropped idea", 50000)
    create("Harbour espresso", 999000, client=p.other_client, lead=p.outsider, on=BrandFactory(client=p.other_client))
    time_machine.move_to(NOW - timedelta(days=5), tick=False)
    workflow.campaign_cancel(campaign=dropped, reason="The client cut the budget", by=p.member)
    make_step(old, owner=p.member, due=date(2026, 7, 10), name="Internal discussion")
    make_step(mainland, owner=p.member, due=date(2026, 7, 14), name="Brief written")
    make_step(mainland, owner=p.member, due=date(2026, 7, 16), name="Not yet due")
    contact = ContactFactory(client=p.client)
    decisions.request_decision(
        document=make_brief(old, by=p.member).versions.get(number=1), contact=contact, by=p.member
    )

    def complaint(at, text, client=p.client):
        return complaint_record(
            client=client, by=p.member, channel=Complaint.Channel.PHONE, received_at=at, description=text,
            category=Complaint.Category.SERVICE, priority=Complaint.Priority.URGENT,
        )  # fmt: skip

    time_machine.move_to(NOW, tick=False)
    complaint(NOW - timedelta(days=4), "Boards up late")
    complaint(NOW - timedelta(days=3), "Harbour's own", client=p.other_client)
    complaint(NOW - timedelta(minutes=30), "Wrong cut aired")
    return p


def figures(page):
    """{slug: (shown number, link)} of the headline row."""
    found = re.findall(r'href="([^"]+)" id="figure-([\w-]+)">.*?data-figure>([^<]+)<', page, re.S)
    return {slug: (value.strip(), url.replace("&amp;", "&")) for url, slug, value in found}


def rows_listed(browser, url):
    page = browser.get(url).content.decode()
    if url.startswith("/reminders/"):
        return page.count("<tr data-row")
    if url.startswith("/complaints/"):
        return len(set(re.findall(r'href="/complaints/(\d+)/"', page)))
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return len(re.findall(r'href="/campaigns/(\d+)/"', body))


def test_each_headline_figure_links_to_a_list_of_as_many_rows(client, agency):
    client.force_login(agency.member)
    shown = figures(client.get("/dashboard/").content.decode())
    assert {slug: value for slug, (value, _url) in shown.items()} == {
        "active-campaigns": "3",
        "committed-cny": "0.00",
        "committed-hkd": "0.00",
        "overdue-steps": "2",
        "decisions-waiting": "1",
        "complaints-breached": "1",
    }
    assert shown["active-campaigns"][1] == "/campaigns/?stage=active"
    assert shown["complaints-breached"][1] == "/complaints/?status=open&breached=1"
    for slug in ("active-campaigns", "overdue-steps", "decisions-waiting", "complaints-breached"):
        value, url = shown[slug]
        assert rows_listed(client, url) == int(value), slug
    # Committed money links to the campaigns in that currency it is summed over.
    assert rows_listed(client, shown["committed-hkd"][1]) == 2
    assert rows_listed(client, shown["committed-cny"][1]) == 1


def test_the_figures_follow_the_client_filter_and_keep_it_in_their_links(client, agency):
    client.force_login(agency.management)
    everyone = figures(client.get("/dashboard/").content.decode())
    assert everyone["active-campaigns"][0] == "4" and everyone["complaints-breached"][0] == "2"
    page = client.get(f"/dashboard/?client={agency.other_client.pk}").content.decode()
    harbour = figures(page)
    assert harbour["active-campaigns"][0] == "1" and harbour["overdue-steps"][0] == "0"
    for slug in ("active-campaigns", "complaints-breached", "overdue-steps", "decisions-waiting"):
        value, url = harbour[slug]
        assert f"client={agency.other_client.pk}" in url
        assert rows_listed(client, url) == int(value), slug
    # The printed page says which filters made it.
    assert "Client: Harbour Line Coffee" in page
    # A link with a client one may not see lists nothing of it.
    client.force_login(agency.outsider)
    for url in everyone_links(agency.client.pk):
        assert rows_listed(client, url) == 0, url


def everyone_links(client_pk):
    return [
        f"/campaigns/?stage=active&client={client_pk}",
        f"/complaints/?status=open&breached=1&client={client_pk}",
        f"/reminders/?kind=checklist&overdue=1&client={client_pk}",
        f"/reminders/?kind=decision-ladder&client={client_pk}",
    ]


def test_each_figure_says_how_it_changed_since_the_period_began(client, agency):
    client.force_login(agency.member)
    page = client.get("/dashboard/?period=30").content.decode()
    since = "15 Jun 2026"  # 30 days before, in the short date format of English
    active = page[page.index('id="figure-active-campaigns"') :]
    # Spring TV ran 30 days ago; Summer outdoor and Mainland launch began since; Dropped idea came and went.
    assert re.search(rf"data-change>\+2 since {re.escape(since)}<", active), active[:600]
    hkd = page[page.index('id="figure-committed-hkd"') :]
    assert "of 1,200,000.00 budget (0%)" in hkd


def test_money_is_charted_one_currency_at_a_time_and_counts_on_whole_numbers(client, agency):
    client.force_login(agency.member)
    page = client.get("/dashboard/").content.decode()
    charts = {
        chart_id: json.loads(body)
        for chart_id, body in re.findall(
            r'<script id="(chart-[\w-]+)" type="application/json">(.*?)</script>', page, re.S
        )
    }
    money = [c for chart_id, c in charts.items() if chart_id.startswith("chart-money")]
    assert len(money) == 2  # one per currency, never both on one axis
    assert "Amounts in CNY" in page and "Amounts in HKD" in page
    budgets = sorted(c["data"]["datasets"][0]["data"] for c in money)
    assert budgets == [[500000.0], [1250000.0]]  # the cancelled campaign's budget too, as the table
    assert "precision" not in json.dumps(money[0]["options"])
    assert charts["chart-stages"]["options"]["scales"]["y"]["ticks"]["precision"] == 0
    assert charts["chart-workload"]["options"]["scales"]["x"]["ticks"]["precision"] == 0  # bars lie down


def test_an_empty_chart_is_a_sentence_and_every_chart_has_its_numbers_in_a_table(client, agency):
    nobody = UserFactory(username="nobody", title="AE")
    client.force_login(nobody)
    page = client.get("/dashboard/").content.decode()
    assert "<canvas" not in page
    assert page.count("Nothing to chart for these filters yet.") >= 3
    client.force_login(agency.member)
    page = client.get("/dashboard/").content.decode()
    assert 'data-bs-target="#numbers-' not in page  # the numbers are not hidden behind a button
    for section in ("stages", "money", "decisions", "workload", "complaints"):
        body = page[page.index(f'id="section-{section}"') :]
        body = body[: body.index("</section>")]
        assert "<canvas" in body and '<table class="table' in body and '<th scope="col"' in body, section
        assert "The numbers are in the table below." in body
    assert "/static/css/dashboard.css" in page


def test_satisfaction_with_one_quarter_is_a_table_not_a_dot(client, agency):
    from accounts.models import SatisfactionSurvey
    from accounts.services.surveys import survey_answer, survey_send

    survey_answer(
        survey=survey_send(contact=ContactFactory(client=agency.client), reason=SatisfactionSurvey.Reason.MANUAL),
        score=4,
    )
    client.force_login(agency.member)
    page = client.get("/dashboard/").content.decode()
    body = page[page.index('id="section-satisfaction"') :]
    body = body[: body.index("</section>")]
    assert "<canvas" not in body and 'id="table-satisfaction-clients"' in body
    assert "The trend shows from the second quarter" in body


@pytest.mark.parametrize("size", [1, 10])
def test_the_headline_figures_take_a_fixed_number_of_queries(client, agency, size, django_assert_max_num_queries):
    for k in range(size):
        extra = ClientFactory(name=f"Grown {k}")
        TeamMemberFactory(client=extra, user=agency.member, role="ae")
        brand = BrandFactory(client=extra)
        for n in range(3):
            campaign_create(
                client=extra, brand=brand, name=f"C{n}", lead_ae=agency.member, by=agency.member, budget=100
            )
    client.force_login(agency.management)
    from django.test import RequestFactory

    from agency.site.dashboard_figures import headline
    from agency.site.dashboard_views import scope_for

    request = RequestFactory().get("/dashboard/")
    request.user = agency.management
    _filters, scope = scope_for(request)
    with django_assert_max_num_queries(5):  # the roll-ups, steps, decisions, complaints (+ the deadline kinds)
        found, _since = headline(scope)
    assert found[0].value == 4 + 3 * size


def test_a_bar_and_a_table_row_lead_to_the_campaigns_they_count(client, agency):
    client.force_login(agency.member)
    page = client.get("/dashboard/").content.decode()
    config = json.loads(re.search(r'<script id="chart-stages" type="application/json">(.*?)</script>', page).group(1))
    brief = [d["label"] for d in config["data"]["datasets"]].index("Creative brief")
    bars = config["data"]["datasets"][brief]["data"]
    assert bars == [3.0]  # Tianshan Dairy: three campaigns in the brief stage
    link = resolve_link(config["links"], brief, 0)
    assert link == f"/campaigns/?client={agency.client.pk}&stage=brief"
    assert rows_listed(client, link) == 3
    row = page[page.index('id="table-stages-clients"') :]
    assert (
        f'<th scope="row" class="fw-normal"><a href="/campaigns/?client={agency.client.pk}">Tianshan Dairy</a>' in row
    )
    assert rows_listed(client, f"/campaigns/?client={agency.client.pk}") == 4  # with the cancelled one, as the Total


def test_the_page_prints_for_a_client_meeting_with_its_filters_in_words(client, agency):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    client.force_login(agency.member)
    page = client.get("/dashboard/?period=90").content.decode()
    assert '<p class="small text-body-secondary dashboard-print-only">Period: Last 90 days</p>' in page
    css = Path(finders.find("css/dashboard.css")).read_text()
    printed = css[css.index("@media print") :]
    # On paper: no filter form, no CSV links or buttons; the filters in words; sections whole.
    for rule in (".dashboard-filters", ".dashboard-csv", ".btn", ".dashboard-print-only", "break-inside: avoid"):
        assert rule in printed, rule
