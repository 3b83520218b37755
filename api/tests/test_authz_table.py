"""The API's authorisation table: every route of api.urls × every persona, on in-scope
objects of one commune. Each row names the status each persona gets; a refused write
changes nothing and no refusal carries a marker string. A new route without a row fails."""

from __future__ import annotations

import pytest
from django.db import transaction

from api import doc_urls
from api import urls as api_urls
from api.tests.conftest import MARKERS, PERSONAS

FREE = {"mentor": 200, "head": 200, "front": 200, "police": 200}
CASE_READ = {**FREE, "province": 403, "labour": 404, "admin": 404, "outsider": 404}
ALL = dict.fromkeys(PERSONAS, 200)
OUT = {"province": 404, "labour": 404, "admin": 404, "outsider": 404}
OFFICE_ONLY = {**dict.fromkeys(PERSONAS, 404), "labour": 200}

# (url name, method): (path template, body, {persona: status})
TABLE = {
    ("apidocs:schema", "get"): ("/api/schema/", None, ALL),
    ("apidocs:docs", "get"): ("/api/docs/", None, ALL),
    ("apidocs:redoc", "get"): ("/api/redoc/", None, ALL),
    # the old addresses of the description redirect to the new ones
    ("schema", "get"): ("/api/v1/schema/", None, dict.fromkeys(PERSONAS, 301)),
    ("docs", "get"): ("/api/v1/docs/", None, dict.fromkeys(PERSONAS, 301)),
    ("redoc", "get"): ("/api/v1/redoc/", None, dict.fromkeys(PERSONAS, 301)),
    ("me", "get"): ("/api/v1/me/", None, ALL),
    ("province-list", "get"): ("/api/v1/places/provinces/", None, ALL),
    ("commune-list", "get"): ("/api/v1/places/communes/", None, ALL),
    ("area-list", "get"): ("/api/v1/places/areas/", None, ALL),
    ("case-list", "get"): ("/api/v1/cases/", None, {**FREE, "outsider": 200, "labour": 403, "province": 403, "admin": 403}),
    ("case-detail", "get"): ("/api/v1/cases/{case}/", None, CASE_READ),
    ("case-timeline", "get"): ("/api/v1/cases/{case}/timeline/", None, CASE_READ),
    ("case-visits", "get"): ("/api/v1/cases/{case}/visits/", None, CASE_READ),
    ("case-reviews", "get"): ("/api/v1/cases/{case}/reviews/", None, CASE_READ),
    ("case-referrals", "get"): ("/api/v1/cases/{case}/referrals/", None, CASE_READ),
    ("case-access-reason", "post"): (
        "/api/v1/cases/{case}/access-reason/",
        {"reason_code": "verification"},
        {"mentor": 400, "head": 400, "front": 400, "police": 400, "province": 201, "labour": 404, "admin": 404, "outsider": 404},
    ),
    ("case-transition", "post"): (
        "/api/v1/cases/{case}/transitions/escalate/",
        {"revision": "{revision}", "reason": "Có dấu hiệu tái phạm"},
        {"mentor": 403, "head": 200, "front": 200, "police": 200, **OUT},
    ),
    ("case-assignment", "post"): (
        "/api/v1/cases/{case}/assignment/",
        {"revision": "{revision}", "mentor": "{mentor2}", "reason": "Bàn giao"},
        {"mentor": 403, "head": 200, "front": 200, "police": 403, **OUT},
    ),
    ("case-visits", "post"): (
        "/api/v1/cases/{case}/visits/",
        {"visited_at": "{now}", "mode": "home", "notes": "Ổn", "revision": "{revision}"},
        {"mentor": 201, "head": 403, "front": 403, "police": 403, **OUT},
    ),
    ("case-referrals", "post"): (
        "/api/v1/cases/{case}/referrals/",
        {"type": "job", "needs": "Việc làm", "revision": "{revision}"},
        {"mentor": 201, "head": 201, "front": 201, "police": 403, **OUT},
    ),
    ("review-detail", "get"): ("/api/v1/reviews/{draft_review}/", None, {**FREE, **OUT}),
    ("review-draft", "post"): (
        "/api/v1/reviews/{draft_review}/draft/",
        {"work": "Làm thợ hồ"},
        {"mentor": 200, "head": 403, "front": 403, "police": 403, **OUT},
    ),
    ("review-decision", "post"): (
        "/api/v1/reviews/{submitted_review}/decision/",
        {"decision": "approve"},
        {"mentor": 403, "head": 200, "front": 403, "police": 403, **OUT},
    ),
    ("referral-list", "get"): ("/api/v1/referrals/", None, {**dict.fromkeys(PERSONAS, 403), "labour": 200}),
    ("referral-detail", "get"): (
        "/api/v1/referrals/{sent}/",
        None,
        {**FREE, "labour": 200, "province": 404, "admin": 404, "outsider": 404},
    ),
    ("referral-send", "post"): ("/api/v1/referrals/{draft}/send/", None, {"mentor": 200, "head": 200, "front": 200, "police": 403, **OUT}),
    ("referral-withdraw", "post"): (
        "/api/v1/referrals/{sent}/withdraw/",
        {"reason": "Đã có việc"},
        {"mentor": 200, "head": 200, "front": 200, "police": 403, **OUT, "labour": 200},
    ),
    ("referral-accept", "post"): ("/api/v1/referrals/{sent}/accept/", None, OFFICE_ONLY),
    ("referral-decline", "post"): ("/api/v1/referrals/{sent}/decline/", {"reason": "Không phù hợp"}, OFFICE_ONLY),
    ("referral-outcome", "post"): ("/api/v1/referrals/{accepted}/outcome/", {"result": "not_achieved", "notes": "Không đến"}, OFFICE_ONLY),
    ("referral-follow-up", "post"): ("/api/v1/referrals/{with_outcome}/follow-up/", {"still_active": False}, OFFICE_ONLY),
    ("referral-close", "post"): ("/api/v1/referrals/{with_outcome}/close/", {"note": "Kết thúc"}, OFFICE_ONLY),
    ("notification-list", "get"): ("/api/v1/notifications/", None, ALL),
    ("notification-read", "post"): ("/api/v1/notifications/{notification}/read/", None, {**dict.fromkeys(PERSONAS, 404), "head": 200}),
    ("report-place", "get"): (
        "/api/v1/reports/commune/{commune}/",
        None,
        # the head reads his own khu dân cư's report only: the commune's is not his to know of (404)
        {"mentor": 403, "head": 404, "labour": 403, "front": 200, "police": 200, "province": 200, "admin": 200, "outsider": 404},
    ),
    ("not-found", "get"): ("/api/v1/nowhere/", None, dict.fromkeys(PERSONAS, 404)),
}


