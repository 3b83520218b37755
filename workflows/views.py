"""The task inbox, the two review task pages and delegations. Thin: fetch through a selector,
call one service, turn refusals into form errors (never a 500)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Delegation
from accounts.selectors import eligible_deputies
from cases.errors import DomainError, PermissionRefused
from config.http import form_error
from workflows import policy, services
from workflows.forms import AssessmentForm, DecisionForm, DelegationForm
from workflows.inbox import inbox_entries
from workflows.review_flow import QuarterlyReviewFlow
from workflows.selectors import acting_for, get_review_task_for_user, review_for_task, review_visit_count


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    entries = inbox_entries(request.user)
    request.open_task_count = len(entries)  # the menu's badge in this request (workflows.hooks)
    overdue = sum(1 for e in entries if e.overdue)
    return render(
        request,
        "workflows/task_list.html",
        {"entries": entries, "overdue_count": overdue, "can_delegate": policy.may_delegate(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_task(request: HttpRequest, task_pk: int) -> HttpResponse:
    try:
        task = get_review_task_for_user(request.user, task_pk)
    except Http404:
        # Back after approving (or submitting), or an old link: the step is done. Whoever may
        # still open the case goes to the case page (its top, where the message shows, with the
        # review panel below); anyone else keeps the 404, learning nothing about the task or its case.
        case_pk = _case_of_closed_review_task(request.user, task_pk)
        if case_pk is None:
            raise
        messages.info(request, _("Việc này đã được xử lý hoặc không còn mở."))
        return redirect("cases:detail", pk=case_pk)
    review = review_for_task(task)
    if task.flow_task == QuarterlyReviewFlow.draft:
        return _draft(request, task, review)
    if task.flow_task == QuarterlyReviewFlow.decide:
        return _decide(request, task, review)
    raise Http404


def _case_of_closed_review_task(user, task_pk: int) -> int | None:
    """The case of a review task no longer open (done, or cancelled with its case), when `user`
    may open that case (cases.selectors.visible_cases); None otherwise."""
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from cases.selectors import visible_cases
    from workflows.models import ReviewProcess

    process_pk = (
        Task.objects.filter(pk=task_pk, process__flow_class=QuarterlyReviewFlow, status__in=[STATUS.DONE, STATUS.CANCELED])
        .values_list("process_id", flat=True)
        .first()
    )
    if process_pk is None:
        return None
    case_pk = ReviewProcess.objects.filter(pk=process_pk).values_list("case_id", flat=True).first()
    if case_pk is None or not visible_cases(user).filter(pk=case_pk).exists():
        return None
    return case_pk


def _draft(request, task, review) -> HttpResponse:
    visit_count = review_visit_count(review)
    form = AssessmentForm(request.POST or None, instance=review, visit_count=visit_count)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        data = {name: form.cleaned_data.get(name) for name in services.ASSESSMENT_FIELDS}
        try:
            services.save_assessment(review, actor=request.user, data=data, submit=submit)
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            if submit:
                messages.success(request, _("Đã gửi đánh giá quý %(q)s để duyệt.") % {"q": review.quarter_label})
                # ?saved= tells static/js/visit_draft.js to forget the copy kept on the phone
                return redirect(reverse("workflows:inbox") + f"?saved=review-{review.pk}")
            messages.success(request, _("Đã lưu nháp."))
            return redirect(reverse("workflows:review_task", args=[task.pk]) + f"?saved=review-{review.pk}")
    return render(
        request,
        "workflows/review_draft.html",
        {"task": task, "review": review, "case": review.case, "form": form, "visit_count": visit_count},
    )


def _decide(request, task, review) -> HttpResponse:
    form = DecisionForm(request.POST or None, initial={"decision": "approve"})
    principal = acting_for(request.user, task)
    on_behalf_of = principal if principal is not None and principal.pk != request.user.pk else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decide_review(
                review,
                actor=request.user,
                acting_for=on_behalf_of,
                decision=data["decision"],
                outcome=data["outcome"],
                comment=data["comment"],
            )
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
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
    return render(
        request,
        "workflows/review_decide.html",
        {"task": task, "review": review, "case": review.case, "form": form, "on_behalf_of": on_behalf_of},
    )


@login_required
@require_http_methods(["GET", "POST"])
def delegations(request: HttpRequest) -> HttpResponse:
    if not policy.may_delegate(request.user):
        raise Http404(_("Không tìm thấy trang."))
    form = DelegationForm(request.POST or None, deputies=eligible_deputies(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_delegation(
                actor=request.user, deputy=data["deputy"], starts_on=data["starts_on"], ends_on=data["ends_on"], reason=data["reason"]
            )
        except DomainError as exc:
            form_error(form, exc)
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


@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request: HttpRequest) -> HttpResponse:
    """The user's own "Nhắc việc" page: which channels, which quiet time. Only ever the signed-in
    user's: the URL carries no one's id."""
    from workflows import reminders
    from workflows.channels import CHANNELS
    from workflows.forms import ReminderPreferenceForm
    from workflows.models import ReminderDigest

    user = request.user
    offered = reminders.offered_channels()
    current = reminders.preference_for(user)
    initial = {
        # only what can reach the user: a default e-mail box without an address stays unticked
        "channels": [name for name in current.channels if name in offered and CHANNELS[name].reaches(user)],
        "quiet_from": current.quiet_from,
        "quiet_to": current.quiet_to,
    }
    form = ReminderPreferenceForm(request.POST or None, initial=initial, user=user, offered=offered)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_reminder_preference(
                user, actor=user, channels=data["channels"], quiet_from=data["quiet_from"], quiet_to=data["quiet_to"]
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã lưu cách nhận nhắc việc."))
            return redirect("workflows:reminder_settings")
    recent = ReminderDigest.objects.filter(user=user).prefetch_related("deliveries").order_by("-day")[:3]
    return render(
        request,
        "workflows/reminder_settings.html",
        {
            "form": form,
            "preference": current,
            "receives": reminders.reminded_users().filter(pk=user.pk).exists(),
            "run_times": ", ".join(f"{t:%H:%M}" for t in reminders.run_times()),
            "recent": [
                {
                    "day": d.day,
                    "count": len(d.items),
                    "deliveries": [(services.CHANNEL_LABELS.get(x.channel, x.channel), x) for x in d.deliveries.all()],
                }
                for d in recent
            ],
        },
    )
