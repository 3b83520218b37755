"""Police review of case histories: the full timeline, print and PDF export, the reason
form, "who looked", the escalation inbox, concerns and notifications. Every opening of case
content goes through cases.access.open_case (one access-log row per request)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import role_labels
from cases import access, policy, selectors, services
from cases.audit import Notification
from cases.errors import DomainError, PermissionRefused
from cases.forms import AccessReasonForm, CaseLookupForm, ConcernForm, TimelineFilterForm
from cases.models import AccessLog
from cases.policy import CaseView
from cases.selectors import case_access_log, get_case_for_user, open_escalations
from cases.timeline import KIND_LABELS, build_timeline, kind_choices, linked_cases
from config.forms import first_forbidden_character
from config.http import client_ip, form_error

ACCESS_PAGE_SIZE = 50


def _opened(request, pk, action):
    return access.open_case(request, pk, action)


@login_required
def case_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    opened = _opened(request, pk, AccessLog.Action.TIMELINE)
    if isinstance(opened, HttpResponse):
        return opened
    view = opened
    form = TimelineFilterForm(request.GET or None, kinds=kind_choices())
    kinds = date_from = date_to = None
    if form.is_valid():
        kinds = set(form.cleaned_data["kind"]) or None
        date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    timeline = build_timeline(view, kinds=kinds, date_from=date_from, date_to=date_to)
    return render(
        request,
        "cases/case_timeline.html",
        {
            "view": view,
            "case": view.case,
            "subject": view.subject,
            "form": form,
            "timeline": timeline,
            "kind_labels": {k: str(v) for k, v in KIND_LABELS.items()},
            "linked_cases": linked_cases(view),
        },
    )


def _history_context(request, view: CaseView) -> dict:
    scope_roles = role_labels(request.user)
    printed_by = request.user.display_name + (f" ({', '.join(scope_roles)})" if scope_roles else "")
    return {
        "view": view,
        "case": view.case,
        "subject": view.subject,
        "facts": view.facts(),
        "timeline": build_timeline(view),
        "printed_by": printed_by,
        "printed_at": timezone.now(),
    }


@login_required
def case_print(request: HttpRequest, pk: int) -> HttpResponse:
    opened = _opened(request, pk, AccessLog.Action.PRINT)
    if isinstance(opened, HttpResponse):
        return opened
    return render(request, "cases/case_print.html", _history_context(request, opened))


@login_required
def case_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from cases.export import render_case_pdf

    opened = _opened(request, pk, AccessLog.Action.EXPORT)
    if isinstance(opened, HttpResponse):
        return opened
    ctx = _history_context(request, opened)
    pdf = render_case_pdf(
        case=ctx["case"],
        subject=ctx["subject"],
        facts=ctx["facts"],
        timeline=ctx["timeline"],
        printed_by=ctx["printed_by"],
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ho-so-{opened.case.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def access_reason(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask an officer why they open a case outside their own active work. Shows nothing of
    the case but its number."""
    case = selectors.get_case_for_reading(request.user, pk)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    case_prefix = f"/cases/{case.pk}/"
    if not (
        next_url.startswith(case_prefix)
        and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()})
        and first_forbidden_character(next_url) is None  # a NUL in a Location header breaks the server
    ):
        next_url = reverse("cases:detail", args=[case.pk])
    if access.may_read(request.user, case):
        return redirect(next_url)
    form = AccessReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_access(
                case,
                user=request.user,
                reason_code=form.cleaned_data["reason_code"],
                reason_text=form.cleaned_data["reason_text"],
                ip_address=client_ip(request),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            return redirect(next_url)
    from django.conf import settings

    return render(
        request,
        "cases/access_reason.html",
        {"case_pk": case.pk, "form": form, "next": next_url, "hours": settings.DONG_HANH.get("ACCESS_GRANT_HOURS", 4)},
    )


@login_required
def case_access_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Ai đã xem: the head and the commune front see who opened their case."""
    case = get_case_for_user(request.user, pk)
    decision = policy.can_see_access_log(request.user, case)
    if not decision:
        raise PermissionDenied(decision.reason)
    page = Paginator(case_access_log(case), ACCESS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/case_access.html", {"case": case, "page": page})


@login_required
def escalation_inbox(request: HttpRequest) -> HttpResponse:
    if not policy.may_see_escalations(request.user):
        raise Http404(_("Không tìm thấy trang."))
    return render(request, "cases/escalation_inbox.html", {"cases": list(open_escalations(request.user))})


@login_required
@require_http_methods(["GET", "POST"])
def flag_concern(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    decision = policy.can_flag_concern(request.user, case)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_concern(case, actor=request.user, kind=form.cleaned_data["kind"], note=form.cleaned_data["note"])
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã gửi phản ánh dấu hiệu vi phạm tới Trưởng Ban Công tác Mặt trận và Công an xã."))
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/concern_form.html", {"case": case, "form": form})


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    items = Notification.objects.filter(recipient=request.user).select_related("case").order_by("-created_at", "-pk")
    page = Paginator(items, ACCESS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_notification_read(notification, user=request.user)
    return redirect("cases:notifications")


@login_required
@require_http_methods(["GET", "POST"])
def case_lookup(request: HttpRequest) -> HttpResponse:
    """A province officer reaches one case of their province by its number (its page then asks
    the reason), or finds the person by name or identity number: that lists names, so the
    reason comes with the query and every case listed gets its access-log row carrying it."""
    from cases import search

    if not policy.may_look_up_cases(request.user):
        raise Http404(_("Không tìm thấy trang."))
    form = CaseLookupForm(request.POST if request.method == "POST" else None)
    results = None
    if form.is_valid():
        text = form.cleaned_data["number"]
        reachable = selectors.reachable_cases(request.user)
        if text.isdigit() and reachable.filter(pk=int(text)).exists():
            return redirect("cases:detail", pk=int(text))
        if not search.words(text) or (text.replace(" ", "").isdigit() and not search.identity_digits(text)):
            form.add_error(
                "number", _("Số này không phải mã hồ sơ nào trong tỉnh của bạn; với số định danh, gõ đủ 12 số hoặc ít nhất 4 số cuối.")
            )
        elif not form.cleaned_data["reason_code"]:
            form.add_error(
                "reason_code",
                _("Để tìm theo họ tên hoặc số định danh, hãy chọn lý do tra cứu; mỗi hồ sơ hiện ra được ghi vào nhật ký truy cập."),
            )
        else:
            found = []
            by_start = search.identity_prefix_q(text, prefix="subject__")
            if by_start is not None:
                # the start of a long identity number first (the pattern index), then the rest
                found = list(
                    reachable.filter(by_start)
                    .select_related("subject", "area", "commune")
                    .order_by("subject__full_name", "-opened_at")[: search.LOOKUP_LIMIT]
                )
            if len(found) < search.LOOKUP_LIMIT:
                found += list(
                    search.filter_subjects(reachable, text, prefix="subject__")
                    .exclude(pk__in=[c.pk for c in found])
                    .select_related("subject", "area", "commune")
                    .order_by("subject__full_name", "-opened_at")[: search.LOOKUP_LIMIT - len(found)]
                )
            try:
                services.record_lookup(
                    found,
                    user=request.user,
                    reason_code=form.cleaned_data["reason_code"],
                    reason_text=form.cleaned_data["reason_text"],
                    ip_address=client_ip(request),
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                results = found
                if not results:
                    form.add_error("number", _("Không có hồ sơ hoặc người nào khớp với nội dung này trong tỉnh của bạn."))
    return render(request, "cases/case_lookup.html", {"form": form, "results": results, "limit": search.LOOKUP_LIMIT})
