"""Every registry record: who may record it (a head only for his khu dân cư, the commune front
for the commune), corrections keep history, nothing is deleted (records end with a reason)."""

from __future__ import annotations

import datetime as dt

import pytest

from cases.errors import DomainError, PermissionRefused
from community import services
from community.models import (
    AreaCommitment,
    AreaHouseholds,
    Cadre,
    CommunityModel,
    HouseholdCommitment,
    ModelArea,
    Recognition,
    ReviewMeeting,
    ReviewMeetingItem,
    SafeRecognition,
    TrainingAttendance,
    TrainingSession,
)

pytestmark = pytest.mark.django_db
YEAR = dt.date.today().year


def _history_reasons(obj) -> list[str]:
    return list(obj.history.order_by("history_date").values_list("history_change_reason", flat=True))


# --- households count and commitments ---------------------------------------------------------------


def test_the_head_keeps_the_households_count_of_his_area_and_each_update_is_in_history(world, day):
    row = services.set_households(world.area, actor=world.head, households=120, as_of=day)
    services.set_households(world.area, actor=world.head, households=124, as_of=day, reason="Thêm 4 hộ mới")
    row.refresh_from_db()
    assert row.households == 124
    assert AreaHouseholds.objects.count() == 1
    assert [h.households for h in row.history.order_by("history_date")] == [120, 124]
    assert _history_reasons(row)[-1] == "Thêm 4 hộ mới"


def test_a_head_may_not_keep_another_areas_households_and_nothing_is_written(world, day):
    with pytest.raises(PermissionRefused):
        services.set_households(world.area2, actor=world.head, households=80, as_of=day)
    with pytest.raises(PermissionRefused):
        services.set_households(world.area, actor=world.outsider, households=80, as_of=day)
    assert not AreaHouseholds.objects.exists()


def test_a_households_count_must_be_positive_and_names_the_field(world, day):
    with pytest.raises(DomainError) as exc:
        services.set_households(world.area, actor=world.head, households=0, as_of=day)
    assert exc.value.field == "households"


def test_an_area_commitment_is_one_a_year_corrected_with_a_reason_and_ended_not_deleted(world, day):
    c = services.record_area_commitment(world.area, actor=world.head, year=YEAR, signed_on=day, text_reference="Bản cam kết số 01")
    with pytest.raises(DomainError) as exc:
        services.record_area_commitment(world.area, actor=world.front, year=YEAR, signed_on=day, text_reference="Lần hai")
    assert exc.value.field == "year"
    services.correct_record(c, actor=world.front, reason="Sai số văn bản", text_reference="Bản cam kết số 02")
    c.refresh_from_db()
    assert c.text_reference == "Bản cam kết số 02"
    assert [h.text_reference for h in c.history.order_by("history_date")] == ["Bản cam kết số 01", "Bản cam kết số 02"]
    services.end_record(c, actor=world.head, reason="Ghi nhầm năm")
    c.refresh_from_db()
    assert c.ended_on == dt.date.today() and c.end_reason == "Ghi nhầm năm"
    assert AreaCommitment.objects.count() == 1
    # ended: a new one for the year may be recorded
    services.record_area_commitment(world.area, actor=world.head, year=YEAR, signed_on=day, text_reference="Bản cam kết số 03")


def test_a_head_may_not_record_or_correct_another_areas_commitment(world, day):
    with pytest.raises(PermissionRefused):
        services.record_area_commitment(world.area2, actor=world.head, year=YEAR, signed_on=day, text_reference="x")
    c = services.record_area_commitment(world.area2, actor=world.head2, year=YEAR, signed_on=day, text_reference="x")
    with pytest.raises(PermissionRefused):
        services.correct_record(c, actor=world.head, reason="r", text_reference="y")
    with pytest.raises(PermissionRefused):
        services.end_record(c, actor=world.other_front, reason="r")
    c.refresh_from_db()
    assert c.text_reference == "x" and c.is_active


