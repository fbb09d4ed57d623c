"""Only the addressee holds a client's link: no page, export, admin screen or log shows a live token or code."""

import io
import logging
import re

import pytest

from agency.core import outbox
from agency.core.models import DecisionRequest, OutboxMessage
from briefs.services.brief import brief_send_for_approval

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(draft, contact, personas):
    return brief_send_for_approval(version=draft, contact=contact, by=personas.member)


def _pages_staff_read(client, message):
    request = DecisionRequest.objects.get()
    return [
        "/outbox/",
        f"/outbox/{message.pk}/",
        "/admin/agency/outboxmessage/",
        f"/admin/agency/outboxmessage/{message.pk}/change/",
        "/admin/agency/auditevent/",
        f"/reminders/export.csv?request={request.pk}",
        "/clients/export.csv",
        "/clients/export.xlsx",
        "/reminders/",
    ]


def test_no_page_export_or_admin_screen_shows_the_link_or_its_code(client, sent, personas, settings):
    personas.management.is_staff = personas.management.is_superuser = True
    personas.management.save()
    [message] = OutboxMessage.objects.filter(template="decision_request")
    for reader in (personas.member, personas.management):
        client.force_login(reader)
        for path in _pages_staff_read(client, message):
            if path.startswith("/admin/") and not reader.is_superuser:
                continue
            response = client.get(path)
            assert response.status_code == 200, path
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert sent.token.encode() not in body, f"{path} shows the live token to {reader}"
    client.force_login(personas.member)
    shown = client.get(f"/outbox/{message.pk}/").content.decode()
    assert "private link or code: sent to the recipient only" in shown
    assert "/d/" not in shown
    # The stored row holds no token in clear: only its sealed copy, which the email delivery reads.
    assert sent.token not in message.subject + message.body_text + message.body_html + message.sealed
    assert f"/d/{sent.token}/" in outbox.as_sent(message).text


def test_a_one_time_code_is_only_in_the_email(client, sent, personas):
    from agency.core import decisions

    DecisionRequest.objects.filter(pk=sent.pk).update(requires_code=True)
    decisions.send_code(decision_request=DecisionRequest.objects.get(pk=sent.pk))
    message = OutboxMessage.objects.get(template="decision_code")
    code = re.search(r"\b(\d{6})\b", outbox.as_sent(message).text).group(1)
    assert code not in message.body_text
    client.force_login(personas.member)
    assert code.encode() not in client.get(f"/outbox/{message.pk}/").content


@pytest.mark.services
def test_the_recipient_gets_the_link_and_then_nothing_keeps_it(sent, smtp_server, contact):
    [message] = OutboxMessage.objects.filter(template="decision_request")
    assert outbox.deliver(message.pk) == OutboxMessage.Status.SENT
    [received] = smtp_server.messages
    [plain] = [part for part in received.walk() if part.get_content_type() == "text/plain"]
    body = plain.get_payload(decode=True).decode()
    assert f"/d/{sent.token}/" in body and received["To"].endswith(f"<{contact.email}>")
    message.refresh_from_db()
    assert message.sealed == "" and sent.token not in message.body_text


def test_logs_show_no_token(client, sent):
    """The console handler of settings.LOGGING, as production runs it, hides tokens of any link address."""
    [handler] = [h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler)][:1] or [None]
    if handler is None or not handler.filters:
        pytest.fail("the root logger has no filtered console handler (settings.LOGGING)")
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        client.get(f"/d/{sent.token}/")  # a live link
        client.get("/d/" + "x" * 43 + "/")  # a wrong one: Django logs "Not Found: /d/<token>/"
        logging.getLogger("agency").info("opened %s", f"/d/{sent.token}/")
    finally:
        handler.setStream(old)
    logged = stream.getvalue()
    assert "Not Found: /d/[token hidden]/" in logged
    assert sent.token not in logged and "x" * 43 not in logged
