"""The installation administrator: day-to-day administration without a superuser.

A group holds exactly the admin permissions the work needs (users, place memberships, places,
organisations and partners, login lockouts); no case model, no workflow model, no history
model. The group is kept in step after every `migrate` (post_migrate), so a new permission is
never granted by accident and a removed one is taken away.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS

GROUP_NAME = "Quản trị cài đặt"

# (app_label, model, actions)
PERMISSIONS: list[tuple[str, str, tuple[str, ...]]] = [
    ("accounts", "user", ("view", "add", "change")),
    ("accounts", "membership", ("view", "add", "change")),
    ("areas", "province", ("view", "add", "change", "delete")),
    ("areas", "commune", ("view", "add", "change", "delete")),
    ("areas", "residentialarea", ("view", "add", "change", "delete")),
    ("mentors", "frontcommittee", ("view", "add", "change", "delete")),
    ("mentors", "branch", ("view", "add", "change", "delete")),
    ("mentors", "mentor", ("view", "add", "change", "delete")),
    ("support", "partner", ("view", "add", "change", "delete")),
    ("axes", "accessattempt", ("view", "delete")),
    ("axes", "accessfailurelog", ("view",)),
    ("accounts", "lockout", ("view",)),
]


def ensure_group(using: str = DEFAULT_DB_ALIAS):
    """Create or update the group so that it has exactly PERMISSIONS (those that exist)."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    group, _created = Group.objects.using(using).get_or_create(name=GROUP_NAME)
    wanted = Q(pk__in=[])
    for app_label, model, actions in PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, content_type__model=model, codename__in=[f"{a}_{model}" for a in actions])
    group.permissions.set(Permission.objects.using(using).filter(wanted))
    return group


def sync_group(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate receiver (runs once per migrated app; cheap and idempotent)."""
    from django.contrib.auth.models import Permission

    if Permission.objects.using(using).exists():
        ensure_group(using)


def is_installation_admin(user) -> bool:
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.is_staff):
        return False
    return user.is_superuser or user.groups.filter(name=GROUP_NAME).exists()
