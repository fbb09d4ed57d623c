"""Every email goes through the outbox and reaches a real SMTP server, or says why not."""

import time

import pytest
from django.db import transaction
from django.utils import timezone

from agency.core import outbox
from agency.core.models import OutboxMessage
from agency.core.tests.factories import UserFactory
from conftest import free_port


def queue_reset_mail(user, **kwargs):
    return outbox.queue_email(
        to_email=user.email,
        to_name=str(user),
        template="password_reset",
        context={"user": user, "reset_url": "https://accountable.example/reset/abc/"},
        language=user.language,
        related=user,
        **kwargs,
    )


@pytest.fixture
def user(db):
    return UserFactory(username="zhang.jing", first_name="Jing", last_name="Zhang", language="zh-hans")


def test_it_renders_in_the_recipients_language(user):
    message = queue_reset_mail(user)
    assert message.language == "zh-hans"
    assert "https://accountable.example/reset/abc/" in message.body_text
    assert message.subject == "选择新的 Accountable 密码"


def test_it_delivers_to_a_real_smtp_server(user, smtp_server):
    message = queue_reset_mail(user)
    assert outbox.deliver(message.pk) == OutboxMessage.Status.SENT

    [received] = smtp_server.messages
    assert received["To"].endswith("<zhang.jing@agency.example>")
    assert received["Message-ID"] == message.message_id
    message.refresh_from_db()
    assert message.status == "sent" and message.sent_at is not None and message.attempts == 1


def test_it_does_not_send_a_sent_message_twice(user, smtp_server):
    message = queue_reset_mail(user)
    outbox.deliver(message.pk)
    outbox.deliver(message.pk)
    assert len(smtp_server.messages) == 1


def test_it_retries_after_the_server_was_down(user, smtp_server, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    message = queue_reset_mail(user)
    settings.EMAIL_PORT = free_port()  # nothing listens there: connection refused

    assert outbox.deliver(message.pk) == OutboxMessage.Status.RETRYING
    message.refresh_from_db()
    assert message.attempts == 1
    assert "refused" in message.last_error.lower()
    assert outbox.claim_due_for_delivery() == []  # not before its retry time

    settings.EMAIL_PORT = smtp_server.port  # the server is back
    time_machine.shift(61)
    assert outbox.claim_due_for_delivery() == [message.pk]
    assert outbox.deliver(message.pk) == OutboxMessage.Status.SENT
    assert len(smtp_server.messages) == 1


def test_it_gives_up_after_the_last_attempt_and_shows_it(client, user, smtp_server, settings):
    settings.EMAIL_PORT = free_port()
    settings.OUTBOX_MAX_ATTEMPTS = 3
    message = queue_reset_mail(user)
    statuses = [outbox.deliver(message.pk) for _ in range(3)]
    assert statuses == ["retrying", "retrying", "failed"]

    client.force_login(user)  # the recipient may read their own password mail
    page = client.get(f"/outbox/{message.pk}/").content.decode()
    assert "Failed" in page or "失败" in page
    assert "ConnectionRefusedError" in page
    assert "Send again" in page or "重新发送" in page


def test_it_fails_at_once_on_a_permanent_refusal(user, smtp_server):
    smtp_server.refuse_with = "550 5.1.1 Mailbox unavailable"
    message = queue_reset_mail(user)
    assert outbox.deliver(message.pk) == OutboxMessage.Status.FAILED
    message.refresh_from_db()
    assert message.attempts == 1
    assert "Mailbox unavailable" in message.last_error


def test_it_lets_staff_send_a_failed_message_again(client, user, smtp_server, django_capture_on_commit_callbacks):
    smtp_server.refuse_with = "550 5.1.1 Mailbox unavailable"
    message = queue_reset_mail(user)
    outbox.deliver(message.pk)
    smtp_server.refuse_with = None

    client.force_login(user)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(f"/outbox/{message.pk}/retry/")
    assert response.status_code == 302
    assert len(callbacks) == 1  # delivery queued after commit
    assert outbox.deliver(message.pk) == "sent"
    assert len(smtp_server.messages) == 1


def test_it_keeps_messages_in_the_outbox_without_a_mail_server(client, user, settings, tmp_path):
    settings.EMAIL_DELIVERY_ENABLED = False
    settings.DEV_MAIL_DIR = tmp_path
    message = queue_reset_mail(user, private=["https://accountable.example/reset/abc/"])
    assert outbox.deliver(message.pk) == OutboxMessage.Status.KEPT

    client.force_login(user)
    page = client.get(f"/outbox/{message.pk}/").content.decode()
    assert message.subject in page
    assert "https://accountable.example/reset/abc/" not in page  # the link is for the mailbox only
    # The email as its recipient would have it lies in the development mail folder.
    [written] = tmp_path.glob("*.eml")
    assert b"https://accountable.example/reset/abc/" in written.read_bytes()


def test_it_hides_another_persons_password_mail_even_from_management(client, user):
    manager = UserFactory(username="boss", title="management", department="management")
    message = queue_reset_mail(user)
    client.force_login(manager)
    assert client.get(f"/outbox/{message.pk}/").status_code == 404
    assert message.subject not in client.get("/outbox/").content.decode()


def test_it_scopes_client_mail_to_the_account_team(client, personas):
    message = OutboxMessage.objects.create(
        to_email="liu.yang@tianshan.example",
        subject="Creative brief v2 for your approval",
        body_text="Please review.",
        client=personas.client,
    )
    client.force_login(personas.member)
    assert client.get(f"/outbox/{message.pk}/").status_code == 200
    assert "liu.yang@tianshan.example" in client.get("/outbox/").content.decode()
    client.force_login(personas.outsider)
    assert client.get(f"/outbox/{message.pk}/").status_code == 404
    assert "liu.yang@tianshan.example" not in client.get("/outbox/").content.decode()


@pytest.mark.services
def test_it_round_trips_through_a_real_worker_on_the_real_broker(celery_worker_factory, smtp_server, user):
    celery_worker_factory(EMAIL_URL=smtp_server.url)
    with transaction.atomic():
        message = queue_reset_mail(user)  # the task is queued only when this commits

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not smtp_server.messages:
        time.sleep(0.2)
    message.refresh_from_db()
    assert message.status == "sent"
    assert [m["Message-ID"] for m in smtp_server.messages] == [message.message_id]
