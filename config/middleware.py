"""Project middleware: session time limits."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

LOGIN_AT = "_dh_login_at"
SEEN_AT = "_dh_seen_at"
# The last-seen time is written at most this often (seconds): not one session write per request.
SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    """Ends a session idle for SESSION_IDLE_TIMEOUT, and any session older than
    SESSION_ABSOLUTE_TIMEOUT, whatever the activity (a shared office computer, a lost phone)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            login_at = session.get(LOGIN_AT)
            seen_at = session.get(SEEN_AT)
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
            if login_at is None:
                session[LOGIN_AT] = login_at = now
            expired = (seen_at is not None and now - seen_at > idle) or now - login_at > absolute
            if expired:
                logout(request)
                messages.info(request, _("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại."))
                return redirect_to_login(request.get_full_path())
            if seen_at is None or now - seen_at >= SEEN_RESOLUTION:
                session[SEEN_AT] = now
        return self.get_response(request)


def stamp_login(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: the absolute limit counts from the login."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


request_logger = logging.getLogger("dong_hanh.request")


class RequestLogMiddleware:
    """One log line per request: method, the URL pattern (never the path or the query string,
    which can hold a search for a name or a partner's token), status, duration, user id.
    No name, no address, no form data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.monotonic()
        response = self.get_response(request)
        if not request_logger.isEnabledFor(logging.INFO):
            return response
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        request_logger.info(
            {
                "method": request.method,
                "route": "/" + match.route if match is not None else None,
                "view": match.view_name if match is not None else None,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - start) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            }
        )
        return response


# --- Reads that tolerate lag go to a read replica (config.db_router) ---------------------------


class ReplicaReadsMiddleware:
    """GET requests of the apps named in READ_REPLICA_APPS (the reports) read from the replica
    alias when READ_REPLICA_ALIAS is set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from config.db_router import replica_reads

        alias = settings.READ_REPLICA_ALIAS
        if alias and request.method in ("GET", "HEAD"):
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            if match is not None and match.app_name in settings.READ_REPLICA_APPS:
                with replica_reads(alias):
                    return self.get_response(request)
        return self.get_response(request)
