"""Writes that set up a commune's organisations: the Ban Công tác Mặt trận of a khu dân cư and
its head, the chi hội / chi đoàn, the mentors. Used by the Excel import (imports) and open to
screens; each is one transaction with a history row naming the actor, and only the commune
front (or the committee head of the place, where it says so) may make it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from cases.errors import DomainError, PermissionRefused
from cases.services import save_with_history
from mentors.models import Branch, FrontCommittee, Mentor


def _require_front(actor, commune_id: int) -> None:
    from accounts.selectors import user_scope

    if commune_id not in user_scope(actor).front_commune_ids:
        raise PermissionRefused(_("Chỉ cán bộ Ủy ban MTTQ của xã/phường này được thay đổi tổ chức của xã."))


def _clean(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], field=None if field == "__all__" else field) from exc


@transaction.atomic
def set_committee_head(area, *, actor, head=None, reason: str = "") -> FrontCommittee:
    """The Ban Công tác Mặt trận of a khu dân cư (created if missing) and its head, who gets the
    committee-head role at that khu dân cư."""
    _require_front(actor, area.commune_id)
    committee = FrontCommittee.objects.select_for_update().filter(area=area).first() or FrontCommittee(area=area)
    if committee.pk and committee.head_id == (head.pk if head else None):
        return committee
    committee.head = head
    save_with_history(committee, actor=actor, reason=reason or _("Ban Công tác Mặt trận"))
    if head is not None:
        membership = Membership.objects.filter(user=head, role=Role.COMMITTEE_HEAD, area=area).first()
        if membership is None:
            membership = Membership(user=head, role=Role.COMMITTEE_HEAD, area=area)
        if not membership.is_active or membership.pk is None:
            membership.is_active = True
            save_with_history(membership, actor=actor, reason=reason or _("Trưởng Ban Công tác Mặt trận"))
    return committee


@transaction.atomic
def create_branch(*, actor, commune, name: str, organisation: str, kind: str = Branch.Kind.CHI_HOI, area=None) -> Branch:
    _require_front(actor, commune.pk)
    if area is not None and area.commune_id != commune.pk:
        raise DomainError(_("Khu dân cư không thuộc xã/phường này."), field="area")
    branch = Branch(commune=commune, area=area, organisation=organisation, kind=kind, name=name)
    _clean(branch)
    save_with_history(branch, actor=actor, reason=_("Lập chi hội / chi đoàn"))
    return branch


@transaction.atomic
def create_mentor(
    *, actor, commune, full_name: str, kind: str = Mentor.Kind.BRANCH_MEMBER, branch=None, phone: str = "", title: str = ""
) -> Mentor:
    _require_front(actor, commune.pk)
    if branch is not None and branch.commune_id != commune.pk:
        raise DomainError(_("Chi hội / chi đoàn không thuộc xã/phường này."), field="branch")
    if kind == Mentor.Kind.BRANCH_MEMBER and branch is None:
        raise DomainError(_("Hội viên, đoàn viên phải thuộc một chi hội / chi đoàn."), field="branch")
    mentor = Mentor(commune=commune, full_name=full_name, kind=kind, branch=branch, phone=phone, title=title)
    _clean(mentor)
    save_with_history(mentor, actor=actor, reason=_("Thêm người giúp đỡ"))
    return mentor


@transaction.atomic
def update_mentor(mentor: Mentor, *, actor, **changes) -> Mentor:
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    _require_front(actor, mentor.commune_id)
    for key, value in changes.items():
        setattr(mentor, key, value)
    _clean(mentor)
    save_with_history(mentor, actor=actor, reason=_("Cập nhật người giúp đỡ"))
    return mentor
