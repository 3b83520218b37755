"""Writes of the legal end of management (issue 11). Same conventions as cases/services.py:
one transaction, the Case row locked first, a CaseEvent and a history row, Vietnamese refusals."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import legal
from cases import services as case_services
from cases.errors import DomainError, PermissionRefused, TransitionRefused
from cases.models import (
    Case,
    Category,
    ClassificationRecord,
    EvaluationResult,
    LegalTask,
    LegalTaskKind,
    LegalTaskStatus,
    ShorteningStatus,
    Subject,
    TermShortening,
)

# What each legal action answers someone who may not do it: the service refuses with it, and so
# does the action's page as soon as it opens (cases.legal_views.require_legal_action), not after
# a filled-in submit.
REFUSALS = {
    "propose_shortening": gettext_lazy(
        "Chỉ Ban Công tác Mặt trận, Ủy ban MTTQ xã hoặc Công an xã được lập đề nghị rút ngắn thời gian thử thách."
    ),
    "record_court_decision": gettext_lazy("Bạn không có quyền ghi quyết định của Tòa án cho hồ sơ này."),
    "address_check": gettext_lazy("Chỉ Công an xã xác minh nơi cư trú."),
    "end_by_clock": gettext_lazy("Chỉ Trưởng Ban Công tác Mặt trận hoặc cán bộ MTTQ xã xác nhận kết thúc quản lý."),
    "evaluate": gettext_lazy("Chỉ Công an xã ghi nhận xét, đánh giá việc chấp hành."),
}


def require_may(actor, case: Case, action: str) -> None:
    """PermissionRefused, with the action's refusal, unless `actor` may do `action` (a key of
    REFUSALS) on the legal side of `case`: cases.policy.can_act (ACTION_ROLES)."""
    from cases import policy

    if not policy.can_act(actor, case, action):
        raise PermissionRefused(str(REFUSALS[action]))


def _lock(case: Case | int) -> Case:
    pk = case.pk if isinstance(case, Case) else case
    return Case.objects.select_for_update().select_related("subject").get(pk=pk)


def _d(value: dt.date) -> str:
    return date_format(value, "d/m/Y")


def record_progress_under_legal_term(case: Case, *, actor, review) -> bool:
    """Called when an approved review proposes graduation. If the law still holds the person,
    the approved "tiến bộ" is recorded as such (an event saying what the law allows next) and
    True is returned: the case stays under management. False: the caller graduates as usual.
    Runs inside the review's transaction (Case row already locked there)."""
    if not legal.progress_blocked_by_law(case):
        return False
    clock = legal.legal_clock(case.subject)
    case_services.record_event(
        case,
        actor=actor,
        transition="progress_recorded",
        from_state=case.status,
        to_state=case.status,
        reason=legal.what_next(case),
        data={
            "review": review.pk,
            "quarter": review.quarter,
            "clock_end": clock.end.isoformat() if clock.end else None,
            "rule": clock.end_rule.key if clock.end_rule else "",
            "shortening_from": clock.shortening_from.isoformat() if clock.shortening_from else None,
        },
    )
    return True


