"""The audit log: an SM3 hash chain, append-only, written in the action's transaction."""

import itertools
import sqlite3
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from liandong.audit import log
from liandong.audit.chain import GENESIS, canonical_json, digest, timestamp
from liandong.audit.models import AppendOnlyError, AuditEntry
from liandong.organizations import actions
from tests import processes
from tests.conftest import database_vendor


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_every_entry_links_to_the_one_before_by_sm3(cast):
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].prev_hash == GENESIS
    for before, entry in itertools.pairwise(entries):
        assert entry.prev_hash == before.hash
    first = entries[0]
    values = [getattr(first, name) for name in log.HASHED_FIELDS]
    values[1] = timestamp(first.created_at)
    assert first.hash == digest(GENESIS, values)
    assert len(first.hash) == 64
    result = log.verify()
    assert result.ok and result.checked == len(entries)


def test_it_records_the_change_with_before_and_after(cast):
    actions.update_department(cast.fin, acting_user=cast.admin, phone="0595-22510000")
    entry = AuditEntry.objects.filter(action="organizations.department.update").latest("seq")
    assert entry.before == {"phone": cast.fin.phone}
    assert entry.after == {"phone": "0595-22510000"}
    assert entry.actor_id == cast.admin.pk
    assert entry.department == "泉州市鲤城区财政局"
    assert entry.jurisdiction == "350502"
    assert entry.object_type == "organizations.department"


def test_a_refused_action_leaves_only_its_refusal(cast):
    before = cast.fin.phone
    count = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        actions.update_department(cast.fin, acting_user=cast.fin_officer, phone="110")
    cast.fin.refresh_from_db()
    assert cast.fin.phone == before
    assert AuditEntry.objects.count() == count + 1
    refusal = AuditEntry.objects.latest("seq")
    assert (refusal.action, refusal.outcome) == ("organizations.department.update", "denied")
    assert refusal.actor_id == cast.fin_officer.pk


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_write_outside_a_transaction():
    with pytest.raises(RuntimeError, match="inside the action's transaction"):
        log.record("test.outside", actor=None)


def test_the_orm_offers_no_way_to_change_or_delete_an_entry(cast):
    entry = AuditEntry.objects.first()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(message="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    entry.message = "x"
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_canonical_json_is_stable():
    assert canonical_json({"b": 1, "a": "联动"}) == '{"a":"联动","b":1}'


@pytest.mark.skipif(database_vendor() != "sqlite", reason="SQLite has no trigger to stop this")
def test_altering_one_row_by_raw_sql_is_caught_and_named(cast):
    target = AuditEntry.objects.order_by("seq")[5]
    _raw("UPDATE audit_entry SET after_json = %s WHERE seq = %s", ['{"phone":"110"}', target.seq])
    result = log.verify()
    assert not result.ok
    assert (result.broken_seq, result.reason) == (target.seq, "altered")
    assert result.checked == target.seq - 1
    with pytest.raises(CommandError, match=f"第 {target.seq} 条记录内容与摘要不符"):
        call_command("audit", "verify")


@pytest.mark.skipif(database_vendor() != "sqlite", reason="SQLite has no trigger to stop this")
def test_a_deleted_row_is_caught_as_missing(cast):
    _raw("DELETE FROM audit_entry WHERE seq = 3")
    result = log.verify()
    assert (result.broken_seq, result.reason) == (3, "missing")


@pytest.mark.skipif(database_vendor() != "postgresql", reason="the trigger exists on PostgreSQL")
@pytest.mark.parametrize(
    "sql", ["UPDATE audit_entry SET message = 'x' WHERE seq = 1", "DELETE FROM audit_entry"]
)
def test_postgresql_refuses_update_and_delete(cast, sql):
    from django.db.utils import DatabaseError

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _raw(sql)
    assert log.verify().ok


@pytest.mark.skipif(database_vendor() != "postgresql", reason="concurrent writers need a server")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain():
    errors = []

    def write(n):
        try:
            for i in range(25):
                with transaction.atomic():
                    log.record("test.concurrent", actor=None, message=f"{n}-{i}")
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    result = log.verify()
    assert result.ok and result.checked == 100


def test_the_command_line_names_the_altered_entry(demo_var):
    """`liandong audit verify` end to end, on a SQLite file with the demo in it."""
    env = processes.environment(demo_var)
    ok = processes.liandong("audit", "verify", env=env)
    assert ok.returncode == 0, ok.stderr
    assert "校验通过" in ok.stdout
    with sqlite3.connect(demo_var / processes.DATABASE) as db:
        db.execute("UPDATE audit_entry SET actor_name = 'someone else' WHERE seq = 7")
    broken = processes.liandong("audit", "verify", env=env)
    assert broken.returncode != 0
    assert "第 7 条记录" in broken.stderr
