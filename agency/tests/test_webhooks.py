"""Rule: "Outside systems hear by signed webhook" (docs/practice.md).

A real HTTP receiver (http.server on loopback, in a thread) stands for the outside system. Deliveries go
through the real Celery worker on the real Redis broker where the suite has them (PostgreSQL + Redis);
the pages and the permission run everywhere.
"""

import hashlib
import hmac
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from agency.core import webhooks
from agency.core.models import OutboxMessage, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from agency.core.tests.decision_flow import decide_by_link
from briefs.services.brief import brief_send_for_approval


class Receiver:
    """An outside system's webhook address: keeps every request, answers with the next planned status."""

    def __init__(self):
        self.requests = []
        self.answers = []  # status codes to give, in order; 200 once they run out
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"thanks" if status < 300 else b"receiver is down for maintenance")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/accountable"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.stop()


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def register(browser, manager, url, events=("decision.recorded",), name="Client portal"):
    """A manager adds a webhook on the page; returns (endpoint, the secret the page showed once)."""
    browser.force_login(manager)
    response = browser.post(reverse("webhook_list"), {"name": name, "url": url, "events": list(events)})
    assert response.status_code == 200
    page = response.content.decode()
    secret = re.search(r'id="webhook-secret">([^<]+)<', page).group(1)
    return WebhookEndpoint.objects.get(name=name), secret


def expected_signature(secret, request):
    timestamp = request["headers"]["X-Accountable-Timestamp"]
    signed = f"{timestamp}.{request['body']}".encode()
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


# --- the pages and who may use them ---


@pytest.mark.django_db
def test_it_refuses_the_webhooks_pages_to_anyone_but_management(client, personas):
    endpoint, _secret = webhooks.endpoint_create(
        name="ERP", url="https://erp.example/hooks", events=["booking.confirmed"], by=personas.management
    )
    for person in (personas.member, personas.supervisor, personas.finance):
        client.force_login(person)
        assert client.get(reverse("webhook_list")).status_code == 403
        assert client.get(reverse("webhook_detail", args=[endpoint.pk])).status_code == 403
        refused = client.post(
            reverse("webhook_list"), {"name": "Mine", "url": "https://x.example", "events": ["step.overdue"]}
        )
        assert refused.status_code == 403
        assert client.post(reverse("webhook_disable", args=[endpoint.pk])).status_code == 403
    assert WebhookEndpoint.objects.get().is_active
    assert WebhookEndpoint.objects.count() == 1
    assert reverse("webhook_list") not in client.get(reverse("outbox_list")).content.decode()
    client.force_login(personas.management)
    assert reverse("webhook_list") in client.get(reverse("outbox_list")).content.decode()


@pytest.mark.django_db
def test_the_secret_is_shown_once_on_creation_and_never_again(client, personas):
    endpoint, secret = register(client, personas.management, "https://portal.tianshan.example/hooks")
    assert secret.startswith("whsec_") and len(secret) > 40
    assert secret not in endpoint.sealed_secret  # kept encrypted
    assert webhooks.unseal_secret(endpoint.sealed_secret) == secret  # the sender can still sign with it
    for page in (client.get(reverse("webhook_list")), client.get(reverse("webhook_detail", args=[endpoint.pk]))):
        assert page.status_code == 200
        assert secret not in page.content.decode()
    detail = client.get(reverse("webhook_detail", args=[endpoint.pk])).content.decode()
    assert "https://portal.tianshan.example/hooks" in detail and "A client decision is recorded" in detail


@pytest.mark.django_db
def test_a_plain_http_address_elsewhere_is_refused_and_what_was_typed_stays(client, personas, settings):
    settings.WEBHOOK_ALLOW_HTTP = False
    client.force_login(personas.management)
    data = {"name": "Old ERP", "url": "http://erp.example/hooks", "events": ["booking.confirmed", "campaign.closed"]}
    response = client.post(reverse("webhook_list"), data)
    page = response.content.decode()
    assert response.status_code == 200 and "Use an https:// address" in page
    assert 'value="Old ERP"' in page and 'value="http://erp.example/hooks"' in page
    assert page.count("checked") == 2
    assert not WebhookEndpoint.objects.exists()
    nothing = client.post(reverse("webhook_list"), {"name": "No events", "url": "https://erp.example/hooks"})
    assert "This field is required" in nothing.content.decode() and not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("size", [1, 8])
