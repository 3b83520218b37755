"""The task inbox, the two review task pages and delegations. Thin: fetch through a selector,
call one service, turn refusals into form errors (never a 500)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_fsm import TransitionNotAllowed

from accounts.models import Membership, Role, User
from accounts.selectors import user_scope
from areas.models import ResidentialArea
from cases.errors import DomainError, PermissionRefused
from workflows import services
from workflows.forms import AssessmentForm, DecisionForm, DelegationForm
from workflows.inbox import inbox_entries
from workflows.models import Delegation
from workflows.review_flow import QuarterlyReviewFlow
from workflows.selectors import acting_for, get_review_task_for_user, review_for_task, review_visit_count


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    entries = inbox_entries(request.user)
    overdue = sum(1 for e in entries if e.overdue)
    scope = user_scope(request.user)
    return render(
        request, "workflows/task_list.html",
        {"entries": entries, "overdue_count": overdue, "can_delegate": bool(scope.head_area_ids or scope.front_commune_ids)},
    )


def _form_error(form, exc: Exception) -> None:
    if isinstance(exc, DomainError):
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    else:  # django_fsm.TransitionNotAllowed raised by a state machine deeper down
        form.add_error(None, _("Không thể thực hiện: trạng thái hồ sơ không cho phép thao tác này."))


@login_required
@require_http_methods(["GET", "POST"])
def review_task(request: HttpRequest, task_pk: int) -> HttpResponse:
    task = get_review_task_for_user(request.user, task_pk)
    review = review_for_task(task)
    if task.flow_task == QuarterlyReviewFlow.draft:
        return _draft(request, task, review)
    if task.flow_task == QuarterlyReviewFlow.decide:
        return _decide(request, task, review)
    raise Http404


def _draft(request, task, review) -> HttpResponse:
    visit_count = review_visit_count(review)
    form = AssessmentForm(request.POST or None, instance=review, visit_count=visit_count)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        data = {name: form.cleaned_data.get(name) for name in services.ASSESSMENT_FIELDS}
        try:
            services.save_assessment(task.pk, actor=request.user, data=data, submit=submit)
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except (DomainError, TransitionNotAllowed) as exc:
            _form_error(form, exc)
        else:
            if submit:
                messages.success(request, _("Đã gửi đánh giá quý %(q)s để duyệt.") % {"q": review.quarter_label})
                return redirect("workflows:inbox")
            messages.success(request, _("Đã lưu nháp."))
            return redirect("workflows:review_task", task_pk=task.pk)
    return render(
        request, "workflows/review_draft.html",
        {"task": task, "review": review, "case": review.case, "form": form, "visit_count": visit_count},
    )


def _decide(request, task, review) -> HttpResponse:
    form = DecisionForm(request.POST or None, initial={"decision": "approve"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decide_review(task.pk, actor=request.user, decision=data["decision"], outcome=data["outcome"], comment=data["comment"])
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except (DomainError, TransitionNotAllowed) as exc:
            _form_error(form, exc)
        else:
            if data["decision"] == "return":
                messages.success(request, _("Đã trả lại đánh giá để người giúp đỡ sửa."))
            else:
                messages.success(request, _("Đã duyệt đánh giá quý %(q)s.") % {"q": review.quarter_label})
                from cases.legal_views import graduation_held_message

                held = graduation_held_message(review.case_id)
                if held:  # a graduation the law does not allow yet: say what can be done instead
                    messages.warning(request, held)
            return redirect("cases:detail", pk=review.case_id)
    principal = acting_for(request.user, task)
    return render(
        request, "workflows/review_decide.html",
        {"task": task, "review": review, "case": review.case, "form": form,
         "on_behalf_of": principal if principal and principal.pk != request.user.pk else None},
    )


def _deputy_choices(user):
    scope = user_scope(user)
    communes = set(scope.front_commune_ids) | set(
        ResidentialArea.objects.filter(pk__in=scope.head_area_ids).values_list("commune_id", flat=True)
    )
    areas = ResidentialArea.objects.filter(commune_id__in=communes).values("pk")
    members = Membership.objects.active().filter(
        Q(commune_id__in=communes, role__in=[Role.COMMUNE_FRONT, Role.MENTOR]) | Q(area_id__in=areas, role=Role.COMMITTEE_HEAD)
    ).values("user_id")
    return User.objects.filter(pk__in=members, is_active=True).exclude(pk=user.pk).order_by("full_name", "username")


@login_required
@require_http_methods(["GET", "POST"])
def delegations(request: HttpRequest) -> HttpResponse:
    scope = user_scope(request.user)
    if not (scope.head_area_ids or scope.front_commune_ids):
        raise Http404(_("Không tìm thấy trang."))
    form = DelegationForm(request.POST or None, deputies=_deputy_choices(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_delegation(actor=request.user, deputy=data["deputy"], starts_on=data["starts_on"], ends_on=data["ends_on"], reason=data["reason"])
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã ủy quyền cho %(name)s.") % {"name": data["deputy"].display_name})
            return redirect("workflows:delegations")
    given = Delegation.objects.filter(principal=request.user).select_related("deputy")
    return render(request, "workflows/delegation_list.html", {"form": form, "given": given})


@login_required
@require_POST
def delegation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = get_object_or_404(Delegation, pk=pk, principal=request.user)
    services.revoke_delegation(delegation, actor=request.user)
    messages.success(request, _("Đã thu hồi ủy quyền."))
    return redirect("workflows:delegations")
