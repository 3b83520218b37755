from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.navigation import items_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role starts at its first navigation entry (the task inbox once it exists)."""
    items = items_for(request)
    if items:
        return redirect(items[0]["url"])
    # Django's own gate for the admin site (is_staff), asked here once, not in the template
    return render(request, "home.html", {"admin_link": request.user.is_staff})


def error_404(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_403(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", {"message": str(exception) if exception else ""}, status=403)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
