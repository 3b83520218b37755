"""Case list, case page, listing a new person, and the transition forms. Thin: validate,
fetch through a selector, call one service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.selectors import user_scope
from areas.models import ResidentialArea
from cases import access, registry, search, services
from cases.errors import DomainError, PermissionRefused
from cases.forms import CaseFilterForm, SubjectEditForm, SubjectForm, TransitionForm
from cases.identity import mask_national_id
from cases.models import AccessLog, CaseStatus
from cases.permissions import FRONT, HEAD, POLICE, TRANSITION_LABELS, case_roles
from cases.selectors import available_transitions, case_access_log, get_case_for_user, subject_as_of_case, visible_cases
from cases.timeline import build_timeline, linked_cases

PAGE_SIZE = 25
MANUAL_TRANSITIONS = {"start_mentoring", "graduate", "escalate", "resolve_escalation", "close", "transfer"}


def scope_areas(user):
    """The khu dân cư a user may list people in (head: theirs; front/police: their commune's)."""
    scope = user_scope(user)
    return ResidentialArea.objects.filter(
        Q(pk__in=scope.head_area_ids) | Q(commune_id__in=scope.front_commune_ids | scope.police_commune_ids)
    ).select_related("commune")


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    scope = user_scope(request.user)
    if not scope.roles & {HEAD, FRONT, POLICE, "mentor"}:
        raise Http404(_("Không tìm thấy trang."))
    extensions = list(registry.list_extensions.values())
    form = CaseFilterForm(request.GET or None, areas=scope_areas(request.user), extensions=extensions, user=request.user)
    qs = visible_cases(request.user).select_related("subject", "area", "mentor_user")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            qs = search.filter_subjects(qs, data["q"], prefix="subject__")
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["category"]:
            qs = qs.filter(subject__category=data["category"])
        if data["area"]:
            qs = qs.filter(area=data["area"])
        for ext in form.extensions:
            value = data.get(ext.filter_name)
            if value and ext.filter_apply:
                qs = ext.filter_apply(qs, value)
    for ext in extensions:
        qs = ext.annotate(qs)
    qs = qs.order_by("-opened_at", "-pk")
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
            "can_create": bool(scope.head_area_ids or scope.front_commune_ids or scope.police_commune_ids),
        },
    )


TIMELINE_SUMMARY = 8


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opened = access.open_case(request, pk, AccessLog.Action.VIEW)
    if isinstance(opened, HttpResponse):
        return opened
    case = opened
    roles = case_roles(request.user, case)
    sees_full_id = bool(roles & {HEAD, FRONT, POLICE})
    subject = subject_as_of_case(case)
    panels = []
    for panel in sorted(registry.panels.values(), key=lambda p: p.order):
        ctx = panel.context(request, case)
        if ctx is not None:
            panels.append({"template": panel.template, "ctx": ctx})
    actions = [
        {"label": label, "url_name": url_name}
        for label, url_name, visible in registry.actions.values()
        if visible(request, case)
    ]
    transitions = [
        {"name": name, "label": TRANSITION_LABELS[name]} for name in available_transitions(request.user, case)
    ]
    timeline = build_timeline(request.user, case)
    sees_access_log = bool(roles & {HEAD, FRONT})
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "subject": subject,
            "national_id": subject.national_id if sees_full_id else mask_national_id(subject.national_id),
            "timeline": timeline[:TIMELINE_SUMMARY],
            "timeline_more": max(0, len(timeline) - TIMELINE_SUMMARY),
            "panels": panels,
            "actions": actions,
            "transitions": transitions,
            "previous_case": case.transferred_from if case.transferred_from_id else None,
            "linked_cases": linked_cases(request.user, case),
            "can_flag_concern": not case.is_terminal and bool(roles & services.CONCERN_ROLES),
            "can_edit_subject": not case.is_terminal and bool(roles & services.SUBJECT_EDIT_ROLES),
            "recent_access": list(case_access_log(case)[:5]) if sees_access_log else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    areas = scope_areas(request.user)
    if not areas.exists():
        raise PermissionDenied(_("Bạn không có quyền lập hồ sơ."))
    form = SubjectForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason", "")
        area = data.pop("area")
        try:
            case = services.list_subject(actor=request.user, area=area, reason=reason, **data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã lập hồ sơ cho %(name)s.") % {"name": case.subject.full_name})
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form})


def _run(name: str, case, user, data):
    if name == "start_mentoring":
        return services.start_mentoring(case, actor=user, reason=data["reason"])
    if name == "graduate":
        return services.graduate(case, actor=user, reason=data["reason"])
    if name == "escalate":
        return services.escalate(case, actor=user, reason=data["reason"])
    if name == "resolve_escalation":
        return services.resolve_escalation(case, actor=user, outcome=data["outcome"], reason=data["reason"])
    if name == "close":
        return services.close_case(case, actor=user, reason_code=data["reason_code"], reason=data["reason"])
    if name == "transfer":
        return services.transfer_case(case, actor=user, to_area=data["to_area"], reason=data["reason"])
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def case_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    if name not in MANUAL_TRANSITIONS:
        raise Http404
    case = get_case_for_user(request.user, pk, perm=name)
    if not access.may_read(request.user, case):
        return redirect(access.reason_url(case.pk, request.get_full_path()))
    form = TransitionForm(request.POST or None, transition=name)
    if request.method == "POST" and form.is_valid():
        try:
            result = _run(name, case, request.user, form.cleaned_data)
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": TRANSITION_LABELS[name]})
            if name == "transfer":
                messages.info(request, _("Hồ sơ mới đã được lập tại nơi đến (mã hồ sơ #%(pk)d).") % {"pk": result.pk})
                case.refresh_from_db()
            # Resolving an escalation ends the police's active work on the case: back to their inbox.
            if not access.may_read(request.user, result if name != "transfer" else case):
                return redirect("cases:escalations" if user_scope(request.user).police_commune_ids else "cases:list")
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/case_transition.html",
        {"case": case, "form": form, "name": name, "label": TRANSITION_LABELS[name],
         "status_label": CaseStatus(case.status).label},
    )


@login_required
@require_http_methods(["GET", "POST"])
def subject_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the profile of the person of an open case (head, commune front, police)."""
    case = get_case_for_user(request.user, pk)
    roles = case_roles(request.user, case)
    if not roles & services.SUBJECT_EDIT_ROLES or case.is_terminal:
        raise PermissionDenied(_("Bạn không có quyền sửa thông tin người được giúp đỡ."))
    if not access.may_read(request.user, case):
        return redirect(access.reason_url(case.pk, request.get_full_path()))
    form = SubjectEditForm(request.POST or None, instance=case.subject, can_classify=bool(roles & services.CLASSIFY_ROLES))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            services.update_subject(case, actor=request.user, reason=reason, **data)
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã sửa thông tin của %(name)s.") % {"name": case.subject.full_name})
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/subject_form.html", {"case": case, "form": form})
