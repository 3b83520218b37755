"""What support adds to the case page and the navigation (read-side registries: see
cases.registry and accounts.navigation)."""

from __future__ import annotations

from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from accounts import navigation
from cases import registry


def _panel(request, view):
    from support import policy
    from support.selectors import case_referrals

    if not view.sees("referral_details"):
        return None
    referrals = case_referrals(view.case)
    if not referrals:
        return None
    return {"referrals": referrals, "can_act": policy.is_referrer(request.user, view.case), "case": view.case}


def _may_refer(request, view) -> bool:
    from support import policy

    return bool(policy.can_refer(request.user, view.case))


def _timeline(view, case) -> list[registry.TimelineEntry]:
    from support.models import ReferralStatus
    from support.selectors import case_referrals

    entries = []
    if not view.sees("referral_details"):
        return entries
    for r in case_referrals(case):
        label = r.get_type_display()
        who = r.referred_by.display_name if r.referred_by_id else ""
        officer = r.officer.display_name if r.officer_id else ""
        entries.append(
            registry.TimelineEntry(
                at=r.created_at, kind="referral", title=_t("Lập đề nghị hỗ trợ: %(t)s") % {"t": label}, body=r.needs, actor=who
            )
        )
        if r.sent_at:
            entries.append(
                registry.TimelineEntry(at=r.sent_at, kind="referral", title=_t("Gửi đề nghị hỗ trợ: %(t)s") % {"t": label}, actor=who)
            )
        if r.decided_at:
            if r.status == ReferralStatus.DECLINED:
                entries.append(
                    registry.TimelineEntry(
                        at=r.decided_at,
                        kind="referral",
                        title=_t("Đề nghị bị từ chối: %(t)s") % {"t": label},
                        body=r.decline_reason,
                        actor=officer,
                    )
                )
            else:
                entries.append(
                    registry.TimelineEntry(
                        at=r.decided_at, kind="referral", title=_t("Đã tiếp nhận đề nghị: %(t)s") % {"t": label}, actor=officer
                    )
                )
        outcome = getattr(r, "outcome", None)
        if r.outcome_at and outcome is not None:
            entries.append(
                registry.TimelineEntry(
                    at=r.outcome_at,
                    kind="referral",
                    title=_t("Kết quả hỗ trợ (%(t)s): %(r)s") % {"t": label, "r": outcome.get_result_display()},
                    body=_outcome_summary(r, outcome),
                    actor=officer,
                )
            )
        for f in r.follow_ups.all():
            if f.done_at:
                state = _t("vẫn duy trì") if f.still_active else _t("không còn duy trì")
                entries.append(
                    registry.TimelineEntry(
                        at=f.done_at,
                        kind="referral",
                        title=_t("Theo dõi sau hỗ trợ (%(t)s): %(s)s") % {"t": label, "s": state},
                        body=f.notes,
                        actor=officer,
                    )
                )
        if r.ended_at and r.status in (ReferralStatus.CLOSED, ReferralStatus.WITHDRAWN):
            title = _t("Kết thúc đề nghị: %(t)s") if r.status == ReferralStatus.CLOSED else _t("Rút lại đề nghị: %(t)s")
            entries.append(
                registry.TimelineEntry(at=r.ended_at, kind="referral", title=title % {"t": label}, body=r.close_note or r.withdraw_reason)
            )
    return entries


def _outcome_summary(referral, outcome) -> str:
    from cases.templatetags.cases_tags import vnd
    from support.models import ReferralType

    parts = []
    if outcome.partner_id:
        parts.append(str(outcome.partner))
    if referral.type == ReferralType.JOB and outcome.position:
        parts.append(outcome.position)
        if outcome.monthly_wage:
            parts.append(_t("lương %(w)s/tháng") % {"w": vnd(outcome.monthly_wage)})
    if referral.type == ReferralType.TRAINING and outcome.course:
        parts.append(outcome.course)
    if referral.type == ReferralType.LOAN and outcome.amount_approved:
        parts.append(_t("được vay %(a)s") % {"a": vnd(outcome.amount_approved)})
    if outcome.notes:
        parts.append(outcome.notes)
    return " · ".join(parts)


def _is_officer(request) -> bool:
    from support import policy

    return policy.may_use_office(request.user)


def _follows_referrals(request) -> bool:
    from support import policy

    return policy.may_follow_referrals(request.user)


def _triage_count(request) -> int | None:
    from support.selectors import awaiting_triage_count

    return awaiting_triage_count(request.user) or None


def register() -> None:
    registry.register_panel(registry.Panel(key="referrals", template="support/includes/referral_panel.html", context=_panel, order=30))
    registry.register_action("refer", _("Đề nghị hỗ trợ"), "support:create", _may_refer)
    registry.register_timeline_source(registry.TimelineSource(kind="referral", entries=_timeline))
    navigation.register(
        navigation.NavItem(
            key="referrals", label=_("Đề nghị hỗ trợ"), url_name="support:inbox", order=15, visible=_is_officer, count=_triage_count
        )
    )
    # The referrer's side (mentor, committee head, commune front): what they referred, and where it stands.
    navigation.register(
        navigation.NavItem(
            key="referrals_followed", label=_("Giới thiệu hỗ trợ"), url_name="support:followed", order=16, visible=_follows_referrals
        )
    )
