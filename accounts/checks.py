"""System checks about how the installation is administered."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError
from django.utils import timezone


@register(Tags.security)
def superuser_recent_login(app_configs, **kwargs):
    """A superuser is for the first start only; day-to-day work uses the installation
    administrator. Warn when a superuser has logged in during the last N days."""
    days = settings.DONG_HANH.get("SUPERUSER_LOGIN_WARNING_DAYS", 30)
    if not days:
        return []
    from accounts.models import User

    since = timezone.now() - dt.timedelta(days=days)
    try:
        names = list(User.objects.filter(is_superuser=True, last_login__gte=since).values_list("username", flat=True)[:5])
    except DatabaseError:  # no database yet (first migrate) or not reachable: nothing to say
        return []
    if not names:
        return []
    return [
        Warning(
            f"A superuser logged in during the last {days} days: {', '.join(names)}.",
            hint="Use the installation administrator group (accounts.installation) for daily work; "
            "keep superusers for the first start (DH_SUPERUSER_LOGIN_WARNING_DAYS).",
            id="dong_hanh.W001",
        )
    ]
