"""Faults on real services, and "nothing lost" counted in outbox rows, delivered messages and decisions.

Fast ones (`faults`) run in `make test`; slow ones (`slow_faults`) run with `make faults`.
Redis is a private `redis-server` on a spare port that these tests stop and start; PostgreSQL is the
machine's own, so instead of restarting it the app's connections are terminated under load.
"""

import asyncio
import contextlib
import http.client
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from email import message_from_bytes
from urllib.parse import urlencode

import psycopg2
import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.utils import timezone
from kombu import pools as kombu_pools

from accounts.models import AccountTeamMember, Client
from agency.celery import app as celery_app
from agency.core import outbox
from agency.core.models import AuditEvent, Decision, OutboxMessage, ReminderLedger
from agency.core.tasks import outbox_sweep
from agency.core.tests.decision_flow import decide_by_link
from agency.core.tests.factories import UserFactory
from agency.tests.reminder_fixtures import at, make_step
from briefs.services.brief import brief_send_for_approval
from conftest import BASE_DIR, SmtpSink, free_port, is_postgres, need
from conftest import test_database_url as database_url

pytestmark = pytest.mark.services


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def pg_connect():
    s = connection.settings_dict
    return psycopg2.connect(dbname=s["NAME"], user=s["USER"], host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432)


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except FileNotFoundError:
        return []


def kill_9(worker):
    """kill -9 the worker's pool process (the one running the task), then the worker itself."""
    for child in children(worker.proc.pid):
        os.kill(child, signal.SIGKILL)
    worker.kill()


# --- a private Redis that the test may stop ------------------------------------------------------


class RedisServer:
    def __init__(self):
        self.binary = shutil.which("redis-server")
        self.port = free_port()
        self.proc = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        assert wait_for(lambda: _pings(client), 10), "private redis-server did not start"

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


def _pings(client):
    try:
        return client.ping()
    except Exception:
        return False


@contextlib.contextmanager
def celery_broker(url):
    """Point this process's Celery app (publishing tasks, pinging workers) at another broker."""
    old = celery_app.conf.broker_url

    def switch(to):
        celery_app.conf.broker_url = to
        # Close every pooled connection and forget the pools: kombu keeps one pool per broker URL, and a
        # closed pool handed back for the original broker would break every later test that publishes.
        kombu_pools.reset()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    switch(url)
    try:
        yield
    finally:
        switch(old)


@pytest.fixture
def private_redis(settings):
    if not shutil.which("redis-server"):
        need("redis-server (apt-get install redis-server)")
    server = RedisServer()
    server.start()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": server.url}}
    with celery_broker(server.url):
        yield server
    server.stop()


@pytest.fixture
def clean_unacked(redis_broker):
    """A task left unacknowledged by a killed worker must not leak into later tests."""
    import redis

    yield
    redis.Redis.from_url(redis_broker).delete("unacked", "unacked_index")


def received_ids(sink):
    return [m["Message-ID"] for m in sink.messages]


# --- Redis down while a client approves ---------------------------------------------------------


@pytest.mark.faults
def test_redis_down_while_a_client_approves(
    client, private_redis, celery_worker_factory, smtp_server, draft, contact, personas
):
    celery_worker_factory(REDIS_URL=private_redis.url, EMAIL_URL=smtp_server.url)
    with transaction.atomic():
        sent = brief_send_for_approval(version=draft, contact=contact, by=personas.member)
    [request_mail] = OutboxMessage.objects.all()
    assert wait_for(lambda: received_ids(smtp_server) == [request_mail.message_id], 30)
    assert client.get(f"/d/{sent.token}/").status_code == 302

    private_redis.stop()
    started = time.monotonic()
    response = decide_by_link(client, sent, outcome="approved", comment="Go.")
    took = time.monotonic() - started

    assert response.status_code == 302, response.content.decode()[:2000]
    assert took < 5, f"the approval took {took:.1f} s with Redis down"
    assert client.get(response["Location"]).status_code == 200  # the receipt page, still without Redis
    [decision] = Decision.objects.all()
    assert decision.outcome == "approved" and decision.comment == "Go."
    after = OutboxMessage.objects.exclude(pk=request_mail.pk)
    assert sorted(after.values_list("template", flat=True)) == ["decision_outcome", "decision_receipt"]
    assert set(after.values_list("status", flat=True)) == {"queued"}  # saved, waiting for the broker

    private_redis.start()  # the worker reconnects by itself; beat's outbox sweep finds what was not queued
    outbox_sweep.delay()
    expected = sorted([request_mail.message_id, *(m.message_id for m in after)])
    assert wait_for(lambda: sorted(received_ids(smtp_server)) == expected, 60), received_ids(smtp_server)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    time.sleep(1)
    assert len(smtp_server.messages) == 3  # each once


# --- SMTP down, then back; a permanent refusal is shown to the sender ----------------------------


