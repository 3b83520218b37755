"""Project middleware: session time limits."""

from __future__ import annotations

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
