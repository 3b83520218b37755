"""The case list the user is looking at (with its filters), as an Excel file.

Streamed: rows are read from the database in chunks and written with a write-only workbook to a
temporary file that is then sent in chunks, so memory does not grow with the list. Every
exported case gets an access-log row (action "export"). The columns are those the reader may
see, read from the policy's projection of each case (cases.policy.project): a mentor gets
neither the offence summary, the classification nor the full identity number.
"""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook

from cases import policy, services
from cases.selectors import case_list_query
from config.http import client_ip

CHUNK = 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _date(value) -> str:
    return date_format(timezone.localtime(value) if hasattr(value, "tzinfo") else value, "d/m/Y") if value else ""


@login_required
def case_list_export(request: HttpRequest) -> FileResponse:
    if not policy.may_see_case_list(request.user):
        raise Http404(_("Không tìm thấy trang."))
    _form, qs = case_list_query(request.user, request.GET)
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
    ip = client_ip(request)
    reason = _("Xuất danh sách hồ sơ ra Excel")
    logged: list[int] = []
    count = 0
    for case in qs.iterator(chunk_size=CHUNK):
        view = policy.project(request.user, case)
        subject = view.subject
        ws.append(
            [
                case.pk,
                subject.full_name,
                subject.date_of_birth.year,
                subject.get_sex_display(),
                view.national_id,
                str(case.area),
                str(case.commune),
                subject.get_category_display(),
                view.classification or "",
                case.get_status_display(),
                _date(case.opened_at),
                case.mentor_user.display_name if case.mentor_user_id else "",
                view.offence_summary or "",
            ]
        )
        logged.append(case.pk)
        count += 1
        if len(logged) >= CHUNK:
            services.record_exports(logged, user=request.user, reason=reason, ip_address=ip)
            logged = []
    services.record_exports(logged, user=request.user, reason=reason, ip_address=ip)
    out = tempfile.TemporaryFile()
    wb.save(out)
    out.seek(0)
    name = f"ho-so-{timezone.localdate():%Y%m%d}.xlsx"
    response = FileResponse(out, as_attachment=True, filename=name, content_type=XLSX)
    response["X-Exported-Rows"] = str(count)
    return response
