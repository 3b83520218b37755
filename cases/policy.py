"""Who may see and do what to a case: the one home of the core's access rules.

Three things live here, and nowhere else:

1. The roles a user holds *with respect to one case* (`case_roles`): scope is data (place
   memberships), the mentor's link is the guardian object permission that assigning grants.
2. One table of actions (`ACTION_ROLES`) and one table of what each reader sees (`SEES`),
   both keyed by `Role` constants. Predicates (`can_transition`, `can_flag_concern`, …)
   answer with a `Decision`: allowed, or refused with a Vietnamese reason. Services call them
   before acting (`require(...)`); views call them only to decide what to show.
3. The projection (`CaseView`): what this reader sees of this case. The case page, the
   timeline, print, PDF, panels, timeline sources and exports read it and never test a role.

Higher apps keep their own `policy.py` (mentors, support, workflows) built on the same
`case_roles` and `Role` constants.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from accounts.selectors import user_scope
from cases.errors import PermissionRefused, TransitionRefused
from cases.identity import mask_national_id

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Case, Subject

MENTOR = Role.MENTOR
HEAD = Role.COMMITTEE_HEAD
FRONT = Role.COMMUNE_FRONT
POLICE = Role.COMMUNE_POLICE
LABOUR = Role.LABOUR_OFFICER
PROVINCE = Role.PROVINCE_OFFICER
# Not a membership role: a reader who reached the case through a stated reason (an AccessGrant):
# a province officer, or anyone else the lookup lets through.
GRANTED = "granted_reader"

SUPERVISORS = frozenset({HEAD, FRONT, POLICE})


# --- decisions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """Allowed, or refused with a reason the user can read (Vietnamese)."""

    allowed: bool
    reason: str = ""
    # "permission" (who you are) or "state" (where the case is): the error class to raise.
    kind: str = "permission"

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(True)


def refused(reason: Any, *, kind: str = "permission") -> Decision:
    return Decision(False, str(reason), kind)


def require(decision: Decision, *, field: str | None = None) -> None:
    """Raise the refusal as a DomainError (services call this before acting)."""
    if decision:
        return
    error = TransitionRefused if decision.kind == "state" else PermissionRefused
    raise error(decision.reason, field=field)


# --- the role table ----------------------------------------------------------------------------

# Who may make each change of a case (the case's state machine, domain.md, and the other acts).
ACTION_ROLES: dict[str, frozenset[str]] = {
    "assign": frozenset({HEAD, FRONT}),
    "reassign": frozenset({HEAD, FRONT}),
    "start_mentoring": frozenset({MENTOR, HEAD, FRONT}),
    # Support opens with the first sent referral and closes with the last ended one: whoever
    # acted on the referral (its referrer or the labour office) moves the case.
    "open_support": frozenset({MENTOR, HEAD, FRONT}),
    "close_support": frozenset({MENTOR, HEAD, FRONT, LABOUR}),
    "graduate": frozenset({HEAD, FRONT}),
    "escalate": frozenset({HEAD, FRONT, POLICE}),
    "resolve_escalation": frozenset({POLICE, FRONT}),
    "close": frozenset({HEAD, FRONT, POLICE}),
    "transfer": frozenset({POLICE, FRONT}),
    "flag_concern": frozenset({MENTOR, HEAD, FRONT}),
    "edit_subject": frozenset({HEAD, FRONT, POLICE}),
    # Police classify (Thông tư 10/2024/TT-BCA); the commune front may record it with them.
    "classify": frozenset({POLICE, FRONT}),
    "list_subject": frozenset({HEAD, FRONT, POLICE}),
    # the legal end of management (cases.legal_services)
    "end_by_clock": frozenset({HEAD, FRONT}),
    "propose_shortening": frozenset({HEAD, FRONT, POLICE}),
    "record_court_decision": frozenset({HEAD, FRONT, POLICE}),
    "address_check": frozenset({POLICE}),
    "evaluate": frozenset({POLICE}),
}

# The transitions offered as buttons on the case page (the others happen through their own
# screens: assignment, referrals, reviews).
MANUAL_TRANSITIONS = ("start_mentoring", "graduate", "escalate", "resolve_escalation", "close", "transfer")

# What each reader sees of a case (domain.md, "Who sees what"). One table: the projection
# below reads it, and nothing else decides visibility.
SEES: dict[str, frozenset[str]] = {
    # the person, category and the case's state: everyone who may open the case
    "profile": frozenset({MENTOR, HEAD, FRONT, POLICE, GRANTED}),
    # a reader through a stated reason sees the masked number (the case, not the identity)
    "full_identity": frozenset({HEAD, FRONT, POLICE}),
    # offence summary and sentence details (not for the mentor: need to know)
    "offence": frozenset({HEAD, FRONT, POLICE, GRANTED}),
    "classification": frozenset({HEAD, FRONT, POLICE, GRANTED}),
    "legal_dates": frozenset({MENTOR, HEAD, FRONT, POLICE, GRANTED}),
    # the confidential notes of visits written by others ("Ghi chú hạn chế": head, front, police)
    "sensitive_notes": frozenset({HEAD, FRONT, POLICE}),
    # the reasons others gave for escalations, concerns, closings and transfers
    "event_reasons": frozenset({HEAD, FRONT, POLICE, GRANTED}),
    "contact": frozenset({MENTOR, HEAD, FRONT, POLICE}),
    "referral_details": frozenset({MENTOR, HEAD, FRONT, POLICE, GRANTED}),
    "reviews": frozenset({MENTOR, HEAD, FRONT, POLICE, GRANTED}),
    # the history of the cases before a transfer (the mentor sees only their own case)
    "earlier_cases": frozenset({HEAD, FRONT, POLICE, GRANTED}),
    # Ai đã xem
    "access_log": frozenset({HEAD, FRONT}),
}

TRANSITION_LABELS = {
    "create": gettext_lazy("Lập hồ sơ"),
    "assign": gettext_lazy("Phân công"),
    "reassign": gettext_lazy("Phân công lại"),
    "start_mentoring": gettext_lazy("Bắt đầu giúp đỡ"),
    "open_support": gettext_lazy("Bắt đầu hỗ trợ"),
    "close_support": gettext_lazy("Kết thúc hỗ trợ"),
    "graduate": gettext_lazy("Đưa ra khỏi diện quản lý"),
    "escalate": gettext_lazy("Chuyển công an xử lý"),
    "resolve_escalation": gettext_lazy("Xử lý xong vụ việc"),
    "close": gettext_lazy("Kết thúc hồ sơ"),
    "transfer": gettext_lazy("Chuyển địa bàn"),
    "transfer_in": gettext_lazy("Nhận hồ sơ chuyển đến"),
    "subject_updated": gettext_lazy("Sửa thông tin người được giúp đỡ"),
    "concern_flagged": gettext_lazy("Phản ánh dấu hiệu vi phạm"),
    "merge_subject": gettext_lazy("Gộp hồ sơ trùng người"),
    "visit_logged": gettext_lazy("Ghi nhận tiếp xúc"),
    "visit_corrected": gettext_lazy("Sửa tiếp xúc"),
    "referral_created": gettext_lazy("Lập đề nghị hỗ trợ"),
    "referral_updated": gettext_lazy("Sửa đề nghị hỗ trợ (nháp)"),
    "referral_sent": gettext_lazy("Gửi đề nghị hỗ trợ"),
    "referral_accepted": gettext_lazy("Tiếp nhận đề nghị hỗ trợ"),
    "referral_declined": gettext_lazy("Từ chối đề nghị hỗ trợ"),
    "referral_outcome": gettext_lazy("Ghi kết quả hỗ trợ"),
    "referral_followed_up": gettext_lazy("Theo dõi sau hỗ trợ"),
    "referral_closed": gettext_lazy("Kết thúc đề nghị hỗ trợ"),
    "referral_withdrawn": gettext_lazy("Rút lại đề nghị hỗ trợ"),
    "review_submitted": gettext_lazy("Gửi duyệt đánh giá hằng quý"),
    "review_returned": gettext_lazy("Trả lại đánh giá hằng quý để sửa"),
    "review_approved": gettext_lazy("Duyệt đánh giá hằng quý"),
    "review_canceled": gettext_lazy("Hủy đánh giá hằng quý do hồ sơ đã kết thúc"),
    "delegation_used": gettext_lazy("Quyết định thay theo ủy quyền"),
    "end_by_clock": gettext_lazy("Xác nhận kết thúc theo thời hạn luật định"),
    "propose_shortening": gettext_lazy("Đề nghị rút ngắn thời gian thử thách"),
    "record_court_decision": gettext_lazy("Ghi quyết định của Tòa án"),
    "address_check": gettext_lazy("Xác minh nơi cư trú"),
    "evaluate": gettext_lazy("Nhận xét, đánh giá việc chấp hành"),
}

# The person's fields that tell the offence and the sentence (withheld with "offence").
OFFENCE_FIELDS = frozenset(
    {
        "offence_summary",
        "sentence_details",
        "main_penalty",
        "sentence_months",
        "additional_penalty",
        "additional_penalty_months",
        "offence_date",
        "offence_gravity",
        "expungement_override_reason",
    }
)

# Events whose reason (free text) is a sensitive note for readers who did not write it.
SENSITIVE_EVENTS = frozenset({"escalate", "resolve_escalation", "concern_flagged", "close", "transfer"})


# --- roles with respect to a case ----------------------------------------------------------


def is_case_mentor(user: User, case: Case) -> bool:
    from cases.models import CaseUserObjectPermission

    cache = user.__dict__.setdefault("_dh_mentor_cases", {})
    if case.pk not in cache:
        cache[case.pk] = CaseUserObjectPermission.objects.filter(
            user=user, content_object_id=case.pk, permission__codename="mentor_case"
        ).exists()
    return cache[case.pk]


def forget_mentor_cache(user: User) -> None:
    user.__dict__.pop("_dh_mentor_cases", None)


def case_roles(user: User, case: Case) -> frozenset[str]:
    """The roles `user` holds for this case (empty when the case is out of their scope)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    scope = user_scope(user)
    roles = set()
    if case.area_id in scope.head_area_ids:
        roles.add(HEAD)
    if case.commune_id in scope.front_commune_ids:
        roles.add(FRONT)
    if case.commune_id in scope.police_commune_ids:
        roles.add(POLICE)
    if case.commune_id in scope.labour_commune_ids:
        roles.add(LABOUR)
    if MENTOR in scope.roles and is_case_mentor(user, case):
        roles.add(MENTOR)
    return frozenset(roles)