@pytest.mark.faults
def test_smtp_down_then_back_delivers_after_retries(smtp_server, personas, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    recipients = [UserFactory(username=f"staff{i}") for i in range(5)]
    messages = [
        outbox.queue_email(to_email=u.email, template="password_reset", context={"user": u, "reset_url": "x"})
        for u in recipients
    ]
    smtp_server.stop()  # the mail server goes away

    def sweep():
        return {pk: outbox.deliver(pk) for pk in outbox.claim_due_for_delivery()}

    assert set(sweep().values()) == {"retrying"}
    time_machine.shift(61)
    assert set(sweep().values()) == {"retrying"}  # still down at the first retry
    assert all("refused" in m.last_error.lower() for m in OutboxMessage.objects.all())

    restarted = restart_sink(smtp_server)
    time_machine.shift(60)
    assert sweep() == {}  # the second retry waits 300 s, not 60
    time_machine.shift(241)
    assert set(sweep().values()) == {"sent"}
    assert sorted(received_ids(restarted)) == sorted(m.message_id for m in messages)
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {3}
    assert sweep() == {}  # nothing left, nothing sent twice
    assert len(restarted.messages) == 5


def restart_sink(old):
    """The same SMTP server back on the same port."""
    from aiosmtpd.controller import Controller

    old.controller = Controller(old.controller_handler, hostname="127.0.0.1", port=old.port)
    old.controller.start()
    return old


@pytest.fixture
def smtp_server(smtp_server):
    smtp_server.controller_handler = smtp_server.controller.handler
    return smtp_server


@pytest.mark.faults
def test_a_permanent_refusal_is_failed_and_shown_to_the_sender(client, smtp_server, draft, contact, personas):
    smtp_server.refuse_with = "550 5.1.1 <chen.hui@tianshan.example>: Recipient address rejected"
    brief_send_for_approval(version=draft, contact=contact, by=personas.member)
    [message] = OutboxMessage.objects.all()
    assert outbox.deliver(message.pk) == "failed"
    assert outbox.claim_due_for_delivery() == []  # never retried by itself
    message.refresh_from_db()
    assert message.attempts == 1 and message.next_attempt_at is None

    client.force_login(personas.member)
    listing = client.get("/outbox/").content.decode()
    assert "Chen Hui" in listing and "Failed" in listing
    page = client.get(f"/outbox/{message.pk}/").content.decode()
    assert "Recipient address rejected" in page
    assert smtp_server.messages == []


# --- PostgreSQL connections cut under load --------------------------------------------------------


APP_CONNECTIONS = "accountable-faults-gunicorn"


class Gunicorn:
    def __init__(self, env):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "agency.wsgi", "--bind", f"127.0.0.1:{self.port}",
                "--workers", "2", "--threads", "2", "--log-level", "warning",
            ],
            cwd=BASE_DIR,
            env=env,
        )  # fmt: skip

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(20)


@pytest.mark.faults
def test_database_connections_cut_under_load_recover_without_a_restart(transactional_db, client, personas):
    if not is_postgres():
        need("PostgreSQL (DATABASE_URL)")
    client.force_login(personas.member)
    csrf = secrets.token_hex(16)
    headers = {
        "Cookie": f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    env = {
        **os.environ,
        # Named, so that only the app's own connections are cut (not this test's, nor a live server's).
        "DATABASE_URL": database_url() + f"?application_name={APP_CONNECTIONS}",
        "SECRET_KEY": django_settings.SECRET_KEY,
        "CONN_MAX_AGE": "60",  # persistent connections: the ones cut must be noticed and replaced
        "EMAIL_URL": "",
    }
    server = Gunicorn(env)
    try:
        assert wait_for(lambda: _answers(server), 30), "gunicorn did not start"
        outcomes, lock, stop = [], threading.Lock(), threading.Event()

        def create(n):
            body = urlencode({"name": f"Load client {n}", "code": f"LD{n:04d}", "currency": "CNY", "tier": "mid",
                              "stage": "new"})  # fmt: skip
            try:
                status = server.request("POST", "/clients/new/", body, headers)
            except OSError as exc:
                status = exc.__class__.__name__
            with lock:
                outcomes.append((n, status))

        def user(first):
            n = first
            while not stop.is_set():
                create(n)
                n += 4

        users = [threading.Thread(target=user, args=(i,)) for i in range(4)]
        for thread in users:
            thread.start()
        killed = 0
        killer = pg_connect()
        killer.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            own = cursor.fetchone()[0]
        try:
            for _ in range(4):
                time.sleep(1)
                with killer.cursor() as cursor:
                    cursor.execute(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        " WHERE datname = %s AND application_name = %s AND pid <> %s",
                        [connection.settings_dict["NAME"], APP_CONNECTIONS, own],
                    )
                    killed += cursor.fetchone()[0]
        finally:
            killer.close()
            time.sleep(1)
            stop.set()
            for thread in users:
                thread.join(30)

        assert killed >= 4  # the app's connections really were cut, several times
        during = [status for _, status in outcomes]
        assert during.count(302) > 10
        # Recovery: the same gunicorn processes answer every request again.
        after = [server.request("POST", "/clients/new/", urlencode({
            "name": f"After {n}", "code": f"AF{n:03d}", "currency": "CNY", "tier": "mid", "stage": "new"}), headers)
            for n in range(10)]  # fmt: skip
        assert after == [302] * 10
        assert server.proc.poll() is None
    finally:
        server.stop()

    # No half-written records: every client saved has its lead AE and its audit entry, and every
    # request answered with success is saved.
    created = Client.objects.filter(name__startswith="Load client")
    for saved in created:
        assert AccountTeamMember.objects.filter(client=saved, user=personas.member).count() == 1
        assert AuditEvent.objects.filter(action="client.created", object_id=str(saved.pk)).count() == 1
    succeeded = {f"Load client {n}" for n, status in outcomes if status == 302}
    assert succeeded <= set(created.values_list("name", flat=True))
    assert Client.objects.filter(name__startswith="After").count() == 10


def _answers(server):
    try:
        return server.request("GET", "/auth/login/") == 200
    except OSError:
        return False


# --- a worker killed mid-batch -------------------------------------------------------------------


class HoldingSink(SmtpSink):
    """An SMTP server that can hold the Nth message after it has received it, before answering."""

    def __init__(self, hold_at):
        from aiosmtpd.controller import Controller

        self.messages, self.refuse_with = [], None
        self.holding, self.release = threading.Event(), threading.Event()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                sink.messages.append(message_from_bytes(envelope.content))
                if len(sink.messages) == hold_at:
                    sink.holding.set()
                    while not sink.release.is_set():
                        await asyncio.sleep(0.05)
                return "250 Message accepted for delivery"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)


