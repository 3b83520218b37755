"""Reads of the api app."""

from __future__ import annotations

from accounts.selectors import user_scope


def caller_roles(user) -> list[str]:
    """The caller's roles (role codes), for GET /api/v1/me/: data, never a test."""
    return sorted(user_scope(user).roles)
