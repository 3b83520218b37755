"""Cases through the API: the same selectors, projection and access log as the pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.tests.conftest import MARKERS, NATIONAL_ID, OFFENCE, PERSONAS, SENSITIVE, SENTENCE, body_text
from cases import policy
from cases import services as case_services
from cases.identity import mask_national_id
from cases.models import AccessLog, Case, CaseEvent
from cases.services import STALE_MESSAGE
from cases.timeline import build_timeline

# Who reads the scenario's case freely, who after a reason, who never (404).
FREE = {"mentor", "head", "front", "police"}
REASON = {"province"}
NEVER = {"labour", "admin", "outsider"}
READS = ["", "timeline/", "visits/", "reviews/", "referrals/"]


def url(case, tail=""):
    return f"/api/v1/cases/{case.pk}/{tail}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("tail", READS)
def test_each_read_is_404_out_of_scope_and_never_leaks(world, scenario, api_for, persona, tail):
    case = scenario.case
    before = AccessLog.objects.count()
    response = api_for(persona).get(url(case, tail))
    text = body_text(response)
    if persona in FREE:
        assert response.status_code == 200
        assert AccessLog.objects.count() == before + 1  # one row per read, as a page
        row = AccessLog.objects.order_by("-pk").first()
        assert row.user == world.users[persona] and row.case_id == case.pk
        assert row.action == ("timeline" if tail == "timeline/" else "view")
    elif persona in REASON:
        assert response.status_code == 403
        body = response.json()
        assert body["type"].endswith("reason_required") and "nêu lý do" in body["detail"]
        assert body["reason_url"] == url(case, "access-reason/")
        assert AccessLog.objects.count() == before  # nothing read, nothing logged
    else:
        assert response.status_code == 404
        assert response.json()["detail"] and AccessLog.objects.count() == before
    # who never sees the offence, the sentence or another's confidential note
    if persona in {"mentor"} | REASON | NEVER:
        for marker in MARKERS:
            assert marker not in text
    if persona in {"head", "front", "police"} and tail == "":
        assert OFFENCE in text and SENTENCE in text
    if persona in {"head", "front", "police"} and tail == "visits/":
        assert SENSITIVE in text


def test_the_mentor_reads_the_person_but_no_offence(world, scenario, api_for):
    body = api_for("mentor").get(url(scenario.case)).json()
    person = body["person"]
    assert person["full_name"] == "Lê Văn Kiểm Thử" and person["phone"] == "0912345678"
    # withheld fields are absent, not empty
    assert "offence_summary" not in person and "sentence_details" not in person and "classification" not in person
    assert "legal_clock_end" in person
    assert "offence" not in body["sees"] and "profile" in body["sees"]
    visits = api_for("mentor").get(url(scenario.case, "visits/")).json()["results"]
    assert len(visits) == 2
    by_id = {v["id"]: v for v in visits}
    assert "sensitive_note" not in by_id[scenario.visit_by_other.pk]  # written by mentor2
    assert "sensitive_note" in by_id[scenario.visit_by_mentor.pk]  # their own


def test_a_province_officer_states_a_reason_then_reads_as_granted(world, scenario, api_for):
    client = api_for("province")
    case = scenario.case
    refused = client.post(url(case, "access-reason/"), {"reason_code": "nonsense"}, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "reason_code"
    assert refused.json()["detail"] == "Vui lòng chọn lý do truy cập."
    granted = client.post(url(case, "access-reason/"), {"reason_code": "verification", "reason_text": "CV 12/CA"}, format="json")
    assert granted.status_code == 201 and "CV 12/CA" in granted.json()["reason"]
    assert client.post(url(case, "access-reason/"), {}, format="json").status_code == 200  # still open
    body = client.get(url(case)).json()
    assert body["person"]["offence_summary"] == OFFENCE and body["access_reason"]
    assert body["person"]["national_id"] == mask_national_id(NATIONAL_ID) != NATIONAL_ID  # masked for a granted reader
    row = AccessLog.objects.order_by("-pk").first()
    assert row.user == world.users["province"] and "CV 12/CA" in row.reason
    # a granted reader does not read confidential visit notes
    assert SENSITIVE not in body_text(client.get(url(case, "visits/")))
    # the front reads its own commune's case without a reason
    assert api_for("front").post(url(case, "access-reason/"), {"reason_code": "verification"}, format="json").status_code == 400


@pytest.mark.parametrize("persona", ["mentor", "head", "front", "police"])
def test_the_api_and_the_page_show_the_same_fields(world, scenario, api_for, client, persona):
    user = world.users[persona]
    view = policy.project(user, Case.objects.get(pk=scenario.case.pk))
    body = api_for(persona).get(url(scenario.case)).json()
    client.force_login(user)
    page = client.get(reverse("cases:detail", args=[scenario.case.pk])).content.decode()
    assert ("offence_summary" in body["person"]) == view.sees_offence == (OFFENCE in page)
    assert ("classification" in body["person"]) == view.sees_classification
    assert body["person"]["national_id"] == (view.national_id or "")
    assert set(body["sees"]) == {w for w in policy.SEES if view.sees(w)}


def test_the_timeline_is_build_timeline(world, scenario, api_for):
    user = world.users["head"]
    body = api_for("head").get(url(scenario.case, "timeline/")).json()
    expected = build_timeline(policy.project(user, Case.objects.get(pk=scenario.case.pk)))
    assert [e["title"] for e in body["results"]] == [str(e.title) for e in expected]
    only_visits = api_for("head").get(url(scenario.case, "timeline/") + "?kind=visit").json()
    assert {e["kind"] for e in only_visits["results"]} == {"visit"}
    bad = api_for("head").get(url(scenario.case, "timeline/") + "?date_from=2026-12-10&date_to=2026-12-01")
    assert bad.status_code == 400 and bad.json()["field"] == "date_to" and "Đến ngày" in bad.json()["detail"]


def test_the_case_list_filters_like_the_page(world, scenario, make_case, api_for):
    other = make_case("identified", full_name="Trần Thị Khác", category="at_risk")
    head = api_for("head")
    names = [r["full_name"] for r in head.get("/api/v1/cases/").json()["results"]]
    assert names[:2] == ["Trần Thị Khác", "Lê Văn Kiểm Thử"]
    assert [r["id"] for r in head.get("/api/v1/cases/?q=kiểm").json()["results"]] == [scenario.case.pk]
    assert [r["id"] for r in head.get("/api/v1/cases/?status=identified").json()["results"]] == [other.pk]
    assert [r["id"] for r in head.get("/api/v1/cases/?category=at_risk").json()["results"]] == [other.pk]
    assert [r["id"] for r in head.get(f"/api/v1/cases/?area={world.area.pk}").json()["results"]] == [other.pk, scenario.case.pk]
    row = head.get("/api/v1/cases/?q=kiểm").json()["results"][0]
    assert row["mentor_name"] == "Nguyễn Thị Hoa" and OFFENCE not in str(row)
    bad = head.get("/api/v1/cases/?status=nope")
    assert bad.status_code == 400 and bad.json()["field"] == "status"
    assert "Lựa chọn" in bad.json()["detail"] or "hợp lệ" in bad.json()["detail"]
    # the mentor lists only their own case; the outsider lists nothing of ours
    assert [r["id"] for r in api_for("mentor").get("/api/v1/cases/").json()["results"]] == [scenario.case.pk]
    assert api_for("outsider").get("/api/v1/cases/").json()["results"] == []
    assert api_for("labour").get("/api/v1/cases/").status_code == 403


def test_the_case_list_pages_with_a_cursor(world, make_case, api_for):
    for _ in range(5):
        make_case("identified")
    first = api_for("front").get("/api/v1/cases/?page_size=2").json()
    assert len(first["results"]) == 2 and first["next"]
    second = api_for("front").get(first["next"]).json()
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})
    bad = api_for("front").get("/api/v1/cases/?cursor=xyz")
    assert bad.status_code == 400 and "Con trỏ trang" in bad.json()["detail"]


def _list_queries(client, page_size):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/api/v1/cases/?page_size={page_size}")
    assert response.status_code == 200 and len(response.json()["results"]) == page_size
    return len(ctx.captured_queries)


def test_the_case_list_makes_a_constant_number_of_queries(world, make_case, api_for):
    for i in range(12):
        if i < 6:
            make_case("assigned", mentor=world.mentor if i < 3 else world.mentor2)
        else:
            make_case("identified")
    for persona in ("front", "head"):
        client = api_for(persona)
        client.get("/api/v1/me/")
        assert _list_queries(client, 2) == _list_queries(client, 12)


def _case_rows(case):
    from mentors.models import Assignment, Visit
    from support.models import Referral

    return (
        list(Case.objects.filter(pk=case.pk).values_list("status", "revision", "mentor_user")),
        CaseEvent.objects.filter(case=case).count(),
        Visit.objects.filter(case=case).count(),
        Referral.objects.filter(case=case).count(),
        Assignment.objects.filter(case=case).count(),
    )


STALE_WRITES = [
    ("transitions/escalate/", "front", {"reason": "Có dấu hiệu"}),
    ("assignment/", "front", {"mentor": "mentor2", "reason": "Bàn giao"}),
    ("visits/", "mentor", {"visited_at": "now", "mode": "home", "notes": "Ổn"}),
    ("referrals/", "mentor", {"type": "job", "needs": "Việc làm"}),
]


def _body(world, body):
    from django.utils import timezone

    out = dict(body)
    if out.get("mentor") == "mentor2":
        out["mentor"] = world.mentor2.pk
    if out.get("visited_at") == "now":
        out["visited_at"] = timezone.now().isoformat()
    return out


@pytest.mark.parametrize("how", ["body", "if-match", "weak-if-match"])
@pytest.mark.parametrize(("tail", "persona", "body"), STALE_WRITES, ids=[w[0] for w in STALE_WRITES])
def test_a_stale_write_gets_412_and_changes_nothing(world, scenario, api_for, tail, persona, body, how):
    case = scenario.case
    etag = api_for(persona).get(url(case)).headers["ETag"]
    assert etag == f'"{case.revision}"'
    case_services.update_subject(case, actor=world.front, reason="Sửa số điện thoại", phone="0988000111")
    before = _case_rows(case)
    stale = int(etag.strip('"'))
    data, headers = _body(world, body), {}
    if how == "body":
        data["revision"] = stale
    else:
        headers["HTTP_IF_MATCH"] = etag if how == "if-match" else f"W/{etag}"
    response = api_for(persona).post(url(case, tail), data, format="json", **headers)
    assert response.status_code == 412, response.content
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["detail"] == str(STALE_MESSAGE) and problem["type"].endswith(":stale") and problem["title"] == "Hồ sơ đã thay đổi"
    assert _case_rows(case) == before
    # the same write with the current ETag goes through
    fresh = api_for(persona).get(url(case)).headers["ETag"]
    done = api_for(persona).post(url(case, tail), _body(world, body), format="json", HTTP_IF_MATCH=fresh)
    assert done.status_code in (200, 201), done.content
    assert _case_rows(case) != before


@pytest.mark.parametrize(("tail", "persona", "body"), STALE_WRITES, ids=[w[0] for w in STALE_WRITES])
def test_a_case_write_without_a_revision_gets_428_and_changes_nothing(world, scenario, api_for, tail, persona, body):
    case = scenario.case
    before = _case_rows(case)
    for headers in ({}, {"HTTP_IF_MATCH": "*"}):
        response = api_for(persona).post(url(case, tail), _body(world, body), format="json", **headers)
        assert response.status_code == 428, response.content
        assert response.json()["type"].endswith(":precondition_required") and "If-Match" in response.json()["detail"]
        assert _case_rows(case) == before


def test_if_match_and_the_body_must_agree_and_a_foreign_tag_never_matches(world, scenario, api_for):
    case = scenario.case
    client = api_for("front")
    before = _case_rows(case)
    body = {"reason": "Có dấu hiệu", "revision": case.revision}
    disagree = client.post(url(case, "transitions/escalate/"), body, format="json", HTTP_IF_MATCH=f'"{case.revision + 5}"')
    assert disagree.status_code == 412
    foreign = client.post(url(case, "transitions/escalate/"), {"reason": "x"}, format="json", HTTP_IF_MATCH='"abc"')
    assert foreign.status_code == 412
    assert _case_rows(case) == before
    # a list of tags matches when one of them is current
    listed = client.post(
        url(case, "transitions/escalate/"), {"reason": "Có dấu hiệu"}, format="json", HTTP_IF_MATCH=f'"99", "{case.revision}"'
    )
    assert listed.status_code == 200 and listed.headers["ETag"] == f'"{case.revision + 1}"'


def test_a_refusal_is_answered_before_the_precondition(world, scenario, api_for):
    """The police may not log a visit: 403 with the policy's message, with or without a revision."""
    case = scenario.case
    body = {"visited_at": scenario.case.opened_at.isoformat(), "mode": "home"}
    assert api_for("police").post(url(case, "visits/"), body, format="json").status_code == 403
    assert api_for("outsider").post(url(case, "visits/"), body, format="json").status_code == 404


