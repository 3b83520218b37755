"""Request rates (settings REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]): per token for token
requests ("api_token"), per user for the site's own session requests ("api_session")."""

from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken


class _SettingsRate(SimpleRateThrottle):
    def get_rate(self):
        # Read the settings on each request (DRF binds them at import otherwise).
        from rest_framework.settings import api_settings

        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class TokenRateThrottle(_SettingsRate):
    scope = "api_token"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
        return None


class SessionRateThrottle(_SettingsRate):
    scope = "api_session"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken) or not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
