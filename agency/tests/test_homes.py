"""A home for each role: the AE sees their day, who leads people sees their team first, and who answers for a
group of clients sees the portfolio first, each a fixed number of queries whatever the data size."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import BrandFactory
from agency.core.tests.decision_flow import decide_by_link
from briefs.models import ChecklistStep, ClientStatus, Stage
from briefs.services.brief import brief_send_for_approval
from briefs.tests.factories import CampaignFactory, EstimateFactory, EstimateLineFactory, make_brief

pytestmark = pytest.mark.django_db


def running_campaign(personas, **fields):
    brand = BrandFactory(client=personas.client)
    return CampaignFactory(brand=brand, lead_ae=personas.member, stage=Stage.CREATIVE, **fields)


def overdue_step(campaign, owner, days=3):
    return ChecklistStep.objects.create(
        campaign=campaign,
        stage=Stage.CREATIVE,
        name="Concepts presented",
        owner=owner,
        due_date=timezone.localdate() - timedelta(days=days),
    )


def approved_estimate(campaign, amount):
    estimate = EstimateFactory(campaign=campaign, status=ClientStatus.APPROVED, currency=campaign.currency)
    EstimateLineFactory(estimate=estimate, quantity=1, unit_cost=amount)
    return estimate


def home(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_ae_gets_their_day_without_team_or_portfolio(client, personas):
    page = home(client, personas.member)

    assert 'id="my-due"' in page
    assert 'id="my-team"' not in page and 'id="portfolio"' not in page


def test_an_account_manager_sees_who_in_the_team_is_overdue_and_what_is_near_its_budget(client, personas):
    campaign = running_campaign(personas, budget=100_000, name="Spring milk")
    overdue_step(campaign, personas.member)
    overdue_step(campaign, personas.member, days=5)
    approved_estimate(campaign, "95000.00")
    running_campaign(personas, budget=100_000, name="Quiet launch")  # nothing used: not at risk

    page = home(client, personas.supervisor)

    team = page[page.index('id="team-overdue"') : page.index('id="team-budget-risk"')]
    assert str(personas.member) in team and "2 overdue" in team
    risk = page[page.index('id="team-budget-risk"') : page.index('id="team-complaints"')]
    assert "Spring milk" in risk and "95 %" in risk
    assert "Quiet launch" not in risk
    assert page.index('id="my-team"') < page.index('id="my-due"')


def test_an_account_manager_with_nobody_reporting_is_told_so(client, personas):
    personas.member.supervisor = None
    personas.member.save()

    page = home(client, personas.supervisor)

    assert "Nobody reports to you yet." in page


def test_management_sees_the_portfolio_first_with_billings_against_target(client, personas):
    personas.client.yearly_target = 400_000
    personas.client.save()
    running_campaign(personas, budget=100_000, start_date=timezone.localdate().replace(month=1, day=15))

    page = home(client, personas.management)

    billings = page[page.index('id="portfolio-billings"') : page.index('id="portfolio-reviews"')]
    assert personas.client.name in billings and "25 %" in billings
    assert personas.other_client.name not in billings  # no target set
    assert page.index('id="portfolio"') < page.index('id="my-team"') < page.index('id="my-due"')


def count_queries(client, user):
    client.force_login(user)
    client.get("/")  # what the first request of a process caches (content types, the calendar) is not counted
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["supervisor", "management"])
def test_a_role_home_runs_the_same_queries_for_one_campaign_or_many(client, personas, who):
    campaign = running_campaign(personas, budget=100_000)
    overdue_step(campaign, personas.member)
    approved_estimate(campaign, "99000.00")
    few = count_queries(client, getattr(personas, who))

    for _ in range(6):
        more = running_campaign(personas, budget=100_000)
        overdue_step(more, personas.member)
        approved_estimate(more, "99000.00")
    many = count_queries(client, getattr(personas, who))

    assert many == few


def test_an_ae_sees_what_clients_decided_this_week_and_can_open_or_remind_what_waits(client, personas, brief, contact):
    decided = brief_send_for_approval(version=brief.versions.get(number=1), contact=contact, by=personas.member)
    browser = type(client)()
    browser.get(f"/d/{decided.token}/")
    assert decide_by_link(browser, decided, outcome="changes_requested", comment="Warmer tone.").status_code == 302
    other = make_brief(running_campaign(personas, name="Summer yoghurt"), by=personas.member)
    waiting = brief_send_for_approval(version=other.versions.get(number=1), contact=contact, by=personas.member)

    page = home(client, personas.member)

    recent = page[page.index('id="my-recent-decisions"') : page.index('id="my-notifications"')]
    assert "Changes requested" in recent and "Chen Hui" in recent
    assert f'href="/decision-requests/{waiting.pk}/document/"' in page
    assert f'name="selected" value="{waiting.pk}"' in page
    answer = client.post("/decisions/bulk/", {"selected": waiting.pk, "action": "remind"})
    assert answer.status_code == 200 and "Remind the client" in answer.content.decode()  # a confirmation first


def test_my_day_counts_every_unread_notification_and_lists_the_newest(client, personas):
    from agency.core.models import Notification

    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(user=personas.member, title=f"Notice {i:02d}", created_at=now - timedelta(minutes=i))
        for i in range(12)
    )
    Notification.objects.create(user=personas.member, title="Already read", read_at=now)
    client.force_login(personas.member)
    page = client.get("/").content.decode()
    card = page[page.index('id="my-notifications"') :]
    assert '<span class="badge text-bg-primary">12</span>' in card  # all of them, though ten are listed
    assert "Notice 00" in card and "Notice 09" in card and "Notice 10" not in card and "Already read" not in card


def grow_the_team(personas, n, round_):
    """n more AEs reporting to the supervisor, each leading a client (with a yearly target) with a running
    campaign near its budget, an overdue step, an overdue action item and an open complaint, and each with
    a review in an open cycle: every section of the team and portfolio homes gets n more rows."""
    from accounts.models import Complaint
    from accounts.services.complaints import complaint_record
    from accounts.tests.factories import ActionItemFactory, ClientFactory, ContactReportFactory, TeamMemberFactory
    from agency.core.tests.factories import UserFactory
    from evaluations.services import reviews as review_services

    people = []
    for i in range(n):
        person = UserFactory(username=f"ae-{round_}-{i}", title="AE", supervisor=personas.supervisor)
        account = ClientFactory(name=f"Client {round_}-{i}", code=f"C{round_}{i}", yearly_target=100_000)
        TeamMemberFactory(client=account, user=person, role="lead_ae")
        campaign = CampaignFactory(
            client=account, brand=BrandFactory(client=account), lead_ae=person, stage=Stage.CREATIVE, budget=100_000
        )
        overdue_step(campaign, person)
        approved_estimate(campaign, "96000.00")
        report = ContactReportFactory(client=account, created_by=person)
        ActionItemFactory(report=report, owner=person, due_date=timezone.localdate() - timedelta(days=2))
        complaint_record(
            client=account, by=person, owner=person, channel=Complaint.Channel.PHONE,
            received_at=timezone.now() - timedelta(days=2), description="Late artwork",
            category=Complaint.Category.SERVICE,
        )  # fmt: skip
        people.append(person)
    today = timezone.localdate()
    review_services.cycle_create(
        name=f"Round {round_}", period_start=today - timedelta(days=180), period_end=today,
        feedback_deadline=today + timedelta(days=14), titles=["AE"], people=people, by=personas.management,
        kind="ad_hoc",
    )  # fmt: skip
    return people


@pytest.mark.parametrize("who", ["supervisor", "management"])
def test_the_team_and_portfolio_homes_run_the_same_queries_for_a_small_team_or_a_large_one(client, personas, who):
    """Query budget of the team home (an AM) and the portfolio home (management) at two data sizes: every
    section grows (people, their overdue items of several kinds, campaigns near budget, complaints, reviews,
    clients with a target), the number of queries does not."""
    viewer = getattr(personas, who)
    grow_the_team(personas, 1, "a")
    few = count_queries(client, viewer)

    people = grow_the_team(personas, 6, "b")
    many = count_queries(client, viewer)
    page = home(client, viewer)

    assert many == few, (few, many)
    team = page[page.index('id="team-overdue"') : page.index('id="team-budget-risk"')]
    # Each: a step, an action item, the complaint's answer (three kinds of the deadline registry).
    assert all(
        f'<a href="/people/{person.pk}/">{person}</a></span><span class="badge text-bg-danger">3 overdue' in team
        for person in people
    )
    risk = page[page.index('id="team-budget-risk"') : page.index('id="team-complaints"')]
    assert risk.count("96 %") == 7
    complaints = page[page.index('id="team-complaints"') :]
    assert all(f"Client b-{i}" in complaints for i in range(6))
    if who == "management":
        billings = page[page.index('id="portfolio-billings"') : page.index('id="portfolio-reviews"')]
        assert all(f"Client b-{i}" in billings for i in range(6))
        reviews = page[page.index('id="portfolio-reviews"') :]
        assert all(str(person) in reviews for person in people)


def test_a_manager_home_lists_fifty_clients_and_sends_to_the_client_list_for_the_rest(client, personas):
    import factory

    from accounts.tests.factories import ClientFactory
    from agency.site.home_queries import LIST_LIMIT

    # After the personas' clients by name.
    ClientFactory.create_batch(LIST_LIMIT, name=factory.Sequence(lambda n: f"Zeta {n:03d}"))
    page = home(client, personas.management)

    clients = page[page.index('id="my-clients"') :]
    assert clients.count("<tr>") - 1 == LIST_LIMIT  # the header row, then one row per client
    assert personas.client.name in clients  # the first by name are shown
    assert 'href="/clients/">All your clients are in the client list' in clients

    page = home(client, personas.member)  # an AE on two clients: all of them, no link
    assert "All your clients are in the client list" not in page[page.index('id="my-clients"') :]