@pytest.mark.django_db
def test_the_endpoint_page_takes_a_fixed_number_of_queries(client, personas, size, django_assert_max_num_queries):
    endpoint, _secret = webhooks.endpoint_create(
        name="ERP", url="https://erp.example/hooks", events=["booking.confirmed"], by=personas.management
    )
    for k in range(size):
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, event_type="booking.confirmed", body="{}")
        for number in (1, 2):
            WebhookAttempt.objects.create(
                delivery=delivery, number=number, started_at=delivery.created_at, status_code=500 + k, duration_ms=12
            )
    client.force_login(personas.management)
    # session, user, the endpoint, its deliveries, their attempts
    with django_assert_max_num_queries(5):
        page = client.get(reverse("webhook_detail", args=[endpoint.pk])).content.decode()
    assert f"<td>{500 + size - 1}</td>" in page


# --- deliveries on the real worker ---


@pytest.mark.services
def test_a_client_decision_reaches_the_receiver_signed_and_without_secrets(
    celery_worker_factory, client, personas, draft, contact, receiver
):
    celery_worker_factory()
    endpoint, secret = register(client, personas.management, receiver.url)
    sent = brief_send_for_approval(version=draft, contact=contact, by=personas.member)  # not asked for: not sent
    browser = type(client)()
    browser.get(f"/d/{sent.token}/")
    assert decide_by_link(browser, sent, outcome="approved", comment="Go ahead.").status_code == 302

    assert wait_for(lambda: WebhookDelivery.objects.filter(status="delivered").exists())
    [request] = receiver.requests
    headers, body = request["headers"], request["body"]
    assert headers["X-Accountable-Signature"] == expected_signature(secret, request)
    assert abs(int(headers["X-Accountable-Timestamp"]) - time.time()) < 120
    assert headers["X-Accountable-Event"] == "decision.recorded"
    delivery = WebhookDelivery.objects.get()
    assert headers["X-Accountable-Delivery"] == str(delivery.delivery_id)
    payload = json.loads(body)
    assert payload["type"] == "decision.recorded" and payload["id"] == str(delivery.event_id)
    assert payload["occurred_at"].endswith("Z")
    assert payload["data"]["outcome"] == "approved"
    assert payload["data"]["decision_request"] == sent.pk and payload["data"]["client"] == personas.client.pk
    # No secret anywhere: not the signing secret, not the client's link.
    assert secret not in body and sent.token not in body
    [attempt] = WebhookAttempt.objects.all()
    assert attempt.status_code == 200 and attempt.response_excerpt == "thanks"
    page = client.get(reverse("webhook_detail", args=[endpoint.pk])).content.decode()
    assert "Delivered" in page and "thanks" in page and secret not in page
    assert secret not in attempt.response_excerpt + attempt.error + delivery.body


@pytest.mark.services
def test_a_receiver_that_answers_500_once_gets_the_same_delivery_again(
    celery_worker_factory, client, personas, receiver
):
    celery_worker_factory(WEBHOOK_RETRY_DELAYS="1")
    endpoint, secret = register(client, personas.management, receiver.url, events=["complaint.opened"])
    receiver.answers = [500]
    from django.utils import timezone

    from accounts.models import Complaint
    from accounts.services.complaints import complaint_record

    complaint = complaint_record(
        client=personas.client, by=personas.member, channel=Complaint.Channel.EMAIL, received_at=timezone.now(),
        description="The poster went up a week late", category=Complaint.Category.SERVICE,
    )  # fmt: skip
    assert wait_for(lambda: WebhookDelivery.objects.filter(status="delivered").exists())
    first, second = receiver.requests
    assert first["headers"]["X-Accountable-Delivery"] == second["headers"]["X-Accountable-Delivery"]
    assert first["body"] == second["body"]
    assert json.loads(second["body"])["data"]["complaint"] == complaint.pk
    assert "The poster" not in second["body"]  # facts and ids, not the client's words
    assert second["headers"]["X-Accountable-Signature"] == expected_signature(secret, second)
    assert [(a.number, a.status_code) for a in WebhookAttempt.objects.order_by("number")] == [(1, 500), (2, 200)]
    page = client.get(reverse("webhook_detail", args=[endpoint.pk])).content.decode()
    assert "receiver is down for maintenance" in page
    time.sleep(2)
    assert len(receiver.requests) == 2  # delivered once: no further attempt


