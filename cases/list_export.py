"""The case list the user is looking at (with its filters), as an Excel file.

Streamed: rows are read from the database in chunks and written with a write-only workbook to a
temporary file that is then sent in chunks, so memory does not grow with the list. Every
exported case gets an access-log row (action "export"). The columns are those the reader may
see: `reader_sees_full(...)` is a small stand-in until the access policy's projection replaces it
(a mentor gets neither the offence summary nor the full identity number).
"""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook

from accounts.selectors import user_scope
from cases import registry, search
from cases.forms import CaseFilterForm
from cases.identity import mask_national_id
from cases.models import AccessLog
from cases.permissions import FRONT, HEAD, POLICE
from cases.selectors import visible_cases

CHUNK = 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filtered_cases(user, params):
    """The case list's query for these GET parameters (the same filters as cases.views.case_list)."""
    from cases.views import scope_areas

    extensions = list(registry.list_extensions.values())
    form = CaseFilterForm(params or None, areas=scope_areas(user), extensions=extensions, user=user)
    qs = visible_cases(user).select_related("subject", "area", "commune", "mentor_user")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            qs = search.filter_subjects(qs, data["q"], prefix="subject__")
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["category"]:
            qs = qs.filter(subject__category=data["category"])
        if data["area"]:
            qs = qs.filter(area=data["area"])
        for ext in form.extensions:
            value = data.get(ext.filter_name)
            if value and ext.filter_apply:
                qs = ext.filter_apply(qs, value)
    return qs.order_by("-opened_at", "-pk")


def reader_sees_full(scope, case) -> bool:
    """Head, commune front and police of the case's place see everything; a mentor (through the
    assignment) sees a masked identity number and no offence summary."""
    return case.area_id in scope.head_area_ids or case.commune_id in (scope.front_commune_ids | scope.police_commune_ids)


def _date(value) -> str:
    return date_format(timezone.localtime(value) if hasattr(value, "tzinfo") else value, "d/m/Y") if value else ""


@login_required
def case_list_export(request: HttpRequest) -> FileResponse:
    scope = user_scope(request.user)
    if not scope.roles & {HEAD, FRONT, POLICE, "mentor"}:
        raise Http404(_("Không tìm thấy trang."))
    qs = filtered_cases(request.user, request.GET)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Danh sách hồ sơ"))
    ws.append(
        [
            _("Mã hồ sơ"),
            _("Họ và tên"),
            _("Năm sinh"),
            _("Giới tính"),
            _("Số định danh cá nhân"),
            _("Khu dân cư"),
            _("Xã/phường"),
            _("Diện đối tượng"),
            _("Phân loại"),
            _("Trạng thái"),
            _("Lập ngày"),
            _("Người giúp đỡ"),
            _("Tóm tắt hành vi vi phạm"),
        ]
    )
    now = timezone.now()
    roles = ",".join(sorted(scope.roles))
    ip = request.META.get("REMOTE_ADDR") or None
    reason = _("Xuất danh sách hồ sơ ra Excel")
    logs: list[AccessLog] = []
    count = 0
    for case in qs.iterator(chunk_size=CHUNK):
        subject = case.subject
        full = reader_sees_full(scope, case)
        ws.append(
            [
                case.pk,
                subject.full_name,
                subject.date_of_birth.year,
                subject.get_sex_display(),
                subject.national_id if full else mask_national_id(subject.national_id),
                str(case.area),
                str(case.commune),
                subject.get_category_display(),
                subject.get_classification_display() if full else "",
                case.get_status_display(),
                _date(case.opened_at),
                case.mentor_user.display_name if case.mentor_user_id else "",
                subject.offence_summary if full else "",
            ]
        )
        logs.append(
            AccessLog(user=request.user, roles=roles, case_id=case.pk, action=AccessLog.Action.EXPORT, reason=reason, ip_address=ip, at=now)
        )
        count += 1
        if len(logs) >= CHUNK:
            AccessLog.objects.bulk_create(logs)
            logs = []
    AccessLog.objects.bulk_create(logs)
    out = tempfile.TemporaryFile()
    wb.save(out)
    out.seek(0)
    name = f"ho-so-{timezone.localdate():%Y%m%d}.xlsx"
    response = FileResponse(out, as_attachment=True, filename=name, content_type=XLSX)
    response["X-Exported-Rows"] = str(count)
    return response
