from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.errors import DomainError, PermissionRefused
from cases.selectors import get_case_for_user
from config.http import form_error
from mentors import policy, selectors, services
from mentors.forms import DeactivateMentorForm, VisitCorrectionForm, VisitForm
from mentors.models import Mentor, Visit

# --- the mentor's workspace --------------------------------------------------------------------


@login_required
def mentor_home(request: HttpRequest) -> HttpResponse:
    """Người tôi giúp đỡ: the mentor's open cases, those most in need of contact first."""
    if not policy.may_use_mentor_home(request.user):
        raise Http404(_("Không tìm thấy trang."))
    cards = selectors.my_cases(request.user)
    return render(
        request,
        "mentors/mentor_home.html",
        {"cards": cards, "needs_contact_count": sum(1 for c in cards if c.needs_contact)},
    )


def _outbox_reply(request: HttpRequest, pk: int) -> JsonResponse:
    """A visit sent from the phone's outbox (static/js/offline.js, header X-DH-Outbox): the
    same checks as the form, against the case as it is now, answered in JSON so that the phone
    shows, per visit, sent or refused with the reason. A replay of a visit already saved (same
    idempotency key) answers "saved" with the same visit, whatever the case has become since."""
    key = (request.POST.get("idempotency_key") or "")[:64]
    earlier = selectors.visit_by_key(request.user, key)
    if earlier is not None:
        return JsonResponse({"status": "saved", "visit": earlier.pk, "replay": True})
    try:
        case = get_case_for_user(request.user, pk)
    except Http404:
        return JsonResponse({"status": "refused", "reason": _("Bạn không còn được giao giúp đỡ người này.")}, status=403)
    decision = policy.can_log_visit(request.user, case)
    if not decision:
        return JsonResponse({"status": "refused", "reason": str(decision.reason)}, status=403)
    form = VisitForm(request.POST)
    if form.is_valid():
        try:
            visit = services.log_visit(case, actor=request.user, **form.service_kwargs())
        except DomainError as exc:
            return JsonResponse({"status": "refused", "reason": str(exc.message)}, status=400)
        return JsonResponse({"status": "saved", "visit": visit.pk, "replay": False}, status=201)
    reasons = [
        f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
        for name, errors in form.errors.items()
    ]
    return JsonResponse({"status": "refused", "reason": "; ".join(reasons)}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def visit_log(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST" and request.headers.get("X-DH-Outbox") == "1":
        return _outbox_reply(request, pk)
    case = get_case_for_user(request.user, pk)
    decision = policy.can_log_visit(request.user, case)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = VisitForm(request.POST or None, initial={"visit_date": selectors.today(), "idempotency_key": uuid.uuid4().hex})
    if request.method == "POST" and form.is_valid():
        try:
            services.log_visit(case, actor=request.user, **form.service_kwargs())
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận tiếp xúc với %(name)s.") % {"name": case.subject.full_name})
            return redirect(reverse("cases:detail", args=[case.pk]) + f"?saved=visit-{case.pk}#dien-bien")
    return render(request, "mentors/visit_form.html", {"case": case, "form": form, "is_correction": False})


@login_required
@require_http_methods(["GET", "POST"])
def visit_correct(request: HttpRequest, pk: int) -> HttpResponse:
    visit = Visit.objects.filter(pk=pk, recorded_by=request.user).first()
    if visit is None:
        raise Http404(_("Không tìm thấy lần tiếp xúc."))
    case = get_case_for_user(request.user, visit.case_id)
    decision = policy.can_correct_visit(request.user, visit, case)
    if not decision:
        raise PermissionDenied(decision.reason)
    initial = {name: getattr(visit, name) for name in services.VISIT_FIELDS}
    local = selectors.localtime(visit.visited_at)
    initial.update(visit_date=local.date(), visit_time=local.time().replace(second=0, microsecond=0))
    form = VisitCorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_visit(visit, actor=request.user, reason=form.cleaned_data["reason"], **form.service_kwargs())
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã sửa lần tiếp xúc; bản cũ vẫn được lưu trong lịch sử."))
            return redirect(reverse("cases:detail", args=[case.pk]) + f"?saved=visit-{case.pk}-{visit.pk}#dien-bien")
    return render(request, "mentors/visit_form.html", {"case": case, "form": form, "is_correction": True, "visit": visit})


# --- caseload and handover ---------------------------------------------------------------------


def _require_supervisor(request: HttpRequest) -> None:
    if not policy.may_supervise(request.user):
        raise Http404(_("Không tìm thấy trang."))


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    _require_supervisor(request)
    overdue = list(selectors.cases_needing_contact(request.user)[:200])
    return render(
        request,
        "mentors/caseload_list.html",
        {
            "mentors": selectors.caseload(request.user),
            "overdue": overdue,
            "handover_count": selectors.handover_assignments(request.user).count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentor_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    _require_supervisor(request)
    mentor = Mentor.objects.filter(pk=pk, commune_id__in=selectors.supervised_communes(request.user)).first()
    if mentor is None:
        raise Http404(_("Không tìm thấy người giúp đỡ."))
    form = DeactivateMentorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deactivate_mentor(mentor, actor=request.user, reason=form.cleaned_data["reason"])
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request, _("%(name)s đã ngừng hoạt động. Vui lòng phân công lại các hồ sơ đang giúp đỡ.") % {"name": mentor.full_name}
            )
            return redirect("lifecycle:handover")
    open_cases = selectors.open_caseload(mentor)[0]
    return render(request, "mentors/mentor_deactivate.html", {"mentor": mentor, "form": form, "open_cases": open_cases})
