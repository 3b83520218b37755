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


def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer and `make serve`: 200 when the database and Redis answer, 503
    naming what does not. No session, no personal data."""
    import json

    from django.conf import settings
    from django.db import connections

    checks: dict[str, str] = {}
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # any failure is a failed check, said as such
        checks["database"] = f"error: {type(exc).__name__}"
    broker = settings.CELERY_BROKER_URL
    if broker.startswith(("redis://", "rediss://")):
        try:
            import redis

            redis.Redis.from_url(broker, socket_connect_timeout=2, socket_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"error: {type(exc).__name__}"
    else:
        checks["redis"] = "not configured"
    healthy = all(v in ("ok", "not configured") for v in checks.values())
    return HttpResponse(
        json.dumps({"status": "ok" if healthy else "error", **checks}), content_type="application/json", status=200 if healthy else 503
    )