def _has(roles: frozenset[str], action: str) -> bool:
    return bool(roles & ACTION_ROLES[action])


# --- predicates ------------------------------------------------------------------------------


def can_act(user: User, case: Case, action: str, *, roles: frozenset[str] | None = None) -> Decision:
    """May `user` make `action` (a key of ACTION_ROLES) on this case, as far as who they are?"""
    roles = case_roles(user, case) if roles is None else roles
    if _has(roles, action):
        return ALLOWED
    label = TRANSITION_LABELS.get(action)
    if label is None:
        return refused(_("Bạn không có quyền thực hiện thao tác này trên hồ sơ."))
    return refused(_("Bạn không có quyền “%(action)s” đối với hồ sơ này.") % {"action": label})


def state_allows(case: Case, name: str) -> Decision:
    """Does the state machine allow transition `name` from the case's state now?"""
    from django_fsm import can_proceed

    from cases.models import CaseStatus

    if can_proceed(getattr(case, name), check_conditions=False):
        return ALLOWED
    state = str(CaseStatus(case.status).label) if case.status in CaseStatus.values else case.status
    return refused(
        _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(state)s”.") % {"action": TRANSITION_LABELS[name], "state": state},
        kind="state",
    )


def can_transition(user: User, case: Case, name: str, *, acting_for: User | None = None) -> Decision:
    """Who (the actor, or the principal they validly act for) and where (the state machine)."""
    principal = acting_for or user
    decision = can_act(principal, case, name)
    if not decision:
        return decision
    return state_allows(case, name)


