"""Writes through the API call the screens' services: visits (idempotent), quarterly reviews,
referrals, notifications; and the indicators, places and the description."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from api.tests.conftest import MARKERS, OFFENCE, body_text
from cases.models import AccessLog
from mentors.models import Visit
from reports.models import ReportExportLog


def url(case, tail=""):
    return f"/api/v1/cases/{case.pk}/{tail}"


def iso(value) -> str:
    return value.isoformat()


# --- visits ----------------------------------------------------------------------------------


def test_a_visit_is_recorded_once_per_idempotency_key(world, scenario, api_for):
    client = api_for("mentor")
    body = {
        "visited_at": iso(timezone.now() - dt.timedelta(minutes=5)),
        "mode": "home",
        "notes": "Ổn",
        "sensitive_note": "riêng",
        "revision": scenario.case.revision,
    }
    first = client.post(url(scenario.case, "visits/"), body, format="json", HTTP_IDEMPOTENCY_KEY="phone-abc-1")
    assert first.status_code == 201 and first.json()["sensitive_note"] == "riêng" and first.json()["recorded_by_me"]
    again = client.post(url(scenario.case, "visits/"), body, format="json", HTTP_IDEMPOTENCY_KEY="phone-abc-1")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    by_body = client.post(url(scenario.case, "visits/"), {**body, "idempotency_key": "phone-abc-1"}, format="json")
    assert by_body.json()["id"] == first.json()["id"]
    assert Visit.objects.filter(idempotency_key="phone-abc-1").count() == 1
    # the head reads the confidential note; the mentor's note is theirs
    head_view = {v["id"]: v for v in api_for("head").get(url(scenario.case, "visits/")).json()["results"]}
    assert head_view[first.json()["id"]]["sensitive_note"] == "riêng"


def test_a_bad_visit_gets_the_services_message_and_nothing_is_saved(world, scenario, api_for):
    client = api_for("mentor")
    count = Visit.objects.count()
    future = client.post(
        url(scenario.case, "visits/"), {"visited_at": iso(timezone.now() + dt.timedelta(days=2)), "mode": "home"}, format="json"
    )
    assert future.status_code == 400
    assert future.json()["detail"] == "Ngày tiếp xúc không được sau ngày hôm nay." and future.json()["field"] == "visited_at"
    mode = client.post(url(scenario.case, "visits/"), {"visited_at": iso(timezone.now()), "mode": "fax"}, format="json")
    assert mode.status_code == 400 and mode.json() | {"field": "mode"} == mode.json()
    assert mode.json()["detail"] == "Vui lòng chọn hình thức tiếp xúc."
    shape = client.post(url(scenario.case, "visits/"), {"visited_at": "hôm qua"}, format="json")
    assert shape.status_code == 400 and shape.json()["field"] == "visited_at" and "ISO 8601" in shape.json()["detail"]
    not_json = client.post(url(scenario.case, "visits/"), "{", content_type="application/json")
    assert not_json.status_code == 400 and "JSON" in not_json.json()["detail"]
    assert Visit.objects.count() == count


@pytest.mark.parametrize("persona, code", [("mentor2", 403), ("police", 403), ("labour", 404), ("outsider", 404), ("province", 404)])
def test_others_may_not_record_a_visit(world, scenario, api_for, persona, code):
    count = Visit.objects.count()
    response = api_for(persona).post(url(scenario.case, "visits/"), {"visited_at": iso(timezone.now()), "mode": "home"}, format="json")
    assert response.status_code in (code, 404)
    if response.status_code == 403:
        assert "tiếp xúc" in response.json()["detail"] or "quyền" in response.json()["detail"]
    assert Visit.objects.count() == count


# --- quarterly reviews -----------------------------------------------------------------------


def test_the_mentor_drafts_and_submits_and_the_head_decides(world, scenario, api_for, open_review):
    review = open_review(scenario.case)
    mentor, head = api_for("mentor"), api_for("head")
    listed = mentor.get(url(scenario.case, "reviews/")).json()["results"]
    assert listed[0]["id"] == review.pk and listed[0]["open_task"]["step"] == "draft" and listed[0]["open_task"]["mine"]
    # the head may not draft, the outsider does not see the review
    assert head.post(f"/api/v1/reviews/{review.pk}/draft/", {"work": "x"}, format="json").status_code == 403
    assert api_for("outsider").get(f"/api/v1/reviews/{review.pk}/").status_code == 404
    saved = mentor.post(f"/api/v1/reviews/{review.pk}/draft/", {"work": "Làm thợ hồ", "contacts_count": 3}, format="json")
    assert saved.status_code == 200 and saved.json()["work"] == "Làm thợ hồ" and saved.json()["status"] == "draft"
    bad = mentor.post(f"/api/v1/reviews/{review.pk}/draft/", {"submit": True}, format="json")
    assert bad.status_code == 400 and bad.json()["detail"] == "Vui lòng chọn mức đánh giá." and bad.json()["field"] == "rating"
    choice = mentor.post(f"/api/v1/reviews/{review.pk}/draft/", {"rating": "excellent!"}, format="json")
    assert choice.status_code == 400 and choice.json()["field"] == "rating"
    sent = mentor.post(
        f"/api/v1/reviews/{review.pk}/draft/", {"rating": "progressing", "recommendation": "continue", "submit": True}, format="json"
    )
    assert sent.status_code == 200 and sent.json()["status"] == "submitted"
    # four eyes and ownership: the mentor cannot decide
    assert mentor.post(f"/api/v1/reviews/{review.pk}/decision/", {"decision": "approve"}, format="json").status_code == 403
    missing = head.post(f"/api/v1/reviews/{review.pk}/decision/", {"decision": "return"}, format="json")
    assert missing.status_code == 400 and missing.json()["field"] == "comment"
    decided = head.post(f"/api/v1/reviews/{review.pk}/decision/", {"decision": "approve"}, format="json")
    assert decided.status_code == 200 and decided.json()["status"] == "approved" and decided.json()["decided_by_name"]
    again = head.post(f"/api/v1/reviews/{review.pk}/decision/", {"decision": "approve"}, format="json")
    assert again.status_code == 409


# --- referrals -------------------------------------------------------------------------------


def test_a_referral_from_the_mentor_to_the_labour_office(world, scenario, api_for):
    mentor, labour = api_for("mentor"), api_for("labour")
    body = {"type": "job", "needs": "Việc làm thợ hàn", "skills": "Hàn điện", "send": True, "revision": scenario.case.revision}
    created = mentor.post(url(scenario.case, "referrals/"), body, format="json", HTTP_IDEMPOTENCY_KEY="ref-1")
    assert created.status_code == 201 and created.json()["status"] == "sent"
    replay = mentor.post(url(scenario.case, "referrals/"), body, format="json", HTTP_IDEMPOTENCY_KEY="ref-1")
    assert replay.status_code == 200 and replay.json()["id"] == created.json()["id"]
    pk = created.json()["id"]
    inbox = labour.get("/api/v1/referrals/").json()["results"]
    assert [r["id"] for r in inbox] == [pk]
    # the office reads what it needs to help, never the offence or the confidential notes
    detail = labour.get(f"/api/v1/referrals/{pk}/")
    assert detail.status_code == 200 and detail.json()["person"]["full_name"] == "Lê Văn Kiểm Thử"
    for marker in MARKERS:
        assert marker not in body_text(detail) and marker not in str(inbox)
    assert api_for("mentor").post(f"/api/v1/referrals/{pk}/accept/").status_code == 404
    assert api_for("outsider").get(f"/api/v1/referrals/{pk}/").status_code == 404
    assert labour.post(f"/api/v1/referrals/{pk}/decline/", {}, format="json").json()["field"] == "reason"
    assert labour.post(f"/api/v1/referrals/{pk}/accept/").json()["status"] == "accepted"
    bad = labour.post(f"/api/v1/referrals/{pk}/outcome/", {"result": "achieved"}, format="json")
    assert bad.status_code == 400 and bad.json()["detail"] == "Vui lòng chọn nơi làm việc." and bad.json()["field"] == "partner"
    failed = labour.post(f"/api/v1/referrals/{pk}/outcome/", {"result": "not_achieved", "notes": "Không liên lạc được"}, format="json")
    assert failed.status_code == 200 and failed.json()["status"] == "outcome" and failed.json()["outcome"]["result"] == "not_achieved"
    closed = labour.post(f"/api/v1/referrals/{pk}/close/", {"note": "Kết thúc"}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    # the referrer reads it through the case (an access-log row)
    before = AccessLog.objects.count()
    mine = mentor.get(f"/api/v1/referrals/{pk}/")
    assert mine.status_code == 200 and "person" not in mine.json() and AccessLog.objects.count() == before + 1


def test_a_draft_referral_is_sent_and_the_follow_up_recorded(world, scenario, api_for):
    from support.models import Partner, PartnerKind

    partner = Partner.objects.create(name="Xưởng cơ khí Hoàn Sơn", kind=PartnerKind.EMPLOYER, commune=world.commune)
    mentor, labour = api_for("mentor"), api_for("labour")
    draft = mentor.post(
        url(scenario.case, "referrals/"), {"type": "job", "needs": "Việc"}, format="json", HTTP_IF_MATCH=f'"{scenario.case.revision}"'
    ).json()
    assert draft["status"] == "draft" and labour.get(f"/api/v1/referrals/{draft['id']}/").status_code == 404
    assert mentor.post(f"/api/v1/referrals/{draft['id']}/send/").json()["status"] == "sent"
    labour.post(f"/api/v1/referrals/{draft['id']}/accept/")
    outcome = {"result": "achieved", "partner": partner.pk, "position": "Thợ hàn", "start_date": "2026-11-20", "monthly_wage": 7000000}
    assert labour.post(f"/api/v1/referrals/{draft['id']}/outcome/", outcome, format="json").json()["status"] == "outcome"
    assert labour.post(f"/api/v1/referrals/{draft['id']}/close/", {}, format="json").status_code == 409
    missing = labour.post(f"/api/v1/referrals/{draft['id']}/follow-up/", {"still_active": None}, format="json")
    assert missing.status_code == 400 and missing.json()["field"] == "still_active"
    done = labour.post(f"/api/v1/referrals/{draft['id']}/follow-up/", {"still_active": True, "notes": "Còn làm"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "followed_up" and done.json()["follow_ups"][0]["still_active"] is True


def test_only_referrers_create_referrals(world, scenario, api_for):
    assert api_for("police").post(url(scenario.case, "referrals/"), {"type": "job"}, format="json").status_code == 403
    assert api_for("labour").post(url(scenario.case, "referrals/"), {"type": "job"}, format="json").status_code == 404
    bad = api_for("head").post(url(scenario.case, "referrals/"), {"type": "house"}, format="json")
    assert bad.status_code == 400 and bad.json()["detail"] == "Vui lòng chọn loại hỗ trợ."


# --- notifications ---------------------------------------------------------------------------


def test_notifications_are_listed_and_marked_read(world, scenario, api_for):
    from cases import services as case_services

    case_services.flag_concern(scenario.case, actor=world.users["mentor"], kind="lost_contact", note="Không gặp được")
    listed = api_for("head").get("/api/v1/notifications/?unread=1").json()["results"]
    assert len(listed) == 1 and listed[0]["case_id"] == scenario.case.pk
    assert api_for("front").post(f"/api/v1/notifications/{listed[0]['id']}/read/").status_code == 404
    read = api_for("head").post(f"/api/v1/notifications/{listed[0]['id']}/read/")
    assert read.status_code == 200 and read.json()["read_at"]
    assert api_for("head").get("/api/v1/notifications/?unread=1").json()["results"] == []


# --- indicators, places ----------------------------------------------------------------------


def test_the_indicators_of_a_place_follow_the_reports_rule(world, scenario, api_for):
    code = world.commune.code
    response = api_for("front").get(f"/api/v1/reports/commune/{code}/?period=2026")
    assert response.status_code == 200
    body = response.json()
    assert body["place"]["code"] == code and body["period"]["code"] == "2026"
    active = {r["key"]: r for r in body["indicators"]}["active"]
    assert active["value"] >= 1 and body["children"]
    log = ReportExportLog.objects.get()
    assert (log.format, log.channel, log.place_code, log.user) == ("json", "api", code, world.front)
    assert OFFENCE not in body_text(response) and "Kiểm Thử" not in body_text(response)
    assert api_for("mentor").get(f"/api/v1/reports/commune/{code}/").status_code == 403
    assert api_for("outsider").get(f"/api/v1/reports/commune/{code}/").status_code == 404
    assert api_for("province").get(f"/api/v1/reports/commune/{code}/").status_code == 200
    bad = api_for("front").get(f"/api/v1/reports/commune/{code}/?period=quý 5")
    assert bad.status_code == 400 and bad.json()["field"] == "period"


def test_places_are_listed(world, api_for):
    provinces = api_for("mentor").get("/api/v1/places/provinces/").json()["results"]
    assert [p["code"] for p in provinces] == ["27"]
    communes = api_for("mentor").get(f"/api/v1/places/communes/?province={world.province.pk}").json()["results"]
    assert {c["code"] for c in communes} == {"10001", "10002"}
    areas = api_for("mentor").get(f"/api/v1/places/areas/?commune={world.commune.pk}").json()["results"]
    assert [a["code"] for a in areas] == ["10001-01", "10001-02"]
    assert api_for("mentor").get("/api/v1/places/areas/?commune=abc").status_code == 400


# --- the description and unknown addresses -----------------------------------------------------


def test_the_openapi_description_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "openapi: 3.1.0" in text and "/api/v1/cases/{id}/visits/" in text and "khoaApi" in text


def test_the_description_and_its_browsers_are_served_without_a_cdn_or_inline_script(client, db):
    import re

    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"openapi: 3.1.0" in schema.content
    assert client.get("/api/schema/?format=json").json()["openapi"] == "3.1.0"
    # the old address redirects
    for old, new in (("/api/v1/schema/", "/api/schema/"), ("/api/v1/docs/", "/api/docs/"), ("/api/v1/redoc/", "/api/redoc/")):
        moved = client.get(old)
        assert moved.status_code == 301 and moved.headers["Location"] == new
    for path in ("/api/docs/", "/api/redoc/"):
        page = client.get(path)
        html = page.content.decode()
        assert page.status_code == 200 and "/static/drf_spectacular_sidecar/" in html
        assert "cdn.jsdelivr" not in html and "unpkg" not in html and "googleapis" not in html
        # no inline script, no inline style, no handler attribute: every <script> has a src
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [], path
        assert "<style" not in html and not re.search(r"\son[a-z]+=", html)
        csp = page.headers["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]*)", csp).group(1)
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert "'unsafe-inline'" not in re.search(r"style-src ([^;]*)", csp).group(1)
    # Swagger UI's start-up script is a file from the same address
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and script.headers["Content-Type"].startswith("application/javascript")
    assert b"/api/schema/" in script.content
    # Redoc's styles carry this response's nonce, which only its page adds to style-src
    redoc = client.get("/api/redoc/")
    nonce = re.search(r'nonce="([^"]+)"', redoc.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in redoc.headers["Content-Security-Policy"]


def test_an_unknown_api_address_is_a_json_404(client, db):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404 and response.json()["detail"] == "Không có địa chỉ API này."


def test_the_same_bad_visit_gets_the_same_message_on_the_page_and_in_the_api(world, scenario, api_for, client):
    from django.urls import reverse

    future = timezone.localtime(timezone.now() + dt.timedelta(days=3))
    api = api_for("mentor").post(url(scenario.case, "visits/"), {"visited_at": iso(future), "mode": "home"}, format="json")
    client.force_login(world.users["mentor"])
    page = client.post(
        reverse("mentors:visit_log", args=[scenario.case.pk]),
        {"visit_date": future.strftime("%d/%m/%Y"), "visit_time": "09:00", "mode": "home", "idempotency_key": "k1"},
    )
    assert api.status_code == 400 and page.status_code == 200
    assert api.json()["detail"] in page.content.decode()


def test_an_api_address_with_a_newline_is_a_json_404_and_every_name_still_reverses(client, db):
    from django.urls import reverse

    response = client.get("/api/v1/referrals/%C2%B5%0A/close/")
    assert response.status_code == 404 and response.headers["Content-Type"] == "application/problem+json"
    assert reverse("api:not-found") == "/api/v1/" and reverse("cases:list") == "/cases/"


def test_a_referral_step_checks_the_cases_revision_when_if_match_is_sent(world, scenario, api_for):
    from cases import services as case_services
    from support import services as support_services
    from support.models import Referral

    labour = api_for("labour")
    sent = support_services.create_referral(scenario.case, actor=world.users["mentor"], type="job", needs="Việc", send=True)
    etag = f'"{scenario.case.revision}"'
    case_services.update_subject(scenario.case, actor=world.front, reason="Sửa", phone="0988000333")
    stale = labour.post(f"/api/v1/referrals/{sent.pk}/accept/", format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and stale.json()["type"].endswith(":stale")
    assert Referral.objects.get(pk=sent.pk).status == "sent"
    scenario.case.refresh_from_db()
    fresh = labour.post(f"/api/v1/referrals/{sent.pk}/accept/", format="json", HTTP_IF_MATCH=f'"{scenario.case.revision}"')
    assert fresh.status_code == 200 and fresh.json()["status"] == "accepted"
    # without If-Match the step stands on the referral's own state (a second accept: 409)
    assert labour.post(f"/api/v1/referrals/{sent.pk}/accept/", format="json").status_code == 409
