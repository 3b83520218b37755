"""Dashboards and exports. Aggregates only: no page of this app names a person or a case."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.models import NON_TERMINAL_STATES, CaseStatus, Category
from config.http import client_ip
from reports import charts, dashboards
from reports.exports import export_filename, write_pdf, write_xlsx
from reports.forms import PeriodForm, initial_for
from reports.indicators import INDICATORS_BY_KEY, LEVEL_LABELS, REFERRAL_OUTCOMES, PlaceRef
from reports.periods import Period, PeriodError, current_half, parse_period, quarter_ends_until
from reports.selectors import (
    build_report,
    child_level,
    may_see_reports,
    parent_of,
    place_allowed,
    report_roots,
    resolve_place,
    state_series,
)
from reports.services import log_export

# The key figures at the top of a dashboard.
KEY_FIGURES = [
    "active",
    "new",
    "with_mentor_share",
    "contacted_share",
    "needs_contact",
    "progress_share",
    "graduated",
    "escalated",
    "reoffending_rate",
    "branches_adopting_share",
    "ref_sent",
    "loan_amount",
]
# The columns of the drill-down table.
CHILD_COLUMNS = ["active", "new", "with_mentor_share", "contacted_share", "progress_share", "graduated", "reoffended", "ref_sent"]


def _url(place: PlaceRef) -> str:
    return reverse("reports:place", args=[place.level, place.code])


def _place_or_404(request: HttpRequest, level: str, code: str) -> PlaceRef:
    if not may_see_reports(request.user):
        raise PermissionDenied(_("Bạn không có quyền xem báo cáo."))
    place = resolve_place(level, code)
    if place is None or not place_allowed(request.user, place):
        raise Http404(_("Không tìm thấy địa bàn."))
    return place


@dataclass(frozen=True)
class AskedPeriod:
    """The period a request asks for and the picker to show with it."""

    period: Period | None  # None: what was asked cannot be read
    form: PeriodForm  # bound, with its errors, when the lists were used and were wrong
    error: str | None = None  # a period written in a link that cannot be read


def _asked_period(request: HttpRequest) -> AskedPeriod:
    """The period picked from the lists (ky, nam, tu, den), or written in `period` (a code in
    links, or as people write it); the current half when nothing is asked."""
    if "ky" in request.GET:
        form = PeriodForm(request.GET)
        if form.is_valid() and "period" in form.cleaned_data:
            period = form.cleaned_data["period"]
            return AskedPeriod(period, PeriodForm(initial=initial_for(period)))
        return AskedPeriod(None, form)
    raw = request.GET.get("period", "").strip()
    try:
        period = parse_period(raw) if raw else current_half()
    except PeriodError as exc:
        return AskedPeriod(None, PeriodForm(initial=initial_for(current_half())), str(exc))
    return AskedPeriod(period, PeriodForm(initial=initial_for(period)))


def _period(request: HttpRequest) -> tuple[Period, PeriodForm]:
    """For a page: the period asked for and its picker. A period that cannot be read shows the
    current half instead, saying why: next to the fields picked wrong (the picker keeps what
    was picked), or as a message for a link."""
    asked = _asked_period(request)
    if asked.error:
        messages.error(request, asked.error)
    return asked.period or current_half(), asked.form


@login_required
def index(request: HttpRequest) -> HttpResponse:
    roots = report_roots(request.user)
    if not roots:
        raise PermissionDenied(_("Bạn không có quyền xem báo cáo."))
    target = _url(roots[0])
    query = request.GET.urlencode()  # the picked period (period=, or ky/nam/tu/den) goes along
    return redirect(f"{target}?{query}" if query else target)


def _crumbs(request, place: PlaceRef) -> list[PlaceRef]:
    chain = []
    cur = parent_of(place)
    while cur is not None and place_allowed(request.user, cur):
        chain.insert(0, cur)
        cur = parent_of(cur)
    return chain


@login_required
def place_dashboard(request: HttpRequest, level: str, code: str) -> HttpResponse:
    place = _place_or_404(request, level, code)
    period, period_form = _period(request)
    shown = None
    if dashboards.stored(place):
        # a nation's or a province's figures, as last built (reports.dashboards)
        shown = dashboards.dashboard(place, period)
        if shown.report is None:  # the nation's first build, under way or failed
            return render(
                request,
                "reports/dashboard_building.html",
                {
                    "place": place,
                    "period": period,
                    "shown": shown,
                    "period_form": period_form,
                    "roots": [(r, _url(r) + f"?period={period.code}") for r in report_roots(request.user)],
                },
            )
        report, series = shown.report, shown.series
    else:
        report = build_report(place, period)
        series = state_series(place, quarter_ends_until(period.end, dashboards.SERIES_ENDS))
    root = report.root_figures
    rows = root.rows()
    sections: dict[str, list] = {}
    for row in rows:
        sections.setdefault(row["section"], []).append(row)
    by_key = {r["key"]: r for r in rows}

    state_chart = charts.stacked_columns(
        [(d.strftime("%d/%m/%Y"), counts) for d, counts in series],
        [(s, str(CaseStatus(s).label)) for s in NON_TERMINAL_STATES],
        title=_("Người đang được quản lý theo trạng thái"),
    )
    category_chart = charts.horizontal_bars(
        [(str(c.label), root.counts.get(f"cat:{c}", 0)) for c in Category], title=_("Người đang được quản lý theo diện")
    )
    progress = by_key["progress_share"]
    progress_chart = charts.progress_against_target(progress["value"], progress["target"], title=_("Tỷ lệ tiến bộ so với mục tiêu"))
    branches = by_key["branches_adopting_share"]
    branch_chart = charts.progress_against_target(
        branches["value"], branches["target"], title=_("Tỷ lệ chi hội, chi đoàn nhận giúp đỡ so với mục tiêu")
    )
    contacted = by_key["contacted_share"]
    contact_chart = charts.progress_against_target(contacted["value"], contacted["target"], title=_("Tỷ lệ được tiếp xúc trong kỳ"))
    referral_chart = charts.horizontal_bars(
        [(str(label), root.counts.get(f"ref_out:{key}", 0)) for key, label in REFERRAL_OUTCOMES],
        title=_("Đề nghị hỗ trợ theo kết quả trong kỳ"),
    )

    children = report.children()
    sub_level = child_level(place.level) if children else None
    child_inds = [INDICATORS_BY_KEY[k] for k in CHILD_COLUMNS]
    child_rows = [
        {
            "place": f.place,
            "url": _url(f.place) + f"?period={period.code}",
            "cells": [(i.value(f.counts), i.value(f.previous), i.kind) for i in child_inds],
        }
        for f in children
    ]
    return render(
        request,
        "reports/place_dashboard.html",
        {
            "place": place,
            "level_label": LEVEL_LABELS[place.level],
            "period": period,
            "report": report,
            "key_figures": [by_key[k] for k in KEY_FIGURES],
            "not_rated": by_key["not_rated"],
            "sections": sections,
            "state_chart": state_chart,
            "category_chart": category_chart,
            "progress_chart": progress_chart,
            "branch_chart": branch_chart,
            "contact_chart": contact_chart,
            "referral_chart": referral_chart,
            "child_level_label": LEVEL_LABELS.get(sub_level) if sub_level else None,
            "child_columns": child_inds,
            "child_rows": child_rows,
            "crumbs": [(c, _url(c) + f"?period={period.code}") for c in _crumbs(request, place)],
            "roots": [(r, _url(r) + f"?period={period.code}") for r in report_roots(request.user)],
            "period_form": period_form,
            **_sending(request, place, period),
            "definitions": {r["key"]: r["definition"] for r in rows},
            "shown": shown,
        },
    )


@login_required
@require_POST
def place_refresh(request: HttpRequest, level: str, code: str) -> HttpResponse:
    """Build a nation's or a province's figures again in the background, for whoever may read
    its page (the page's button); the page keeps showing the last build meanwhile."""
    place = _place_or_404(request, level, code)
    try:
        period = parse_period(request.POST.get("period", ""))
    except PeriodError as exc:
        messages.error(request, _("Kỳ báo cáo: %(error)s") % {"error": exc})
        return redirect(_url(place))
    if dashboards.stored(place) and dashboards.refresh(place, period):
        messages.info(request, _("Đang tính lại số liệu. Tải lại trang sau ít phút để xem số liệu mới."))
    return redirect(_url(place) + f"?period={period.code}")


def _sending(request: HttpRequest, place: PlaceRef, period: Period) -> dict:
    """The commune's sending panel (its front officer sends; its officers see what was sent)
    and, for a province, the link to the follow-up of its communes."""
    from areas.models import Commune
    from reports.periods import send_by
    from reports.policy import can_follow_submissions, can_submit_report, may_see_commune_submissions
    from reports.services import SUBMITTABLE_KINDS
    from reports.submissions import history

    out: dict = {"send_by": send_by(period)}
    if place.level == "commune" and may_see_commune_submissions(request.user, place.id):
        versions = history(Commune(pk=place.id), period)
        out.update(
            show_sending=True,
            may_submit=bool(can_submit_report(request.user, place.id)) and period.kind in SUBMITTABLE_KINDS,
            submittable=period.kind in SUBMITTABLE_KINDS,
            sent_versions=versions,
        )
    if place.level == "province" and can_follow_submissions(request.user, place.id):
        out["follow_url"] = reverse("reports:follow", args=[place.code]) + f"?period={period.code}"
    return out


EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@login_required
def place_export(request: HttpRequest, level: str, code: str, fmt: str) -> HttpResponse:
    place = _place_or_404(request, level, code)
    if fmt not in EXPORT_TYPES:
        raise Http404(_("Định dạng không hỗ trợ."))
    asked = _asked_period(request)
    if asked.period is None:
        # No file of another period: back to the report page with what was asked, where the
        # picker or a message says what is wrong with it.
        return redirect(f"{_url(place)}?{request.GET.urlencode()}")
    period = asked.period
    if fmt == "xlsx" and place.level == "nation":
        # the whole country: made in the background, province by province (reports.workbook)
        from reports.workbook import request_workbook

        job = request_workbook(user=request.user, place=place, period=period)
        return redirect("reports:job", job.pk)
    report = build_report(place, period, grain="area")
    out = tempfile.TemporaryFile()
    if fmt == "xlsx":
        write_xlsx(report, out)
    else:
        write_pdf(report, out)
    log_export(user=request.user, place=place, period=period, fmt=fmt, ip_address=client_ip(request))
    out.seek(0)
    filename = export_filename(place, period, fmt)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=EXPORT_TYPES[fmt])


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A workbook made in the background: its progress (the page reloads itself while it
    runs) and, once done, the file (`?tai-ve=1`, logged as every export). Only the person who
    asked sees the job, while the policy still allows them its place; for anyone else it
    does not exist."""
    from reports.models import ReportJob
    from reports.workbook import expire_old_files, export_dir

    expire_old_files()
    job = ReportJob.objects.filter(pk=pk, requested_by=request.user).first()
    if job is None:
        raise Http404(_("Không tìm thấy yêu cầu xuất báo cáo."))
    # the requester must still be allowed the place (the policy, as for the report itself):
    # access withdrawn since the request ends the download too
    place = _place_or_404(request, job.place_level, job.place_code)
    period = parse_period(job.period)
    if request.GET.get("tai-ve"):
        path = export_dir() / job.file_name if job.file_name else None
        if job.status != ReportJob.Status.DONE or path is None or not path.exists():
            raise Http404(_("Tệp chưa sẵn sàng hoặc đã hết hạn lưu."))
        log_export(user=request.user, place=place, period=period, fmt=job.format, ip_address=client_ip(request))
        return FileResponse(
            open(path, "rb"),  # noqa: SIM115 (FileResponse closes it)
            as_attachment=True,
            filename=export_filename(place, period, job.format),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    running = job.status in (ReportJob.Status.QUEUED, ReportJob.Status.RUNNING)
    return render(request, "reports/job_detail.html", {"job": job, "place": place, "period": period, "running": running})
