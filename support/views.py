"""Labour officer screens (inbox, need-to-know referral page, triage/outcome/follow-up
actions), the referrer's create/edit/send/withdraw actions, and the partner's confirmation page.
Thin: validate, fetch through a selector, call one service, redirect. Actions are POST."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.errors import DomainError, PermissionRefused
from cases.selectors import get_case_for_user
from config.http import client_ip, form_error
from support import policy, selectors, services
from support.forms import CloseNoteForm, FollowUpForm, OutcomeForm, PartnerForm, ReasonForm, ReferralForm
from support.models import ReferralStatus, ReferralType

PAGE_LIMIT = 200


def _officer_only(request: HttpRequest) -> None:
    if not policy.may_use_office(request.user):
        raise Http404(_("Không tìm thấy trang."))


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    _officer_only(request)
    show = "all" if request.GET.get("show") == "all" else "open"
    referrals = list(selectors.inbox(request.user, show=show)[:PAGE_LIMIT])
    return render(request, "support/referral_inbox.html", {"referrals": referrals, "show": show})


def _detail_context(request, referral, **extra):
    outcome = getattr(referral, "outcome", None) if referral.status not in (ReferralStatus.SENT, ReferralStatus.DRAFT) else None
    ctx = {
        "referral": referral,
        "subject": referral.case.subject,
        "outcome": outcome,
        "follow_ups": list(referral.follow_ups.all()),
        "history": selectors.referral_history(referral),
        "links": list(referral.partner_links.all()),
        "decline_form": ReasonForm(),
        "close_form": CloseNoteForm(),
        "can_link": referral.type in services.LINK_TYPES
        and referral.status in (ReferralStatus.OUTCOME, ReferralStatus.FOLLOWED_UP)
        and outcome is not None
        and outcome.partner_id is not None,
    }
    ctx.update(extra)
    return ctx


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.get_referral_for_officer(request.user, pk)
    return render(request, "support/referral_detail.html", _detail_context(request, referral))


def _call_service(request, referral, func, success: str, **kwargs) -> None:
    """Run one service on the referral; a refusal becomes a message (403 when not allowed)."""
    try:
        func(referral, actor=request.user, **kwargs)
    except PermissionRefused as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)


def _act(request, pk, func, success: str, **kwargs):
    referral = selectors.get_referral_for_officer(request.user, pk)
    _call_service(request, referral, func, success, **kwargs)
    return redirect("support:detail", pk=referral.pk)


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.accept_referral, _("Đã tiếp nhận đề nghị."))


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _act_with_reason(request, pk, ReasonForm, "decline_form", services.decline_referral, _("Đã từ chối đề nghị."), "reason")


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _act_with_reason(request, pk, CloseNoteForm, "close_form", services.close_referral, _("Đã kết thúc đề nghị."), "note")


def _act_with_reason(request, pk, form_class, form_name: str, func, success: str, argument: str):
    """A triage action whose reason goes through a form: an invalid reason (too long, a control
    character) shows the referral page again with the error on the field, nothing saved."""
    referral = selectors.get_referral_for_officer(request.user, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return render(request, "support/referral_detail.html", _detail_context(request, referral, **{form_name: form}))
    _call_service(request, referral, func, success, **{argument: form.cleaned_data["reason"]})
    return redirect("support:detail", pk=referral.pk)


@login_required
@require_http_methods(["GET", "POST"])
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.get_referral_for_officer(request.user, pk)
    form = OutcomeForm(request.POST or None, referral=referral)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        result = data.pop("result")
        confirmed = data.pop("partner_confirmed", False)
        data = {k: v for k, v in data.items() if v not in (None, "")}
        try:
            services.record_outcome(referral, actor=request.user, result=result, partner_confirmed=confirmed, **data)
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã ghi kết quả hỗ trợ."))
            return redirect("support:detail", pk=referral.pk)
    return render(request, "support/referral_form.html", {"referral": referral, "form": form, "title": _("Ghi kết quả hỗ trợ")})


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.get_referral_for_officer(request.user, pk)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_follow_up(referral, actor=request.user, **form.cleaned_data)
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã ghi kết quả theo dõi."))
            return redirect("support:detail", pk=referral.pk)
    return render(request, "support/referral_form.html", {"referral": referral, "form": form, "title": _("Theo dõi sau hỗ trợ")})


@login_required
@require_POST
def partner_link(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.get_referral_for_officer(request.user, pk)
    try:
        issued = services.create_partner_link(referral, actor=request.user)
    except PermissionRefused as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("support:detail", pk=referral.pk)
    url = request.build_absolute_uri(reverse("support:partner_confirm", args=[issued.token]))
    # The token is shown once, on this response only; it is never stored.
    return render(request, "support/referral_detail.html", _detail_context(request, referral, new_link_url=url, new_link=issued.link))


@login_required
@require_http_methods(["GET", "POST"])
def partner_create(request: HttpRequest) -> HttpResponse:
    _officer_only(request)
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        communes = policy.office_communes(request.user)
        try:
            services.create_partner(actor=request.user, commune_id=communes[0], **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã thêm đối tác."))
            back = request.GET.get("next", "")
            return redirect(back if back.startswith("/support/") else "support:inbox")
    return render(request, "support/partner_form.html", {"form": form})


# --- referrer side --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def followed(request: HttpRequest) -> HttpResponse:
    """ "Giới thiệu hỗ trợ": the referrals of the cases the user refers from, with their state."""
    if not policy.may_follow_referrals(request.user):
        raise Http404(_("Không tìm thấy trang."))
    show = "all" if request.GET.get("show") == "all" else "open"
    referrals = list(selectors.followed_referrals(request.user, show=show)[:PAGE_LIMIT])
    return render(request, "support/referral_followed.html", {"referrals": referrals, "show": show, "limit": PAGE_LIMIT})


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    decision = policy.can_refer(request.user, case)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = ReferralForm(request.POST or None, initial={"idempotency_key": uuid.uuid4().hex})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["loan_purpose"] = data.get("loan_purpose") or ""
        try:
            services.create_referral(case, actor=request.user, send="save_draft" not in request.POST, **data)
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã lập đề nghị hỗ trợ: %(t)s.") % {"t": ReferralType(data["type"]).label})
            return redirect(_referrals_of(case.pk))
    return render(request, "support/referral_create.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a draft before sending it (the create form, filled in)."""
    referral = selectors.get_referral_for_referrer(request.user, pk)
    case = referral.case
    if not policy.is_referrer(request.user, case):
        raise PermissionDenied(_("Bạn không có quyền đề nghị hỗ trợ cho hồ sơ này."))
    if referral.status != ReferralStatus.DRAFT:
        messages.error(request, _("Chỉ sửa được đề nghị hỗ trợ khi còn là nháp (chưa gửi)."))
        return redirect("cases:detail", pk=case.pk)
    decision = policy.can_refer(request.user, case)
    if not decision:
        messages.error(request, decision.reason)
        return redirect("cases:detail", pk=case.pk)
    initial = {name: getattr(referral, name) for name in ReferralForm.base_fields if name != "idempotency_key"}
    form = ReferralForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("idempotency_key", None)
        data["loan_purpose"] = data.get("loan_purpose") or ""
        send = "send" in request.POST
        try:
            services.update_draft_referral(referral, actor=request.user, send=send, **data)
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            done = _("Đã sửa và gửi đề nghị hỗ trợ: %(t)s.") if send else _("Đã lưu đề nghị hỗ trợ (nháp): %(t)s.")
            messages.success(request, done % {"t": ReferralType(data["type"]).label})
            return redirect(_referrals_of(case.pk))
    return render(request, "support/referral_create.html", {"case": case, "form": form, "referral": referral})


