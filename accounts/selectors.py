"""Reads about users and their scope."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from accounts.models import ROLE_PLACE_LEVEL, Membership, Role, User


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
    """ "commune_police,committee_head" (as the access log keeps them) -> Vietnamese names."""
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


# --- who manages whose login (a commune runs its own people) --------------------------------------

# The roles each managing role may grant, at the places of its own scope. A manager never grants
# their own role or one above it: the commune front manages the commune's mentors, committee
# heads, police and labour officers; the province officer the commune officers of the province.
GRANTABLE: dict[str, frozenset[str]] = {
    Role.COMMUNE_FRONT: frozenset({Role.MENTOR, Role.COMMITTEE_HEAD, Role.COMMUNE_POLICE, Role.LABOUR_OFFICER}),
    Role.PROVINCE_OFFICER: frozenset({Role.COMMUNE_FRONT, Role.COMMUNE_POLICE, Role.LABOUR_OFFICER}),
}


def managed_commune_ids(actor: User, role: str) -> frozenset[int]:
    """The communes where `actor` may grant `role` (empty: nowhere)."""
    from areas.models import Commune

    scope = user_scope(actor)
    ids: set[int] = set()
    if role in GRANTABLE[Role.COMMUNE_FRONT]:
        ids |= scope.front_commune_ids
    if role in GRANTABLE[Role.PROVINCE_OFFICER] and scope.province_ids:
        ids |= set(Commune.objects.filter(province_id__in=scope.province_ids).values_list("pk", flat=True))
    return frozenset(ids)


def can_grant(actor: User, role: str, *, province=None, commune=None, area=None) -> bool:
    """May `actor` give `role` at this place?"""
    if province is not None:
        return False  # no manager here grants a province-level role
    if area is not None:
        return role == Role.COMMITTEE_HEAD and area.commune_id in managed_commune_ids(actor, role)
    if commune is not None:
        return ROLE_PLACE_LEVEL.get(role) == "commune" and commune.pk in managed_commune_ids(actor, role)
    return False


def manages_anyone(actor: User) -> bool:
    return bool(user_scope(actor).roles & set(GRANTABLE))


def manageable_users(actor: User):
    """People whose logins `actor` manages: every membership they ever had (active or ended) is
    one `actor` may grant, and they are not staff or system users. Someone who also works
    elsewhere is managed there, by their other manager, and not here."""
    from django.db.models import Exists, OuterRef, Q

    scope = user_scope(actor)
    if not manages_anyone(actor):
        return User.objects.none()
    allowed = Q(pk__in=[])
    front = scope.front_commune_ids
    if front:
        allowed |= Q(role__in=[r for r in GRANTABLE[Role.COMMUNE_FRONT] if r != Role.COMMITTEE_HEAD], commune_id__in=front)
        allowed |= Q(role=Role.COMMITTEE_HEAD, area__commune_id__in=front)
    if scope.province_ids:
        allowed |= Q(role__in=GRANTABLE[Role.PROVINCE_OFFICER], commune__province_id__in=scope.province_ids)
    outside = Membership.objects.filter(user=OuterRef("pk")).exclude(allowed)
    inside = Membership.objects.filter(user=OuterRef("pk")).filter(allowed)
    return (
        User.objects.filter(Exists(inside), is_staff=False, is_superuser=False, is_system=False)
        .exclude(Exists(outside))
        .exclude(pk=actor.pk)
    )


def can_manage_user(actor: User, target: User) -> bool:
    return manageable_users(actor).filter(pk=target.pk).exists()


def grantable_choices(actor: User) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(role, label, [(place key, place label)]) for the account form: "commune:ID" or "area:ID"."""
    from areas.models import Commune, ResidentialArea

    out = []
    for role in Role:
        communes = managed_commune_ids(actor, role.value)
        if not communes:
            continue
        if role == Role.COMMITTEE_HEAD:
            areas = ResidentialArea.objects.filter(commune_id__in=communes).select_related("commune").order_by("commune__name", "name")
            places = [(f"area:{a.pk}", f"{a}, {a.commune}") for a in areas]
        else:
            places = [(f"commune:{c.pk}", str(c)) for c in Commune.objects.filter(pk__in=communes).order_by("name")]
        out.append((role.value, str(role.label), places))
    return out


def may_handle_account_security(user: User) -> bool:
    """Commune officers, province officers and the installation administrator unlock logins
    and approve requested roles (accounts.security_views)."""
    from accounts.installation import is_installation_admin

    scope = user_scope(user)
    return bool(scope.front_commune_ids or scope.police_commune_ids or scope.province_ids) or is_installation_admin(user)
