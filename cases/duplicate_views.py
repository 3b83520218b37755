"""Duplicates of a person for the commune front: the candidates and the merge (POST)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases import merging, policy
from cases.errors import DomainError, PermissionRefused
from cases.models import Subject


class MergeForm(forms.Form):
    keep = forms.IntegerField(widget=forms.HiddenInput)
    duplicate = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=gettext_lazy("Lý do gộp"), max_length=300)


def _require_front(request: HttpRequest) -> None:
    if not policy.may_merge_subjects(request.user):
        raise Http404(_("Không tìm thấy trang."))


@login_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    _require_front(request)
    return render(request, "cases/duplicate_list.html", {"groups": merging.duplicate_candidates(request.user)})


@login_required
@require_POST
def duplicate_merge(request: HttpRequest) -> HttpResponse:
    _require_front(request)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vui lòng nêu lý do gộp."))
        return redirect("cases:duplicates")
    people = {s.pk: s for s in Subject.objects.filter(pk__in=[form.cleaned_data["keep"], form.cleaned_data["duplicate"]])}
    keep, duplicate = people.get(form.cleaned_data["keep"]), people.get(form.cleaned_data["duplicate"])
    if keep is None or duplicate is None:
        raise Http404(_("Không tìm thấy người được giúp đỡ."))
    try:
        merging.merge_subjects(keep, duplicate, actor=request.user, reason=form.cleaned_data["reason"])
    except PermissionRefused as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã gộp hồ sơ của %(name)s.") % {"name": keep.full_name})
    return redirect("cases:duplicates")
