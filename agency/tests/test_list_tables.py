"""The outbox, the complaints and the decisions waiting as tables (agency/core/tables.py): sorting by a
column changes the order, filters stay in the URL, exports hold exactly the filtered rows (formula-safe),
the ticked decisions are reminded once each and only where the permission map allows, and each list keeps
its query budget whatever the data size."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from accounts.services.complaints import complaint_record
from accounts.tests.factories import BrandFactory, ContactFactory, TeamMemberFactory
from agency.core.models import AuditEvent, DecisionRequest, OutboxMessage
from agency.core.tests.factories import UserFactory
from briefs.services.brief import brief_send_for_approval
from briefs.tests.factories import CampaignFactory, make_brief

SHANGHAI = ZoneInfo("Asia/Shanghai")


def subjects(response):
    return [m.subject for m in response.context["page"]]


def mail(personas, subject, attempts=0, status="sent", to="liu.yang@tianshan.example"):
    return OutboxMessage.objects.create(
        to_email=to, subject=subject, body_text="x", client=personas.client, attempts=attempts, status=status
    )


def test_the_outbox_sorts_by_subject_and_attempts(client, personas):
    mail(personas, "Bravo", attempts=3)
    mail(personas, "Alpha", attempts=1)
    mail(personas, "Charlie", attempts=2, status="failed")
    client.force_login(personas.member)
    assert subjects(client.get("/outbox/", {"sort": "subject"})) == ["Alpha", "Bravo", "Charlie"]
    assert subjects(client.get("/outbox/", {"sort": "-attempts"})) == ["Bravo", "Charlie", "Alpha"]
    page = client.get("/outbox/", {"status": "failed", "sort": "subject"})
    assert subjects(page) == ["Charlie"]
    assert 'href="?status=failed&amp;sort=-subject"' in page.content.decode()
    assert 'aria-sort="ascending"' in page.content.decode()


def test_the_outbox_export_holds_the_filtered_rows_with_formulas_neutralised(client, personas):
    mail(personas, '=HYPERLINK("http://evil.example")', status="failed")
    mail(personas, "Fine", status="sent")
    client.force_login(personas.member)
    response = client.get("/outbox/export.xlsx", {"status": "failed"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][2] == '\'=HYPERLINK("http://evil.example")'


@pytest.mark.parametrize("size", [2, 40])
def test_the_outbox_keeps_a_fixed_number_of_queries(client, personas, size, django_assert_max_num_queries):
    for i in range(size):
        mail(personas, f"Message {i}")
    client.force_login(personas.member)
    with django_assert_max_num_queries(5):
        response = client.get("/outbox/", {"sort": "-client", "q": "Message"})
    assert len(subjects(response)) == size


# ── complaints ─────────────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def complaints(personas, time_machine):
    time_machine.move_to(datetime(2026, 11, 27, 17, 0, tzinfo=SHANGHAI))
    contact = ContactFactory(client=personas.client)
    return [
        complaint_record(
            client=personas.client,
            by=personas.member,
            channel="email",
            contact=contact,
            received_at=datetime(2026, 11, 27, 9 + i, 0, tzinfo=SHANGHAI),
            description=text,
            category=category,
            priority="complex",
        )  # fmt: skip
        for i, (text, category) in enumerate([("+late", "process"), ("wrong spot", "media")])
    ]


def test_the_complaints_sort_by_received_and_filter_by_status_in_the_url(client, personas, complaints):
    client.force_login(personas.member)
    ids = [c.pk for c in complaints]
    assert [c.pk for c in client.get("/complaints/", {"sort": "-received_at"}).context["page"]] == ids[::-1]
    assert [c.pk for c in client.get("/complaints/", {"sort": "received_at"}).context["page"]] == ids
    assert list(client.get("/complaints/", {"status": "closed"}).context["page"]) == []
    page = client.get("/complaints/", {"status": "all", "sort": "category"}).content.decode()
    assert (
        'href="?status=all&amp;sort=-category"' in page
        and 'href="/complaints/export.csv?status=all&amp;sort=category"' in page
    )


def test_the_complaint_export_holds_the_open_complaints(client, personas, complaints):
    client.force_login(personas.member)
    csv = client.get("/complaints/export.csv").content.decode("utf-8-sig").strip().splitlines()
    assert csv[0].startswith("#,Client,Received") and len(csv) == 3
    assert "<span" not in "".join(csv)


@pytest.mark.parametrize("size", [2, 12])
def test_a_sorted_complaint_list_keeps_its_budget(client, personas, complaints, size, django_assert_max_num_queries):
    for _ in range(size):
        complaint_record(
            client=personas.client, by=personas.member, channel="email", description="Late proof.",
            received_at=datetime(2026, 11, 27, 10, 0, tzinfo=SHANGHAI), category="process", priority="complex",
        )  # fmt: skip
    client.force_login(personas.member)
    for sort in ("client", "-owner", "respond_by"):
        with django_assert_max_num_queries(6):  # the list's budget (accounts/tests/test_complaints.py)
            response = client.get("/complaints/", {"sort": sort})
        assert len(response.context["page"]) == size + 2


# ── decisions waiting ──────────────────────────────────────────────────────────────────────────────


def send_brief(personas, contact, name):
    brand = BrandFactory(client=personas.client)
    campaign = CampaignFactory(client=personas.client, brand=brand, name=name, lead_ae=personas.member)
    version = make_brief(campaign, by=personas.member).versions.get(number=1)
    return brief_send_for_approval(version=version, contact=contact, by=personas.member)


@pytest.fixture
def waiting(personas):
    contact = ContactFactory(client=personas.client, name="Chen Hui", email="chen.hui@tianshan.example")
    return [send_brief(personas, contact, name) for name in ("Bravo launch", "Alpha launch")]


def test_decisions_waiting_are_listed_sorted_and_hidden_from_outsiders(client, personas, waiting):
    client.force_login(personas.member)
    rows = client.get("/decisions/", {"sort": "sent_at"}).context["page"]
    assert [r.pk for r in rows] == [waiting[0].pk, waiting[1].pk]
    rows = client.get("/decisions/", {"sort": "-sent_at"}).context["page"]
    assert [r.pk for r in rows] == [waiting[1].pk, waiting[0].pk]
    assert [r.pk for r in client.get("/decisions/", {"q": "Alpha"}).context["page"]] == [waiting[1].pk]
    client.force_login(personas.outsider)
    assert list(client.get("/decisions/").context["page"]) == []


def test_remind_sends_each_ticked_request_once_after_confirming(client, personas, waiting):
    client.force_login(personas.member)
    before = OutboxMessage.objects.filter(template="decision_reminder").count()
    ticked = [waiting[0].pk, waiting[0].pk, waiting[1].pk]  # a double tick is still one request
    confirm = client.post("/decisions/bulk/", {"action": "remind", "selected": ticked})
    assert confirm.status_code == 200 and confirm.content.decode().count("Will be changed") == 2
    assert OutboxMessage.objects.filter(template="decision_reminder").count() == before

    response = client.post("/decisions/bulk/", {"action": "remind", "selected": ticked, "confirm": "yes"}, follow=True)
    assert "Done for 2 rows." in response.content.decode()
    reminders = OutboxMessage.objects.filter(template="decision_reminder")
    assert reminders.count() == before + 2
    assert sorted(reminders.values_list("related_id", flat=True)) == sorted(str(w.pk) for w in waiting)
    assert AuditEvent.objects.filter(action="decision_request.reminded").count() == 2
    assert list(DecisionRequest.objects.order_by("pk").values_list("reminder_count", flat=True)) == [1, 1]


def test_a_creative_on_the_team_may_not_remind_and_nothing_is_sent(client, personas, waiting):
    creative = UserFactory(username="creative", title="creative", department="creative")
    TeamMemberFactory(client=personas.client, user=creative, role="creative")
    client.force_login(creative)
    data = {"action": "remind", "selected": [w.pk for w in waiting], "confirm": "yes"}
    assert client.post("/decisions/bulk/", data).status_code == 403
    assert not OutboxMessage.objects.filter(template="decision_reminder").exists()


@pytest.mark.parametrize("size", [1, 8])
def test_decisions_waiting_keep_a_fixed_number_of_queries(client, personas, size, django_assert_max_num_queries):
    contact = ContactFactory(client=personas.client)
    for i in range(size):
        send_brief(personas, contact, f"Launch {i}")
    client.force_login(personas.member)
    with django_assert_max_num_queries(5):
        response = client.get("/decisions/", {"sort": "-client"})
    assert len(response.context["page"]) == size


def test_every_list_fits_a_phone_in_its_own_scrolling_box(client, personas, waiting):
    client.force_login(personas.member)
    for url in ("/decisions/", "/outbox/", "/complaints/", "/campaigns/"):
        page = client.get(url).content.decode()
        assert '<div class="table-responsive" tabindex="0">' in page, url  # it scrolls, and a keyboard can scroll it
        assert '<th scope="col"' in page, url
