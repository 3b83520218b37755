from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from accounts.selectors import user_scope
from cases.errors import DomainError, PermissionRefused
from cases.models import TERMINAL_STATES, CaseStatus
from cases.permissions import may
from cases.selectors import get_case_for_user
from mentors import selectors, services
from mentors.forms import AssignForm, DeactivateMentorForm, HandoverForm, VisitCorrectionForm, VisitForm
from mentors.models import Mentor, Visit
from mentors.selectors import branches_of, current_assignment, mentors_with_load


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    name = "assign" if case.status == CaseStatus.IDENTIFIED else "reassign"
    if not may(request.user, case, name):
        raise PermissionDenied(_("Bạn không có quyền phân công hồ sơ này."))
    current = current_assignment(case)
    form = AssignForm(
        request.POST or None,
        branches=branches_of(case.commune_id),
        mentors=mentors_with_load(case.commune_id),
        initial={"branch": current.branch_id if current else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assign_case(case, actor=request.user, branch=data["branch"], mentor=data["mentor"], reason=data["reason"])
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã phân công %(mentor)s giúp đỡ %(name)s.") % {"mentor": data["mentor"], "name": case.subject})
            return redirect("cases:detail", pk=case.pk)
    return render(request, "mentors/assignment_form.html", {"case": case, "form": form, "current": current, "is_reassign": name == "reassign"})


# --- the mentor's workspace --------------------------------------------------------------------


@login_required
def mentor_home(request: HttpRequest) -> HttpResponse:
    """Người tôi giúp đỡ: the mentor's open cases, those most in need of contact first."""
    if Role.MENTOR not in user_scope(request.user).roles:
        raise Http404(_("Không tìm thấy trang."))
    cards = selectors.my_cases(request.user)
    return render(
        request,
        "mentors/mentor_home.html",
        {"cards": cards, "needs_contact_count": sum(1 for c in cards if c.needs_contact)},
    )


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
@require_http_methods(["GET", "POST"])
def visit_log(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if not selectors.may_log_visit(request.user, case):
        raise PermissionDenied(_("Bạn không thể ghi nhận tiếp xúc cho hồ sơ này."))
    form = VisitForm(request.POST or None, initial={"visit_date": selectors.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.log_visit(case, actor=request.user, **form.service_kwargs())
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            _form_error(form, exc)
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
    if case.status in TERMINAL_STATES:
        raise PermissionDenied(_("Hồ sơ đã kết thúc, không thể sửa tiếp xúc."))
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
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã sửa lần tiếp xúc; bản cũ vẫn được lưu trong lịch sử."))
            return redirect(reverse("cases:detail", args=[case.pk]) + f"?saved=visit-{case.pk}-{visit.pk}#dien-bien")
    return render(request, "mentors/visit_form.html", {"case": case, "form": form, "is_correction": True, "visit": visit})


# --- caseload and handover ---------------------------------------------------------------------


def _require_supervisor(request: HttpRequest) -> None:
    if not selectors.may_supervise(request.user):
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
            _form_error(form, exc)
        else:
            messages.success(request, _("%(name)s đã ngừng hoạt động. Vui lòng phân công lại các hồ sơ đang giúp đỡ.") % {"name": mentor.full_name})
            return redirect("mentors:handover")
    open_cases = selectors.open_caseload(mentor)[0]
    return render(request, "mentors/mentor_deactivate.html", {"mentor": mentor, "form": form, "open_cases": open_cases})


@login_required
@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest) -> HttpResponse:
    """Cases of mentors who stopped (or left their branch), reassigned in one step."""
    _require_supervisor(request)
    rows = list(selectors.handover_assignments(request.user))
    communes = selectors.supervised_communes(request.user)
    mentors = Mentor.objects.filter(commune_id__in=communes, is_active=True).select_related("branch").order_by("full_name")
    if len(communes) == 1:
        mentors = mentors_with_load(next(iter(communes)))
    form = HandoverForm(request.POST or None, rows=rows, mentors=mentors)
    if request.method == "POST" and rows and form.is_valid():
        try:
            done = services.reassign_cases(form.items, actor=request.user, reason=form.cleaned_data["reason"] or _("Bàn giao"))
        except PermissionRefused as exc:
            form.add_error(None, exc.message)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã phân công lại %(n)d hồ sơ.") % {"n": len(done)})
            return redirect("mentors:handover")
    return render(request, "mentors/handover_form.html", {"form": form, "rows": rows})
