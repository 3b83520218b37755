"""Templates (Vietnamese headers, drop-downs, an example row) and the other lists: khu dân cư,
Ban Công tác Mặt trận and head, chi hội / chi đoàn, mentors; the screens; the background job."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Membership, Role
from areas.models import ResidentialArea
from cases.errors import DomainError
from imports import services, workbook
from imports.kinds import KINDS, Context
from imports.models import ImportBatch
from imports.tests.conftest import xlsx
from mentors.models import Branch, FrontCommittee, Mentor

pytestmark = pytest.mark.django_db


def _run(world, kind, content, mode="all"):
    batch = services.upload(actor=world.front, commune=world.commune, kind=kind, file_name=f"{kind}.xlsx", content=content)
    services.start(batch, "check")
    batch.refresh_from_db()
    return batch


def _fill_template(kind, world, rows) -> bytes:
    wb = load_workbook(io.BytesIO(workbook.build_template(KINDS[kind], Context(actor=world.front, commune=world.commune))))
    ws = wb["Danh sách"]
    for r, row in enumerate(rows, start=5):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_people_template_has_vietnamese_headers_drop_downs_and_an_example_row(world):
    content = workbook.build_template(KINDS["people"], Context(actor=world.front, commune=world.commune))
    wb = load_workbook(io.BytesIO(content))
    ws = wb["Danh sách"]
    headers = [c.value for c in ws[3]]
    assert headers[:5] == ["Họ và tên *", "Ngày sinh *", "Giới tính *", "Số định danh cá nhân", "Khu dân cư *"]
    assert ws["A4"].value == "Nguyễn Văn An" and ws["A4"].font.i
    validations = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert validations["C4"] == "'Danh mục'!$C$2:$C$3"  # Nam, Nữ
    lists = wb["Danh mục"]
    assert lists.sheet_state == "hidden"
    assert {lists.cell(row=r, column=5).value for r in (2, 3, 4, 5, 6, 7)} >= {"Thôn Đông Sơn", "Thôn Núi Móng"}
    assert "A1:P1" in {str(m) for m in ws.merged_cells.ranges}


def test_a_filled_template_imports_its_rows_and_skips_the_example(world):
    content = _fill_template(
        "people", world, [["Trịnh Văn Mười", "09/09/1999", "Nam", "", "Thôn Đông Sơn", "", "", "Giáo dục tại xã, phường"]]
    )
    batch = _run(world, "people", content)
    row = batch.rows.get()
    assert (row.number, row.action, row.messages) == (5, "new", [])


def test_khu_dan_cu_import_creates_updates_and_recognises_existing_ones(world):
    content = _fill_template(
        "areas",
        world,
        [
            ["Tổ dân phố Chợ", "Tổ dân phố", "", ""],  # the kind in the name is stored once
            ["Đông Sơn", "Thôn", world.area.code, "27001"],  # existing: adds a legacy code
            ["Núi Móng", "thon", "", ""],  # existing, same: skipped
            ["Buôn Ja", "Buôn", world.other_area.code, ""],  # code of another commune
        ],
    )
    batch = _run(world, "areas", content)
    assert [r.action for r in batch.rows.order_by("number")] == ["new", "update", "same", "error"]
    services.confirm(batch, actor=world.front, mode="valid")
    new = ResidentialArea.objects.get(commune=world.commune, name="Chợ")
    assert str(new) == "Tổ dân phố Chợ" and new.code == f"{world.commune.code}-03" and " to dan pho cho" in new.search_text
    world.area.refresh_from_db()
    assert world.area.legacy_code == "27001"
    assert new.history.get().history_user == world.front


def test_the_committee_import_creates_the_heads_login_and_shows_no_password(world):
    from accounts.models import User

    area3 = ResidentialArea.objects.create(commune=world.commune, code="10001-07", name="Tam Sơn")
    area4 = ResidentialArea.objects.create(commune=world.commune, code="10001-08", name="Hạ Sơn")
    rows = [["Thôn Tam Sơn", "Trần Văn Ba", "Ba.Tran"], ["Thôn Hạ Sơn", "Lê Văn Bốn", "ba.tran"], ["Thôn Hạ Sơn", "Lê Văn Bốn", "Bốn Lê"]]
    batch = _run(world, "committees", _fill_template("committees", world, rows))
    lines = {r.number: r for r in batch.rows.all()}
    assert [lines[n].action for n in (5, 6, 7)] == ["new", "error", "error"]
    assert "Sẽ tạo tài khoản “ba.tran” cho trưởng ban Trần Văn Ba" in lines[5].messages[0] and "Cấp mật khẩu tạm" in lines[5].messages[0]
    assert "đã dùng cho trưởng ban ở một dòng trên" in lines[6].messages[0]
    assert "tên đăng nhập gồm 3–40 ký tự" in lines[7].messages[0]
    assert not User.objects.filter(username="ba.tran").exists()  # the check writes nothing
    services.confirm(batch, actor=world.front, mode="valid")
    head = User.objects.get(username="ba.tran")
    assert (head.full_name, head.must_change_password) == ("Trần Văn Ba", True)
    assert FrontCommittee.objects.get(area=area3).head == head
    assert Membership.objects.filter(user=head, role=Role.COMMITTEE_HEAD, area=area3, is_active=True).exists()
    assert head.history.first().history_user == world.front
    assert not FrontCommittee.objects.filter(area=area4).exists()
    assert "mật khẩu" not in str(batch.rows.get(number=5).data).lower()


def test_committee_branch_and_mentor_imports_go_through_the_services(world):
    from conftest import make_user

    area3 = ResidentialArea.objects.create(commune=world.commune, code="10001-07", name="Tam Sơn")
    new_head = make_user("tamson")
    batch = _run(
        world, "committees", _fill_template("committees", world, [["Thôn Tam Sơn", "Ông Ba", "tamson"], ["Thôn Tam Sơn", "", "khongco"]])
    )
    assert [r.action for r in batch.rows.order_by("number")] == ["new", "error"]
    assert "ghi họ và tên trưởng ban để tạo tài khoản mới “khongco”" in batch.rows.get(number=6).messages[0]
    services.confirm(batch, actor=world.front, mode="valid")
    assert FrontCommittee.objects.get(area=area3).head == new_head
    assert Membership.objects.filter(user=new_head, role=Role.COMMITTEE_HEAD, area=area3, is_active=True).exists()

    batch = _run(
        world, "branches", _fill_template("branches", world, [["Chi đoàn thôn Tam Sơn", "Đoàn Thanh niên", "Chi đoàn", "Tam Sơn"]])
    )
    services.confirm(batch, actor=world.front, mode="all")
    branch = Branch.objects.get(name="Chi đoàn thôn Tam Sơn")
    assert (branch.organisation, branch.kind, branch.area) == ("youth", "chi_doan", area3)

    batch = _run(
        world,
        "mentors",
        _fill_template(
            "mentors",
            world,
            [
                ["lò thị xuân", "Hội viên, đoàn viên", "Chi đoàn thôn Tam Sơn", "0912000111", ""],
                ["Nguyễn Thị Hoa", "Hội viên, đoàn viên", "Chi hội Phụ nữ Đông Sơn", "0912999888", ""],
                ["Già Vàng A Sử", "Người có uy tín", "", "", "Già làng"],
                ["Ai Đó", "Hội viên, đoàn viên", "", "", ""],
            ],
        ),
    )
    assert [r.action for r in batch.rows.order_by("number")] == ["new", "update", "new", "error"]
    services.confirm(batch, actor=world.front, mode="valid")
    assert Mentor.objects.get(full_name="Lò Thị Xuân").branch == branch
    world.mentor.refresh_from_db()
    assert world.mentor.phone == "0912999888"
    assert Mentor.objects.get(full_name="Già Vàng A Sử").kind == "respected_person"


def test_the_screens_upload_preview_and_confirm_and_refuse_outsiders(world, login):
    client = login(world.front)
    assert client.get(reverse("imports:index")).status_code == 200
    template = client.get(reverse("imports:template", args=["people"]))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    content = xlsx(
        [
            ["Nguyễn Văn Mới", "01/01/1990", "Nam", None, "Đông Sơn", "Giáo dục tại xã, phường", None, None],
            ["Sai Ngày", "32/01/1990", "Nam", None, "Đông Sơn", "Giáo dục tại xã, phường", None, None],
        ]
    )
    upload = io.BytesIO(content)
    upload.name = "danh-sach.xlsx"
    response = client.post(reverse("imports:index"), {"kind": "people", "commune": world.commune.pk, "file": upload})
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("imports:batch", args=[batch.pk])
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(response["Location"])
    assert page.status_code == 200 and len(ctx.captured_queries) <= 8
    html = page.content.decode()
    assert "Ô B5 (Ngày sinh): ngày không có thật." in html and "Xác nhận nhập" in html
    refused = client.post(reverse("imports:confirm", args=[batch.pk]), {"mode": "all"}, follow=True)
    assert "Tệp còn 1 dòng lỗi" in refused.content.decode()
    done = client.post(reverse("imports:confirm", args=[batch.pk]), {"mode": "valid"}, follow=True)
    assert "Đã nhập 1 dòng, bỏ qua 0 dòng đã có, từ chối 1 dòng." in done.content.decode()
    for persona in ("mentor", "head", "police", "other_front"):
        other = login(world.users[persona])
        assert other.get(reverse("imports:batch", args=[batch.pk])).status_code == 404
    assert login(world.users["police"]).get(reverse("imports:index")).status_code == 404


@pytest.mark.postgres  # a second thread and connection: SQLite's shared in-memory test database locks
@pytest.mark.django_db(transaction=True)
def test_a_large_file_runs_in_the_background_and_its_progress_survives_a_reload(world, settings, login):
    settings.DONG_HANH = {**settings.DONG_HANH, "IMPORT_BACKGROUND_ROWS": 0}
    settings.CELERY_BROKER_URL = ""
    rows = [[f"Người Số {i}", "01/01/1990", "Nam", None, "Đông Sơn", "Giáo dục tại xã, phường", None, None] for i in range(30)]
    batch = services.upload(actor=world.front, commune=world.commune, kind="people", file_name="lon.xlsx", content=xlsx(rows) + b"")
    batch.total_rows = 999  # as if large
    batch.save()
    services.start(batch, "check")
    services.wait_for_background()
    batch.refresh_from_db()
    assert batch.status == "previewed" and batch.counts["new"] == 30
    services.confirm(batch, actor=world.front, mode="all")
    page = login(world.front).get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "Đã xử lý" in page or "Đã nhập 30 dòng" in page  # running or already done; either way the reload shows it
    services.wait_for_background()
    batch.refresh_from_db()
    assert batch.status == "done" and batch.counts["outcome_imported"] == 30 and batch.processed_rows == batch.total_rows


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_instruction_row_names_the_rows_the_template_and_the_import_use(world, kind):
    import re

    content = workbook.build_template(KINDS[kind], Context(actor=world.front, commune=world.commune))
    ws = load_workbook(io.BytesIO(content))["Danh sách"]
    instruction = ws["A2"].value
    stated = re.search(r"Dòng (\d+) là tên cột, dòng (\d+) là ví dụ .*Điền từ dòng (\d+), hoặc ghi đè lên dòng ví dụ", instruction)
    assert stated, instruction
    header_row, example_row, first_row = (int(n) for n in stated.groups())
    columns = KINDS[kind].columns
    assert [c.value for c in ws[header_row]][: len(columns)] == [f"{c.header}{' *' if c.required else ''}" for c in columns]
    assert [c.value for c in ws[example_row]][: len(columns)] == workbook.example_values(KINDS[kind])
    assert ws.cell(row=example_row, column=1).font.i  # the example, in grey italics
    assert first_row == example_row + 1
    # The import reads the header where it is said to be, skips the example left as it is,
    # and reads the row said to be the first to fill.
    wb = load_workbook(io.BytesIO(content))
    wb["Danh sách"].cell(row=first_row, column=1, value="Dòng điền thử")
    out = io.BytesIO()
    wb.save(out)
    batch = _run(world, kind, out.getvalue())
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert list(batch.rows.values_list("number", flat=True)) == [first_row]


def test_a_mentors_phone_number_is_checked_as_on_the_form_and_kept_in_digits(world):
    from mentors.organisations import create_mentor

    batch = _run(
        world,
        "mentors",
        _fill_template(
            "mentors",
            world,
            [
                ["Trần Thị Mai", "Người có uy tín", "", "gọi cho tôi", "Già làng"],
                ["Lê Văn Nam", "Người có uy tín", "", "0912 345 678", "Trưởng họ"],
                ["Đỗ Văn Tư", "Người có uy tín", "", 912345679, "Trưởng họ"],  # Excel dropped the 0
            ],
        ),
    )
    rows = list(batch.rows.order_by("number"))
    assert [r.action for r in rows] == ["error", "new", "new"]
    assert rows[0].messages[0].startswith("Ô D5: ")
    services.confirm(batch, actor=world.front, mode="valid")
    assert Mentor.objects.get(full_name="Lê Văn Nam").phone == "0912345678"
    assert Mentor.objects.get(full_name="Đỗ Văn Tư").phone == "0912345679"
    assert not Mentor.objects.filter(full_name="Trần Thị Mai").exists()
    # the service itself (the web form's path) refuses it too, and changes nothing
    with pytest.raises(DomainError) as refused:
        create_mentor(actor=world.front, commune=world.commune, full_name="Hà Văn Một", kind="respected_person", phone="abc")
    assert refused.value.field == "phone"
    assert not Mentor.objects.filter(full_name="Hà Văn Một").exists()
