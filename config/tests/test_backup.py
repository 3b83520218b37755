"""The documented backup and restore (docs/deploy.md): pg_dump of the database, pg_restore into a
fresh one, and the same counts in both."""

from __future__ import annotations

import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.postgres

TABLES = ["accounts_user", "accounts_membership", "areas_residentialarea", "cases_subject", "cases_case", "cases_caseevent",
          "cases_accesslog", "cases_historicalcase", "mentors_assignment", "mentors_visit"]  # fmt: skip


def _conninfo(dbname: str) -> str:
    s = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        host=s["HOST"] or "127.0.0.1", port=str(s["PORT"] or 5432), user=s["USER"], password=s["PASSWORD"] or None, dbname=dbname
    )


def _counts(dbname: str) -> dict[str, int]:
    with psycopg.connect(_conninfo(dbname)) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.mark.django_db(transaction=True)
def test_a_dump_restored_into_a_fresh_database_has_the_same_counts(world, make_case, tmp_path):
    from django.utils import timezone

    from cases import services as case_services
    from mentors import services as mentor_services

    assert connection.vendor == "postgresql"
    assert shutil.which("pg_dump") and shutil.which("pg_restore"), "install postgresql-client (make system-deps)"
    for state in ("identified", "assigned", "in_review", "closed"):
        make_case(state)
    case = make_case("in_review")
    mentor_services.log_visit(case, actor=world.users["mentor"], visited_at=timezone.now(), mode="home")
    case_services.record_access(case, user=world.police, action="view")

    source = connection.settings_dict["NAME"]
    target = f"restore_{uuid.uuid4().hex[:10]}"
    dump = tmp_path / "dong_hanh.dump"
    env = {"PGPASSWORD": connection.settings_dict["PASSWORD"] or ""}
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", "--dbname", _conninfo(source)], check=True, env=env)
    with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", _conninfo(target), str(dump)], check=True, env=env)
        before, after = _counts(source), _counts(target)
        assert before == after
        assert before["cases_case"] == 5 and before["cases_caseevent"] > 5 and before["mentors_visit"] == 1
        # the append-only triggers came back with the data
        with psycopg.connect(_conninfo(target)) as conn:
            guarded = conn.execute(
                "SELECT count(*) FROM information_schema.triggers WHERE trigger_name = 'dong_hanh_append_only'"
            ).fetchone()[0]
        assert guarded > 0
    finally:
        with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