def can_flag_concern(user: User, case: Case) -> Decision:
    if case.is_terminal:
        return refused(_("Hồ sơ đã kết thúc, không thể phản ánh dấu hiệu vi phạm."), kind="state")
    if not _has(case_roles(user, case), "flag_concern"):
        return refused(_("Bạn không có quyền phản ánh dấu hiệu vi phạm về hồ sơ này."))
    return ALLOWED


def can_edit_subject(user: User, case: Case) -> Decision:
    if case.is_terminal:
        return refused(_("Hồ sơ đã kết thúc; không thể sửa thông tin người được giúp đỡ."), kind="state")
    if not _has(case_roles(user, case), "edit_subject"):
        return refused(_("Bạn không có quyền sửa thông tin người được giúp đỡ."))
    return ALLOWED


def can_classify(user: User, case: Case) -> Decision:
    if not _has(case_roles(user, case), "classify"):
        return refused(_("Chỉ Công an xã và Ủy ban MTTQ xã được phân loại người được giúp đỡ."))
    return ALLOWED


def can_list_subject_in(user: User, area) -> Decision:
    scope = user_scope(user)
    if area.pk in scope.head_area_ids or area.commune_id in (scope.front_commune_ids | scope.police_commune_ids):
        return ALLOWED
    return refused(_("Bạn chỉ được lập hồ sơ cho khu dân cư thuộc địa bàn của mình."))


