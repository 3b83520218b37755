"""Exporting the case list: the filters the user is looking at, the columns the reader may see,
one access-log row per exported case."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import AccessLog
from conftest import drive, list_person

pytestmark = pytest.mark.django_db


def _rows(response):
    content = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))


def test_the_export_has_the_lists_filters_and_logs_every_case(world, login):
    list_person(
        world,
        full_name="Nguyễn Văn Hùng",
        national_id="027090001234",
        date_of_birth=dt.date(1990, 3, 4),
        offence_summary="Trộm cắp tài sản",
    )
    list_person(world, full_name="Trần Thị Hương", sex="female", date_of_birth=dt.date(1992, 1, 1))
    list_person(world, full_name="Phạm Văn Xa", area=world.other_area, actor=world.outsider)
    response = login(world.front).get(reverse("cases:list_export"), {"q": "hung"})
    assert response["Content-Disposition"].startswith("attachment")
    rows = _rows(response)
    assert rows[0][1] == "Họ và tên" and len(rows) == 2
    assert (rows[1][1], rows[1][2], rows[1][4], rows[1][12]) == ("Nguyễn Văn Hùng", 1990, "027090001234", "Trộm cắp tài sản")
    assert list(AccessLog.objects.values_list("user__username", "action")) == [("front", "export")]
    everything = _rows(login(world.front).get(reverse("cases:list_export")))
    assert len(everything) == 3  # the other commune's case is not in the front's list


def test_a_mentor_gets_neither_the_offence_summary_nor_the_full_identity_number(world, login):
    case = list_person(
        world, full_name="Lê Văn Tám", national_id="027080001111", date_of_birth=dt.date(1980, 1, 2), offence_summary="Cố ý gây thương tích"
    )
    drive(world, case, "assigned")
    rows = _rows(login(world.users["mentor"]).get(reverse("cases:list_export")))
    assert len(rows) == 2
    assert rows[1][4] == "027******111" and rows[1][12] in (None, "")
    assert AccessLog.objects.filter(user=world.users["mentor"], case=case, action="export").count() == 1


def test_the_export_is_refused_to_those_without_a_case_list(world, login):
    for persona in ("labour", "province", "admin"):
        assert login(world.users[persona]).get(reverse("cases:list_export")).status_code == 404
    assert not AccessLog.objects.exists()
