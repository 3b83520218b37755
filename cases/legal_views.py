"""Views of the legal end of management (issue 11). Thin: fetch through a selector, call one
service from cases.legal_services, turn refusals into form errors (never a 500)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cases import legal, legal_services
from cases.errors import DomainError, PermissionRefused
from cases.legal_tasks import clocks_ending_soon, legal_tasks_for
from cases.models import Case, EvaluationResult, LegalTaskKind, ShorteningStatus, TermShortening
from cases.selectors import get_case_for_user
from config.forms import SafeTextMixin
from config.http import form_error

DATE = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class ShorteningForm(SafeTextMixin, forms.Form):
    proposed_on = forms.DateField(label=gettext_lazy("Ngày đề nghị"), widget=DATE)
    reason = forms.CharField(
        label=gettext_lazy("Căn cứ đề nghị (những tiến bộ)"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class CourtDecisionForm(SafeTextMixin, forms.Form):
    granted = forms.TypedChoiceField(
        label=gettext_lazy("Quyết định của Tòa án"),
        coerce=lambda v: v == "yes",
        choices=[("yes", gettext_lazy("Rút ngắn thời gian thử thách")), ("no", gettext_lazy("Không chấp nhận đề nghị"))],
    )
    decision_date = forms.DateField(label=gettext_lazy("Ngày quyết định"), widget=DATE)
    decision_ref = forms.CharField(label=gettext_lazy("Số quyết định"), max_length=100, required=False)
    new_term_end = forms.DateField(label=gettext_lazy("Ngày hết thời gian thử thách mới"), widget=DATE, required=False)


class ConfirmForm(SafeTextMixin, forms.Form):
    reason = forms.CharField(label=gettext_lazy("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)


class AddressCheckForm(SafeTextMixin, forms.Form):
    checked_on = forms.DateField(label=gettext_lazy("Ngày xác minh"), widget=DATE)
    note = forms.CharField(
        label=gettext_lazy("Kết quả xác minh"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class EvaluationForm(SafeTextMixin, forms.Form):
    result = forms.ChoiceField(label=gettext_lazy("Kết quả"), choices=EvaluationResult.choices)
    note = forms.CharField(label=gettext_lazy("Nhận xét"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)


def graduation_held_message(case_pk: int) -> str:
    """After an approved graduation the law does not allow yet: what the head can do instead."""
    case = Case.objects.select_related("subject").get(pk=case_pk)
    if case.is_terminal or not legal.progress_blocked_by_law(case):
        return ""
    return _("Tiến bộ đã được ghi nhận, hồ sơ vẫn tiếp tục quản lý. %(next)s") % {"next": legal.what_next(case)}


def require_legal_action(user, case: Case, action: str) -> None:
    """403 for a reader of the case who may not do `action`, with the service's own refusal
    (cases.legal_services.require_may, the check the service makes before acting), for GET and
    POST alike. Call it after get_case_for_user, so that whoever may not see the case still
    gets a 404."""
    try:
        legal_services.require_may(user, case, action)
    except PermissionRefused as exc:
        raise PermissionDenied(exc.message) from exc


def _page(request, template: str, **ctx) -> HttpResponse:
    return render(request, f"cases/legal/{template}", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def propose_shortening(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    require_legal_action(request.user, case, "propose_shortening")
    form = ShorteningForm(request.POST or None, initial={"proposed_on": legal.timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            legal_services.propose_shortening(
                case, actor=request.user, reason=form.cleaned_data["reason"], proposed_on=form.cleaned_data["proposed_on"]
            )
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã lập đề nghị rút ngắn thời gian thử thách."))
            return redirect("cases:detail", pk=case.pk)
    return _page(
        request,
        "form.html",
        case=case,
        form=form,
        title=_("Đề nghị rút ngắn thời gian thử thách"),
        intro=_(
            "Điều 65 khoản 4 Bộ luật Hình sự 2015: người được hưởng án treo đã chấp hành được một nửa thời gian thử thách "
            "và có nhiều tiến bộ có thể được Tòa án rút ngắn thời gian thử thách, theo đề nghị của cơ quan giám sát, giáo dục."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def court_decision(request: HttpRequest, pk: int) -> HttpResponse:
    shortening = TermShortening.objects.filter(pk=pk, status=ShorteningStatus.PROPOSED).first()
    if shortening is None:
        raise Http404(_("Không tìm thấy đề nghị."))
    case = get_case_for_user(request.user, shortening.case_id)
    require_legal_action(request.user, case, "record_court_decision")
    form = CourtDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            legal_services.record_court_decision(
                shortening,
                actor=request.user,
                granted=data["granted"],
                decision_date=data["decision_date"],
                decision_ref=data["decision_ref"],
                new_term_end=data["new_term_end"],
            )
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã ghi quyết định của Tòa án."))
            return redirect("cases:detail", pk=case.pk)
    return _page(request, "form.html", case=case, form=form, title=_("Ghi quyết định của Tòa án"), intro="")


@login_required
@require_http_methods(["GET", "POST"])
def address_check(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    require_legal_action(request.user, case, "address_check")
    form = AddressCheckForm(request.POST or None, initial={"checked_on": legal.timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            legal_services.record_address_check(
                case, actor=request.user, checked_on=form.cleaned_data["checked_on"], note=form.cleaned_data["note"]
            )
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã ghi xác minh nơi cư trú."))
            return redirect("cases:detail", pk=case.pk)
    return _page(
        request,
        "form.html",
        case=case,
        form=form,
        title=_("Xác minh nơi cư trú"),
        intro=_(
            "Thông tư 10/2024/TT-BCA Điều 8: Công an xã xác minh nơi cư trú trong 3 ngày làm việc kể từ khi nhận thông báo của trại giam."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def task(request: HttpRequest, pk: int) -> HttpResponse:
    row = legal_tasks_for(request.user).filter(pk=pk).first()
    if row is None:
        raise Http404(_("Không tìm thấy việc cần làm."))
    if row.kind == LegalTaskKind.CLOCK_END:
        return redirect("lifecycle:end_by_clock", pk=row.case_id)
    if row.kind == LegalTaskKind.ADDRESS_CHECK:
        return redirect("legal:address_check", pk=row.case_id)
    if row.kind == LegalTaskKind.NAME_HELPER:
        return redirect("cases:detail", pk=row.case_id)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            legal_services.record_evaluation(row, actor=request.user, result=form.cleaned_data["result"], note=form.cleaned_data["note"])
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận xét, đánh giá."))
            return redirect("workflows:inbox")
    return _page(
        request,
        "form.html",
        case=row.case,
        form=form,
        title=_("Nhận xét, đánh giá kỳ %(p)s") % {"p": row.period},
        intro=_("Thông tư 65/2019/TT-BCA: nhận xét, đánh giá hằng tháng trong 5 ngày đầu tháng (quản chế: 3 tháng một lần). Hạn: %(d)s.")
        % {"d": row.due_on.strftime("%d/%m/%Y")},
    )


@login_required
def ending_soon(request: HttpRequest) -> HttpResponse:
    from django.conf import settings

    return render(
        request,
        "cases/legal/ending_soon.html",
        {"rows": clocks_ending_soon(request.user), "days": settings.DONG_HANH["CLOCK_ENDING_SOON_DAYS"]},
    )
