"""The AE's home ("my day") and the manager dashboard: figures per persona match a known seeded set,
a fixed number of queries at two data sizes, CSV of every table, and the same scoping as every page."""

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import Complaint, SatisfactionSurvey
from accounts.services.complaints import complaint_record
from accounts.services.surveys import survey_answer, survey_send
from accounts.tests.factories import (
    ActionItemFactory,
    BrandFactory,
    ClientFactory,
    ContactFactory,
    ContactReportFactory,
    TeamMemberFactory,
)
from agency.core import audit, deadlines, decisions
from agency.core.models import DecisionRequest, Notification, ReminderLedger
from agency.core.tests.factories import UserFactory
from agency.site import home_queries
from briefs import rollups
from briefs.models import ActualCost
from briefs.tests.factories import CampaignFactory, EstimateFactory, EstimateLineFactory, make_brief
from media.services import bookings
from media.tests.factories import PlanVersionFactory, add_lines, satisfy_media_gate

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 6, 1, 10, 0, tzinfo=SHANGHAI)
NOW = datetime(2026, 7, 15, 10, 0, tzinfo=SHANGHAI)


def campaign(client, lead, stage="brief", budget=100000, **kwargs):
    return CampaignFactory(brand=BrandFactory(client=client), lead_ae=lead, stage=stage, budget=budget, **kwargs)


def advance(c, to, *, by):
    """A stage move as the workflow records it: the audit entry is the stage history."""
    audit.record("campaign.advanced", obj=c, actor=by, data={"from": c.stage, "to": to})
    c.stage, c.stage_changed_at = to, timezone.now()
    c.save(update_fields=["stage", "stage_changed_at"])


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def world(personas, time_machine):
    """A known set: the member is on Tianshan Dairy's and Mountain Tea's teams; Harbour Line Coffee
    (the outsider's) has figures of its own that nobody else on the member's side may see."""
    p = personas
    time_machine.move_to(START, tick=False)
    tea = ClientFactory(name="Mountain Tea", code="MTT", tier="high")
    TeamMemberFactory(client=tea, user=p.member, role="ae")
    peer = UserFactory(username="peer", first_name="Wei", last_name="Zhang", title="AE", supervisor=p.supervisor)
    TeamMemberFactory(client=tea, user=peer, role="lead_ae")

    # Tianshan Dairy: Yoghurt south (100k, moves to creative below), Milk tea in the brief stage (200k,
    # estimate v2 40k, 12k spent), Summer TV in media (3m, plan booked).
    brief_stage = campaign(p.client, p.member, budget=100000, name="Yoghurt south")
    creative = campaign(p.client, p.member, budget=200000, name="Milk tea")
    EstimateLineFactory(estimate=EstimateFactory(campaign=creative, version=1), quantity=2, unit_cost="15000.00")
    current = EstimateFactory(campaign=creative, version=2)
    EstimateLineFactory(estimate=current, quantity=1, unit_cost="40000.00")
    ActualCost.objects.create(
        estimate=current,
        vendor="Film Co.",
        description="Shoot",
        amount=Decimal("12000.00"),
        incurred_on=date(2026, 6, 3),
    )
    media = campaign(p.client, p.member, stage="media", budget=3000000, name="Summer TV")
    contact = ContactFactory(client=p.client, name="Liu Yang")
    version = satisfy_media_gate(media, contact=contact, by=p.member)  # one line: net 2,305,625.00, booked
    booking = version.lines.get().bookings.get()
    bookings.monitoring_record(
        booking=booking, period_start=date(2026, 7, 1), period_end=date(2026, 7, 7), scheduled=7, aired=6,
        notes="", proofs=[], by=p.member,
    )  # fmt: skip

    # Mountain Tea: one campaign in evaluation, led by the peer.
    campaign(tea, peer, stage="evaluation", budget=50000, name="Spring tea")
    # Harbour Line Coffee: the outsider's, with a big budget nobody else must see.
    harbour = campaign(p.other_client, p.outsider, budget=999000, name="Harbour espresso")
    harbour_plan = PlanVersionFactory(campaign=harbour)
    add_lines(harbour_plan, 3)

    # Stage history: Yoghurt south sat 4 days in the brief stage before moving on to creative.
    time_machine.move_to(START + timedelta(days=4), tick=False)
    advance(brief_stage, "creative", by=p.member)

    # A client decision waiting since 3 July, already escalated to the AE (ladder step 2).
    time_machine.move_to(datetime(2026, 7, 3, 10, tzinfo=SHANGHAI), tick=False)
    brief = make_brief(creative, by=p.member)
    request = decisions.request_decision(document=brief.versions.get(number=1), contact=contact, by=p.member)
    ReminderLedger.objects.create(
        key=f"decision-ladder:decision:{request.pk}:ladder-2:u{p.member.pk}", rule="decision-ladder",
        occurrence="ladder-2", recipient_user=p.member, recipient_label="member", client=p.client,
        subject="Waiting", related_type=ContentType.objects.get_for_model(DecisionRequest),
        related_id=str(request.pk), due_at=NOW - timedelta(days=5), delivery="notification",
    )  # fmt: skip
    report = ContactReportFactory(client=p.client, created_by=p.member)
    ActionItemFactory(
        report=report, owner=p.member, due_date=date(2026, 7, 10), description="Send the revised schedule"
    )
    ActionItemFactory(report=report, owner=p.member, due_date=date(2026, 7, 16), description="Book the studio")
    ActionItemFactory(report=report, owner=p.member, due_date=date(2026, 9, 1), description="Plan the autumn push")
    Notification.objects.create(user=p.member, client=p.client, title="Brief approval overdue")
    rollups.rebuild()  # the factories write past the services that keep the dashboard's roll-ups
    time_machine.move_to(NOW, tick=False)
    p.tea, p.peer, p.request = tea, peer, request
    return p