def test_a_household_commitment_links_the_case_of_the_area_only_and_refuses_a_duplicate(world, day, make_case):
    case = make_case("in_review")
    other = make_case("in_review", area=world.area2)
    h = services.record_household_commitment(
        world.area, actor=world.head, year=YEAR, household="Hộ ông Nguyễn Văn An", signed_on=day, signed_by="Nguyễn Văn An", case=case
    )
    assert h.case == case
    with pytest.raises(DomainError) as exc:
        services.record_household_commitment(
            world.area, actor=world.head, year=YEAR, household="hộ ông nguyễn văn an", signed_on=day, signed_by="An"
        )
    assert exc.value.field == "household"
    with pytest.raises(DomainError) as exc:
        services.record_household_commitment(
            world.area, actor=world.head, year=YEAR, household="Hộ bà Lan", signed_on=day, signed_by="Lan", case=other
        )
    assert exc.value.field == "case"
    with pytest.raises(PermissionRefused):
        services.record_household_commitment(world.area2, actor=world.head, year=YEAR, household="Hộ X", signed_on=day, signed_by="X")
    services.correct_record(h, actor=world.head, reason="Sai tên người ký", signed_by="Trần Thị Bé")
    services.end_record(h, actor=world.head, reason="Hộ chuyển đi")
    assert HouseholdCommitment.objects.count() == 1
    assert h.history.count() == 3


def test_a_date_in_the_future_is_refused_with_the_field_named(world):
    with pytest.raises(DomainError) as exc:
        services.record_area_commitment(
            world.area, actor=world.head, year=YEAR, signed_on=dt.date.today() + dt.timedelta(days=1), text_reference="x"
        )
    assert exc.value.field == "signed_on"
    assert not AreaCommitment.objects.exists()


# --- cadres and training --------------------------------------------------------------------------


def test_the_head_adds_cadres_of_his_area_the_front_those_of_the_commune(world, cadre):
    mine = cadre(area=world.area, actor=world.head, name="Lê Văn Tổ", position="Chi hội trưởng")
    assert mine.area == world.area
    with pytest.raises(PermissionRefused):
        cadre(area=None, actor=world.head)  # commune-wide: the front only
    with pytest.raises(PermissionRefused):
        cadre(area=world.area2, actor=world.head)
    commune_wide = cadre(area=None, actor=world.front, name="Lê Thị Thu", user=world.front)
    assert commune_wide.user == world.front
    with pytest.raises(DomainError) as exc:
        cadre(area=None, actor=world.front, name="Lê Thị Thu", user=world.front)
    assert exc.value.field == "user"


def test_the_head_records_his_cadres_attendance_at_a_commune_session_once(world, cadre, session):
    s = session()
    mine = cadre(area=world.area, actor=world.head)
    theirs = cadre(area=world.area2, actor=world.head2)
    a = services.record_attendance(s, actor=world.head, cadre=mine)
    assert a.session == s
    with pytest.raises(DomainError) as exc:
        services.record_attendance(s, actor=world.head, cadre=mine)
    assert exc.value.field == "cadre"
    with pytest.raises(PermissionRefused):
        services.record_attendance(s, actor=world.head, cadre=theirs)
    services.end_record(a, actor=world.head, reason="Ghi nhầm người")
    assert TrainingAttendance.objects.count() == 1
    services.record_attendance(s, actor=world.head, cadre=mine)  # recorded again after the mistake
    assert TrainingAttendance.objects.filter(ended_on__isnull=True).count() == 1


def test_a_session_of_another_commune_or_cancelled_takes_no_attendance(world, cadre, session, day):
    s = session()
    other = services.record_training_session(world.other_commune, actor=world.other_front, held_on=day, topic="T", organiser="O", hours=2)
    c = cadre(area=world.area, actor=world.head)
    with pytest.raises(DomainError) as exc:
        services.record_attendance(other, actor=world.head, cadre=c)
    assert exc.value.field == "session"
    services.end_record(s, actor=world.front, reason="Hoãn buổi tập huấn")
    with pytest.raises(DomainError):
        services.record_attendance(s, actor=world.head, cadre=c)


def test_a_session_is_corrected_with_history_and_its_hours_are_checked(world, session):
    s = session()
    with pytest.raises(DomainError) as exc:
        services.correct_record(s, actor=world.front, reason="sai", hours=0)
    assert exc.value.field == "hours"
    services.correct_record(s, actor=world.front, reason="Sai số giờ", hours="3.5")
    s.refresh_from_db()
    assert str(s.hours) == "3.5"
    assert s.history.count() == 2
    with pytest.raises(PermissionRefused):
        services.correct_record(s, actor=world.head, reason="x", topic="y")  # commune-wide session
    assert TrainingSession.objects.count() == 1


