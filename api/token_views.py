"""The page where a user makes, names and revokes their own API tokens (any logged-in user)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from api import services
from api.models import ApiToken
from cases.errors import DomainError
from config.http import form_error


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Tên gợi nhớ"),
        max_length=services.NAME_MAX,
        help_text=gettext_lazy("Ví dụ: “Điện thoại của tôi”, “Phần mềm của Công an tỉnh”."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.create_token(actor=request.user, name=form.cleaned_data["name"])
        except DomainError as exc:
            form_error(form, exc)
        else:
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk")
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "issued": issued, "tokens": tokens, "days": settings.DONG_HANH.get("API_TOKEN_DAYS", 90)},
    )
    # The token is shown once, on this response only: never cached.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_token(token, actor=request.user)
    messages.success(request, _("Đã thu hồi khóa “%(name)s”.") % {"name": token.name})
    return redirect("api_tokens:list")
