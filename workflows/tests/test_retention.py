"""Retention (issue 11): a dry run lists and changes nothing; a real run leaves nothing
identifying in the rows or their history, records an anonymisation event, and the report for
a past period gives the same figures before and after."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, CaseEvent, Notification, QuarterlyReview, Subject
from mentors.models import Visit
from reports.indicators import INDICATORS
from reports.periods import parse_period
from reports.selectors import build_report, resolve_place
from reports.tests.helpers import Story
from support.models import Referral
from workflows.retention import anonymise_closed_cases

NAME = "Trần Văn Bí Danh"
PHONE = "0987654321"
NID = "027090001234"


def _figures(world, period="2020Q1"):
    figures = build_report(resolve_place("commune", world.commune.code), parse_period(period), with_previous=False).root_figures
    return {ind.key: figures.value(ind) for ind in INDICATORS}


def _story(world):
    s = Story(world)
    old = s.listed(
        "2019-11-10",
        full_name=NAME,
        phone=PHONE,
        national_id=NID,
        address_detail="Số 9 ngõ Bí Mật",
        offence_summary="Trộm cắp tài sản của hàng xóm",
        category="at_risk",
    )
    s.assigned(old, "2019-12-01")
    s.mentoring(old, "2020-01-05")
    s.visit(old, "2020-02-03")
    Visit.objects.filter(case=old).update(notes=f"Gặp {NAME} tại nhà")
    QuarterlyReview.objects.create(
        case=old,
        quarter="2020Q1",
        rating="progressing",
        status="approved",
        approved_at=timezone.make_aware(dt.datetime(2020, 3, 20, 9)),
        narrative=f"{NAME} tiến bộ",
    )
    case_services.flag_concern(old, actor=world.mentor.user, kind="lost_contact", note=f"Không liên lạc được với {NAME}")
    s.referral(old, "job", "2020-02-10")
    s.closed(old, "2020-03-25", reason_code="moved")
    recent = s.listed("2025-11-10", full_name="Người Gần Đây", category="at_risk")
    s.closed(recent, "2026-01-10", reason_code="moved")
    return old, recent


def test_dry_run_lists_and_changes_nothing_then_the_real_run_anonymises_everything(world, capsys):
    old, recent = _story(world)
    before = _figures(world)
    assert any(before.values())  # the figures compared below are real ones, not all zero
    call_command("anonymise_closed_cases", "--dry-run")
    out = capsys.readouterr().out
    assert f"#{old.pk}" in out and f"#{recent.pk}" not in out and "Chạy thử" in out
    assert Subject.objects.get(pk=old.subject_id).full_name == NAME  # nothing changed

    result = anonymise_closed_cases()
    assert result.cases == [old.pk] and result.subjects == [old.subject_id]
    subject = Subject.objects.get(pk=old.subject_id)
    assert subject.full_name == f"Đã ẩn danh #{subject.pk}" and subject.phone == "" and subject.national_id == ""
    assert subject.address_detail == "" and subject.offence_summary == "" and subject.date_of_birth == dt.date(1990, 1, 1)
    # Nothing identifying left in the rows or their history.
    for row in Subject.history.filter(id=subject.pk).values():
        assert NAME not in str(row) and PHONE not in str(row) and NID not in str(row) and "Bí Mật" not in str(row)
    for model in (CaseEvent, Notification, QuarterlyReview, Visit, Referral):
        for row in model._base_manager.filter(case=old).values():
            assert NAME not in str(row), model
    for model in (QuarterlyReview, Visit, Referral):
        for row in model.history.filter(case_id=old.pk).values():
            assert NAME not in str(row) and "Cần hỗ trợ" not in str(row), model
    event = CaseEvent.objects.get(case=old, transition="anonymised")
    assert event.data["rows"]["mentors.Visit"] == 1
    # The other, recent case is untouched; the past period's figures are the same.
    assert Subject.objects.get(pk=recent.subject_id).full_name == "Người Gần Đây"
    assert _figures(world) == before
    assert Case.objects.get(pk=old.pk).status == "closed"
    # A second run finds nothing more to do.
    assert anonymise_closed_cases().cases == []