# --- community models, meetings -------------------------------------------------------------------


def test_the_head_records_a_mediation_team_and_its_meetings_then_ends_it_with_a_reason(world, kind, day):
    m = services.record_community_model(
        world.area, actor=world.head, kind=kind("to_hoa_giai"), name="Tổ hòa giải thôn Đông Sơn", founded_on=day, members=7
    )
    meeting = services.record_core_group_meeting(m, actor=world.head, held_on=day, attendees="Ông A\n\n Bà B \n")
    assert meeting.attendee_count == 2 and meeting.attendees == "Ông A\nBà B"
    with pytest.raises(PermissionRefused):
        services.record_core_group_meeting(m, actor=world.head2, held_on=day, attendees="X")
    with pytest.raises(PermissionRefused):
        services.record_community_model(world.area2, actor=world.head, kind=kind("to_tu_quan"), name="x", founded_on=day)
    services.correct_record(m, actor=world.head, reason="Thêm thành viên", members=9)
    services.end_record(m, actor=world.head, reason="Sáp nhập vào tổ khác")
    with pytest.raises(DomainError) as exc:
        services.record_core_group_meeting(m, actor=world.head, held_on=day, attendees="A")
    assert exc.value.field == "community_model"
    m.refresh_from_db()
    assert (m.members, m.end_reason) == (9, "Sáp nhập vào tổ khác")
    assert CommunityModel.objects.count() == 1 and m.history.count() == 3


def test_a_meeting_before_the_model_was_founded_is_refused(world, kind, day):
    m = services.record_community_model(world.area, actor=world.head, kind=kind("nhom_nong_cot"), name="Nhóm nòng cốt", founded_on=day)
    with pytest.raises(DomainError) as exc:
        services.record_core_group_meeting(m, actor=world.head, held_on=day - dt.timedelta(days=1), attendees="A")
    assert exc.value.field == "held_on"


# --- model khu dân cư and "An toàn về ANTT": the commune decides -----------------------------------------


def test_the_commune_front_designates_a_model_area_once_the_head_may_not(world, day):
    with pytest.raises(PermissionRefused):
        services.designate_model_area(world.area, actor=world.head, designated_on=day)
    m = services.designate_model_area(world.area, actor=world.front, designated_on=day, decision_reference="QĐ 12/QĐ-MTTQ")
    with pytest.raises(DomainError):
        services.designate_model_area(world.area, actor=world.front, designated_on=day)
    with pytest.raises(PermissionRefused):
        services.end_record(m, actor=world.head, reason="x")
    services.end_record(m, actor=world.front, reason="Chọn khu dân cư khác")
    assert ModelArea.objects.count() == 1


def test_an_area_is_recognised_safe_once_a_year_and_a_revocation_keeps_the_row(world, day):
    with pytest.raises(PermissionRefused):
        services.recognise_safe_area(world.area, actor=world.head, year=YEAR, recognised_on=day)
    s = services.recognise_safe_area(world.area, actor=world.front, year=YEAR, recognised_on=day, decision_reference="QĐ 5")
    with pytest.raises(DomainError) as exc:
        services.recognise_safe_area(world.area, actor=world.front, year=YEAR, recognised_on=day)
    assert exc.value.field == "year"
    services.correct_record(s, actor=world.front, reason="Sai số quyết định", decision_reference="QĐ 6")
    services.end_record(s, actor=world.front, reason="Thu hồi do phát sinh vụ việc")
    assert SafeRecognition.objects.count() == 1 and s.history.count() == 3


# --- recognitions ---------------------------------------------------------------------------------


