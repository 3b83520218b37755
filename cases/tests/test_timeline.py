import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import registry, services
from cases.policy import project
from cases.registry import TimelineEntry, TimelineSource
from cases.timeline import build_timeline as build_view_timeline


def build_timeline(user, case, **kwargs):
    """The timeline as `user` reads it (through the policy's projection)."""
    return build_view_timeline(project(user, case), **kwargs)


@pytest.fixture
def note_source(world):
    """A registered source that honours the reader's projection: a sensitive police note
    hidden from readers who do not see sensitive notes (as visits do)."""

    def entries(view, case):
        out = [TimelineEntry(at=case.opened_at + dt.timedelta(minutes=1), kind="note", title="Ghi chú chung", actor="Head")]
        if view.sees_sensitive_notes:
            out.append(
                TimelineEntry(
                    at=case.opened_at + dt.timedelta(minutes=2), kind="note", title="Ghi chú hạn chế của công an", body="nghi vấn"
                )
            )
        return out

    registry.register_timeline_source(TimelineSource(kind="note", entries=entries))
    yield
    registry.timeline_sources.pop("note", None)


@pytest.fixture
def granted(world):
    def _grant(user, case):
        services.grant_access(case, user=user, reason_code="verification", reason_text="test")

    return _grant


def test_the_police_see_events_field_changes_and_registered_entries_on_the_timeline(world, make_case, login, note_source, granted):
    case = make_case("in_review", offence_summary="Trộm cắp")
    subject = case.subject
    subject.phone = "0912345678"
    services.save_with_history(subject, actor=world.police, reason="Cập nhật số điện thoại")
    granted(world.police, case)
    response = login(world.police).get(reverse("cases:timeline", args=[case.pk]))
    assert response.status_code == 200
    kinds = {e.kind for e in response.context["timeline"]}
    assert {"event", "change", "note"} <= kinds
    html = response.content.decode()
    assert "Ghi chú hạn chế của công an" in html
    assert "Bắt đầu giúp đỡ" in html
    assert "0912345678" in html and "Cập nhật số điện thoại" in html


def test_a_field_level_change_shows_the_old_and_the_new_value_and_who_made_it(world, make_case):
    case = make_case("identified", classification="B")
    subject = case.subject
    subject.classification = "C"
    services.save_with_history(subject, actor=world.police, reason="Phân loại lại")
    changes = [e for e in build_timeline(world.police, case) if e.kind == "change"]
    rows = [row for e in changes for row in e.extra["changes"]]
    assert {
        "field": "phân loại của công an",
        "old": "B - Chấp hành pháp luật, hoàn cảnh khó khăn",
        "new": "C - Không chấp hành, có nguy cơ",
    } in rows
    entry = next(e for e in changes if any(r["new"].startswith("C -") for r in e.extra["changes"]))
    assert entry.actor == world.police.display_name
    assert entry.body == "Phân loại lại"


def test_the_status_change_is_a_field_level_diff_of_the_case(world, make_case):
    case = make_case("in_review")
    rows = [row for e in build_timeline(world.front, case, kinds={"change"}) for row in e.extra["changes"]]
    assert {"field": "trạng thái", "old": "Đã phân công", "new": "Đang giúp đỡ"} in rows


def test_with_events_shown_a_status_only_change_is_not_repeated(world, make_case):
    from cases import services as case_services

    case = make_case("in_review")
    case_services.escalate(case, actor=world.police, reason="Mất liên lạc")
    entries = build_timeline(world.front, case)
    status_rows = [row for e in entries if e.kind == "change" for row in e.extra["changes"] if row["field"] == "trạng thái"]
    assert status_rows == []
    assert [e.title for e in entries if e.kind == "event"][0].startswith("Chuyển công an xử lý: Đang giúp đỡ → Chuyển công an xử lý")


def test_the_mentor_does_not_see_sensitive_entries_written_by_others(world, make_case, login, note_source):
    case = make_case("in_review", offence_summary="Trộm cắp")
    services.flag_concern(case, actor=world.head, kind="possible_reoffence", note="Nghe nói tái phạm ở chợ")
    subject = case.subject
    subject.offence_summary = "Cướp giật tài sản"
    services.save_with_history(subject, actor=world.police, reason="Bổ sung")
    response = login(world.users["mentor"]).get(reverse("cases:timeline", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ghi chú chung" in html
    assert "Ghi chú hạn chế của công an" not in html
    assert "Nghe nói tái phạm ở chợ" not in html
    assert "Cướp giật tài sản" not in html
    # the head sees all of it
    html = login(world.head).get(reverse("cases:timeline", args=[case.pk])).content.decode()
    assert "Ghi chú hạn chế của công an" in html and "Nghe nói tái phạm ở chợ" in html and "Cướp giật tài sản" in html


def test_a_labour_officer_and_an_outsider_get_404_on_the_timeline(world, make_case, login):
    case = make_case("in_review")
    for user in (world.labour, world.outsider, world.other_front):
        assert login(user).get(reverse("cases:timeline", args=[case.pk])).status_code == 404


def test_the_timeline_filters_by_kind_and_by_date(world, make_case, login, granted):
    case = make_case("in_review")
    client = login(world.front)
    url = reverse("cases:timeline", args=[case.pk])
    only_events = client.get(url, {"kind": "event"}).context["timeline"]
    assert only_events and {e.kind for e in only_events} == {"event"}
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert client.get(url, {"date_from": tomorrow}).context["timeline"] == []
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert len(client.get(url, {"date_from": today, "date_to": today}).context["timeline"]) == len(client.get(url).context["timeline"])
    bad = client.get(url, {"date_from": tomorrow, "date_to": today})
    assert bad.status_code == 200 and "phải sau" in bad.content.decode()


def test_the_case_page_summarises_the_timeline_and_links_to_it(world, make_case, login):
    case = make_case("in_review")
    response = login(world.front).get(reverse("cases:detail", args=[case.pk]))
    assert reverse("cases:timeline", args=[case.pk]) in response.content.decode()
    assert response.context["timeline"]


def test_a_person_with_several_cases_shows_the_others_linked_only_when_the_viewer_may_open_them(world, make_case, login):
    first = make_case("closed", national_id="")
    subject = first.subject
    second = services.list_subject(
        actor=world.front,
        area=world.area,
        full_name=subject.full_name,
        date_of_birth=subject.date_of_birth,
        sex=subject.sex,
        category=subject.category,
    )
    # list_subject creates a new person without an identity number: link the case to the same person
    from cases.models import Case

    Case.objects.filter(pk=second.pk).update(subject=subject)
    second.refresh_from_db()
    response = login(world.front).get(reverse("cases:detail", args=[second.pk]))
    linked = response.context["linked_cases"]
    assert [item["case"].pk for item in linked] == [first.pk]
    assert linked[0]["link"] is True
    # the outsider police cannot open either; a mentor of the second case sees no link to the first
    assert login(world.outsider).get(reverse("cases:detail", args=[second.pk])).status_code == 404


def test_the_timeline_view_runs_a_bounded_number_of_queries(world, make_case, login, django_assert_max_num_queries):
    case = make_case("in_review")
    for i in range(10):
        subject = case.subject
        subject.phone = f"09{i:08d}"
        services.save_with_history(subject, actor=world.front, reason="sửa")
    client = login(world.front)
    url = reverse("cases:timeline", args=[case.pk])
    client.get(url)
    with django_assert_max_num_queries(30):
        response = client.get(url)
    assert len([e for e in response.context["timeline"] if e.kind == "change"]) >= 10
