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


def role_labels(user: User) -> list[str]:
    """The user's roles as people read them (the footer of a print names who printed it)."""
    return sorted(labels_of_role_codes(",".join(user_scope(user).roles)))


def labels_of_role_codes(codes: str) -> list[str]:
    """"commune_police,committee_head" (as the access log keeps them) -> Vietnamese names."""
    return [str(Role(code).label) if code in Role.values else code for code in (codes or "").split(",") if code]


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


# --- delegations -------------------------------------------------------------------------------


def eligible_deputies(principal: User):
    """Who a committee head (or commune front officer) may name deputy: a head of another khu
    dân cư of the same commune, or a commune front officer of that commune; never a mentor
    (a mentor drafts the reviews a deputy would decide)."""
    from django.db.models import Q

    scope = user_scope(principal)
    communes = set(scope.front_commune_ids)
    if scope.head_area_ids:
        from areas.models import ResidentialArea

        communes |= set(ResidentialArea.objects.filter(pk__in=scope.head_area_ids).values_list("commune_id", flat=True))
    if not communes:
        return User.objects.none()
    qualifying = Membership.objects.active().filter(
        Q(role=Role.COMMUNE_FRONT, commune_id__in=communes) | Q(role=Role.COMMITTEE_HEAD, area__commune_id__in=communes)
    )
    mentors = Membership.objects.active().filter(role=Role.MENTOR).values("user_id")
    return (
        User.objects.filter(is_active=True, pk__in=qualifying.values("user_id"))
        .exclude(pk=principal.pk)
        .exclude(pk__in=mentors)
        .order_by("full_name", "username")
    )


def is_eligible_deputy(principal: User, deputy: User) -> bool:
    return eligible_deputies(principal).filter(pk=deputy.pk).exists()


def delegation_covers(*, principal: User, deputy: User, case, on=None) -> bool:
    """An active delegation from `principal` to `deputy` today (or `on`), and the deputy works
    in the case's commune as a head or commune front officer (the place it covers)."""
    from django.db.models import Q

    from accounts.models import Delegation

    if not Delegation.objects.active_on(on).filter(principal=principal, deputy=deputy).exists():
        return False
    memberships = Membership.objects.active().filter(user=deputy)
    if memberships.filter(role=Role.MENTOR).exists():
        return False
    return memberships.filter(
        Q(role=Role.COMMUNE_FRONT, commune_id=case.commune_id) | Q(role=Role.COMMITTEE_HEAD, area__commune_id=case.commune_id)
    ).exists()
