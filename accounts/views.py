"""A commune runs its own people: the managers' screens (list, create, detail, deactivate,
reactivate, reset a password), every user's own password change, and "Quên mật khẩu?"."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.forms import ContactForm, EmailResetForm, LinkPasswordForm, LoginCreateForm, MembershipAddForm, OwnPasswordForm, ReasonForm
from accounts.models import Membership
from accounts.selectors import manageable_users, manages_anyone
from config.http import form_error


def _require_manager(request: HttpRequest) -> None:
    if not manages_anyone(request.user):
        raise Http404(_("Không tìm thấy trang."))


def _managed(request: HttpRequest, pk: int):
    _require_manager(request)
    return get_object_or_404(manageable_users(request.user), pk=pk)


@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    users = list(manageable_users(request.user).order_by("-is_active", "full_name", "username"))
    memberships: dict[int, list[Membership]] = {}
    for m in Membership.objects.filter(user__in=users).select_related("commune", "area", "province").order_by("role"):
        memberships.setdefault(m.user_id, []).append(m)
    rows = [{"user": u, "memberships": memberships.get(u.pk, [])} for u in users]
    return render(request, "accounts/people_list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def people_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = LoginCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = services.create_login(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                phone=data["phone"],
                email=data["email"],
                role=data["role"],
                **form.place_kwargs(),
            )
        except services.AccountRefused as exc:
            form_error(form, exc)
        else:
            return _show_password(request, user, password, created=True)
    return render(request, "accounts/people_form.html", {"form": form})


def _show_password(request: HttpRequest, user, password: str, *, created: bool) -> HttpResponse:
    # Rendered once, never stored or redirected to: a reload does not show it again.
    response = render(
        request,
        "accounts/people_password.html",
        {"person": user, "password": password, "created": created, "hours": services.temporary_password_hours()},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def people_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _managed(request, pk)
    form = MembershipAddForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_membership(person, actor=request.user, role=form.cleaned_data["role"], **form.place_kwargs())
        except services.AccountRefused as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã cấp thêm vai trò cho %(name)s.") % {"name": person.display_name})
            return redirect("accounts:people_detail", pk=person.pk)
    return _detail(request, person, form=form)


def _detail(request: HttpRequest, person, *, form=None, contact_form=None, status: int = 200) -> HttpResponse:
    memberships = Membership.objects.filter(user=person).select_related("commune", "area", "province").order_by("-is_active", "role")
    history = person.history.select_related("history_user").order_by("-history_date")[:20]
    context = {
        "person": person,
        "memberships": memberships,
        "form": form or MembershipAddForm(actor=request.user),
        "contact_form": contact_form or ContactForm(initial={"phone": person.phone, "email": person.email}),
        "reason_form": ReasonForm(),
        "history": history,
    }
    return render(request, "accounts/people_detail.html", context, status=status)


@login_required
@require_POST
def people_contact(request: HttpRequest, pk: int) -> HttpResponse:
    person = _managed(request, pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.update_contact(person, actor=request.user, phone=form.cleaned_data["phone"], email=form.cleaned_data["email"])
        except services.AccountRefused as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã lưu số điện thoại và thư điện tử của %(name)s.") % {"name": person.display_name})
            return redirect("accounts:people_detail", pk=person.pk)
    return _detail(request, person, contact_form=form, status=400)


@login_required
@require_POST
def people_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_reason(request, pk, services.deactivate_login, _("Đã khóa tài khoản của %(name)s."))


@login_required
@require_POST
def people_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_reason(request, pk, services.reactivate_login, _("Đã mở lại tài khoản của %(name)s."))


def _with_reason(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    person = _managed(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            service(person, actor=request.user, reason=form.cleaned_data["reason"])
        except services.AccountRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done % {"name": person.display_name})
    else:
        messages.error(request, _("Vui lòng nêu lý do."))
    return redirect("accounts:people_detail", pk=person.pk)


@login_required
@require_POST
def people_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    person = _managed(request, pk)
    try:
        password = services.reset_password(person, actor=request.user)
    except services.AccountRefused as exc:
        messages.error(request, exc.message)
        return redirect("accounts:people_detail", pk=person.pk)
    return _show_password(request, person, password, created=False)


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = OwnPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.change_own_password(
                request.user, old_password=form.cleaned_data["old_password"], new_password=form.cleaned_data["new_password1"]
            )
        except services.AccountRefused as exc:
            form_error(form, exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Đã đổi mật khẩu."))
            return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form, "forced": request.user.must_change_password})


def password_forgotten(request: HttpRequest) -> HttpResponse:
    """Whom to ask for a temporary password; and, where e-mail is configured, the way to a reset
    link sent to the address of the account."""
    return render(request, "accounts/password_forgotten.html", {"by_email": settings.PASSWORD_RESET_BY_EMAIL})


class _EmailConfigured:
    """The reset-by-e-mail pages exist only where e-mail is configured (PASSWORD_RESET_BY_EMAIL)."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.PASSWORD_RESET_BY_EMAIL:
            raise Http404(_("Không tìm thấy trang."))
        return super().dispatch(request, *args, **kwargs)


class PasswordResetView(_EmailConfigured, auth_views.PasswordResetView):
    form_class = EmailResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self):
        return {"reset_minutes": settings.PASSWORD_RESET_TIMEOUT // 60}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "reset_minutes": settings.PASSWORD_RESET_TIMEOUT // 60}


class PasswordResetDoneView(_EmailConfigured, auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(_EmailConfigured, auth_views.PasswordResetConfirmView):
    form_class = LinkPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.AccountRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)


class PasswordResetCompleteView(_EmailConfigured, auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