@pytest.mark.slow_faults
def test_a_worker_killed_mid_batch_delivers_every_email(celery_worker_factory, clean_unacked, settings, db):
    sink = HoldingSink(hold_at=8)
    sink.start()
    try:
        people = [UserFactory(username=f"person{i}") for i in range(20)]
        with transaction.atomic():  # twenty tasks queued on commit
            for person in people:
                outbox.queue_email(
                    to_email=person.email, template="password_reset", context={"user": person, "reset_url": "x"}
                )
        worker = celery_worker_factory(EMAIL_URL=sink.url)
        assert sink.holding.wait(60)
        kill_9(worker)  # the 8th message was received by the server, but the worker never heard back
        sink.release.set()
        [in_flight] = OutboxMessage.objects.filter(status="sending")
        assert OutboxMessage.objects.filter(status="sent").count() == 7

        time.sleep(2)  # older than the new worker's visibility timeout and sending lease
        celery_worker_factory(EMAIL_URL=sink.url, CELERY_VISIBILITY_TIMEOUT="1", OUTBOX_SENDING_LEASE="2")
        outbox_sweep.delay()  # as beat would, a minute later
        assert wait_for(lambda: not OutboxMessage.objects.exclude(status="sent").exists(), 90)
        time.sleep(1)
    finally:
        sink.release.set()
        sink.stop()

    ids = received_ids(sink)
    assert set(ids) == {m.message_id for m in OutboxMessage.objects.all()}  # every email delivered
    duplicates = [mid for mid in set(ids) if ids.count(mid) > 1]
    # The message in flight at the kill reached the server but was never marked sent: it arrives
    # twice, unavoidably, with the same Message-ID so the recipient's mail system can tell. No other does.
    assert ids[7] == in_flight.message_id
    assert duplicates == [in_flight.message_id]
    assert len(ids) == 20 + len(duplicates)


# --- two beat processes at once ------------------------------------------------------------------


class BeatProcess:
    def __init__(self, schedule_file, now):
        env = {**os.environ, "DATABASE_URL": database_url(), "SWEEP_NOW": now}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "agency.tests.fast_beat", "beat", "-s", str(schedule_file),
             "--max-interval", "1", "--loglevel", "WARNING"],
            cwd=BASE_DIR,
            env=env,
        )  # fmt: skip

    def stop(self):
        self.proc.terminate()
        self.proc.wait(20)


@pytest.mark.slow_faults
def test_two_beat_processes_send_each_reminder_once(celery_worker_factory, personas, campaign, tmp_path):
    celery_worker_factory()
    celery_worker_factory()  # two workers, so duplicate sweeps really run side by side
    owner = personas.member
    make_step(campaign, owner=owner, due=date(2026, 6, 22))
    now = at(2026, 6, 18, 9).isoformat()
    beats = [BeatProcess(tmp_path / f"beat{i}", now) for i in range(2)]
    try:
        assert wait_for(lambda: ReminderLedger.objects.count() == 1, 60)
        make_step(campaign, owner=owner, due=date(2026, 6, 22), name="Booking")  # caught by a later sweep
        assert wait_for(lambda: ReminderLedger.objects.count() == 2, 60)
        time.sleep(4)  # both beats keep firing every half second
    finally:
        for beat in beats:
            beat.stop()
    assert ReminderLedger.objects.count() == 2
    assert OutboxMessage.objects.filter(to_email=owner.email, template="reminder_due_soon").count() == 2
