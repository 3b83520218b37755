"""Case list, case page, listing a new person and correcting a profile. Thin: validate, fetch
through a selector, call one service, redirect. Visibility comes from the policy's projection
(cases.policy.CaseView); the transition forms live with the orchestration of a case's end
(workflows.case_views), which knows every consequence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import access, policy, registry, services
from cases.errors import DomainError, PermissionRefused
from cases.forms import SubjectEditForm, SubjectForm
from cases.merging import same_person_listed
from cases.models import AccessLog, Case
from cases.policy import TRANSITION_LABELS, CaseView
from cases.selectors import available_transitions, case_access_log, case_list_query, get_case_for_user, visible_cases
from cases.timeline import build_timeline, linked_cases
from config.http import form_error

PAGE_SIZE = 25


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    if not policy.may_see_case_list(request.user):
        raise Http404(_("Không tìm thấy trang."))
    extensions = list(registry.list_extensions.values())
    form, qs = case_list_query(request.user, request.GET)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    columns = [ext.column for ext in extensions if ext.column]
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "columns": columns,
            "can_create": policy.may_list_subjects(request.user),
        },
    )


TIMELINE_SUMMARY = 8


def page_panels(request: HttpRequest, view: CaseView) -> list[dict]:
    panels = []
    for panel in sorted(registry.panels.values(), key=lambda p: p.order):
        ctx = panel.context(request, view)
        if ctx is not None:
            panels.append({"template": panel.template, "ctx": ctx})
    return panels


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opened = access.open_case(request, pk, AccessLog.Action.VIEW)
    if isinstance(opened, HttpResponse):
        return opened
    view = opened
    case, user = view.case, request.user
    actions = [{"label": label, "url_name": url_name} for label, url_name, visible in registry.actions.values() if visible(request, view)]
    transitions = [{"name": name, "label": TRANSITION_LABELS[name]} for name in available_transitions(user, case)]
    timeline = build_timeline(view)
    return render(
        request,
        "cases/case_detail.html",
        {
            "view": view,
            "case": case,
            "subject": view.subject,
            "timeline": timeline[:TIMELINE_SUMMARY],
            "timeline_more": max(0, len(timeline) - TIMELINE_SUMMARY),
            "panels": page_panels(request, view),
            "actions": actions,
            "transitions": transitions,
            "previous_case": case.transferred_from if case.transferred_from_id else None,
            "linked_cases": linked_cases(view),
            "can_flag_concern": bool(policy.can_flag_concern(user, case)),
            "can_edit_subject": bool(policy.can_edit_subject(user, case)),
            "recent_access": list(case_access_log(case)[:5]) if view.sees_access_log else None,
        },
    )


def _latest_visible_case(user, subject) -> Case | None:
    """The person's latest case the user may open (a link in the new-case form's warning)."""
    return visible_cases(user).filter(subject=subject).order_by("-opened_at", "-pk").first()


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    areas = policy.listable_areas(request.user)
    if not areas.exists():
        raise PermissionDenied(_("Bạn không có quyền lập hồ sơ."))
    form = SubjectForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason", "")
        area = data.pop("area")
        not_the_same = data.pop("not_the_same", False)
        same = same_person_listed(
            areas.filter(commune_id=area.commune_id), full_name=data["full_name"], date_of_birth=data["date_of_birth"],
            national_id=data.get("national_id", ""),
        )  # fmt: skip
        if same and not not_the_same:
            # nothing is made: the form says who is already listed and asks to confirm
            form.warn_same_people([(p, _latest_visible_case(request.user, p)) for p in same])
            return render(request, "cases/case_form.html", {"form": form})
        try:
            case = services.list_subject(actor=request.user, area=area, reason=reason, **data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã lập hồ sơ cho %(name)s.") % {"name": case.subject.full_name})
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def subject_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the profile of the person of an open case (head, commune front, police)."""
    case = get_case_for_user(request.user, pk)
    decision = policy.can_edit_subject(request.user, case)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = SubjectEditForm(
        request.POST or None,
        instance=case.subject,
        can_classify=bool(policy.can_classify(request.user, case)),
        revision=case.revision,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        revision = data.pop("revision")
        try:
            services.update_subject(case, actor=request.user, reason=reason, expected_revision=revision, **data)
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã sửa thông tin của %(name)s.") % {"name": case.subject.full_name})
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/subject_form.html", {"case": case, "form": form})
