"""PostgreSQL: UPDATE and DELETE on the access log, the case events and the history tables fail
at the database; inside the anonymisation window an UPDATE works."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from cases import services as case_services
from cases.models import AccessLog, CaseEvent, Subject
from config import dbguard

pytestmark = pytest.mark.postgres


def _raw(sql: str, params=()) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def rows(world, make_case):
    assert connection.vendor == "postgresql", "needs PostgreSQL"
    case = make_case("escalated", full_name="Lê Văn Thật")
    log = case_services.record_access(case, user=world.police, action="view")
    event = CaseEvent.objects.filter(case=case).first()
    return case, log, event


@pytest.mark.parametrize(
    "table", ["cases_accesslog", "cases_caseevent", "cases_historicalcase", "cases_historicalsubject", "accounts_historicalmembership"]
)
def test_update_and_delete_are_refused_by_the_database(rows, table):
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"UPDATE {table} SET id = id")
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"DELETE FROM {table}")


def test_the_orm_cannot_bypass_the_guard_either(rows):
    case, log, event = rows
    with pytest.raises(DatabaseError):
        with transaction.atomic():
            AccessLog.objects.filter(pk=log.pk).update(reason="sửa")
    with pytest.raises(DatabaseError):
        with transaction.atomic():
            Subject.history.filter(id=case.subject_id).delete()
    assert AccessLog.objects.get(pk=log.pk).reason == ""


def test_inside_the_anonymisation_window_an_update_works(rows):
    case, log, event = rows
    with dbguard.anonymisation_window():
        Subject.history.filter(id=case.subject_id).update(full_name="Đã ẩn danh")
        CaseEvent.objects.filter(pk=event.pk).update(reason="")
    assert set(Subject.history.filter(id=case.subject_id).values_list("full_name", flat=True)) == {"Đã ẩn danh"}
    # the window closes with its transaction
    with pytest.raises(DatabaseError):
        _raw("UPDATE cases_caseevent SET reason = 'x'")


def test_every_history_table_is_guarded(db):
    from django.apps import apps

    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT event_object_table FROM information_schema.triggers WHERE trigger_name = %s", [dbguard.TRIGGER])
        guarded = {row[0] for row in cursor.fetchall()}
    expected = set(dbguard.guarded_tables(apps))
    assert {"cases_accesslog", "cases_caseevent", "mentors_historicalvisit", "accounts_historicaluser"} <= expected
    assert expected <= guarded


def test_a_normal_table_is_not_guarded(rows):
    case, _, _ = rows
    Subject.objects.filter(pk=case.subject_id).update(classification="B")  # live records change (through services); no trigger
