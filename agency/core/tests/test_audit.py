"""The audit log is evidence: written once, never changed."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import translation

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


# ── The action registry ──────────────────────────────────────────────────────


def test_it_refuses_to_record_an_unregistered_code(personas):
    with pytest.raises(ValueError, match="client.renamed"):
        audit.record("client.renamed", obj=personas.client, actor=personas.member)
    assert not AuditEvent.objects.exists()


def test_it_refuses_to_register_a_code_twice():
    with pytest.raises(ValueError, match="registered twice"):
        audit.register("decision_request.sent", "%(actor)s sent it")


def unsaved(action, **fields):
    """An event as a timeline reads it (nothing in it is fetched again)."""
    fields.setdefault("data", {})
    return AuditEvent(action=action, **fields)


def test_a_sentence_names_the_actor_and_shows_the_data(personas):
    sent = unsaved("decision_request.sent", actor=personas.member, actor_label="Wang Fang", data={"contact": "li@x.cn"})
    # A member of staff links to their page (docs/practice.md, "A name is a link").
    expected = f'<a href="/people/{personas.member.pk}/">Wang Fang</a> sent the link to li@x.cn'
    assert audit.sentence(sent) == expected
    assert audit.sentence(sent, links=False) == "Wang Fang sent the link to li@x.cn"


def test_a_client_contact_is_named_as_the_client_and_no_one_as_the_system():
    decided = unsaved(
        "decision_request.decided", actor_contact_id=7, actor_label="Chen Hui", data={"outcome": "approved"}
    )
    assert audit.sentence(decided) == "Chen Hui (client) answered: Approved"  # the outcome's label, not its value
    expired = unsaved("decision_request.expired", actor_label="system")
    assert audit.sentence(expired) == "The system closed the link: it had expired"


def test_a_sentence_reads_in_the_readers_language():
    decided = unsaved("decision_request.decided", actor_contact_id=7, actor_label="陈慧", data={"outcome": "approved"})
    with translation.override("zh-hans"):
        assert "已批准" in audit.sentence(decided)  # the outcome's label, translated


def test_the_data_picks_the_sentence_of_an_action_with_several():
    revoked = unsaved("decision_request.revoked", actor_label="Wang Fang", actor_id=1)
    reissued = unsaved("decision_request.revoked", actor_label="Wang Fang", actor_id=1, data={"reissued": True})
    assert audit.sentence(revoked, links=False) == "Wang Fang revoked the link"
    assert audit.sentence(reissued, links=False) == "Wang Fang replaced the link with a new one"


def test_the_target_links_to_its_page_for_staff_and_is_plain_text_otherwise(personas):
    retried = unsaved(
        "outbox.retried", actor_id=1, actor_label="Wang Fang", object_id="12", object_repr="Brief → li@x.cn"
    )
    wang = '<a href="/people/1/">Wang Fang</a>'
    assert audit.sentence(retried) == f'{wang} sent <a href="/outbox/12/">Brief → li@x.cn</a> again'
    assert audit.sentence(retried, links=False) == "Wang Fang sent Brief → li@x.cn again"
    # A target without a registered page is plain text.
    deactivated = unsaved("staff.deactivated", actor_id=1, actor_label="HR", object_id="3", object_repr="Zhao Lei")
    assert audit.sentence(deactivated, links=False).startswith("HR deactivated Zhao Lei and ended")
    assert "Zhao Lei</a>" not in audit.sentence(deactivated)


def test_what_a_person_typed_is_escaped(personas):
    sneaky = unsaved(
        "decision_request.sent", actor_contact_id=1, actor_label="<b>Chen</b>", data={"contact": "<script>x</script>"}
    )
    html = audit.sentence(sneaky)
    assert "<b>" not in html and "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_an_old_row_without_a_key_of_the_data_still_reads():
    reminded = unsaved("decision_request.reminded", actor_label="system")
    assert audit.sentence(reminded) == "The system reminded the client (reminder —)"


def test_a_stored_code_that_was_never_registered_shows_as_it_is():
    # Written by hand in the database, say: the timeline shows it rather than hiding it.
    odd = unsaved("import.legacy_note", actor_id=1, actor_label="Wang Fang")
    assert audit.sentence(odd) == "Wang Fang: import.legacy_note"


def test_every_registered_action_has_a_sentence_that_renders():
    assert len(audit.registered()) > 100  # every app has registered its codes by the time tests run
    for code, action in audit.registered().items():
        for sentence in action.sentences.values():
            assert str(sentence).strip(), code
        rendered = audit.sentence(unsaved(code, actor_id=1, actor_label="Wang Fang", object_repr="X"), links=False)
        assert code not in rendered and "%(" not in rendered, code
