import importlib

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from lantoa.audit import services as audit
from lantoa.audit.models import AuditEntry
from lantoa.core.middleware import request_id
from tests.factories import UserFactory

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only trigger exists on PostgreSQL only (migration audit 0002); "
    "SQLite relies on the model",
)


@pytest.fixture
def entry(db, system):
    return audit.record(
        actor=system,
        action="tests.something_done",
        target_type="tests.thing",
        target_id="7",
        target_label="Phường Hoàn Kiếm",
        before={"name": "cũ"},
        after={"name": "mới"},
    )


def rows():
    return list(
        AuditEntry.objects.order_by("id").values_list("id", "action", "actor_label", "before", "after")
    )


def test_record_writes_who_what_and_the_change(entry):
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.actor, stored.actor_label, stored.action) == (None, "system:tests", "tests.something_done")
    assert (stored.target_type, stored.target_id, stored.target_label) == (
        "tests.thing",
        "7",
        "Phường Hoàn Kiếm",
    )
    assert (stored.before, stored.after) == ({"name": "cũ"}, {"name": "mới"})
    assert stored.request_id == ""


def test_record_keeps_the_request_id_and_the_signed_in_actor(db):
    person = UserFactory(username="canbo")
    token = request_id.set("req-12345678")
    try:
        entry = audit.record(actor=person, action="tests.x", target=person)
    finally:
        request_id.reset(token)
    assert (entry.actor, entry.actor_label, entry.request_id) == (person, "canbo", "req-12345678")
    assert (entry.target_type, entry.target_id) == ("accounts.user", str(person.pk))
    assert "password" not in entry.after
    assert entry.after["username"] == "canbo"


def test_saving_an_existing_entry_is_refused(entry):
    before = rows()
    entry.action = "x"
    with pytest.raises(PermissionDenied):
        entry.save()
    assert rows() == before


def test_deleting_an_entry_is_refused(entry):
    before = rows()
    with pytest.raises(PermissionDenied):
        entry.delete()
    assert rows() == before


def test_queryset_update_and_delete_are_refused(entry):
    before = rows()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.action = "x"
    with pytest.raises(PermissionDenied), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["action"])
    assert rows() == before


@needs_postgresql
@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET action='x'",
        "DELETE FROM audit_auditentry",
    ],
)
def test_postgresql_refuses_raw_changes(entry, sql):
    before = rows()
    with (
        pytest.raises(DatabaseError, match="audit_auditentry is append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert rows() == before


@needs_postgresql
@pytest.mark.postgres
def test_postgresql_still_accepts_new_entries_after_a_refusal(entry, system):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    audit.record(actor=system, action="tests.after", target_type="tests.thing")
    assert [a for _id, a, *_rest in rows()] == ["tests.something_done", "tests.after"]


@needs_postgresql
@pytest.mark.postgres
def test_the_append_only_migration_reverts_and_applies_on_postgresql(db):
    migration = importlib.import_module("lantoa.audit.migrations.0002_append_only_trigger")

    def triggers():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tgname FROM pg_trigger "
                "WHERE tgrelid = 'audit_auditentry'::regclass AND NOT tgisinternal ORDER BY tgname"
            )
            return [name for (name,) in cursor.fetchall()]

    assert triggers() == ["audit_auditentry_append_only"]
    with transaction.atomic():
        with connection.schema_editor() as editor:
            migration.backward(None, editor)
        assert triggers() == []
        with connection.schema_editor() as editor:
            migration.forward(None, editor)
        assert triggers() == ["audit_auditentry_append_only"]
        transaction.set_rollback(True)


def test_deleting_a_person_leaves_their_entries_as_they_were(db):
    person = UserFactory(username="da-nghi")
    entry = audit.record(actor=person, action="tests.x", target_type="tests.thing")
    person_id = person.pk
    person.delete()
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.actor_id, stored.actor_label) == (person_id, "da-nghi")
