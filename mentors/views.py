from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.errors import DomainError, PermissionRefused
from cases.models import CaseStatus
from cases.permissions import may
from cases.selectors import get_case_for_user
from mentors import services
from mentors.forms import AssignForm
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
