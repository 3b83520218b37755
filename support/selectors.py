"""Reads of referrals, with access checks. A labour officer reaches a referral through the
office (commune) it was sent to; referrers reach it through the case (cases.selectors)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.selectors import user_scope
from cases.selectors import visible_cases
from support.models import OPEN_STATUSES, Referral, ReferralStatus


def office_referrals(user) -> QuerySet[Referral]:
    """Referrals sent to the user's labour office(s); drafts stay with the referrer."""
    communes = user_scope(user).labour_commune_ids
    if not communes:
        return Referral.objects.none()
    return Referral.objects.filter(commune_id__in=communes).exclude(status=ReferralStatus.DRAFT)


def inbox(user, *, show: str = "open") -> QuerySet[Referral]:
    qs = office_referrals(user).select_related("case__subject", "case__commune", "officer", "outcome")
    if show == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    return qs.order_by("-sent_at", "-pk")


def awaiting_triage_count(user) -> int:
    return office_referrals(user).filter(status=ReferralStatus.SENT).count()


def office_open_referrals(user) -> QuerySet[Referral]:
    """The labour office's work: the open referrals of the user's communes (the inbox)."""
    from django.db.models import Prefetch

    from support.models import FollowUp

    return (
        office_referrals(user)
        .filter(status__in=OPEN_STATUSES)
        .prefetch_related(
            Prefetch("follow_ups", queryset=FollowUp.objects.filter(done_at__isnull=True).order_by("due_date"), to_attr="open_follow_ups")
        )
        .order_by("-sent_at", "-pk")
    )


def referral_next_step(referral: Referral) -> tuple[str, object]:
    """What the office does next with an open referral, and by when (follow-ups have a date).
    Reads `open_follow_ups` when prefetched (office_open_referrals)."""
    if referral.status == ReferralStatus.SENT:
        return _("Tiếp nhận đề nghị hỗ trợ"), None
    if referral.status == ReferralStatus.ACCEPTED:
        return _("Ghi kết quả hỗ trợ"), None
    if referral.status == ReferralStatus.OUTCOME:
        follow_ups = getattr(referral, "open_follow_ups", None)
        if follow_ups is None:
            follow_ups = list(referral.follow_ups.filter(done_at__isnull=True).order_by("due_date"))
        return _("Theo dõi sau hỗ trợ"), follow_ups[0].due_date if follow_ups else None
    return _("Kết thúc đề nghị hỗ trợ"), None


def followed_referrals(user, *, show: str = "open") -> QuerySet[Referral]:
    """The referrals of the cases the user refers from (support.policy.REFERRER_ROLES): the
    committee head's khu dân cư, the commune front's commune, the mentor's own cases. Drafts
    included (they wait for the referrer); "open" keeps drafts and open referrals."""
    from django.db.models import Q

    from accounts.models import Role
    from cases.models import CaseUserObjectPermission

    scope = user_scope(user)
    q = Q(pk__in=[])
    if scope.head_area_ids:
        q |= Q(case__area_id__in=scope.head_area_ids)
    if scope.front_commune_ids:
        q |= Q(case__commune_id__in=scope.front_commune_ids)
    if Role.MENTOR in scope.roles:
        mine = CaseUserObjectPermission.objects.filter(user=user, permission__codename="mentor_case").values("content_object_id")
        q |= Q(case_id__in=mine)
    qs = Referral.objects.filter(q).select_related("case__subject", "case__area", "officer", "referred_by", "outcome")
    if show == "open":
        qs = qs.filter(status__in=(ReferralStatus.DRAFT, *OPEN_STATUSES))
    return qs.order_by("-created_at", "-pk")


def get_referral_for_officer(user, pk: int) -> Referral:
    referral = (
        office_referrals(user).select_related("case__subject", "case__commune", "officer", "referred_by", "partner").filter(pk=pk).first()
    )
    if referral is None:
        raise Http404(_("Không tìm thấy đề nghị."))
    return referral


def get_referral_for_referrer(user, pk: int) -> Referral:
    referral = Referral.objects.select_related("case").filter(pk=pk, case__in=visible_cases(user)).first()
    if referral is None:
        raise Http404(_("Không tìm thấy đề nghị."))
    return referral


def case_referrals(case) -> list[Referral]:
    return list(
        Referral.objects.filter(case=case)
        .select_related("outcome__partner", "officer", "referred_by", "partner")
        .prefetch_related("follow_ups")
        .order_by("-created_at", "-pk")
    )


def referral_history(referral: Referral) -> list[Referral]:
    """The person's other referrals (any case): type, status and outcome only."""
    return list(
        Referral.objects.filter(case__subject_id=referral.case.subject_id)
        .exclude(pk=referral.pk)
        .exclude(status=ReferralStatus.DRAFT)
        .select_related("outcome")
        .order_by("-created_at")
    )
