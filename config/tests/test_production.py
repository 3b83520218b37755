"""The production run's pieces: /healthz, the JSON request log, the read-replica router, the
compose file."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.db import connections
from django.urls import reverse

from cases.models import Case
from config.db_router import ReadReplicaRouter, replica_reads

ROOT = Path(settings.BASE_DIR)


def test_healthz_answers_with_the_database_and_redis(db, client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_healthz_says_what_is_missing(db, client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"].startswith("error") and response.json()["database"] == "ok"


def test_one_json_line_per_request_with_the_user_id_and_no_personal_data(world, make_case, client, caplog):
    case = make_case(full_name="Hoàng Văn Riêng Tư")
    client.force_login(world.front)
    logging.getLogger("dong_hanh.request").setLevel(logging.INFO)
    try:
        with caplog.at_level(logging.INFO, logger="dong_hanh.request"):
            client.get(reverse("cases:list"), {"q": "Hoàng Văn Riêng Tư"})
            client.get(reverse("cases:detail", args=[case.pk]))
    finally:
        logging.getLogger("dong_hanh.request").setLevel(logging.WARNING)
    records = [r for r in caplog.records if r.name == "dong_hanh.request"]
    assert len(records) == 2
    from config.logs import JsonFormatter

    lines = [JsonFormatter().format(r) for r in records]
    assert all("\n" not in line for line in lines)
    first, second = (json.loads(line) for line in lines)
    assert first["user_id"] == world.front.pk and first["status"] == 200 and first["method"] == "GET"
    assert second["route"] == "/cases/<int:pk>/"
    assert "Riêng" not in "".join(lines) and "q=" not in "".join(lines)


# Committed rows (a transactional test): the replica alias is another connection.
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_reports_read_from_the_replica_alias_and_writes_stay_on_default(world, make_case, client, settings):
    make_case()
    router = ReadReplicaRouter()
    assert router.db_for_read(Case) is None  # nothing routed by default
    with replica_reads("replica"):
        assert router.db_for_read(Case) == "replica" and router.db_for_write(Case) == "default"
        assert Case.objects.all().db == "replica"
        assert Case.objects.using("replica").count() == 1  # the same server, the same rows
    assert router.allow_migrate("replica", "cases") is False
    assert connections["replica"].settings_dict["NAME"] == connections["default"].settings_dict["NAME"]

    seen = []
    from config import db_router

    original = db_router.ReadReplicaRouter.db_for_read

    def spy(self, model, **hints):
        alias = original(self, model, **hints)
        seen.append(alias)
        return alias

    settings.READ_REPLICA_ALIAS = "replica"
    db_router.ReadReplicaRouter.db_for_read = spy
    try:
        client.force_login(world.users["province"])
        assert client.get(reverse("reports:index"), follow=True).status_code == 200
        client.get(reverse("cases:list"))
    finally:
        db_router.ReadReplicaRouter.db_for_read = original
    assert "replica" in seen


def test_the_compose_file_has_the_services_and_validates():
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    services = compose["services"]
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)
    assert "gunicorn" in " ".join(services["web"]["command"]) and "worker" in " ".join(services["worker"]["command"])
    assert "beat" in " ".join(services["beat"]["command"])
    assert all("healthz" in " ".join(services["web"]["healthcheck"]["test"]) for _ in [0])
    env_example = (ROOT / "deploy" / ".env.example").read_text()
    for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL", "POSTGRES_PASSWORD"):
        assert name in env_example
    has_compose = shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0
    if has_compose:  # else the YAML checks above are the validation
        result = subprocess.run(
            ["docker", "compose", "-f", "deploy/compose.yaml", "--env-file", "deploy/.env.example", "config", "-q"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
