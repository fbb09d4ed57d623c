"""Shared test fixtures: personas, and the real services tests run against.

Tests that need PostgreSQL, Redis or Chromium skip when the service is absent,
unless REQUIRE_SERVICES=1 (as in .ci/run), where they fail instead.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_configure(config):
    """Passwords in tests are hashed with a fast hasher: Argon2 at production cost takes a large part of
    a second per persona on two cores. The live server and worker processes need no hasher (sessions
    are checked against the stored hash, not by hashing)."""
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

    settings.DEV_MAIL_DIR = tempfile.mkdtemp(prefix="accountable-mail-")  # not the checkout's var/mail
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()


def need(what):
    """A required service is missing: fail under REQUIRE_SERVICES, otherwise skip."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (REQUIRE_SERVICES=1) but not available")
    pytest.skip(f"{what} not available")


def is_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.fixture
def personas(db):
    """The people every access test talks about, around one client and one other client.

    management   sees everything
    supervisor   AM on nobody's team, supervises the team member
    member       AE on the client's account team
    outsider     AE on another client's team only
    finance      finance, on the other client's team
    """
    from accounts.tests.factories import ClientFactory, TeamMemberFactory
    from agency.core.tests.factories import UserFactory

    management = UserFactory(username="manager", title="management", department="management")
    supervisor = UserFactory(username="supervisor", title="AM", supervisor=management)
    member = UserFactory(username="member", title="AE", supervisor=supervisor)
    outsider = UserFactory(username="outsider", title="AE", supervisor=management)
    finance = UserFactory(username="finance", title="finance", department="finance")
    client = ClientFactory(name="Tianshan Dairy", code="TSD")
    other_client = ClientFactory(name="Harbour Line Coffee", code="HLC")
    TeamMemberFactory(client=client, user=member, role="lead_ae")
    TeamMemberFactory(client=other_client, user=outsider, role="lead_ae")
    TeamMemberFactory(client=other_client, user=finance, role="finance")
    return type(
        "Personas",
        (),
        {
            "management": management,
            "supervisor": supervisor,
            "member": member,
            "outsider": outsider,
            "finance": finance,
            "client": client,
            "other_client": other_client,
        },
    )


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpSink:
    """A real SMTP server (aiosmtpd) on loopback that keeps what it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages = []
        self.refuse_with = None  # e.g. "550 mailbox unavailable" to answer every RCPT with it
        sink = self

        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if sink.refuse_with:
                    return sink.refuse_with
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                from email import message_from_bytes

                sink.messages.append(message_from_bytes(envelope.content))
                return "250 Message accepted for delivery"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"


@pytest.fixture
def smtp_server(settings):
    """Point Django's mail at a real local SMTP server."""
    server = SmtpSink()
    server.start()
    settings.EMAIL_DELIVERY_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


def test_database_url():
    from django.db import connection

    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class WorkerProcess:
    """A real `celery worker` process on the real broker, against the test database."""

    def __init__(self, extra_env=None):
        self.extra_env = extra_env or {}
        self.proc = None

    def start(self):
        from agency.celery import app

        env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "DJANGO_SETTINGS_MODULE": "agency.settings",
            **self.extra_env,
        }
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "agency",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
                "-n",
                f"test-{os.getpid()}@%h",
            ],
            cwd=BASE_DIR,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("celery worker exited during start-up")
            if app.control.ping(timeout=0.5):
                return self
        raise RuntimeError("celery worker did not answer a ping within 60 s")

    def kill(self):
        self.proc.kill()
        self.proc.wait(10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


@pytest.fixture
def redis_broker():
    """The real Redis broker, emptied of tasks from earlier tests."""
    url = os.environ.get("REDIS_URL")
    if not url:
        need("Redis (REDIS_URL)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        need(f"Redis at {url}")
    from agency.celery import app

    app.control.purge()
    return url


@pytest.fixture
def celery_worker_factory(transactional_db, redis_broker):
    """Start real worker processes: `celery_worker_factory(EMAIL_URL=...)`."""
    if not is_postgres():
        need("PostgreSQL (DATABASE_URL) for a worker process to share the test database")
    workers = []

    def start(**extra_env):
        worker = WorkerProcess(extra_env).start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def browser(monkeypatch):
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not os.path.exists(CHROMIUM):
        need("Chromium (apt-get install chromium)")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def csp_violations(page):
    """Content-Security-Policy violations the browser reports while the test runs."""
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return violations
