"""Logging in, throttling, password reset through the outbox, deactivation, language."""

import re

import pytest
from django.contrib.sessions.models import Session

from agency.core import outbox
from agency.core.models import OutboxMessage
from agency.core.services import staff_deactivate
from agency.core.tests.factories import PASSWORD, UserFactory


@pytest.fixture
def ae(db):
    return UserFactory(username="zhang.jing", first_name="Jing", email="zhang.jing@agency.example")


def log_in(client, username, password):
    return client.post("/auth/login/", {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")


def test_it_logs_in_and_out(client, ae):
    response = log_in(client, "zhang.jing", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Good day, Jing" in client.get("/").content.decode()
    client.post("/auth/logout/")
    assert client.get("/").status_code == 302


def test_it_tells_a_wrong_password_and_keeps_the_username(client, ae):
    page = log_in(client, "zhang.jing", "wrong").content.decode()
    assert "Please enter a correct username and password" in page
    assert 'value="zhang.jing"' in page


def test_it_locks_out_after_five_failures(client, ae):
    for _ in range(5):
        log_in(client, "zhang.jing", "wrong")
    response = log_in(client, "zhang.jing", PASSWORD)  # even the right password is refused now
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_sends_the_reset_link_through_the_outbox_with_the_site_url(client, ae, settings):
    settings.SITE_URL = "https://accountable.example"
    settings.ALLOWED_HOSTS = ["*"]  # even behind a permissive proxy, the Host header never builds a link
    response = client.post("/auth/password_reset/", {"email": "zhang.jing@agency.example"}, HTTP_HOST="evil.example")
    assert response.status_code == 302

    [message] = OutboxMessage.objects.all()
    assert message.to_email == "zhang.jing@agency.example"
    link = re.search(r"https://accountable\.example/auth/reset/\S+/", outbox.as_sent(message).text).group(0)
    assert "evil.example" not in message.body_text

    path = link.removeprefix("https://accountable.example")
    form_url = client.get(path)["Location"]  # Django swaps the token for a session-held one
    response = client.post(form_url, {"new_password1": "a-new-long-secret-77", "new_password2": "a-new-long-secret-77"})
    assert response.status_code == 302
    assert log_in(client, "zhang.jing", "a-new-long-secret-77").status_code == 302


def test_it_says_nothing_about_unknown_addresses(client, db):
    response = client.post("/auth/password_reset/", {"email": "nobody@agency.example"})
    assert response.status_code == 302
    assert not OutboxMessage.objects.exists()


def test_it_ends_sessions_when_someone_is_deactivated(client, ae):
    manager = UserFactory(username="boss", department="management", title="management")
    client.force_login(ae)
    assert client.get("/").status_code == 200

    staff_deactivate(user=ae, by=manager)
    assert not Session.objects.exists()
    assert client.get("/").status_code == 302


def test_it_refuses_a_deactivated_users_old_session_even_if_it_survived(client, ae):
    client.force_login(ae)
    type(ae).objects.filter(pk=ae.pk).update(is_active=False)  # e.g. deactivated in bulk by an operator
    assert client.get("/").status_code == 302


def test_it_switches_language_and_remembers_it(client, ae):
    client.force_login(ae)
    client.post("/language/", {"language": "zh-hant", "next": "/"})
    ae.refresh_from_db()
    assert ae.language == "zh-hant"
    assert "我的客戶" in client.get("/").content.decode()
    client.post("/language/", {"language": "zh-hans", "next": "/"})
    assert "我的客户" in client.get("/").content.decode()
