"""The case page's forms whose changes other records hang on: the transitions (close,
transfer, graduate, escalate, resolve, start mentoring), assignment and the handover. They
live here, beside the orchestration they call (workflows.lifecycle), which writes every
consequence in the same transaction. Thin: validate, fetch through a selector, call one
lifecycle function, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import access, legal, legal_views, policy
from cases.errors import DomainError, PermissionRefused
from cases.forms import TransitionForm
from cases.models import CaseStatus
from cases.policy import TRANSITION_LABELS
from cases.selectors import get_case_for_user
from config.http import form_error
from mentors import policy as mentor_policy
from mentors import selectors as mentor_selectors
from mentors.forms import AssignForm, HandoverForm
from mentors.models import Mentor
from mentors.selectors import branches_of, current_assignment, mentors_with_load
from workflows import lifecycle


@login_required
@require_http_methods(["GET", "POST"])
def case_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    if name not in policy.MANUAL_TRANSITIONS:
        raise Http404
    case = get_case_for_user(request.user, pk, action=name)
    form = TransitionForm(request.POST or None, transition=name, revision=case.revision)
    if request.method == "POST" and form.is_valid():
        try:
            result = lifecycle.run_transition(name, case, actor=request.user, data=form.cleaned_data)
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": TRANSITION_LABELS[name]})
            if name == "transfer":
                messages.info(request, _("Hồ sơ mới đã được lập tại nơi đến (mã hồ sơ #%(pk)d).") % {"pk": result.pk})
            case.refresh_from_db()
            # The police resolve escalations from their inbox: back to what remains there.
            if name == "resolve_escalation" and policy.may_see_escalations(request.user):
                return redirect("cases:escalations")
            # A transfer to another commune, say: the case may no longer be ours to open.
            if not access.may_read(request.user, case):
                return redirect("cases:escalations" if policy.may_see_escalations(request.user) else "cases:list")
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/case_transition.html",
        {"case": case, "form": form, "name": name, "label": TRANSITION_LABELS[name], "status_label": CaseStatus(case.status).label},
    )


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    decision = mentor_policy.can_assign(request.user, case)
    if not decision:
        raise PermissionDenied(decision.reason)
    current = current_assignment(case)
    form = AssignForm(
        request.POST or None,
        branches=branches_of(case.commune_id),
        mentors=mentors_with_load(case.commune_id),
        initial={"branch": current.branch_id if current else None},
        revision=case.revision,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lifecycle.assign_case(
                case,
                actor=request.user,
                branch=data["branch"],
                mentor=data["mentor"],
                reason=data["reason"],
                expected_revision=data["revision"],
            )
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã phân công %(mentor)s giúp đỡ %(name)s.") % {"mentor": data["mentor"], "name": case.subject})
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "mentors/assignment_form.html",
        {"case": case, "form": form, "current": current, "is_reassign": case.status != CaseStatus.IDENTIFIED},
    )


@login_required
@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest) -> HttpResponse:
    """Cases of mentors who stopped (or left their branch), reassigned in one step."""
    if not mentor_policy.may_supervise(request.user):
        raise Http404(_("Không tìm thấy trang."))
    rows = list(mentor_selectors.handover_assignments(request.user))
    communes = mentor_selectors.supervised_communes(request.user)
    mentors = Mentor.objects.filter(commune_id__in=communes, is_active=True).select_related("branch").order_by("full_name")
    if len(communes) == 1:
        mentors = mentors_with_load(next(iter(communes)))
    form = HandoverForm(request.POST or None, rows=rows, mentors=mentors)
    if request.method == "POST" and rows and form.is_valid():
        try:
            done = lifecycle.reassign_cases(form.items, actor=request.user, reason=form.cleaned_data["reason"] or _("Bàn giao"))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã phân công lại %(n)d hồ sơ.") % {"n": len(done)})
            return redirect("lifecycle:handover")
    return render(request, "mentors/handover_form.html", {"form": form, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def end_by_clock(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    legal_views.require_legal_action(request.user, case, "end_by_clock")
    clock = legal.legal_clock(case.subject)
    form = legal_views.ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.end_by_legal_clock(case, actor=request.user, reason=form.cleaned_data["reason"])
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã kết thúc quản lý theo thời hạn luật định."))
            return redirect("cases:detail", pk=case.pk)
    intro = ""
    if clock.end and clock.end_rule:
        intro = _("Hết thời hạn ngày %(end)s: %(rule)s (%(source)s). Xác nhận để kết thúc hồ sơ với căn cứ này.") % {
            "end": clock.end.strftime("%d/%m/%Y"),
            "rule": clock.end_rule.label,
            "source": clock.end_rule.source,
        }
    return legal_views._page(request, "form.html", case=case, form=form, title=_("Xác nhận kết thúc theo thời hạn luật định"), intro=intro)
