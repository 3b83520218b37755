"""schemathesis against the live description, on the demo data, as three personas (a mentor, the
commune police, the labour officer): every operation of /api/schema/, generated requests sent
through the project's WSGI application with the persona's token. 0 server errors and 0
responses that break the description (status code, content type, headers, body schema).

Deterministic: Hypothesis derandomized (its seed comes from the test), no example database,
a fixed number of examples per operation; half of the examples are pointed at objects the
persona can reach in the demo (its case, review, referral, notification), so that the
answers are not all 404s. Runs in the normal `make test` (marker `schemathesis`)."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.schemathesis]

PERSONAS = ("mentor", "police", "labour")
EXAMPLES = {"positive": 15, "negative": 8}  # per operation and persona


def _checks():
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
    ]


def _reachable(user) -> dict[str, int]:
    """Ids of the demo's objects this persona reaches, by the path parameter names they fill."""
    from cases.audit import Notification
    from cases.models import QuarterlyReview
    from cases.selectors import visible_cases
    from support import policy as support_policy
    from support import selectors as support_selectors
    from support.models import Referral

    out: dict[str, int] = {}
    case = visible_cases(user).order_by("pk").first()
    if case is not None:
        out["case"] = case.pk
        review = QuarterlyReview.objects.filter(case=case).order_by("-pk").first()
        if review:
            out["review"] = review.pk
        referral = Referral.objects.filter(case=case).order_by("-pk").first()
        if referral:
            out["referral"] = referral.pk
    office = support_selectors.inbox(user, show="all").first() if support_policy.may_use_office(user) else None
    if office is not None:
        out["referral"] = office.pk
    notification = Notification.objects.filter(recipient=user).order_by("pk").first()
    if notification:
        out["notification"] = notification.pk
    return out


def _point_at(case, reachable: dict[str, int]) -> None:
    """Fill the path's {id} with a reachable object of the right kind (by the path's noun)."""
    path = case.operation.path
    kind = next((k for k in ("case", "review", "referral", "notification") if path.startswith(f"/api/v1/{k}s/")), None)
    if kind and kind in reachable and "id" in (case.path_parameters or {}):
        case.path_parameters["id"] = reachable[kind]
    if path.startswith("/api/v1/reports/") and case.path_parameters:
        case.path_parameters.update(level="commune", code="09319")  # xã Tiên Du


def _runner(operation, mode, persona, reachable, headers, checks, counts, failures):
    """One Hypothesis test for one operation and persona (a fresh function: @given takes no
    defaults). A failed check is recorded and the run goes on, so the figures are complete."""

    from schemathesis import GenerationMode

    @given(case=operation.as_strategy(GenerationMode(mode)), aim=st.booleans())
    @hypothesis_settings(
        max_examples=EXAMPLES[mode],
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case, aim):
        if aim:
            _point_at(case, reachable)
        response = case.call(headers=headers)
        counts["requests"] += 1
        counts[f"{mode} requests"] += 1
        counts[f"status {response.status_code // 100}xx"] += 1
        try:
            case.validate_response(response, checks=checks, headers=headers)
        except (Exception, BaseExceptionGroup) as exc:  # FailureGroup is a BaseExceptionGroup
            counts["failures"] += 1
            lines = " | ".join(str(exc).strip().splitlines()[:8])
            failures.append(f"{persona} {operation.label} {case.path_parameters} {case.query} → {response.status_code}: {lines}")

    return run


def _the_checks_can_fail(schema, headers, checks):
    """The same validation on a real answer whose status is then made one the description does
    not list (418): it must be refused, or the run above proved nothing."""
    me = schema["/api/v1/me/"]["GET"]
    case = me.Case()
    response = case.call(headers=headers)
    case.validate_response(response, checks=checks, headers=headers)  # as answered: fine
    response.status_code = 418
    with pytest.raises(BaseExceptionGroup) as refused:
        case.validate_response(response, checks=checks, headers=headers)
    assert "Undocumented status code" in str(refused.value.exceptions[0])


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, called in this thread inside the test's transaction: as
    Django's test client does, neither the start nor the end of a request may close the test's
    connection (PostgreSQL: it would, being inside a transaction)."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    started = time.perf_counter()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return time.perf_counter() - started


def test_schemathesis_finds_no_server_error_and_no_answer_off_the_description(demo, wsgi_app, settings):
    import schemathesis
    from django.core.cache import cache

    from accounts.models import User
    from api import services as api_services

    # the throttles would answer 429 (described) to most of a fast run: raise them for the run
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_token": "100000/hour", "api_session": "100000/hour"},
    }
    from rest_framework.settings import api_settings

    api_settings.reload()
    from api import throttling

    for cls in (throttling.TokenRateThrottle, throttling.SessionRateThrottle):
        cls.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    cache.clear()

    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    checks = _checks()
    figures, failures = {}, []
    started = time.perf_counter()
    for persona in PERSONAS:
        user = User.objects.get(username=persona)
        token = api_services.create_token(actor=user, name="schemathesis").raw
        headers = {"Authorization": f"Bearer {token}"}
        reachable = _reachable(user)
        counts: Counter = Counter()
        persona_failures: list[str] = []
        for operation in operations:
            before = counts["requests"]
            for mode in EXAMPLES:
                _runner(operation, mode, persona, reachable, headers, checks, counts, persona_failures)()
            if counts["requests"] > before:  # the operation was really asked, not only listed
                counts["operations"] += 1
        figures[persona] = dict(counts)
        failures += persona_failures
    elapsed = time.perf_counter() - started
    print(f"\nschemathesis {schemathesis.__version__}: demo seeded in {demo:.1f} s, run in {elapsed:.1f} s")
    for persona, counts in figures.items():
        shown = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        print(f"  {persona}: {shown}")
    for line in failures[:40]:
        print("  FAIL", line)
    assert operations and all(f["operations"] == len(operations) for f in figures.values())
    # the checks do fail on an answer off the description: one undocumented status
    _the_checks_can_fail(schema, headers, checks)
    assert sum(f.get("status 2xx", 0) for f in figures.values()) > 0
    assert failures == []
