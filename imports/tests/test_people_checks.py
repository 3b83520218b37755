"""A person's row is checked by the rules the web form applies (cases.models.Subject.clean and
the field limits of the form): the same input gets the same message, naming the cell; and a
mentor named under the wrong chi hội is told where they belong."""

import datetime as dt

import pytest
from django.urls import reverse

from cases.forms import SubjectForm
from cases.models import Subject
from imports import services
from imports.kinds import KINDS
from imports.tests.conftest import xlsx
from mentors.models import Assignment, Branch, Mentor, OrganisationType

pytestmark = pytest.mark.django_db
PRISON = "Chấp hành xong án phạt tù / được đặc xá"
HEADERS = [
    "Họ và tên *",  # A
    "Ngày sinh *",  # B
    "Giới tính *",  # C
    "Khu dân cư *",  # D
    "Diện đối tượng *",  # E
    "Số điện thoại",  # F
    "Ngày bắt đầu tính thời hạn",  # G
    "Thời hạn (tháng)",  # H
    "Tóm tắt hành vi vi phạm",  # I
    "Chi hội / chi đoàn giúp đỡ",  # J
    "Người giúp đỡ",  # K
]
COLUMN = {"phone": "F", "date_of_birth": "B", "clock_start_date": "G", "term_months": "H", "offence_summary": "I"}
FIRST_ROW = 3  # a title row, the header, then the rows


def _row(name="Nguyễn Văn Một", **cells):
    values = {
        "date_of_birth": "05/03/1990",
        "phone": None,
        "clock_start_date": None,
        "term_months": None,
        "offence_summary": None,
        "branch": None,
        "mentor": None,
        **cells,
    }
    return [
        name,
        values["date_of_birth"],
        "Nam",
        "Đông Sơn",
        PRISON,
        values["phone"],
        values["clock_start_date"],
        values["term_months"],
        values["offence_summary"],
        values["branch"],
        values["mentor"],
    ]


def _check(world, rows):
    batch = services.upload(
        actor=world.front,
        commune=world.commune,
        kind="people",
        file_name="ds.xlsx",
        content=xlsx(rows, group_header=False, headers=HEADERS),
    )
    services.start(batch, "check")
    batch.refresh_from_db()
    return batch, {r.number: r for r in batch.rows.all()}


BAD = [
    ("phone", "gọi cho tôi"),
    ("date_of_birth", "01/01/0001"),
    ("clock_start_date", "01/01/2100"),
    ("term_months", "9999"),  # within the column's range on PostgreSQL (32767), over the law's
]


@pytest.mark.parametrize(("field", "value"), BAD)
def test_a_bad_value_gets_the_web_forms_message_naming_its_cell(world, client, field, value):
    client.force_login(world.head)
    data = {
        "full_name": "Nguyễn Văn Một",
        "date_of_birth": "05/03/1990",
        "sex": "male",
        "category": "prison_released",
        "area": world.area.pk,
    }
    form = client.post(reverse("cases:create"), {**data, field: value}).context["form"]
    batch, lines = _check(world, [_row(**{field: value})])
    row = lines[FIRST_ROW]
    assert row.action == "error"
    assert row.messages == [f"Ô {COLUMN[field]}{FIRST_ROW}: {form.errors[field][0]}"]
    assert not Subject.objects.exists()


def test_the_phone_number_is_stored_in_digits_and_one_excel_stored_as_a_number_gets_its_zero_back(world):
    batch, lines = _check(world, [_row("Nguyễn Văn Một", phone="0912 345 678"), _row("Nguyễn Văn Hai", phone=912345679)])
    assert (lines[3].action, lines[3].data["phone"]) == ("new", "0912345678")
    assert (lines[4].action, lines[4].data["phone"]) == ("new", "0912345679")
    assert "Ô F4: Excel đã làm mất số 0 đầu: 912345679 → 0912345679." in lines[4].messages
    services.confirm(batch, actor=world.front, mode="all")
    assert sorted(Subject.objects.values_list("phone", flat=True)) == ["0912345678", "0912345679"]