def listable_areas(user: User):
    """The khu dân cư a user may list people in (head: theirs; front and police: their commune's)."""
    from django.db.models import Q

    from areas.models import ResidentialArea

    scope = user_scope(user)
    return ResidentialArea.objects.filter(
        Q(pk__in=scope.head_area_ids) | Q(commune_id__in=scope.front_commune_ids | scope.police_commune_ids)
    ).select_related("commune")


def may_list_subjects(user: User) -> bool:
    scope = user_scope(user)
    return bool(scope.head_area_ids or scope.front_commune_ids or scope.police_commune_ids)


def may_see_case_list(user: User) -> bool:
    return bool(user_scope(user).roles & {HEAD, FRONT, POLICE, MENTOR})


def may_see_escalations(user: User) -> bool:
    scope = user_scope(user)
    return bool(scope.police_commune_ids or scope.front_commune_ids)


def may_see_legal_tasks(user: User) -> bool:
    """The people who decide on the legal end (heads, commune front, commune police)."""
    scope = user_scope(user)
    return bool(scope.head_area_ids or scope.front_commune_ids or scope.police_commune_ids)


def may_merge_subjects(user: User) -> bool:
    """The commune front lists and merges duplicates of a person (cases.merging)."""
    return bool(user_scope(user).front_commune_ids)


def full_identity_cases(user: User):
    """A Q over Case: the cases whose full identity number this user sees (SEES["full_identity"],
    by the scope the roles come from). A search by identity digits matches only these, so a
    mentor, who sees the number masked, cannot find a person by its digits."""
    from django.db.models import Q

    scope = user_scope(user)
    by_role = {
        HEAD: Q(area_id__in=scope.head_area_ids),
        FRONT: Q(commune_id__in=scope.front_commune_ids),
        POLICE: Q(commune_id__in=scope.police_commune_ids),
    }
    q = Q(pk__in=[])
    for role in SEES["full_identity"]:
        q |= by_role.get(role, Q(pk__in=[]))
    return q


def may_look_up_cases(user: User) -> bool:
    """The province officer's lookup (then a stated reason opens one case)."""
    return PROVINCE in user_scope(user).roles


def can_see_access_log(user: User, case: Case) -> Decision:
    if case_roles(user, case) & SEES["access_log"]:
        return ALLOWED
    return refused(_("Chỉ Trưởng Ban Công tác Mặt trận và cán bộ MTTQ xã xem được nhật ký truy cập."))


# --- reading: when a reason is needed first ---------------------------------------------------

# Readers whose own work is the case: the assigned mentor, the head of its khu dân cư, the
# commune front and the commune police (who list and classify the people of their commune).
FREE_READERS = frozenset({MENTOR, HEAD, FRONT, POLICE})


def needs_reason(user: User, case: Case) -> bool:
    """True when opening this case is outside the user's own work: a province officer, or
    anyone reaching it beyond their scope through the lookup. They state a reason first."""
    return not case_roles(user, case) & FREE_READERS


# --- the projection: what this reader sees of this case ---------------------------------------