def test_a_replayed_visit_is_answered_even_after_the_case_changed(world, scenario, api_for):
    from django.utils import timezone

    case = scenario.case
    client = api_for("mentor")
    body = {"visited_at": timezone.now().isoformat(), "mode": "home", "revision": case.revision}
    first = client.post(url(case, "visits/"), body, format="json", HTTP_IDEMPOTENCY_KEY="phone-9")
    assert first.status_code == 201
    case_services.update_subject(case, actor=world.front, reason="Sửa", phone="0988000222")
    again = client.post(url(case, "visits/"), body, format="json", HTTP_IDEMPOTENCY_KEY="phone-9")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]


def test_transitions_go_through_the_lifecycle_with_the_screens_messages(world, scenario, api_for):
    case = scenario.case
    # the mentor may not graduate: the policy's message, 403
    refused = api_for("mentor").post(url(case, "transitions/graduate/"), {"revision": case.revision, "reason": "x"}, format="json")
    assert refused.status_code == 403 and "Đưa ra khỏi diện quản lý" in refused.json()["detail"]
    # a reason is required: the service's message, naming the field
    missing = api_for("police").post(url(case, "transitions/escalate/"), {"revision": case.revision}, format="json")
    assert missing.status_code == 400 and missing.json() == {**missing.json(), "field": "reason", "detail": "Vui lòng nêu lý do."}
    done = api_for("police").post(
        url(case, "transitions/escalate/"), {"revision": case.revision, "reason": "Có dấu hiệu tái phạm"}, format="json"
    )
    assert done.status_code == 200 and done.json()["status"] == "escalated" and done.json()["revision"] == case.revision + 1
    # not allowed from this state: 409 with the state machine's message
    again = api_for("police").post(url(case, "transitions/escalate/"), {"revision": done.json()["revision"], "reason": "x"}, format="json")
    assert again.status_code == 409 and "Không thể" in again.json()["detail"]
    assert api_for("outsider").post(url(case, "transitions/close/"), {"revision": 0}, format="json").status_code == 404
    assert api_for("police").post(url(case, "transitions/unknown/"), {"revision": 0}, format="json").status_code == 404


def test_assignment_through_the_api(world, make_case, api_for):
    case = make_case("identified")
    body = {"revision": case.revision, "mentor": world.mentor.pk, "reason": "Phân công"}
    assert api_for("police").post(url(case, "assignment/"), body, format="json").status_code == 403
    response = api_for("head").post(url(case, "assignment/"), body, format="json")
    assert response.status_code == 200 and response.json()["status"] == "assigned"
    missing = api_for("head").post(
        url(case, "assignment/"), {**body, "mentor": 999999, "revision": response.json()["revision"]}, format="json"
    )
    assert missing.status_code == 400 and missing.json()["field"] == "mentor"
