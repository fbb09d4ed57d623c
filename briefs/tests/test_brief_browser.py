"""The whole approval path in a real browser, with a real Celery worker delivering to a real SMTP server."""

import re
import time
from email.header import decode_header, make_header

import pytest

from agency.core.models import Decision, DecisionRequest
from agency.core.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.services]


def subject(message):
    return str(make_header(decode_header(message["Subject"])))


def wait_for_mail(smtp_server, subject_part, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in smtp_server.messages:
            if subject_part in subject(message):
                return message
        time.sleep(0.2)
    subjects = [subject(m) for m in smtp_server.messages]
    raise AssertionError(f"no email with {subject_part!r} arrived; got {subjects}")


def text_of(message):
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


def test_it_walks_a_brief_from_the_ae_to_the_clients_phone_and_back(
    page, browser, live_server, smtp_server, celery_worker_factory, settings, personas, brief, campaign, contact
):
    settings.SITE_URL = live_server.url
    celery_worker_factory(EMAIL_URL=smtp_server.url)

    # The AE sends version 1 of the brief to the client contact.
    page.goto(f"{live_server.url}/auth/login/?next=/campaigns/{campaign.pk}/brief/")
    page.fill("input[name=username]", personas.member.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/campaigns/{campaign.pk}/brief/")
    page.select_option("select[name=contact]", str(contact.pk))
    page.click("text=Email version 1")
    assert "was emailed to Chen Hui for approval" in page.locator("main").inner_text()

    # The email arrives through the worker and SMTP.
    request_mail = wait_for_mail(smtp_server, "Please approve")
    assert request_mail["To"].endswith("<chen.hui@tianshan.example>")
    link = re.search(r"(http://\S+/d/[A-Za-z0-9_-]+/)", text_of(request_mail)).group(1)

    # The client opens it on a phone, without an account. Scripts run; nothing is decided.
    phone = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844}, is_mobile=True)
    client_page = phone.new_page()
    client_page.goto(link)
    client_page.wait_for_load_state("networkidle")
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in client_page.url
    assert client_page.url == f"{live_server.url}/decision/{DecisionRequest.objects.get().pk}/"
    assert "Fresh from the pasture to your table in 48 hours." in client_page.locator("article").inner_text()
    assert Decision.objects.count() == 0 and DecisionRequest.objects.get().status == "open"
    client_page.reload()
    client_page.wait_for_load_state("networkidle")
    assert Decision.objects.count() == 0

    # Approve, then confirm on the page that repeats what is decided: only the confirmation records.
    client_page.click("button[value=approved]")
    client_page.wait_for_load_state()
    assert "Nothing is recorded yet" in client_page.locator("main").inner_text()
    assert Decision.objects.count() == 0
    client_page.click("[data-testid=confirm]")
    client_page.wait_for_load_state()
    assert client_page.locator("[data-testid=decision-outcome]").inner_text() == "Approved"

    # The receipt arrives with the version and the content fingerprint.
    receipt = wait_for_mail(smtp_server, "Receipt")
    decision = Decision.objects.get()
    body = text_of(receipt)
    assert "Approved" in body and "v1" in body and decision.content_hash in body
    assert receipt["To"].endswith("<chen.hui@tianshan.example>")
    phone.close()

    # The AE's brief page shows it approved, with the link's history.
    page.reload()
    assert page.locator("[data-testid=brief-status]").first.inner_text() == "Approved"
    assert "Approved by Chen Hui" in page.locator("[data-testid=approval]").inner_text()
    history = page.locator("table.decision-requests").inner_text()
    assert "sent the link to chen.hui@tianshan.example" in history
    assert "Chen Hui (client) opened the link" in history and "Chen Hui (client) answered: Approved" in history