def dashboard_csv(browser, table, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return csv_rows(browser.get(f"/dashboard/export/{table}.csv" + (f"?{query}" if query else "")))


def by_first_column(rows):
    return {row[0]: row for row in rows[1:]}


# ── Figures per persona ──────────────────────────────────────────────────────


def test_a_team_member_sees_the_figures_of_their_two_clients_only(client, world):
    client.force_login(world.member)
    money = by_first_column(dashboard_csv(client, "money-clients"))
    assert set(money) == {"Tianshan Dairy", "Mountain Tea"}
    # budget, estimate (current estimate v2 + current media plan), actual (costs + booked media), left
    assert money["Tianshan Dairy"][2:] == ["3300000.00", "2345625.00", "2317625.00", "982375.00"]
    assert money["Mountain Tea"][2:] == ["50000.00", "0.00", "0.00", "50000.00"]
    stages = by_first_column(dashboard_csv(client, "stages-clients"))
    assert set(stages) == {"Tianshan Dairy", "Mountain Tea"}
    header = dashboard_csv(client, "stages-clients")[0]
    tianshan = dict(zip(header, stages["Tianshan Dairy"], strict=True))
    assert (tianshan["Creative brief"], tianshan["Creative"], tianshan["Media"], tianshan["Total"]) == (
        "1",
        "1",
        "1",
        "3",
    )
    media = by_first_column(dashboard_csv(client, "media-delivery"))
    # planned, delivered, delivered %, missed in monitoring, open make-goods, spots they owe
    assert media["Tianshan Dairy"][1:] == ["31", "6", "19.4", "1", "1", "1"]
    page = client.get("/dashboard/").content.decode()
    assert "Harbour" not in page and "999" not in page


def test_management_sees_every_client(client, world):
    client.force_login(world.management)
    money = by_first_column(dashboard_csv(client, "money-clients"))
    assert set(money) == {"Tianshan Dairy", "Mountain Tea", "Harbour Line Coffee"}
    assert money["Harbour Line Coffee"][2] == "999000.00"
    assert money["Harbour Line Coffee"][3] == str(
        sum(line.net for line in world.other_client.campaigns.get().media_plans.get().lines.all())
    )
    page = client.get("/dashboard/").content.decode()
    assert "Harbour Line Coffee" in page and "Tianshan Dairy" in page


def test_someone_on_no_team_sees_an_empty_dashboard_and_the_outsider_only_their_client(client, world):
    nobody = UserFactory(username="nobody", title="AE")
    client.force_login(nobody)
    for table in ("money-clients", "stages-clients", "media-delivery", "decisions-waiting", "workload-people"):
        assert len(dashboard_csv(client, table)) == 1, table  # the header only
    client.force_login(world.outsider)
    assert set(by_first_column(dashboard_csv(client, "money-clients"))) == {"Harbour Line Coffee"}
    # Asking for a client one may not see gives nothing, not everything.
    response = client.get(f"/dashboard/?client={world.client.pk}")
    assert "These filters match nothing you may see." in response.content.decode()
    assert len(dashboard_csv(client, "money-campaigns", client=world.client.pk)) == 1


def test_the_filters_narrow_to_a_client_and_to_an_ae(client, world):
    client.force_login(world.management)
    only_tea = by_first_column(dashboard_csv(client, "money-campaigns", client=world.tea.pk))
    assert set(only_tea) == {"Mountain Tea"}
    led_by_peer = dashboard_csv(client, "money-campaigns", ae=world.peer.pk)
    assert [row[2] for row in led_by_peer[1:]] == ["Spring tea"]
    team = dashboard_csv(client, "money-campaigns", team=world.supervisor.pk)  # member and peer report to them
    assert sorted(row[2] for row in team[1:]) == ["Milk tea", "Spring tea", "Summer TV", "Yoghurt south"]


def test_bottlenecks_come_from_the_stage_history(client, world):
    client.force_login(world.member)
    rows = by_first_column(dashboard_csv(client, "bottlenecks-stages"))
    brief = rows["Creative brief"]
    assert brief[2:5] == ["1", "4.0", "4.0"]  # one move out of the brief stage, after 4 days
    assert brief[5] == "1"  # Yoghurt south is in it now
    waiting = dashboard_csv(client, "bottlenecks-waiting")
    assert waiting[1][1] in {"Yoghurt south", "Milk tea", "Summer TV"}
    assert len(waiting) == 1 + 4  # the member's four running campaigns, Harbour's not among them


def test_decisions_waiting_show_age_and_escalation_from_the_ledger(client, world):
    client.force_login(world.supervisor)
    rows = dashboard_csv(client, "decisions-waiting")
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Client"] == "Tianshan Dairy" and row["Waiting (days)"] == "12"
    assert row["Escalation level"] == "2" and row["Escalation"] == "AE told"
    levels = by_first_column(dashboard_csv(client, "decisions-levels"))
    assert levels["AE told"][1] == "1" and levels["Not yet reminded"][1] == "0"
    client.force_login(world.outsider)
    assert len(dashboard_csv(client, "decisions-waiting")) == 1


def test_workload_counts_each_persons_work(client, world):
    client.force_login(world.management)
    rows = by_first_column(dashboard_csv(client, "workload-people"))
    member = dict(zip(dashboard_csv(client, "workload-people")[0], rows[str(world.member)], strict=True))
    assert member["Campaigns led"] == "3"
    assert member["Open action items"] == "3" and member["Overdue action items"] == "1"
    assert member["Client decisions chased"] == "1"
    assert rows[str(world.peer)][1] == "1"


def test_review_cycle_progress_is_for_management_and_supervisors(client, world):
    from agency.tests.test_access_sweep import make_review

    make_review(world)
    client.force_login(world.management)
    rows = dashboard_csv(client, "reviews-cycles")
    assert rows[1][0] == "2026 H2" and rows[1][2] == "1"
    client.force_login(world.supervisor)
    assert len(dashboard_csv(client, "reviews-cycles")) == 2
    client.force_login(world.outsider)
    assert len(dashboard_csv(client, "reviews-cycles")) == 1


# ── CSV, charts, access ──────────────────────────────────────────────────────


def test_every_table_on_the_page_has_a_csv_with_the_same_rows(client, world):
    client.force_login(world.management)
    page = client.get("/dashboard/").content.decode()
    slugs = [
        "stages-clients", "stages-teams", "bottlenecks-stages", "bottlenecks-waiting", "decisions-levels",
        "decisions-waiting", "money-clients", "money-campaigns", "media-delivery", "workload-people", "reviews-cycles",
    ]  # fmt: skip
    for slug in slugs:
        assert f"/dashboard/export/{slug}.csv" in page, slug
        rows = dashboard_csv(client, slug)
        assert rows[0], slug
    assert client.get("/dashboard/export/no-such-table.csv").status_code == 404


def test_a_csv_cannot_carry_a_formula(client, world):
    world.tea.name = '=HYPERLINK("http://evil")'
    world.tea.save()
    client.force_login(world.member)
    names = [row[0] for row in dashboard_csv(client, "money-clients")[1:]]
    assert '\'=HYPERLINK("http://evil")' in names


def test_charts_come_from_json_with_no_inline_script(client, world):
    client.force_login(world.management)
    response = client.get("/dashboard/")
    page = response.content.decode()
    assert "vendor/chartjs-4.6.1/chart.umd.min.js" in page and "js/charts.js" in page
    assert 'data-chart="chart-money"' in page and '<script id="chart-money" type="application/json">' in page
    # The only <script> tags are files or JSON data: the CSP allows no inline code.
    for tag in page.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        assert "src=" in opening or 'type="application/json"' in opening, opening
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_dashboard_needs_a_login_and_takes_no_post(client, world):
    assert client.get("/dashboard/")["Location"].startswith("/auth/login/")
    assert client.get("/dashboard/export/money-clients.csv")["Location"].startswith("/auth/login/")
    client.force_login(world.member)
    assert client.post("/dashboard/").status_code == 405


# ── Query budget at two data sizes, tenfold apart ────────────────────────────


def grow(p, size):
    """`size` more clients on the member's team, each with campaigns in every stage, money, media,
    decisions, action items and stage history."""
    for k in range(size):
        extra = ClientFactory(name=f"Grown {size}-{k}")
        TeamMemberFactory(client=extra, user=p.member, role="ae")
        contact = ContactFactory(client=extra)
        for stage in ("brief", "creative", "media", "closed"):
            c = campaign(extra, p.member, stage=stage, budget=1000)
            EstimateLineFactory(estimate=EstimateFactory(campaign=c, version=1))
            add_lines(PlanVersionFactory(campaign=c), 5)
            advance(c, stage, by=p.member)
        brief = make_brief(c, by=p.member)
        decisions.request_decision(document=brief.versions.get(number=1), contact=contact, by=p.member)
        ActionItemFactory(report__client=extra, report__created_by=p.member, owner=p.member)
        complaint_record(
            client=extra, by=p.member, channel=Complaint.Channel.EMAIL, received_at=timezone.now(),
            description="Late", category=Complaint.Category.SERVICE, priority=Complaint.Priority.URGENT,
        )  # fmt: skip
        survey_answer(survey=survey_send(contact=contact, reason=SatisfactionSurvey.Reason.MANUAL), score=4)


@pytest.mark.parametrize("size", [1, 10])
def test_the_dashboard_answers_in_a_fixed_number_of_queries(client, world, size, django_assert_max_num_queries):
    grow(world, size)
    client.force_login(world.management)
    # session, user, filter choices (clients, teams, AEs), the headline figures (roll-ups, overdue steps,
    # decisions waiting, complaints past their clock: 4) and each section's grouped queries (client health: 1)
    with django_assert_max_num_queries(32):
        page = client.get("/dashboard/").content.decode()
    assert f"Grown {size}-{size - 1}" in page
    with django_assert_max_num_queries(34):  # plus checking the chosen team and AE exist
        filtered = client.get(f"/dashboard/?period=90&team={world.supervisor.pk}&ae={world.member.pk}")
    assert f"Grown {size}-0" in filtered.content.decode()


@pytest.mark.parametrize("size", [1, 10])
def test_my_day_answers_in_a_fixed_number_of_queries(client, world, size, django_assert_max_num_queries):
    grow(world, size)
    client.force_login(world.member)
    # session, user, my due items (one query per deadline kind), decisions, campaigns, notifications and
    # their count, clients, complaints on my clients
    with django_assert_max_num_queries(8 + len(deadlines.kinds())):
        page = client.get("/").content.decode()
    assert f"Grown {size}-{size - 1}" in page


# ── My day ───────────────────────────────────────────────────────────────────


def test_my_day_shows_what_is_overdue_due_soon_and_waiting(client, world):
    from agency.tests.reminder_fixtures import make_step
    from briefs.models import Campaign

    milk_tea = Campaign.objects.get(name="Milk tea")
    make_step(milk_tea, owner=world.member, due=date(2026, 7, 13), name="Internal discussion")
    make_step(milk_tea, owner=world.member, due=date(2026, 7, 16), name="Brief written")
    make_step(milk_tea, owner=world.peer, due=date(2026, 7, 13), name="Someone else's step")
    client.force_login(world.member)
    page = client.get("/").content.decode()
    assert "Send the revised schedule" in page and "Book the studio" in page
    assert "Internal discussion" in page and "Brief written" in page
    assert "Plan the autumn push" not in page  # not due soon
    assert "Brief approval overdue" in page  # unread notification
    assert "AE told" in page  # the waiting decision's escalation
    assert "Summer TV" in page and "Milk tea" in page
    context = home_queries.my_day(world.member, NOW)
    overdue = [(i.kind, str(i.what)) for i in context["overdue"]]
    soon = [(i.kind, str(i.what)) for i in context["due_soon"]]
    assert [what for kind, what in overdue if kind == "action-item"] == ["Send the revised schedule"]
    assert [what for kind, what in soon if kind == "action-item"] == ["Book the studio"]
    assert [what for kind, what in overdue if kind == "checklist"] == ["Internal discussion"]
    assert [what for kind, what in soon if kind == "checklist"] == ["Brief written"]
    assert "Someone else&#x27;s step" not in page and "Someone else's step" not in page
    # the overdue brief, and the notices of Liu Yang's confirmations: the plan, the recommendation, the month
    assert context["unread"] == 4
    assert "Liu Yang decided: Approved" in page
    client.force_login(world.outsider)
    page = client.get("/").content.decode()
    assert "Send the revised schedule" not in page and "Summer TV" not in page and "AE told" not in page


def test_complaint_clocks_and_satisfaction_show_for_the_clients_one_may_see(client, world, time_machine):
    from accounts.services.complaints import complaint_respond

    def received(at, priority, text, on=None):
        return complaint_record(
            client=on or world.client, by=world.member, channel=Complaint.Channel.PHONE, received_at=at,
            description=text, category=Complaint.Category.SERVICE, priority=priority,
        )  # fmt: skip

    def answer(complaint, at):
        time_machine.move_to(at, tick=False)
        complaint_respond(complaint=complaint, text="We are on it.", by=world.member)
        time_machine.move_to(NOW, tick=False)

    urgent, complex_ = Complaint.Priority.URGENT, Complaint.Priority.COMPLEX
    answer(received(datetime(2026, 7, 13, 10, tzinfo=SHANGHAI), urgent, "Wrong cut aired"),
           datetime(2026, 7, 13, 11, tzinfo=SHANGHAI))  # fmt: skip
    answer(received(datetime(2026, 7, 1, 10, tzinfo=SHANGHAI), complex_, "Invoice twice"),
           datetime(2026, 7, 10, 10, tzinfo=SHANGHAI))  # fmt: skip
    breached = received(datetime(2026, 7, 8, 10, tzinfo=SHANGHAI), urgent, "Boards up late")
    received(datetime(2026, 7, 14, 9, tzinfo=SHANGHAI), urgent, "Harbour's own", on=world.other_client)
    for contact, score in [(ContactFactory(client=world.client), 5), (ContactFactory(client=world.client), 2),
                           (ContactFactory(client=world.other_client), 1)]:  # fmt: skip
        survey_answer(survey=survey_send(contact=contact, reason=SatisfactionSurvey.Reason.MANUAL), score=score)

    client.force_login(world.member)
    header, *rows = dashboard_csv(client, "complaints-sla")
    assert [row[0] for row in rows] == ["Tianshan Dairy"]  # nothing of Harbour Line Coffee's
    tianshan = dict(zip(header, rows[0], strict=True))
    assert (tianshan["Complaints"], tianshan["Answered in time"], tianshan["Answered late"]) == ("3", "1", "1")
    assert (tianshan["Past due, not answered"], tianshan["Answered in time (%)"]) == ("1", "33")
    satisfaction = by_first_column(dashboard_csv(client, "satisfaction-clients"))
    assert satisfaction == {"Tianshan Dairy": ["Tianshan Dairy", "2026-Q3", "2", "3.5"]}
    assert 'id="section-complaints"' in client.get("/dashboard/").content.decode()

    # My day: the complaint past its answer time comes first, with its clock.
    home = client.get("/").content.decode()
    my_complaints = home[home.index('id="my-complaints"') :]
    assert f"#{breached.pk} Tianshan Dairy" in my_complaints
    assert my_complaints.index(f"#{breached.pk} ") < my_complaints.index("</ul>")
    assert 'data-state="breached"' in my_complaints

    client.force_login(world.management)
    assert set(by_first_column(dashboard_csv(client, "complaints-sla"))) == {"Tianshan Dairy", "Harbour Line Coffee"}


def test_the_filter_lists_are_the_select_django_writes(client, world):
    """The client, team and AE lists are written without a template per option, to the same markup."""
    import re

    from django import forms

    from agency.site.dashboard_filters import Select

    choices = [("", "All clients"), (7, 'Tea & "Co" <HK>'), (8, "Mountain Tea")]
    for value in ("", "7", None):
        attrs = {"id": "id_client", "class": "select form-select", "required": False, "autofocus": True}
        ours, django = (
            Select(choices=choices).render("client", value, attrs),
            forms.Select(choices=choices).render("client", value, attrs),
        )
        assert re.sub(r">\s+<", "><", ours) == re.sub(r">\s+<", "><", django)
    client.force_login(world.management)
    page = client.get(f"/dashboard/?client={world.tea.pk}").content.decode()
    assert f'<option value="{world.tea.pk}" selected>Mountain Tea</option>' in page