def test_the_offence_summary_has_the_web_forms_limit(world):
    limit = SubjectForm().fields["offence_summary"].max_length
    column = next(c for c in KINDS["people"].columns if c.key == "offence_summary")
    assert column.max_length == limit == 5000
    batch, lines = _check(
        world, [_row("Nguyễn Văn Một", offence_summary="x" * 3000), _row("Nguyễn Văn Hai", offence_summary="x" * (limit + 1))]
    )
    assert lines[3].action == "new"
    assert lines[4].messages == [f"Ô I4 (Tóm tắt hành vi vi phạm): dài quá {limit} ký tự."]


def test_every_text_column_of_a_person_has_the_web_forms_limit(world):
    form = SubjectForm()
    for column in KINDS["people"].columns:
        if column.key in form.fields and column.type in ("text", "name", "phone"):
            assert column.max_length == form.fields[column.key].max_length, column.key


@pytest.fixture
def hang(world):
    """Bùi Thị Hằng, a mentor of the xã in the Đông Sơn chi hội; another chi hội in Núi Móng."""
    other = Branch.objects.create(
        commune=world.commune, area=world.area2, organisation=OrganisationType.WOMEN, name="Chi hội Phụ nữ thôn Núi Móng"
    )
    return Mentor.objects.create(full_name="Bùi Thị Hằng", commune=world.commune, branch=world.branch), other


def test_a_mentor_of_another_chi_hoi_is_named_with_the_chi_hoi_she_belongs_to(world, hang):
    batch, lines = _check(
        world,
        [
            _row("Nguyễn Văn Một", branch="Chi hội Phụ nữ thôn Núi Móng", mentor="Bùi Thị Hằng"),
            _row("Nguyễn Văn Hai", branch="Chi hội Phụ nữ thôn Núi Móng", mentor="Người Không Có"),
            _row("Nguyễn Văn Ba", branch="Chi hội Không Có", mentor="Bùi Thị Hằng"),
            _row("Nguyễn Văn Bốn", branch="Chi hội Phụ nữ Đông Sơn", mentor="bui thi hang"),
        ],
    )
    assert lines[3].messages == [
        "Ô K3: người giúp đỡ “Bùi Thị Hằng” có trong xã nhưng thuộc “Chi hội Phụ nữ Đông Sơn”, không thuộc “Chi hội Phụ nữ thôn Núi Móng”; "
        "hãy sửa tên chi hội / chi đoàn hoặc người giúp đỡ."
    ]
    assert lines[4].messages == ["Ô K4: không có người giúp đỡ “Người Không Có” trong xã."]
    assert lines[5].messages == ["Ô J5: không có chi hội / chi đoàn “Chi hội Không Có” trong xã."]
    assert (lines[6].action, lines[6].data["mentor"], lines[6].data["branch"]) == ("new", hang[0].pk, world.branch.pk)


def test_a_respected_person_without_a_chi_hoi_helps_under_the_chi_hoi_named(world):
    elder = Mentor.objects.create(full_name="Cụ Đỗ Văn Thịnh", kind=Mentor.Kind.RESPECTED_PERSON, commune=world.commune)
    batch, lines = _check(
        world,
        [_row("Nguyễn Văn Một", mentor="Cụ Đỗ Văn Thịnh"), _row("Nguyễn Văn Hai", branch=world.branch.name, mentor="Cụ Đỗ Văn Thịnh")],
    )
    assert lines[3].messages == [
        "Ô K3: người giúp đỡ “Cụ Đỗ Văn Thịnh” không thuộc chi hội / chi đoàn nào; hãy ghi chi hội / chi đoàn nhận giúp đỡ."
    ]
    assert (lines[4].action, lines[4].data["branch"], lines[4].data["mentor"]) == ("new", world.branch.pk, elder.pk)
    services.confirm(batch, actor=world.front, mode="valid")
    assignment = Assignment.objects.get()
    assert (assignment.mentor, assignment.branch, assignment.case.subject.full_name) == (elder, world.branch, "Nguyễn Văn Hai")


def test_a_year_written_in_four_digits_is_read_as_written_and_two_digits_as_this_century_or_the_last():
    from imports import cleaning

    assert cleaning.date("01/01/0001") == dt.date(1, 1, 1)  # then refused by the model, as on the form
    assert cleaning.date("05/03/90") == dt.date(1990, 3, 5)
    assert cleaning.date("05/03/05") == dt.date(2005, 3, 5)
