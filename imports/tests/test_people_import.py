"""Importing people and their cases from real-shaped files: the preview line of every row with
its Vietnamese message, all-or-nothing, valid rows only with the refused ones returned."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from cases.models import Case, CaseEvent, Subject
from conftest import list_person
from imports import services
from imports.models import ImportBatch, ImportRow
from imports.tests.conftest import xlsx
from mentors.models import Assignment

pytestmark = pytest.mark.django_db
PRISON = "Chấp hành xong án phạt tù / được đặc xá"


def _batch(world, content, actor=None):
    batch = services.upload(actor=actor or world.front, commune=world.commune, kind="people", file_name="ds.xlsx", content=content)
    services.start(batch, "check")
    batch.refresh_from_db()
    return batch


def _lines(batch):
    return {r.number: r for r in batch.rows.all()}


@pytest.fixture
def messy(world):
    existing = list_person(world, full_name="Lê Văn Tám", date_of_birth=dt.date(1980, 1, 2), national_id="027080001111")
    rows = [
        # 4: Excel date, identity number stored as a number (leading zero lost), NBSP and mixed case.
        ["  NGUYỄN\u00a0văn   hùng ", dt.datetime(1990, 3, 4), "nam", 27090001234, "Đông Sơn", PRISON, None, None],
        # 5: text date dd/mm/yyyy, no identity number, khu dân cư without accents.
        ["Trần Thị Hương", "05/03/1985", "Nữ", None, "nui mong", "Giáo dục tại xã, phường", None, None],
        [None, None, None, None, None, None, None, None],  # 6: blank
        # 7: the same person as an existing one (same identity number, open case).
        ["Lê Văn Tám", "02/01/1980", "Nam", "027080001111", "Đông Sơn", PRISON, None, None],
        # 8: a khu dân cư of another commune.
        ["Phạm Văn Nam", "01/01/1991", "Nam", None, world.other_area.code, PRISON, None, None],
        # 9: an unknown khu dân cư.
        ["Vũ Văn Long", "01/01/1992", "Nam", None, "Thôn Không Có", PRISON, None, None],
        # 10: with an assignment to a mentor.
        ["Đỗ Quang Khánh", "12/12/1993", "Nam", None, "Thôn Đông Sơn", PRISON, "Chi hội Phụ nữ Đông Sơn", "Nguyễn Thị Hoa"],
        # 11: a date that does not exist.
        ["Bùi Văn Tài", "31/02/1990", "Nam", None, "Đông Sơn", PRISON, None, None],
    ]
    return {"existing": existing, "content": xlsx(rows)}


def test_the_preview_has_the_right_line_and_message_for_every_row(world, messy):
    batch = _batch(world, messy["content"])
    assert batch.status == ImportBatch.Status.PREVIEWED
    lines = _lines(batch)
    assert sorted(lines) == [4, 5, 7, 8, 9, 10, 11]  # header found under the merged rows; the blank row skipped
    assert lines[4].action == "new"
    assert lines[4].data["full_name"] == "Nguyễn Văn Hùng"
    assert lines[4].data["national_id"] == "027090001234"
    assert lines[4].data["date_of_birth"] == "1990-03-04"
    assert "Ô D4: Excel đã làm mất số 0 đầu: 27090001234 → 027090001234." in lines[4].messages
    assert (lines[5].action, lines[5].data["date_of_birth"], lines[5].data["area"]) == ("new", "1985-03-05", world.area2.pk)
    assert lines[7].action == "same"
    assert "Trùng người đã có (cùng số định danh)" in lines[7].messages[0]
    assert lines[8].action == "error"
    assert lines[8].messages == [f"Ô E8: khu dân cư “{world.other_area.code}” thuộc Phường Từ Sơn, không thuộc xã/phường của bạn."]
    assert lines[9].messages == ["Ô E9: không có khu dân cư “Thôn Không Có” trong Xã Hoàn Sơn."]
    assert lines[10].action == "new" and lines[10].data["mentor"] == world.mentor.pk
    assert lines[11].messages == ["Ô B11 (Ngày sinh): ngày không có thật."]
    assert batch.counts == {"new": 3, "update": 0, "same": 1, "error": 3}
    assert Subject.objects.count() == 1  # nothing written by the preview


def test_all_or_nothing_refuses_a_file_with_errors_and_writes_nothing(world, messy):
    batch = _batch(world, messy["content"])
    cases = Case.objects.count()
    with pytest.raises(services.ImportRefused) as exc:
        services.confirm(batch, actor=world.front, mode="all")
    assert "Tệp còn 3 dòng lỗi" in exc.value.message
    assert Case.objects.count() == cases


def test_valid_rows_only_imports_exactly_those_and_returns_the_rest(world, messy):
    batch = _batch(world, messy["content"])
    services.confirm(batch, actor=world.front, mode="valid")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.counts["outcome_imported"], batch.counts["outcome_skipped"], batch.counts["outcome_refused"]) == (3, 1, 3)
    imported = Case.objects.filter(pk__in=batch.rows.filter(outcome="imported").values("object_id"))
    assert sorted(c.subject.full_name for c in imported) == ["Nguyễn Văn Hùng", "Trần Thị Hương", "Đỗ Quang Khánh"]
    for case in imported:
        event = CaseEvent.objects.get(case=case, transition="create")
        assert event.actor == world.front and "Nhập từ Excel: ds.xlsx" in event.reason
        assert case.history.first().history_user == world.front
    khanh = imported.get(subject__full_name="Đỗ Quang Khánh")
    assert khanh.status == "assigned" and Assignment.objects.get(case=khanh).mentor == world.mentor
    refused = load_workbook(io.BytesIO(_refused(world, batch)), read_only=True)
    rows = list(refused.active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [8, 9, 11]
    assert rows[1][-1].startswith("Ô E8: khu dân cư")
    assert rows[3][2] == "31/02/1990"


def _refused(world, batch):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(world.front)
    response = client.get(reverse("imports:refused", args=[batch.pk]))
    assert response.status_code == 200
    return response.content


def test_all_or_nothing_imports_a_clean_file_and_a_refusal_at_write_time_leaves_zero_rows(world):
    clean = xlsx(
        [
            ["Nguyễn Văn Một", "01/01/1990", "Nam", None, "Đông Sơn", PRISON, None, None],
            ["Nguyễn Văn Hai", "02/01/1990", "Nam", None, "Đông Sơn", PRISON, None, None],
        ]
    )
    batch = _batch(world, clean)
    services.confirm(batch, actor=world.front, mode="all")
    batch.refresh_from_db()
    assert batch.status == "done" and batch.counts["outcome_imported"] == 2
    # A mentor with room for one more only: the second assignment fails while writing → nothing.
    world.mentor.caseload_limit = 1
    world.mentor.save()
    full = xlsx(
        [
            ["Nguyễn Văn Ba", "03/01/1990", "Nam", None, "Đông Sơn", PRISON, None, "Nguyễn Thị Hoa"],
            ["Nguyễn Văn Bốn", "04/01/1990", "Nam", None, "Đông Sơn", PRISON, None, "Nguyễn Thị Hoa"],
        ]
    )
    batch = _batch(world, full)
    assert batch.counts["error"] == 0
    cases, events = Case.objects.count(), CaseEvent.objects.count()
    services.confirm(batch, actor=world.front, mode="all")
    batch.refresh_from_db()
    assert batch.status == "refused" and "Dòng 5" in batch.message and "đã nhận đủ 1 người" in batch.message
    assert (Case.objects.count(), CaseEvent.objects.count()) == (cases, events)


def test_the_same_person_by_name_date_of_birth_and_commune_is_recognised(world):
    list_person(world, full_name="Hoàng Văn Sáu", date_of_birth=dt.date(1975, 5, 6), area=world.area2)
    batch = _batch(world, xlsx([["hoang van sau", dt.datetime(1975, 5, 6), "Nam", None, "Đông Sơn", PRISON, None, None]]))
    row = batch.rows.get()
    assert row.action == "same" and "cùng họ tên, ngày sinh và xã" in row.messages[0]


def test_a_person_known_by_identity_number_without_an_open_case_gets_a_new_case(world, make_case):
    old = make_case("closed", full_name="Lý Văn Bảy", national_id="027085002222", date_of_birth=dt.date(1985, 1, 1))
    batch = _batch(world, xlsx([["Lý Văn Bảy", "01/01/1985", "Nam", "027085002222", "Núi Móng", PRISON, None, None]]))
    assert batch.rows.get().action == "update"
    services.confirm(batch, actor=world.front, mode="all")
    assert Case.objects.filter(subject=old.subject).count() == 2
    assert Subject.objects.filter(national_id="027085002222").count() == 1


def test_a_file_without_the_header_or_not_excel_is_refused_with_a_vietnamese_message(world):
    with pytest.raises(services.ImportRefused):
        services.upload(actor=world.front, commune=world.commune, kind="people", file_name="a.csv", content=b"a,b,c")
    batch = _batch(world, xlsx([["x"]], headers=["Cột lạ", "Khác"]))
    assert batch.status == "failed" and "Không tìm thấy dòng tiêu đề" in batch.message
    missing = _batch(world, xlsx([["A", "01/01/1990"]], headers=["Họ và tên", "Ngày sinh", "Giới tính", "Khu dân cư"], group_header=False))
    assert missing.status == "failed" and "Thiếu cột bắt buộc: “Diện đối tượng”" in missing.message


def test_only_the_commune_front_of_the_commune_imports(world):
    for actor in (world.head, world.police, world.other_front):
        with pytest.raises(services.ImportRefused):
            services.upload(actor=actor, commune=world.commune, kind="people", file_name="a.xlsx", content=xlsx([]))


def test_only_the_uploader_confirms(world, messy):
    from accounts.models import Role
    from conftest import make_user

    colleague = make_user("front2", Role.COMMUNE_FRONT, commune=world.commune)
    batch = _batch(world, messy["content"])
    with pytest.raises(services.ImportRefused):
        services.confirm(batch, actor=colleague, mode="valid")


def test_a_row_refused_by_a_service_in_valid_mode_is_returned_with_the_services_reason(world):
    batch = _batch(world, xlsx([["Ngô Văn Chín", "01/01/1990", "Nam", "027090009999", "Đông Sơn", PRISON, None, None]]))
    list_person(world, full_name="Người Khác", national_id="027090009999")  # listed meanwhile
    services.confirm(batch, actor=world.front, mode="valid")
    row = batch.rows.get()
    assert row.outcome == "refused" and "đang có một hồ sơ chưa kết thúc" in row.messages[-1]
    assert ImportRow.objects.filter(batch=batch, outcome="imported").count() == 0
