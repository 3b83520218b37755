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
    # nothing in the menu (the admin site, for whoever it lets in, is a menu entry: accounts.navigation)
    return render(request, "home.html")


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


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a Vietnamese page instead of Django's English one. It says what
    happened (the page was opened before a new login, in another tab, or too long ago) and
    links back to the page the form came from; a fresh load of that page carries a new token
    and the form drafts kept on the phone (static/js/visit_draft.js) are filled in again."""
    from django.utils.http import url_has_allowed_host_and_scheme

    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = ""
    return render(request, "403_csrf.html", {"back": back, "is_login": request.path.startswith("/accounts/login")}, status=403)


# --- the progressive web app: service worker, manifest, offline page (issue 17) --------------

SHELL_FILES = ("css/app.css", "js/menu.js", "js/visit_draft.js", "js/offline.js")


def _shell_version() -> str:
    """Changes whenever a file of the app shell changes, so that phones fetch the new one."""
    import hashlib

    from django.contrib.staticfiles import finders

    digest = hashlib.sha256()
    for name in SHELL_FILES:
        path = finders.find(name)
        if path:
            with open(path, "rb") as fh:
                digest.update(fh.read())
    return digest.hexdigest()[:12]


def service_worker(request: HttpRequest) -> HttpResponse:
    """/sw.js: served from the root (not /static/) so that the worker's scope is the whole site."""
    response = render(request, "pwa/sw.js", {"version": _shell_version()}, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


def offline(request: HttpRequest) -> HttpResponse:
    """The page the service worker shows for a page not kept on the phone."""
    return render(request, "pwa/offline.html")


def manifest(request: HttpRequest) -> HttpResponse:
    from django.http import JsonResponse
    from django.templatetags.static import static
    from django.urls import reverse
    from django.utils.translation import gettext as _

    data = {
        "name": _("Đồng Hành"),
        "short_name": _("Đồng Hành"),
        "lang": "vi",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f5f7f9",
        "theme_color": "#b3261e",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
