"""The single write path for referrals.

Each public function is one transaction that locks the Case row first (so that two referrals
of one case are serialised: the "first opens / last closes" rule needs it), then the referral
row, asks the policy (support.policy) who may act, moves the referral through its protected
django-fsm status (support.models.Referral), writes its history row and a CaseEvent on the
case. Sending the first open referral moves the case to `supported` (open_support) and ending
the last one moves it back to `in_review` (close_support), in the same transaction.

The labour office's inbox is a selector over referrals (support.selectors); no process engine
mirrors the status.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from accounts.models import Membership, Role, User, labour_role_noun
from accounts.validators import normalise_phone
from cases import policy as case_policy
from cases import services as case_services
from cases.errors import DomainError, PermissionRefused, TransitionRefused
from cases.models import Case, CaseStatus
from support import policy
from support.eligibility import check_loan_eligibility
from support.models import (
    OPEN_STATUSES,
    FollowUp,
    LoanPurpose,
    OutcomeResult,
    Partner,
    PartnerLink,
    Referral,
    ReferralOutcome,
    ReferralStatus,
    ReferralType,
)

# The longest loan term the outcome may state (the form's and the API's bound, checked here once).
LOAN_TERM_MAX_MONTHS = 240

# --- helpers -----------------------------------------------------------------------------------------


def _save(obj, *, actor, reason: str) -> None:
    case_services.save_with_history(obj, actor=actor, reason=reason)


def _lock(referral: Referral | int) -> tuple[Referral, Case]:
    """Lock the case row, then the referral row (always in that order: no deadlock)."""
    pk = referral.pk if isinstance(referral, Referral) else referral
    case_id = Referral.objects.values_list("case_id", flat=True).get(pk=pk)
    case = case_services.lock_case(case_id)
    locked = Referral.objects.select_for_update().get(pk=pk)
    locked.case = case
    return locked, case


def _require_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field)
    return value


def _step(referral: Referral, name: str, *, actor: User, action: str, event: str, note: str = "", **kwargs: Any) -> None:
    """Move the referral through transition `name` of its state machine, save it with its
    history row and write the case's event. Refused, with the status named, when the state
    machine does not allow it (a withdrawn referral of a closed case, say)."""
    method = getattr(referral, name)
    if not can_proceed(method):
        raise TransitionRefused(
            _("Không thể “%(action)s” khi đề nghị đang ở tình trạng “%(status)s”.")
            % {"action": action, "status": referral.get_status_display()}
        )
    method(**kwargs)
    _save(referral, actor=actor, reason=action)
    case_services.record_event(
        referral.case,
        actor=actor,
        transition=event,
        reason=note,
        data={"referral": referral.pk, "type": referral.type, "referral_status": referral.status},
    )


def office_officers(commune_id: int):
    """The receiving office: active labour officers of the commune, oldest membership first."""
    ids = Membership.objects.active().filter(role=Role.LABOUR_OFFICER, commune_id=commune_id).order_by("pk").values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("pk")


def _check_loan(referral: Referral, subject) -> None:
    if referral.type == ReferralType.LOAN:
        check_loan_eligibility(
            subject,
            purpose=referral.loan_purpose,
            amount=referral.loan_amount_requested,
            training_months=referral.loan_training_months,
        )


def _open_support_if_first(case: Case, referral: Referral, *, actor) -> None:
    if case.status == CaseStatus.IN_REVIEW:
        case_services.apply_transition(
            case,
            "open_support",
            actor=actor,
            reason=_("Gửi đề nghị hỗ trợ: %(type)s") % {"type": referral.get_type_display()},
            event_data={"referral": referral.pk, "type": referral.type},
        )


def _close_support_if_last(case: Case, referral: Referral, *, actor) -> None:
    """Call after `referral` has left the open statuses (and been saved)."""
    if case.status != CaseStatus.SUPPORTED:
        return
    if Referral.objects.filter(case=case, status__in=OPEN_STATUSES).exclude(pk=referral.pk).exists():
        return
    case_services.apply_transition(
        case,
        "close_support",
        actor=actor,
        reason=_("Kết thúc đề nghị hỗ trợ cuối cùng: %(type)s (%(status)s)")
        % {"type": referral.get_type_display(), "status": referral.get_status_display()},
        event_data={"referral": referral.pk, "type": referral.type, "referral_status": referral.status},
    )


# --- referrer side (mentor, committee head, commune front) ---------------------------------------------


# The referrer's fields of a referral: set when it is created, changeable while it is a draft.
DRAFT_FIELDS = ("type", "needs", "skills", "partner", "loan_purpose", "loan_amount_requested", "loan_training_months")


def _set_draft_fields(
    referral: Referral,
    subject,
    *,
    type: str,
    needs: str,
    skills: str,
    partner: Partner | None,
    loan_purpose: str,
    loan_amount_requested: int | None,
    loan_training_months: int | None,
) -> None:
    """Validate and set the referrer's fields (loan conditions checked for a loan); raises
    DomainError naming the field before anything is changed on `referral`."""
    if type not in ReferralType.values:
        raise DomainError(_("Vui lòng chọn loại hỗ trợ."), field="type")
    loan_purpose = loan_purpose or ""
    if type == ReferralType.LOAN and loan_purpose not in LoanPurpose.values:
        raise DomainError(_("Vui lòng chọn mục đích vay."), field="loan_purpose")
    is_loan = type == ReferralType.LOAN
    values = {
        "type": type,
        "needs": (needs or "").strip(),
        "skills": (skills or "").strip(),
        "partner": partner,
        "loan_purpose": loan_purpose if is_loan else "",
        "loan_amount_requested": loan_amount_requested if is_loan else None,
        "loan_training_months": loan_training_months if is_loan and loan_purpose == LoanPurpose.TRAINING else None,
    }
    if is_loan:
        check_loan_eligibility(
            subject,
            purpose=values["loan_purpose"],
            amount=values["loan_amount_requested"],
            training_months=values["loan_training_months"],
        )
    for name, value in values.items():
        setattr(referral, name, value)


@transaction.atomic
def create_referral(
    case: Case | int,
    *,
    actor: User,
    type: str,
    needs: str = "",
    skills: str = "",
    partner: Partner | None = None,
    loan_purpose: str = "",
    loan_amount_requested: int | None = None,
    loan_training_months: int | None = None,
    review=None,
    send: bool = False,
    acting_for: User | None = None,
    idempotency_key: str | None = None,
) -> Referral:
    """A draft referral (sent at once when `send`). Loan conditions are checked when saved and
    when sent. `acting_for`: a deputy refers with the authority of the head they decided a
    review for (validated by the core). `idempotency_key`: a doubled or replayed submit with
    the same key returns the first referral and creates nothing."""
    locked = case_services.lock_case(case)
    if idempotency_key:
        earlier = Referral.objects.filter(referred_by=actor, idempotency_key=idempotency_key).first()
        if earlier is not None:
            return earlier
    principal = case_services.validated_principal(actor, acting_for, locked)
    case_policy.require(policy.can_refer(principal, locked))
    referral = Referral(
        case=locked, commune_id=locked.commune_id, referred_by=actor, review=review, idempotency_key=idempotency_key or None
    )
    _set_draft_fields(
        referral,
        locked.subject,
        type=type,
        needs=needs,
        skills=skills,
        partner=partner,
        loan_purpose=loan_purpose,
        loan_amount_requested=loan_amount_requested,
        loan_training_months=loan_training_months,
    )
    _save(referral, actor=actor, reason=_("Lập đề nghị hỗ trợ"))
    data = {"referral": referral.pk, "type": referral.type, "referral_status": referral.status}
    if principal.pk != actor.pk:
        data.update(on_behalf_of=principal.pk, on_behalf_of_name=principal.display_name)
    case_services.record_event(locked, actor=actor, transition="referral_created", data=data)
    if send:
        send_referral(referral, actor=actor)
        referral.refresh_from_db()
    return referral


@transaction.atomic
def update_draft_referral(referral: Referral | int, *, actor: User, send: bool = False, **fields: Any) -> Referral:
    """Change a draft before it is sent (e.g. the draft a review's "refer for support" decision
    made: type job with the review's needs). Only while a draft, only by those who may refer
    for the case; the fields not given keep their values; loan conditions are checked for a
    loan. Sent at once when `send` (same transaction: nothing is saved if sending fails)."""
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise ValueError(f"unknown referral fields: {sorted(unknown)}")
    referral, case = _lock(referral)
    case_policy.require(policy.can_refer(actor, case))
    if referral.status != ReferralStatus.DRAFT:
        raise TransitionRefused(
            _("Không thể “%(action)s” khi đề nghị đang ở tình trạng “%(status)s”.")
            % {"action": _("Sửa đề nghị"), "status": referral.get_status_display()}
        )
    before = {name: getattr(referral, name) for name in DRAFT_FIELDS}
    values = {**before, **fields}
    _set_draft_fields(referral, case.subject, **values)
    changed = [name for name in DRAFT_FIELDS if getattr(referral, name) != before[name]]
    if changed:
        labels = ", ".join(str(Referral._meta.get_field(name).verbose_name) for name in changed)
        _save(referral, actor=actor, reason=_("Sửa đề nghị hỗ trợ (nháp): %(fields)s") % {"fields": labels})
        case_services.record_event(case, actor=actor, transition="referral_updated", data={"referral": referral.pk, "fields": changed})
    if send:
        send_referral(referral, actor=actor)
        referral.refresh_from_db()
    return referral


@transaction.atomic
def send_referral(referral: Referral | int, *, actor: User) -> Referral:
    referral, case = _lock(referral)
    case_policy.require(policy.can_refer(actor, case))
    _check_loan(referral, case.subject)
    officer = office_officers(referral.commune_id).first()
    if officer is None:
        raise DomainError(_("Xã/phường của hồ sơ chưa có %(role)s để tiếp nhận đề nghị.") % {"role": labour_role_noun()})
    _step(referral, "send", actor=actor, action=_("Gửi đề nghị hỗ trợ"), event="referral_sent", officer=officer)
    _open_support_if_first(case, referral, actor=actor)
    return referral


@transaction.atomic
def withdraw_referral(referral: Referral | int, *, actor: User, reason: str) -> Referral:
    """The referrer or the office withdraws a referral not yet past its triage."""
    referral, case = _lock(referral)
    case_policy.require(policy.can_withdraw(actor, referral, case))
    if referral.status not in (ReferralStatus.DRAFT, ReferralStatus.SENT, ReferralStatus.ACCEPTED):
        raise TransitionRefused(
            _("Không thể “%(action)s” khi đề nghị đang ở tình trạng “%(status)s”.")
            % {"action": _("Rút lại đề nghị"), "status": referral.get_status_display()}
        )
    was_open = referral.is_open
    reason = _require_text(reason, "reason", _("Vui lòng nêu lý do rút lại đề nghị."))
    _step(referral, "withdraw", actor=actor, action=_("Rút lại đề nghị"), event="referral_withdrawn", note=reason, reason=reason)
    if was_open:
        _close_support_if_last(case, referral, actor=actor)
    return referral


def withdraw_open_referrals(case: Case, *, actor: User, reason: str) -> list[Referral]:
    """The case has ended (workflows.lifecycle, inside its transaction, Case row locked):
    every draft and open referral is withdrawn with the reason that the case ended; it leaves
    the office's inbox and any later action on it is refused by its state machine."""
    ended = []
    for referral in (
        Referral.objects.select_for_update().filter(case_id=case.pk, status__in=[ReferralStatus.DRAFT, *OPEN_STATUSES]).order_by("pk")
    ):
        referral.case = case
        _step(referral, "withdraw", actor=actor, action=_("Rút lại đề nghị"), event="referral_withdrawn", note=reason, reason=reason)
        ended.append(referral)
    return ended


# --- labour officer side ------------------------------------------------------------------------------------


@transaction.atomic
def accept_referral(referral: Referral | int, *, actor: User) -> Referral:
    referral, case = _lock(referral)
    case_policy.require(policy.can_handle(actor, referral))
    _step(referral, "accept", actor=actor, action=_("Tiếp nhận"), event="referral_accepted", officer=actor)
    return referral


@transaction.atomic
def decline_referral(referral: Referral | int, *, actor: User, reason: str) -> Referral:
    referral, case = _lock(referral)
    case_policy.require(policy.can_handle(actor, referral))
    if referral.status == ReferralStatus.SENT:
        reason = _require_text(reason, "reason", _("Vui lòng nêu lý do từ chối."))
    _step(
        referral,
        "decline",
        actor=actor,
        action=_("Từ chối"),
        event="referral_declined",
        note=reason or "",
        officer=actor,
        reason=reason or "",
    )
    _close_support_if_last(case, referral, actor=actor)
    return referral


OUTCOME_FIELDS = (
    "partner",
    "position",
    "start_date",
    "monthly_wage",
    "course",
    "course_end",
    "completed",
    "loan_purpose",
    "amount_requested",
    "amount_approved",
    "disbursement_date",
    "term_months",
    "confirmation_date",
    "notes",
)


def _label(name: str) -> str:
    return capfirst(str(ReferralOutcome._meta.get_field(name).verbose_name))


def training_course_max_months() -> int:
    # Luật Giáo dục nghề nghiệp 2014: the longest course, trình độ cao đẳng, takes 2 to 3 years.
    return int(settings.DONG_HANH.get("TRAINING_COURSE_MAX_MONTHS", 36))


def _validate_outcome_dates(subject, f: dict) -> None:
    """An outcome records what has happened: a job or course begun, a list confirmed, a loan
    paid out; none of these is after today (a follow-up is due 3 months after the start or the
    payout). A course may end later, within the longest course."""
    today = timezone.localdate()
    for name in ("start_date", "confirmation_date", "disbursement_date"):
        if f.get(name) and f[name] > today:
            raise DomainError(_("%(field)s: không được sau ngày hôm nay.") % {"field": _label(name)}, field=name)
    if f.get("disbursement_date") and f.get("confirmation_date") and f["disbursement_date"] < f["confirmation_date"]:
        # the bank lends to the people on the list the commune has confirmed (Quyết định 22/2023/QĐ-TTg)
        raise DomainError(
            _("%(field)s: không được trước ngày xác nhận danh sách (Mẫu số 01).") % {"field": _label("disbursement_date")},
            field="disbursement_date",
        )
    if f.get("course_end") and f.get("start_date"):
        latest = f["start_date"] + relativedelta(months=training_course_max_months())
        if f["course_end"] > latest:
            raise DomainError(
                _("%(field)s: không được sau ngày %(date)s (khóa học dài nhất %(n)d tháng, trình độ cao đẳng).")
                % {"field": _label("course_end"), "date": latest.strftime("%d/%m/%Y"), "n": training_course_max_months()},
                field="course_end",
            )


def _validate_outcome(referral: Referral, subject, result: str, f: dict) -> None:
    if result not in OutcomeResult.values:
        raise DomainError(_("Vui lòng chọn kết quả."), field="result")
    _validate_outcome_dates(subject, f)
    if result != OutcomeResult.ACHIEVED:
        _require_text(f.get("notes", ""), "notes", _("Vui lòng ghi rõ vì sao không đạt."))
        return
    t = referral.type
    if t == ReferralType.JOB:
        if not f.get("partner"):
            raise DomainError(_("Vui lòng chọn nơi làm việc."), field="partner")
        _require_text(f.get("position", ""), "position", _("Vui lòng nhập vị trí công việc."))
        if not f.get("start_date"):
            raise DomainError(_("Vui lòng nhập ngày bắt đầu làm việc."), field="start_date")
        if not f.get("monthly_wage"):
            raise DomainError(_("Vui lòng nhập lương tháng."), field="monthly_wage")
    elif t == ReferralType.TRAINING:
        if not f.get("partner"):
            raise DomainError(_("Vui lòng chọn cơ sở đào tạo."), field="partner")
        _require_text(f.get("course", ""), "course", _("Vui lòng nhập tên khóa học."))
        if not f.get("start_date"):
            raise DomainError(_("Vui lòng nhập ngày bắt đầu khóa học."), field="start_date")
        if f.get("course_end") and f["course_end"] < f["start_date"]:
            raise DomainError(_("Ngày kết thúc khóa học không được trước ngày bắt đầu."), field="course_end")
    elif t == ReferralType.LOAN:
        if not f.get("confirmation_date"):
            raise DomainError(
                _("Vui lòng nhập ngày Ủy ban nhân dân xã xác nhận danh sách (Mẫu số 01, Quyết định 22/2023/QĐ-TTg)."),
                field="confirmation_date",
            )
        if not f.get("disbursement_date"):
            raise DomainError(_("Vui lòng nhập ngày giải ngân."), field="disbursement_date")
        if not f.get("term_months"):
            raise DomainError(_("Vui lòng nhập thời hạn vay."), field="term_months")
        if not 1 <= f["term_months"] <= LOAN_TERM_MAX_MONTHS:
            raise DomainError(
                _("Thời hạn vay: từ 1 đến %(n)d tháng.") % {"n": LOAN_TERM_MAX_MONTHS},
                field="term_months",
            )
        purpose = f.get("loan_purpose") or referral.loan_purpose
        f["loan_purpose"] = purpose
        f.setdefault("amount_requested", referral.loan_amount_requested)
        if not f.get("amount_requested"):
            f["amount_requested"] = referral.loan_amount_requested
        if f.get("amount_approved") and f.get("amount_requested") and f["amount_approved"] > f["amount_requested"]:
            raise DomainError(_("Số tiền được duyệt không được lớn hơn số tiền đề nghị."), field="amount_approved")
        check_loan_eligibility(
            subject,
            purpose=purpose,
            amount=f.get("amount_approved"),
            training_months=referral.loan_training_months,
            on=f["confirmation_date"],
            amount_field="amount_approved",
        )
        if f["confirmation_date"] < subject.clock_start_date:
            # Mẫu số 01 lists people who have completed their sentence (Quyết định 22/2023/QĐ-TTg)
            raise DomainError(
                _("%(field)s: không được trước ngày chấp hành xong án phạt tù (%(date)s).")
                % {"field": _label("confirmation_date"), "date": subject.clock_start_date.strftime("%d/%m/%Y")},
                field="confirmation_date",
            )


def follow_up_due(start) -> Any:
    return start + relativedelta(months=settings.DONG_HANH["REFERRAL_FOLLOW_UP_MONTHS"])


@transaction.atomic
def record_outcome(referral: Referral | int, *, actor, result: str, partner_confirmed: bool = False, **fields: Any) -> ReferralOutcome:
    """The officer records what came of the referral (by hand; a partner may confirm later
    through a link). A follow-up is scheduled N months after the start/disbursement date."""
    referral, case = _lock(referral)
    case_policy.require(policy.can_handle(actor, referral))
    if not can_proceed(referral.record_outcome):
        raise TransitionRefused(
            _("Không thể “%(action)s” khi đề nghị đang ở tình trạng “%(status)s”.")
            % {"action": _("Ghi kết quả"), "status": referral.get_status_display()}
        )
    unknown = set(fields) - set(OUTCOME_FIELDS)
    if unknown:
        raise ValueError(f"unknown outcome fields: {sorted(unknown)}")
    data = dict(fields)
    _validate_outcome(referral, case.subject, result, data)
    now = timezone.now()
    outcome = ReferralOutcome(referral=referral, result=result, recorded_by=actor, recorded_at=now, **data)
    if partner_confirmed:
        outcome.partner_confirmed_at, outcome.partner_confirmed_via = now, "officer"
    _save(outcome, actor=actor, reason=_("Ghi kết quả hỗ trợ"))
    start = data.get("disbursement_date") or data.get("start_date") or timezone.localdate()
    follow_up = FollowUp(referral=referral, due_date=follow_up_due(start))
    _save(follow_up, actor=actor, reason=_("Hẹn theo dõi sau hỗ trợ"))
    _step(referral, "record_outcome", actor=actor, action=_("Ghi kết quả hỗ trợ"), event="referral_outcome")
    return outcome


@transaction.atomic
def record_follow_up(referral: Referral | int, *, actor, still_active: bool, notes: str = "") -> FollowUp:
    referral, case = _lock(referral)
    case_policy.require(policy.can_handle(actor, referral))
    if not can_proceed(referral.record_follow_up):
        raise TransitionRefused(
            _("Không thể “%(action)s” khi đề nghị đang ở tình trạng “%(status)s”.")
            % {"action": _("Ghi kết quả theo dõi"), "status": referral.get_status_display()}
        )
    follow_up = FollowUp.objects.select_for_update().filter(referral=referral, done_at__isnull=True).order_by("due_date").first()
    if follow_up is None:  # defensive: record_outcome always schedules one
        follow_up = FollowUp(referral=referral, due_date=timezone.localdate())
    if still_active is None:
        raise DomainError(_("Vui lòng cho biết người này có còn duy trì (việc làm, học nghề, trả nợ) không."), field="still_active")
    follow_up.still_active = still_active
    follow_up.notes = (notes or "").strip()
    follow_up.done_at = timezone.now()
    follow_up.done_by = actor
    _save(follow_up, actor=actor, reason=_("Theo dõi sau hỗ trợ"))
    _step(referral, "record_follow_up", actor=actor, action=_("Theo dõi sau hỗ trợ"), event="referral_followed_up", at=follow_up.done_at)
    return follow_up


@transaction.atomic
def close_referral(referral: Referral | int, *, actor, note: str = "") -> Referral:
    """End the referral after its follow-up (or after an outcome that was not achieved)."""
    referral, case = _lock(referral)
    case_policy.require(policy.can_handle(actor, referral))
    if referral.status == ReferralStatus.OUTCOME:
        outcome = ReferralOutcome.objects.filter(referral=referral).first()
        if outcome is not None and outcome.result == OutcomeResult.ACHIEVED:
            raise TransitionRefused(_("Cần ghi kết quả theo dõi sau hỗ trợ trước khi kết thúc đề nghị."))
    _step(
        referral,
        "close",
        actor=actor,
        action=_("Kết thúc đề nghị"),
        event="referral_closed",
        note=(note or "").strip(),
        close_note=(note or "").strip(),
    )
    _close_support_if_last(case, referral, actor=actor)
    return referral


# --- partners and their confirmation links ---------------------------------------------------------------------


@transaction.atomic
def create_partner(*, actor, **fields: Any) -> Partner:
    if not policy.may_use_office(actor):
        raise PermissionRefused(_("Chỉ %(role)s mới được thêm đối tác.") % {"role": labour_role_noun()})
    _require_text(fields.get("name", ""), "name", _("Vui lòng nhập tên đối tác."))
    try:
        fields["phone"] = normalise_phone(fields.get("phone", ""))
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="phone") from exc
    partner = Partner(**fields)
    _save(partner, actor=actor, reason=_("Thêm đối tác"))
    return partner


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedLink:
    link: PartnerLink
    token: str  # shown once to the officer; never stored