def test_every_api_route_has_a_row():
    names = {p.name for p in api_urls.urlpatterns} | {f"apidocs:{p.name}" for p in doc_urls.urlpatterns}
    assert names == {name for name, _method in TABLE}


@pytest.fixture
def objects(world, scenario, open_review):
    from cases import services as case_services
    from support import services as support_services
    from workflows import services as review_services

    mentor, labour = world.users["mentor"], world.users["labour"]
    case = scenario.case
    submitted = open_review(case, quarter="2026Q3")
    review_services.save_assessment(
        submitted, actor=mentor, data={"rating": "progressing", "recommendation": "continue", "contacts_count": 3}, submit=True
    )
    draft_review = open_review(case, quarter="2026Q4")
    sent = support_services.create_referral(case, actor=mentor, type="job", needs="Việc làm", send=True)
    accepted = support_services.create_referral(case, actor=mentor, type="training", needs="Học nghề", send=True)
    support_services.accept_referral(accepted, actor=labour)
    with_outcome = support_services.create_referral(case, actor=mentor, type="job", needs="Việc khác", send=True)
    support_services.accept_referral(with_outcome, actor=labour)
    support_services.record_outcome(with_outcome, actor=labour, result="not_achieved", notes="Không đến")
    draft = support_services.create_referral(case, actor=mentor, type="job", needs="Nháp")
    case_services.flag_concern(case, actor=mentor, kind="lost_contact", note="Không gặp được")
    from cases.audit import Notification

    case.refresh_from_db()
    return {
        "case": case.pk,
        "revision": case.revision,
        "mentor2": world.mentor2.pk,
        "commune": world.commune.code,
        "draft_review": draft_review.pk,
        "submitted_review": submitted.pk,
        "sent": sent.pk,
        "accepted": accepted.pk,
        "with_outcome": with_outcome.pk,
        "draft": draft.pk,
        "notification": Notification.objects.get(recipient=world.head).pk,
    }


def _fill(value, values):
    if isinstance(value, dict):
        return {k: _fill(v, values) for k, v in value.items()}
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return values[value[1:-1]]
    if isinstance(value, str):
        return value.format(**values)
    return value


def _snapshot():
    from cases.audit import AccessGrant
    from cases.models import Case, CaseEvent, QuarterlyReview
    from mentors.models import Assignment, Visit
    from support.models import Referral

    return (
        list(Case.objects.order_by("pk").values_list("pk", "status", "revision")),
        CaseEvent.objects.count(),
        Visit.objects.count(),
        Assignment.objects.count(),
        AccessGrant.objects.count(),
        list(Referral.objects.order_by("pk").values_list("pk", "status")),
        list(QuarterlyReview.objects.order_by("pk").values_list("pk", "status", "work")),
    )


@pytest.mark.parametrize("key", sorted(TABLE), ids=lambda k: f"{k[0]}:{k[1]}")
def test_the_table(world, objects, api_for, key):
    from django.utils import timezone

    path, body, expected = TABLE[key]
    values = {**objects, "now": timezone.now().isoformat()}
    clients = {persona: api_for(persona) for persona in PERSONAS}
    got = {}
    for persona in PERSONAS:
        with transaction.atomic():
            before = _snapshot()
            call = getattr(clients[persona], key[1])
            response = call(_fill(path, values), _fill(body, values) if body is not None else None, format="json")
            got[persona] = response.status_code
            text = response.content.decode()
            if response.status_code >= 400:
                assert _snapshot() == before, f"{persona}: a refused {key} changed something"
                assert response.json()["detail"], f"{persona}: no message"
                for marker in MARKERS:
                    assert marker not in text
            transaction.set_rollback(True)
    assert got == {p: expected[p] for p in PERSONAS}
