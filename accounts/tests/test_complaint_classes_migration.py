"""Upgrading to the complaint classes (migration accounts 0006) keeps every complaint: each keeps its class
(the old priority was urgent or complex); the open ones waiting for an answer get the standard's clock
hours, and complex ones not yet investigated a handling-plan deadline."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import Complaint
from conftest import is_postgres, need

pytestmark = pytest.mark.services

BEFORE = [("accounts", "0005_client_and_contact_time_zone")]
SHANGHAI = ZoneInfo("Asia/Shanghai")
FRIDAY_6PM = datetime(2026, 11, 27, 18, 0, tzinfo=SHANGHAI)
MONDAY_6PM = datetime(2026, 11, 30, 18, 0, tzinfo=SHANGHAI)  # the old clock: one working day later


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.fixture
def before_the_classes(transactional_db):
    if not is_postgres():
        need("PostgreSQL (DATABASE_URL)")
    executor = migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    migrate()


def test_existing_complaints_keep_their_class_and_get_the_standards_clocks(before_the_classes):
    get = before_the_classes.get_model
    ae = get("agency", "User").objects.create(username="ae", password="!", email="ae@agency.example")
    client = get("accounts", "Client").objects.create(name="Tianshan Dairy", code="TSD")

    def complaint(priority, **fields):
        return get("accounts", "Complaint").objects.create(
            client=client, channel="phone", received_at=FRIDAY_6PM, received_by=ae, owner=ae,
            description="Screen dark.", category="service", priority=priority, respond_by=MONDAY_6PM,
            warn_at=MONDAY_6PM, **fields,
        ).pk  # fmt: skip

    urgent = complaint("urgent")
    complex_open = complaint("complex", status="routed")
    answered = complaint("urgent", first_response_at=FRIDAY_6PM + timedelta(hours=1), first_response="Called.")
    complex_closed = complaint("complex", status="closed", founded=False, lesson_learned="Check the feed.")

    migrate()

    rows = Complaint.objects.in_bulk()
    assert len(rows) == 4
    assert rows[urgent].priority == "urgent" and rows[urgent].respond_by == FRIDAY_6PM + timedelta(hours=24)
    assert rows[complex_open].respond_by == rows[complex_open].plan_due == FRIDAY_6PM + timedelta(hours=48)
    assert rows[answered].respond_by == MONDAY_6PM  # answered: its record stays as it was
    assert rows[complex_closed].plan_due is None and rows[complex_closed].respond_by == MONDAY_6PM