LINK_TYPES = (ReferralType.JOB, ReferralType.TRAINING)


@transaction.atomic
def create_partner_link(referral: Referral | int, *, actor) -> IssuedLink:
    referral, case = _lock(referral)
    case_policy.require(policy.can_handle(actor, referral))
    if referral.type not in LINK_TYPES:
        raise DomainError(_("Chỉ gửi liên kết xác nhận cho nơi làm việc hoặc cơ sở đào tạo."))
    if referral.status not in (ReferralStatus.OUTCOME, ReferralStatus.FOLLOWED_UP):
        raise TransitionRefused(
            _("Không thể “%(action)s” khi đề nghị đang ở tình trạng “%(status)s”.")
            % {"action": _("Tạo liên kết xác nhận"), "status": referral.get_status_display()}
        )
    outcome = referral.outcome
    if outcome.result != OutcomeResult.ACHIEVED or outcome.partner_id is None:
        raise DomainError(_("Chỉ tạo liên kết khi đã ghi nơi làm việc hoặc cơ sở đào tạo."))
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    link = PartnerLink(
        referral=referral,
        token_hash=hash_token(token),
        created_by=actor,
        created_at=now,
        expires_at=now + relativedelta(days=settings.DONG_HANH["PARTNER_LINK_DAYS"]),
    )
    _save(link, actor=actor, reason=_("Tạo liên kết xác nhận cho đối tác"))
    return IssuedLink(link=link, token=token)


