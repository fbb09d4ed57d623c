"""The audit log is evidence: written once, never changed."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from agency.core import audit
from agency.core.models import AuditEvent


@pytest.fixture
def event(personas):
    return audit.record("client.updated", obj=personas.client, actor=personas.member, data={"tier": ["mid", "high"]})


def test_it_records_who_did_what_to_which_object(event, personas):
    [stored] = AuditEvent.objects.for_object(personas.client)
    assert stored.action == "client.updated"
    assert stored.actor == personas.member
    assert stored.data == {"tier": ["mid", "high"]}


def test_it_refuses_changes_through_the_orm(event):
    event.action = "client.deleted"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    with pytest.raises(ValidationError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(ValidationError):
        AuditEvent.objects.all().delete()


def test_it_refuses_an_update_in_raw_sql(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE agency_auditevent SET action = 'forged' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "client.updated"


def test_it_refuses_a_delete_in_raw_sql_on_postgresql(event):
    if connection.vendor != "postgresql":
        pytest.skip("the DELETE trigger is installed on PostgreSQL only (SQLite test flushes use DELETE)")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM agency_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()
