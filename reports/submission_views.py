"""Pages for reports sent up the line: the commune sends (POST only), the province follows who
sent what and when, anyone allowed reads a sent report as it was sent (GET only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from areas.models import Commune, Province
from cases.errors import DomainError
from reports import dashboards
from reports.forms import PeriodForm, initial_for
from reports.indicators import INDICATORS_BY_KEY
from reports.models import ReportSubmission
from reports.periods import Period, parse_period, quarter
from reports.policy import can_follow_submissions, can_submit_report, may_see_commune_submissions
from reports.selectors import resolve_place
from reports.services import submit_report
from reports.submissions import LATE, MISSING, NOT_DUE, ON_TIME, figures_of, history, province_follow_up

FOLLOW_FIGURES = ["active", "new", "with_mentor_share", "progress_share", "not_rated", "branches_adopting_share", "graduated", "reoffended"]


def _status_label(status: str) -> str:
    return {
        ON_TIME: _("Đã gửi đúng hạn"),
        LATE: _("Gửi muộn"),
        MISSING: _("Chưa gửi (quá hạn)"),
        NOT_DUE: _("Chưa gửi (chưa đến hạn)"),
    }[status]


@login_required
@require_POST
def submit(request: HttpRequest, code: str) -> HttpResponse:
    """Login first, then POST only (405 for a GET). A commune whose report the user may not
    read is not found, whether it exists or not (the dashboard's rule); a reader who may not
    send gets the 403 page with the reason; bad input from the sender goes back to the
    dashboard with the message."""
    from reports.views import _place_or_404

    place = _place_or_404(request, "commune", code)
    decision = can_submit_report(request.user, place.id)
    if not decision:
        raise PermissionDenied(decision.reason)
    commune = Commune.objects.get(pk=place.id)
    target = reverse("reports:place", args=["commune", commune.code])
    try:
        period = parse_period(request.POST.get("period", ""))
    except ValueError as exc:
        messages.error(request, _("Kỳ báo cáo: %(error)s") % {"error": exc})
        return redirect(target)
    target += f"?period={period.code}"
    try:
        sent = submit_report(commune, actor=request.user, period=period, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect(target)
    if sent.version > 1:
        messages.success(
            request,
            _("Đã gửi lại báo cáo %(period)s (lần %(v)s, số %(n)s).") % {"period": period.name, "v": sent.version, "n": sent.number},
        )
    else:
        messages.success(request, _("Đã gửi báo cáo %(period)s lên tỉnh (số %(n)s).") % {"period": period.name, "n": sent.number})
    return redirect(target)


def _follow_period(request: HttpRequest) -> tuple[Period, PeriodForm]:
    from reports.views import _period

    if "ky" in request.GET or request.GET.get("period"):
        return _period(request)
    period = default_follow_period()
    return period, PeriodForm(initial=initial_for(period))


def default_follow_period() -> Period:
    """The last quarter ended: the reports the province is following up by default."""
    from django.utils import timezone

    today = timezone.localdate()
    q = (today.month - 1) // 3 + 1
    return quarter(today.year - 1, 4) if q == 1 else quarter(today.year, q - 1)


@login_required
@require_safe
def follow(request: HttpRequest, code: str) -> HttpResponse:
    province = Province.objects.filter(code=code).first()
    if province is None or not can_follow_submissions(request.user, province.pk):
        raise Http404(_("Không tìm thấy địa bàn."))
    period, period_form = _follow_period(request)
    data = province_follow_up(province, period)
    # the province's figures as its dashboard last built them (reports.dashboards), not a
    # province's report in the request
    shown = dashboards.dashboard(resolve_place("province", province.code), period)
    live, built = shown.report.root_figures, shown.row  # a province's first build is made in the request
    figures = [
        {"indicator": INDICATORS_BY_KEY[k], "sent": INDICATORS_BY_KEY[k].value(data["rolled_up"]), "live": live.value(INDICATORS_BY_KEY[k])}
        for k in FOLLOW_FIGURES
    ]
    rows = [
        {
            "commune": r.commune,
            "status": r.status,
            "status_label": _status_label(r.status),
            "latest": r.latest,
            "first": r.first,
            "versions": r.versions,
            "detail_url": reverse("reports:submission", args=[r.latest.pk]) if r.latest else None,
        }
        for r in data["rows"]
    ]
    return render(
        request,
        "reports/follow_up.html",
        {
            "province": province,
            "period": period,
            "deadline": data["deadline"],
            "rows": rows,
            "counts": {_status_label(k): data["counts"].get(k, 0) for k in (ON_TIME, LATE, MISSING, NOT_DUE)},
            "figures": figures,
            "built": built,
            "period_form": period_form,
        },
    )


@login_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_object_or_404(ReportSubmission.objects.select_related("commune", "submitted_by", "corrects"), pk=pk)
    if not may_see_commune_submissions(request.user, submission.commune_id):
        raise Http404(_("Không tìm thấy báo cáo."))
    period = parse_period(submission.period_code)
    rows = figures_of(submission)
    sections: dict[str, list] = {}
    for row in rows:
        sections.setdefault(str(row["indicator"].section), []).append(row)
    return render(
        request,
        "reports/submission_detail.html",
        {"submission": submission, "period": period, "sections": sections, "versions": history(submission.commune, period)},
    )
