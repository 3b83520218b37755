"""Reads about users and their scope."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from accounts.models import Membership, Role, User


@dataclass(frozen=True)
class Scope:
    """The places a user works in, by role. Computed once per request."""

    roles: frozenset[str] = frozenset()
    head_area_ids: frozenset[int] = frozenset()
    front_commune_ids: frozenset[int] = frozenset()
    police_commune_ids: frozenset[int] = frozenset()
    labour_commune_ids: frozenset[int] = frozenset()
    mentor_commune_ids: frozenset[int] = frozenset()
    province_ids: frozenset[int] = frozenset()

    def has(self, role: str) -> bool:
        return role in self.roles


def user_scope(user: User) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    cached = getattr(user, "_dh_scope", None)
    if cached is not None:
        return cached
    buckets: dict[str, set[int]] = {k: set() for k in ("head", "front", "police", "labour", "mentor", "province")}
    roles: set[str] = set()
    rows = Membership.objects.active().filter(user=user).values_list("role", "area_id", "commune_id", "province_id")
    for role, area_id, commune_id, province_id in rows:
        roles.add(role)
        if role == Role.COMMITTEE_HEAD:
            buckets["head"].add(area_id)
        elif role == Role.COMMUNE_FRONT:
            buckets["front"].add(commune_id)
        elif role == Role.COMMUNE_POLICE:
            buckets["police"].add(commune_id)
        elif role == Role.LABOUR_OFFICER:
            buckets["labour"].add(commune_id)
        elif role == Role.MENTOR:
            buckets["mentor"].add(commune_id)
        elif role == Role.PROVINCE_OFFICER:
            buckets["province"].add(province_id)
    scope = Scope(
        roles=frozenset(roles),
        head_area_ids=frozenset(buckets["head"]),
        front_commune_ids=frozenset(buckets["front"]),
        police_commune_ids=frozenset(buckets["police"]),
        labour_commune_ids=frozenset(buckets["labour"]),
        mentor_commune_ids=frozenset(buckets["mentor"]),
        province_ids=frozenset(buckets["province"]),
    )
    user._dh_scope = scope  # type: ignore[attr-defined]
    return scope


def forget_scope(user: User) -> None:
    if hasattr(user, "_dh_scope"):
        del user._dh_scope


def system_user() -> User:
    """The actor recorded for commands and background jobs."""
    username = settings.DONG_HANH["SYSTEM_USERNAME"]
    user, _created = User.objects.get_or_create(
        username=username, defaults={"full_name": "Hệ thống", "is_system": True, "is_active": False}
    )
    return user
