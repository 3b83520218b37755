"""Who may draft and decide a quarterly review, and who may be named deputy. Built on the
core's role table (cases.policy). Four eyes: the decider of a review is never its drafter."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.selectors import delegation_covers, is_eligible_deputy, user_scope
from cases.policy import ALLOWED, Decision, refused


def may_delegate(user) -> bool:
    """Committee heads and commune front officers may name a deputy."""
    scope = user_scope(user)
    return bool(scope.head_area_ids or scope.front_commune_ids)


def can_name_deputy(principal, deputy) -> Decision:
    if not may_delegate(principal):
        return refused(_("Chỉ Trưởng Ban Công tác Mặt trận hoặc cán bộ MTTQ xã được ủy quyền."))
    if deputy is None:
        return refused(_("Vui lòng chọn người được ủy quyền."))
    if deputy.pk == principal.pk:
        return refused(_("Không thể ủy quyền cho chính mình."))
    if not is_eligible_deputy(principal, deputy):
        return refused(
            _(
                "Chỉ được ủy quyền cho Trưởng Ban Công tác Mặt trận khu dân cư khác hoặc cán bộ MTTQ của cùng xã/phường; "
                "không ủy quyền cho người giúp đỡ."
            )
        )
    return ALLOWED


def can_draft_review(user, task) -> Decision:
    """The draft task's owner (the case's mentor, or the decider when the mentor has no account)."""
    if task.owner_id is None or task.owner_id != user.pk:
        return refused(_("Việc này không được giao cho bạn."))
    return ALLOWED


def can_decide_review(user, review, task, *, on_behalf_of=None) -> Decision:
    """The decide task's owner, or a deputy acting explicitly for the owner under an active
    delegation covering today and the case's commune. Never the review's drafter."""
    if review.drafted_by_id is not None and review.drafted_by_id == user.pk:
        return refused(_("Người soạn đánh giá không được tự duyệt đánh giá của mình (nguyên tắc bốn mắt)."))
    if task.owner_id is None:
        return refused(_("Việc này không được giao cho bạn."))
    if on_behalf_of is None or on_behalf_of.pk == user.pk:
        if task.owner_id == user.pk:
            return ALLOWED
        return refused(_("Việc này không được giao cho bạn."))
    if on_behalf_of.pk != task.owner_id:
        return refused(_("Việc này không được giao cho người bạn được ủy quyền."))
    if not delegation_covers(principal=on_behalf_of, deputy=user, case=review.case):
        return refused(_("Bạn không được %(who)s ủy quyền cho hồ sơ này vào hôm nay.") % {"who": on_behalf_of.display_name})
    return ALLOWED


def can_set_reminders(actor, user) -> Decision:
    """A person sets how they are reminded for themselves only: the page has no other user's
    id, and the service refuses any other pairing (an administrator included)."""
    if actor is None or not actor.is_authenticated or actor.pk != user.pk:
        return refused(_("Bạn chỉ được đặt cách nhận nhắc việc của chính mình."))
    return ALLOWED