@dataclass
class CaseView:
    """One case as one reader sees it. Built by `project` (selectors call it); every screen,
    print, PDF, panel, timeline source and export reads this and never tests a role."""

    user: Any
    case: Case
    subject: Subject
    roles: frozenset[str]
    grant_reason: str = ""
    _sees: frozenset[str] = field(default_factory=frozenset)

    def sees(self, what: str) -> bool:
        return what in self._sees

    # the flags templates read
    @property
    def sees_full_identity(self) -> bool:
        return self.sees("full_identity")

    @property
    def sees_offence(self) -> bool:
        return self.sees("offence")

    @property
    def sees_classification(self) -> bool:
        return self.sees("classification")

    @property
    def sees_legal_dates(self) -> bool:
        return self.sees("legal_dates")

    @property
    def sees_sensitive_notes(self) -> bool:
        return self.sees("sensitive_notes")

    @property
    def sees_access_log(self) -> bool:
        return self.sees("access_log")

    @property
    def sees_earlier_cases(self) -> bool:
        return self.sees("earlier_cases")

    @property
    def sees_contact(self) -> bool:
        return self.sees("contact")

    # the values, already masked or withheld
    @property
    def national_id(self) -> str:
        value = self.subject.national_id
        return value if self.sees_full_identity else mask_national_id(value)

    @property
    def offence_summary(self) -> str | None:
        return self.subject.offence_summary if self.sees_offence else None

    @property
    def sentence_details(self) -> str | None:
        return self.subject.sentence_details if self.sees_offence else None

    @property
    def classification(self) -> str | None:
        return self.subject.get_classification_display() if self.sees_classification else None

    @property
    def legal_clock_end(self) -> dt.date | None:
        return self.subject.legal_clock_end if self.sees_legal_dates else None

    def is_author(self, author_id: int | None) -> bool:
        return author_id is not None and author_id == getattr(self.user, "pk", None)

    def sees_note_by(self, author_id: int | None) -> bool:
        """A visit's confidential note: for those who see them, and for the one who wrote it."""
        return self.sees_sensitive_notes or self.is_author(author_id)

    def sees_reason_by(self, author_id: int | None) -> bool:
        """The reason of an escalation, concern, closing or transfer."""
        return self.sees("event_reasons") or self.is_author(author_id)

    @cached_property
    def hidden_subject_fields(self) -> frozenset[str]:
        """Fields of the person whose changes this reader does not see (timeline diffs)."""
        hidden = set()
        if not self.sees_full_identity:
            hidden.add("national_id")
        if not self.sees_offence:
            hidden |= OFFENCE_FIELDS
        if not self.sees_classification:
            hidden.add("classification")
        return frozenset(hidden)

    def facts(self) -> list[tuple[str, str]]:
        """The person and the case as label/value rows (print and PDF)."""
        subject, case = self.subject, self.case
        facts = [
            (_("Ngày sinh"), subject.date_of_birth.strftime("%d/%m/%Y")),
            (_("Giới tính"), subject.get_sex_display()),
            (_("Số định danh"), self.national_id or "—"),
            (
                _("Nơi cư trú"),
                f"{case.area}, {case.commune}" + (f" · {subject.address_detail}" if subject.address_detail else ""),
            ),
            (_("Diện"), subject.get_category_display()),
        ]
        if self.sees_classification:
            facts.append((_("Phân loại"), self.classification or "—"))
        if self.sees_offence:
            facts += [
                (_("Hành vi vi phạm"), self.offence_summary or "—"),
                (_("Bản án / quyết định"), self.sentence_details or "—"),
            ]
        if self.sees_legal_dates:
            from cases.legal_display import legal_facts

            # legal dates, the basis of an end and the classification with its date (issue 11)
            facts += legal_facts(case, with_classification=self.sees_classification)
        facts += [
            (_("Lập hồ sơ"), timezone.localtime(case.opened_at).strftime("%d/%m/%Y")),
            (_("Trạng thái"), case.get_status_display()),
        ]
        if case.close_reason:
            facts.append((_("Lý do kết thúc"), case.get_close_reason_display()))
        return facts


def project(user: User, case: Case, *, subject: Subject | None = None, grant=None) -> CaseView:
    """What `user` sees of `case`. A reader who opened it through a stated reason (`grant`, an
    AccessGrant) reads it as a GRANTED reader."""
    roles = case_roles(user, case)
    effective = set(roles)
    grant_reason = ""
    if grant is not None:
        effective.add(GRANTED)
        grant_reason = grant.reason
    sees = frozenset(what for what, readers in SEES.items() if effective & readers)
    return CaseView(user=user, case=case, subject=subject or case.subject, roles=roles, grant_reason=grant_reason, _sees=sees)