def find_partner_link(token: str) -> PartnerLink | None:
    """The link for a raw token, or None. Looked up by hash, then the hashes compared in
    constant time (a timing difference must not reveal how much of a hash matched)."""
    if not token or len(token) > 100:
        return None
    digest = hash_token(token)
    link = PartnerLink.objects.select_related("referral__case__subject", "referral__outcome__partner").filter(token_hash=digest).first()
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        return None
    return link


@transaction.atomic
def use_partner_link(token: str, *, confirmed: bool, ip_address: str | None = None) -> PartnerLink:
    """The partner confirms (or denies) the placement or the completion. Single use."""
    from accounts.selectors import system_user

    found = find_partner_link(token)
    if found is None:
        raise DomainError(_("Liên kết không hợp lệ."))
    referral, case = _lock(found.referral_id)
    link = PartnerLink.objects.select_for_update().get(pk=found.pk)
    if link.used_at is not None:
        raise DomainError(_("Liên kết này đã được sử dụng."))
    if timezone.now() >= link.expires_at:
        raise DomainError(_("Liên kết này đã hết hạn."))
    actor = system_user()
    now = timezone.now()
    link.used_at, link.used_ip, link.confirmed = now, ip_address, confirmed
    _save(link, actor=actor, reason=_("Đối tác đã dùng liên kết xác nhận"))
    if confirmed:
        outcome = ReferralOutcome.objects.select_for_update().get(referral=referral)
        outcome.partner_confirmed_at, outcome.partner_confirmed_via = now, "link"
        if referral.type == ReferralType.TRAINING:
            outcome.completed = True
        _save(outcome, actor=actor, reason=_("Đối tác xác nhận qua liên kết"))
    return link