def _referrals_of(case_pk: int) -> str:
    """Back to the case page at its referrals, so what was just done stays in sight."""
    return reverse("cases:detail", args=[case_pk]) + "#referrals"


def _referrer_act(request, pk, func, success, **kwargs):
    referral = selectors.get_referral_for_referrer(request.user, pk)
    _call_service(request, referral, func, success, **kwargs)
    return redirect(_referrals_of(referral.case_id))


@login_required
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    return _referrer_act(request, pk, services.send_referral, _("Đã gửi đề nghị hỗ trợ."))


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.get_referral_for_referrer(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("cases:detail", pk=referral.case_id)
    _call_service(request, referral, services.withdraw_referral, _("Đã rút lại đề nghị."), reason=form.cleaned_data["reason"])
    return redirect(_referrals_of(referral.case_id))


# --- the partner's page (no account) ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def partner_confirm(request: HttpRequest, token: str) -> HttpResponse:
    link = services.find_partner_link(token)
    if link is None:
        return render(request, "support/partner_link.html", {"state": "invalid"}, status=404)
    if request.method == "POST" and link.is_usable:
        try:
            link = services.use_partner_link(token, confirmed=request.POST.get("answer") == "yes", ip_address=client_ip(request))
        except DomainError:
            link = services.find_partner_link(token)
        else:
            return render(request, "support/partner_link.html", {"state": "done", "link": link})
    if link.used_at is not None:
        return render(request, "support/partner_link.html", {"state": "used"}, status=410)
    if not link.is_usable:
        return render(request, "support/partner_link.html", {"state": "expired"}, status=410)
    referral = link.referral
    return render(
        request,
        "support/partner_link.html",
        {
            "state": "open",
            "name": referral.case.subject.full_name,
            "referral": referral,
            "outcome": referral.outcome,
        },
    )