@pytest.mark.services
def test_an_endpoint_that_keeps_failing_is_disabled_its_owner_told_and_sent_nothing_more(
    celery_worker_factory, client, personas, receiver
):
    celery_worker_factory(WEBHOOK_RETRY_DELAYS="1", WEBHOOK_DISABLE_AFTER_FAILURES="2")
    personas.management.email = "head@agency.example"
    personas.management.save()
    endpoint, _secret = register(client, personas.management, receiver.url, events=["complaint.opened"])
    receiver.answers = [503] * 10
    from django.utils import timezone

    from accounts.models import Complaint
    from accounts.services.complaints import complaint_record

    def complain(text):
        return complaint_record(
            client=personas.client, by=personas.member, channel=Complaint.Channel.PHONE,
            received_at=timezone.now(), description=text, category=Complaint.Category.SERVICE,
        )  # fmt: skip

    complain("First")
    assert wait_for(lambda: not WebhookEndpoint.objects.get().is_active)
    assert len(receiver.requests) == 2
    assert WebhookDelivery.objects.get().status == "skipped"
    email = OutboxMessage.objects.get(template="webhook_disabled")
    assert email.to_email == "head@agency.example" and "Client portal" in email.subject
    assert "2 failed attempts in a row" in email.body_text

    complain("Second, after the endpoint was disabled")
    time.sleep(3)
    assert len(receiver.requests) == 2
    assert WebhookDelivery.objects.count() == 1
    page = client.get(reverse("webhook_detail", args=[endpoint.pk])).content.decode()
    assert "Disabled" in page and "2 failed attempts in a row" in page

    # Enabled again and the skipped delivery sent by hand: the receiver gets it, once.
    receiver.answers = []
    client.post(reverse("webhook_enable", args=[endpoint.pk]))
    delivery = WebhookDelivery.objects.get()
    assert client.post(reverse("webhook_redeliver", args=[endpoint.pk, delivery.pk])).status_code == 302
    assert wait_for(lambda: WebhookDelivery.objects.get().status == "delivered")
    assert len(receiver.requests) == 3


@pytest.mark.django_db
def test_the_sweep_picks_up_a_delivery_whose_task_was_lost_once(personas):
    from datetime import timedelta

    from django.utils import timezone

    endpoint, _secret = webhooks.endpoint_create(
        name="ERP", url="https://erp.example/h", events=["booking.confirmed"], by=personas.management
    )
    now = timezone.now()
    lost = WebhookDelivery.objects.create(endpoint=endpoint, event_type="booking.confirmed", body="{}")
    WebhookDelivery.objects.filter(pk=lost.pk).update(next_attempt_at=now - timedelta(minutes=3))
    WebhookDelivery.objects.create(  # just written: its own task is on the way
        endpoint=endpoint, event_type="booking.confirmed", body="{}", next_attempt_at=now
    )
    assert webhooks.claim_due_for_delivery() == [lost.pk]
    assert webhooks.claim_due_for_delivery() == []  # claimed: a second sweep does not queue it twice


@pytest.mark.django_db
def test_nobody_listening_costs_no_delivery(personas):
    webhooks.endpoint_create(
        name="ERP", url="https://erp.example/h", events=["booking.confirmed"], by=personas.management
    )
    assert webhooks.emit("campaign.closed", lambda: pytest.fail("built although nobody listens")) == []
    with pytest.raises(ValueError):
        webhooks.emit("campaign.reopened", dict)


@pytest.mark.browser
@pytest.mark.services
def test_the_webhook_pages_fit_a_phone(browser, live_server, personas):
    from agency.core.tests.factories import PASSWORD

    long_url = "https://integrations.tianshan-dairy.example/hooks/accountable/decisions-and-bookings/v2/receive"
    endpoint, secret = webhooks.endpoint_create(
        name="Tianshan Dairy client portal", url=long_url, events=list(webhooks.EVENTS), by=personas.management
    )
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event_type="decision.recorded", body="{}")
    WebhookAttempt.objects.create(
        delivery=delivery, number=1, started_at=delivery.created_at, status_code=502,
        response_excerpt="<html><title>502</title><body>upstream_connect_error_or_disconnect_before_headers</body>",
    )  # fmt: skip
    page = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844}).new_page()
    page.goto(live_server.url + "/auth/login/?next=/webhooks/")
    page.fill("input[name=username]", "manager")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + "/webhooks/")
    for path in ("/webhooks/", f"/webhooks/{endpoint.pk}/"):
        page.goto(live_server.url + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        assert secret not in page.content()
