"""The sweep on a real Celery worker on the real Redis broker.

The worker is a separate process with its own clock, so time is driven through the task's `now`
argument (an ISO moment) rather than by patching the worker's clock.
"""

import os
import time
from datetime import date

import psycopg2
import pytest
from django.db import connection

from agency.core.models import OutboxMessage, ReminderLedger
from agency.core.tasks import reminder_sweep
from agency.tests.reminder_fixtures import at, make_step

pytestmark = pytest.mark.services


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def clean_unacked(redis_broker):
    """A task left unacknowledged by a killed worker must not leak into later tests."""
    import redis

    yield
    redis.Redis.from_url(redis_broker).delete("unacked", "unacked_index")


def test_it_fires_at_the_right_moment_on_a_real_worker_and_only_once(celery_worker_factory, personas, campaign):
    celery_worker_factory()
    owner = personas.member
    make_step(campaign, owner=owner, due=date(2026, 6, 22))  # Monday after the Dragon Boat Festival
    reminder_sweep.delay(now=at(2026, 6, 18, 8, 59).isoformat())
    reminder_sweep.delay(now=at(2026, 6, 18, 9, 0).isoformat())
    reminder_sweep.delay(now=at(2026, 6, 18, 9, 0).isoformat())  # a second beat, or a retry
    reminder_sweep.delay(now=at(2026, 6, 18, 9, 5).isoformat())
    assert wait_for(lambda: ReminderLedger.objects.exists())
    # One worker process takes the queue in order: a later reminder marks that all the sweeps above ran.
    make_step(campaign, owner=owner, due=date(2026, 6, 23), name="Booking")
    reminder_sweep.delay(now=at(2026, 6, 22, 9).isoformat())
    assert wait_for(lambda: ReminderLedger.objects.count() == 2)
    [first, marker] = ReminderLedger.objects.order_by("id")
    assert first.due_at == at(2026, 6, 18, 9) and first.occurrence == "due-soon"
    assert marker.due_at == at(2026, 6, 22, 9)
    assert OutboxMessage.objects.filter(to_email=owner.email, template="reminder_due_soon").count() == 2


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except FileNotFoundError:
        return []


def test_a_worker_killed_mid_sweep_still_delivers_once(celery_worker_factory, clean_unacked, personas, campaign):
    owner = personas.member
    make_step(campaign, owner=owner, due=date(2026, 6, 22))
    settings_dict = connection.settings_dict
    blocker = psycopg2.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
    )
    try:
        with blocker.cursor() as cursor:
            # Inserts into the ledger wait behind this lock: the sweep is caught mid-task.
            cursor.execute("LOCK TABLE agency_reminderledger IN SHARE ROW EXCLUSIVE MODE")
            worker = celery_worker_factory()
            reminder_sweep.delay(now=at(2026, 6, 18, 9).isoformat())

            def sweep_is_waiting():
                # Another connection: pg_stat_activity is a snapshot frozen for the blocker's transaction.
                with connection.cursor() as watcher:
                    watcher.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'"
                        " AND query LIKE 'INSERT INTO \"agency_reminderledger\"%%'",
                        [settings_dict["NAME"]],
                    )
                    return watcher.fetchone()[0] == 1

            assert wait_for(sweep_is_waiting)
            for child in _children(worker.proc.pid):  # the pool process running the task, then the worker
                os.kill(child, 9)
            worker.kill()
        blocker.rollback()
    finally:
        blocker.close()
    assert not ReminderLedger.objects.exists()
    assert OutboxMessage.objects.count() == 0
    time.sleep(2)  # older than the new worker's visibility timeout: redelivered when it starts
    celery_worker_factory(CELERY_VISIBILITY_TIMEOUT="1")
    assert wait_for(lambda: OutboxMessage.objects.filter(template="reminder_due_soon").exists())
    time.sleep(2)
    assert ReminderLedger.objects.count() == 1
    assert OutboxMessage.objects.filter(to_email=owner.email).count() == 1