@transaction.atomic
def propose_shortening(case: Case | int, *, actor, reason: str, proposed_on: dt.date | None = None) -> TermShortening:
    """The commune proposes that the court shorten an án treo test period (BLHS Điều 65 khoản 4)."""
    locked = _lock(case)
    require_may(actor, locked, "propose_shortening")
    if locked.is_terminal:
        raise TransitionRefused(_("Hồ sơ đã kết thúc."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Vui lòng nêu căn cứ đề nghị (những tiến bộ của người được giúp đỡ)."), field="reason")
    proposed_on = proposed_on or timezone.localdate()
    clock = legal.legal_clock(locked.subject)
    if locked.subject.category != Category.SUSPENDED_SENTENCE or clock.term_end is None:
        raise DomainError(_("Chỉ người được hưởng án treo, đã nhập ngày bắt đầu và thời gian thử thách, mới được đề nghị rút ngắn."))
    if not clock.shortening_possible(proposed_on):
        if clock.shortening_from and proposed_on < clock.shortening_from:
            raise DomainError(
                _(
                    "Chưa chấp hành được một nửa thời gian thử thách: có thể đề nghị từ ngày %(date)s (Điều 65 khoản 4 Bộ luật Hình sự 2015)."
                )
                % {"date": _d(clock.shortening_from)},
                field="proposed_on",
            )
        raise DomainError(_("Không thể đề nghị rút ngắn: thời gian thử thách đã hết hoặc đã được rút ngắn."), field="proposed_on")
    if locked.term_shortenings.filter(status=ShorteningStatus.PROPOSED).exists():
        raise DomainError(_("Đã có một đề nghị đang chờ Tòa án quyết định."))
    shortening = TermShortening(case=locked, proposed_on=proposed_on, proposed_by=actor, reason=reason, previous_term_end=clock.term_end)
    case_services.save_with_history(shortening, actor=actor, reason=_("Đề nghị rút ngắn thời gian thử thách"))
    case_services.record_event(
        locked,
        actor=actor,
        transition="shortening_proposed",
        from_state=locked.status,
        to_state=locked.status,
        reason=reason,
        data={"shortening": shortening.pk, "proposed_on": proposed_on.isoformat()},
    )
    return shortening


@transaction.atomic
def record_court_decision(
    shortening: TermShortening | int,
    *,
    actor,
    granted: bool,
    decision_date: dt.date | None,
    decision_ref: str = "",
    new_term_end: dt.date | None = None,
) -> TermShortening:
    """Record the court's decision; a granted one moves the clock to the new end date."""
    pk = shortening.pk if isinstance(shortening, TermShortening) else shortening
    case_pk = TermShortening.objects.values_list("case_id", flat=True).get(pk=pk)
    locked = _lock(case_pk)
    shortening = TermShortening.objects.select_for_update().get(pk=pk)
    require_may(actor, locked, "record_court_decision")
    if shortening.status != ShorteningStatus.PROPOSED:
        raise DomainError(_("Đề nghị này đã có quyết định."))
    if decision_date is None:
        raise DomainError(_("Vui lòng nhập ngày quyết định của Tòa án."), field="decision_date")
    if decision_date < shortening.proposed_on or decision_date > timezone.localdate():
        raise DomainError(_("Ngày quyết định phải từ ngày đề nghị đến hôm nay."), field="decision_date")
    subject = Subject.objects.select_for_update().get(pk=locked.subject_id)
    clock = legal.legal_clock(subject)
    if granted:
        if new_term_end is None:
            raise DomainError(_("Vui lòng nhập ngày hết thời gian thử thách mới theo quyết định."), field="new_term_end")
        if clock.term_end is None or new_term_end >= clock.term_end:
            raise DomainError(
                _("Ngày hết thời gian thử thách mới phải trước ngày hết hiện tại (%(end)s).") % {"end": _d(clock.term_end)}
                if clock.term_end
                else _("Chưa có thời gian thử thách để rút ngắn."),
                field="new_term_end",
            )
        if new_term_end < clock.start:
            raise DomainError(_("Ngày hết thời gian thử thách mới không được trước ngày bắt đầu."), field="new_term_end")
        subject.court_term_end = new_term_end
        case_services.save_with_history(subject, actor=actor, reason=_("Tòa án rút ngắn thời gian thử thách"))
    shortening.status = ShorteningStatus.GRANTED if granted else ShorteningStatus.REFUSED
    shortening.court_decision_date = decision_date
    shortening.court_decision_ref = (decision_ref or "").strip()
    shortening.new_term_end = new_term_end if granted else None
    shortening.decision_recorded_by = actor
    case_services.save_with_history(shortening, actor=actor, reason=_("Ghi quyết định của Tòa án"))
    case_services.record_event(
        locked,
        actor=actor,
        transition="shortening_decided",
        from_state=locked.status,
        to_state=locked.status,
        reason=shortening.court_decision_ref,
        data={
            "shortening": shortening.pk,
            "granted": granted,
            "new_term_end": new_term_end.isoformat() if granted else None,
            "previous_term_end": clock.term_end.isoformat() if clock.term_end else None,
        },
    )
    return shortening


@transaction.atomic
def end_by_legal_clock(case: Case | int, *, actor, reason: str = "") -> Case:
    """The head or the commune front confirms that the legal clock has ended: the case ends
    (graduated, basis: the legal clock, with the rule) and the confirmation task is done.
    Called through workflows.lifecycle.end_by_legal_clock, which ends what hangs on the case."""
    locked = _lock(case)
    require_may(actor, locked, "end_by_clock")
    clock = legal.legal_clock(locked.subject)
    if not clock.ended():
        raise TransitionRefused(legal.graduation_refusal_message(locked))
    rule = clock.end_rule
    text = (reason or "").strip() or _("Hết thời hạn theo quy định: %(rule)s (%(source)s), ngày %(end)s.") % {
        "rule": rule.label,
        "source": rule.source,
        "end": _d(clock.end),
    }
    case_services.graduate(locked.pk, actor=actor, reason=text)
    now = timezone.now()
    for task in LegalTask.objects.select_for_update().filter(case=locked, kind=LegalTaskKind.CLOCK_END, status=LegalTaskStatus.OPEN):
        task.status, task.done_at, task.done_on, task.done_by = LegalTaskStatus.DONE, now, timezone.localdate(), actor
        case_services.save_with_history(task, actor=actor, reason=_("Xác nhận kết thúc quản lý"))
    return Case.objects.get(pk=locked.pk)


@transaction.atomic
def record_address_check(case: Case | int, *, actor, checked_on: dt.date | None = None, note: str = "") -> Subject:
    """The commune police record the return-address check (Thông tư 10/2024/TT-BCA Điều 8)."""
    locked = _lock(case)
    require_may(actor, locked, "address_check")
    checked_on = checked_on or timezone.localdate()
    if checked_on > timezone.localdate():
        raise DomainError(_("Ngày xác minh không được sau hôm nay."), field="checked_on")
    subject = Subject.objects.select_for_update().get(pk=locked.subject_id)
    subject.address_checked_on = checked_on
    case_services.save_with_history(subject, actor=actor, reason=_("Xác minh nơi cư trú"))
    _complete(locked, LegalTaskKind.ADDRESS_CHECK, actor=actor, done_on=checked_on, note=note)
    case_services.record_event(
        locked,
        actor=actor,
        transition="address_checked",
        from_state=locked.status,
        to_state=locked.status,
        reason=note,
        data={"checked_on": checked_on.isoformat()},
    )
    return subject


def _complete(case: Case, kind: str, *, actor, done_on: dt.date, note: str = "", result: str = "", period: str | None = None) -> None:
    tasks = LegalTask.objects.select_for_update().filter(case=case, kind=kind, status=LegalTaskStatus.OPEN)
    if period is not None:
        tasks = tasks.filter(period=period)
    for task in tasks:
        task.status, task.done_at, task.done_on, task.done_by = LegalTaskStatus.DONE, timezone.now(), done_on, actor
        task.note, task.result = note, result
        case_services.save_with_history(task, actor=actor, reason=str(task.get_kind_display())[:100])


@transaction.atomic
def record_evaluation(task: LegalTask | int, *, actor, result: str, note: str, evaluated_on: dt.date | None = None) -> LegalTask:
    """The commune police record a monthly (or, for quản chế, quarterly) evaluation (TT 65/2019/TT-BCA)."""
    pk = task.pk if isinstance(task, LegalTask) else task
    case_pk = LegalTask.objects.values_list("case_id", flat=True).get(pk=pk)
    locked = _lock(case_pk)
    task = LegalTask.objects.select_for_update().get(pk=pk)
    if task.kind != LegalTaskKind.EVALUATION:
        raise DomainError(_("Việc này không phải là nhận xét, đánh giá."))
    require_may(actor, locked, "evaluate")
    if task.status != LegalTaskStatus.OPEN:
        raise DomainError(_("Kỳ đánh giá này đã được ghi."))
    if result not in EvaluationResult.values:
        raise DomainError(_("Vui lòng chọn kết quả đánh giá."), field="result")
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Vui lòng ghi nhận xét."), field="note")
    evaluated_on = evaluated_on or timezone.localdate()
    _complete(locked, LegalTaskKind.EVALUATION, actor=actor, done_on=evaluated_on, note=note, result=result, period=task.period)
    case_services.record_event(
        locked,
        actor=actor,
        transition="evaluation_recorded",
        from_state=locked.status,
        to_state=locked.status,
        reason=note,
        data={"task": task.pk, "period": task.period, "result": result},
    )
    return LegalTask.objects.get(pk=pk)


def record_classification(
    subject: Subject, *, actor, classification: str, set_on: dt.date | None = None, note: str = ""
) -> ClassificationRecord | None:
    """Append the classification now in force (called where the classification changes)."""
    if not classification:
        return None
    return ClassificationRecord.objects.create(
        subject=subject, classification=classification, set_on=set_on or timezone.localdate(), set_by=actor, note=note[:200]
    )