def test_recognitions_name_exactly_their_recipient_within_the_commune(world, make_case, day):
    case = make_case("in_review")
    r = services.record_recognition(
        world.commune,
        actor=world.front,
        occasion="18_11",
        recognised_on=day,
        recipient_kind="subject",
        award="Giấy khen",
        case=case,
        family="ignored",
    )
    assert r.family == "" and r.recipient_name == case.subject.full_name
    m = services.record_recognition(
        world.commune,
        actor=world.head,
        area=world.area,
        occasion="19_8",
        recognised_on=day,
        recipient_kind="mentor",
        award="Giấy khen",
        mentor=world.mentor,
    )
    assert m.recipient_name == world.mentor.full_name
    with pytest.raises(DomainError) as exc:
        services.record_recognition(
            world.commune,
            actor=world.front,
            occasion="19_8",
            recognised_on=day,
            recipient_kind="branch",
            award="Giấy khen",
            branch=world.other_branch,
        )
    assert exc.value.field == "branch"
    with pytest.raises(DomainError) as exc:
        services.record_recognition(
            world.commune, actor=world.front, occasion="19_8", recognised_on=day, recipient_kind="family", award="x"
        )
    assert exc.value.field == "family"
    with pytest.raises(PermissionRefused):
        services.record_recognition(
            world.commune, actor=world.head, occasion="19_8", recognised_on=day, recipient_kind="family", award="x", family="Hộ A"
        )  # commune-wide: the front only
    services.end_record(m, actor=world.front, reason="Trùng danh sách")
    assert Recognition.objects.count() == 2


# --- the quarterly review meeting -----------------------------------------------------------------------


def test_the_review_meeting_records_the_police_present_and_links_reviews_of_its_area_only(world, make_case, open_review, day):
    review = open_review(make_case("in_review"))
    elsewhere = open_review(make_case("in_review", area=world.area2))
    with pytest.raises(DomainError) as exc:
        services.record_review_meeting(
            world.area, actor=world.head, quarter="2026Q4", held_on=day, attendees="A", minutes="m", police_present=True
        )
    assert exc.value.field == "police_attendee"
    with pytest.raises(DomainError) as exc:
        services.record_review_meeting(world.area, actor=world.head, quarter="Q4", held_on=day, attendees="A", minutes="m")
    assert exc.value.field == "quarter"
    with pytest.raises(DomainError) as exc:
        services.record_review_meeting(
            world.area, actor=world.head, quarter="2026Q4", held_on=day, attendees="A", minutes="m", reviews=[elsewhere]
        )
    assert exc.value.field == "reviews"
    assert not ReviewMeeting.objects.exists()  # one transaction: nothing half-written
    meeting = services.record_review_meeting(
        world.area,
        actor=world.head,
        quarter="2026q4",
        held_on=day,
        attendees="Trần Văn Bình\nPhạm Quốc Huy",
        minutes="Biên bản",
        police_present=True,
        police_attendee="Phạm Quốc Huy",
        reviews=[review],
    )
    assert meeting.quarter == "2026Q4" and list(meeting.reviews.all()) == [review]
    services.link_meeting_reviews(meeting, actor=world.head, reviews=[review])  # idempotent
    assert ReviewMeetingItem.objects.count() == 1
    with pytest.raises(PermissionRefused):
        services.record_review_meeting(world.area2, actor=world.head, quarter="2026Q4", held_on=day, attendees="A", minutes="m")
    item = ReviewMeetingItem.objects.get()
    services.end_record(item, actor=world.head, reason="Xét nhầm hồ sơ")
    services.correct_record(meeting, actor=world.head, reason="Bổ sung biên bản", minutes="Biên bản đầy đủ")
    meeting.refresh_from_db()
    assert meeting.minutes == "Biên bản đầy đủ" and meeting.history.count() == 2


def test_a_correction_needs_a_reason_and_an_ended_record_is_not_corrected(world, day):
    c = services.record_area_commitment(world.area, actor=world.head, year=YEAR, signed_on=day, text_reference="x")
    with pytest.raises(DomainError) as exc:
        services.correct_record(c, actor=world.head, reason="  ", text_reference="y")
    assert exc.value.field == "reason"
    with pytest.raises(DomainError):
        services.correct_record(c, actor=world.head, reason="r", area=world.area2)
    services.end_record(c, actor=world.head, reason="r")
    with pytest.raises(DomainError):
        services.correct_record(c, actor=world.head, reason="r", text_reference="y")
    with pytest.raises(DomainError):
        services.end_record(c, actor=world.head, reason="r")


def test_a_correction_cannot_move_a_cadre_out_of_the_heads_reach(world, cadre):
    c = cadre(area=world.area, actor=world.head)
    with pytest.raises(PermissionRefused):
        services.correct_record(c, actor=world.head, reason="chuyển", area=world.area2)
    c.refresh_from_db()
    assert c.area == world.area
    assert Cadre.objects.count() == 1
