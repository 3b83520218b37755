"""The legal tasks, created idempotently by a daily job (command `sync_legal_tasks`, Celery task
`cases.sync_legal_tasks`), and the reads of them (inbox section, "Sắp hết thời hạn").

- clock_end: the legal clock has ended → the head / commune front confirm the end (due that day).
- name_helper: giáo dục tại xã → a helper named within 5 working days of the decision (NĐ 120/2021 Điều 29).
- address_check: the prison's notice → the commune police check the address within 3 working days
  (Thông tư 10/2024/TT-BCA Điều 8).
- evaluation: án treo, cải tạo không giam giữ, tha tù có điều kiện monthly, quản chế every 3 months,
  due on the 5th (Thông tư 65/2019/TT-BCA), for the month (or months) just ended.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from cases import legal
from cases.calendar import add_working_days
from cases.models import TERMINAL_STATES, Case, CaseStatus, Category, LegalTask, LegalTaskKind, LegalTaskStatus

HEAD = "committee_head"
POLICE = "commune_police"


def helper_deadline(decision_date: dt.date) -> dt.date:
    return add_working_days(decision_date, int(settings.DONG_HANH["EDUCATION_HELPER_WORKING_DAYS"]))


def address_check_deadline(notice_date: dt.date) -> dt.date:
    return add_working_days(notice_date, int(settings.DONG_HANH["ADDRESS_CHECK_WORKING_DAYS"]))


def evaluation_period(category: str, on: dt.date) -> tuple[str, dt.date, dt.date, dt.date] | None:
    """For a category evaluated every N months: (period code, first day, last day, due date) of
    the evaluation due in the month of `on`, or None when none is due that month."""
    every = settings.DONG_HANH["EVALUATION_EVERY_MONTHS"].get(category)
    if not every:
        return None
    if (on.month - 1) % every != 0:
        return None
    month_start = on.replace(day=1)
    first = month_start - relativedelta(months=every)
    last = month_start - dt.timedelta(days=1)
    due = month_start.replace(day=int(settings.DONG_HANH["EVALUATION_DUE_DAY"]))
    code = f"{last:%Y-%m}" if every == 1 else f"{first:%Y-%m}+{every}"
    return code, first, last, due


@dataclass
class SyncResult:
    created: int = 0
    done: int = 0
    cancelled: int = 0


def _create(result: SyncResult, **fields) -> None:
    try:
        with transaction.atomic():
            _obj, created = LegalTask.objects.get_or_create(
                case=fields.pop("case"), kind=fields.pop("kind"), period=fields.pop("period"), defaults=fields
            )
    except IntegrityError:  # a concurrent run created it
        return
    result.created += int(created)


def sync_legal_tasks(on: dt.date | None = None) -> SyncResult:
    on = on or timezone.localdate()
    result = SyncResult()
    now = timezone.now()
    from accounts.selectors import system_user
    from cases.services import save_with_history

    actor = system_user()
    # Tasks of cases that ended are cancelled (the task list only shows live work), with history.
    for task in LegalTask.objects.filter(status=LegalTaskStatus.OPEN, case__status__in=list(TERMINAL_STATES)):
        task.status, task.done_at = LegalTaskStatus.CANCELLED, now
        save_with_history(task, actor=actor, reason="Hủy do hồ sơ đã kết thúc")
        result.cancelled += 1
    open_cases = (
        Case.objects.exclude(status__in=list(TERMINAL_STATES))
        .filter(subject__category__in=list(legal.CLOCKED_CATEGORIES))
        .select_related("subject")
        .order_by("pk")
    )
    for case in open_cases.iterator(chunk_size=500):
        subject = case.subject
        clock = legal.legal_clock(subject)
        if clock.ended(on):
            _create(result, case=case, kind=LegalTaskKind.CLOCK_END, period=clock.end.isoformat(), role=HEAD, due_on=clock.end)
        if subject.category == Category.COMMUNE_EDUCATION and subject.clock_start_date:
            _create(
                result,
                case=case,
                kind=LegalTaskKind.NAME_HELPER,
                period=subject.clock_start_date.isoformat(),
                role=HEAD,
                due_on=helper_deadline(subject.clock_start_date),
            )
        if subject.prison_notice_date and not subject.address_checked_on:
            _create(
                result,
                case=case,
                kind=LegalTaskKind.ADDRESS_CHECK,
                period=subject.prison_notice_date.isoformat(),
                role=POLICE,
                due_on=address_check_deadline(subject.prison_notice_date),
            )
        period = evaluation_period(subject.category, on)
        if period and clock.start:
            code, first, last, due = period
            term_end = clock.term_end or clock.end
            if clock.start <= last and (term_end is None or term_end > first):
                _create(result, case=case, kind=LegalTaskKind.EVALUATION, period=code, role=POLICE, due_on=due)
    # A helper named (the case assigned) completes the naming task, on the day it happened.
    for task in (
        LegalTask.objects.filter(kind=LegalTaskKind.NAME_HELPER, status=LegalTaskStatus.OPEN)
        .exclude(case__status=CaseStatus.IDENTIFIED)
        .select_related("case")
    ):
        assigned = task.case.assigned_at or now
        task.status, task.done_at, task.done_on = LegalTaskStatus.DONE, now, timezone.localdate(assigned)
        save_with_history(task, actor=actor, reason="Đã phân công người giúp đỡ")
        result.done += 1
    return result


def legal_tasks_for(user, *, include_done: bool = False):
    """The open legal tasks of the user's place and role: heads and the commune front for
    confirmations and helpers, the commune police for address checks and evaluations."""
    from accounts.selectors import user_scope

    scope = user_scope(user)
    q = Q(pk__in=[])
    head_q = Q()
    if scope.head_area_ids:
        head_q |= Q(case__area_id__in=scope.head_area_ids)
    if scope.front_commune_ids:
        head_q |= Q(case__commune_id__in=scope.front_commune_ids)
    if head_q:
        q |= Q(role=HEAD) & head_q
    if scope.police_commune_ids:
        q |= Q(role=POLICE, case__commune_id__in=scope.police_commune_ids)
    qs = LegalTask.objects.filter(q).select_related("case__subject", "case__area")
    if not include_done:
        qs = qs.filter(status=LegalTaskStatus.OPEN)
    return qs.order_by("due_on", "pk")


@dataclass
class EndingSoon:
    case: Case
    clock: legal.LegalClock
    days_left: int


def clocks_ending_soon(user, *, on: dt.date | None = None, days: int | None = None) -> list[EndingSoon]:
    """ "Sắp hết thời hạn": the user's open cases whose legal clock ends within `days`
    (setting CLOCK_ENDING_SOON_DAYS, default 30), soonest first (ended ones included)."""
    from cases.selectors import visible_cases

    on = on or timezone.localdate()
    days = int(settings.DONG_HANH["CLOCK_ENDING_SOON_DAYS"] if days is None else days)
    horizon = on + dt.timedelta(days=days)
    rows = []
    qs = (
        visible_cases(user)
        .exclude(status__in=list(TERMINAL_STATES))
        .filter(subject__category__in=list(legal.CLOCKED_CATEGORIES), subject__clock_start_date__isnull=False)
        .select_related("subject", "area")
    )
    for case in qs:
        clock = legal.legal_clock(case.subject)
        if clock.end is not None and clock.end <= horizon:
            rows.append(EndingSoon(case=case, clock=clock, days_left=(clock.end - on).days))
    rows.sort(key=lambda r: (r.days_left, r.case.pk))
    return rows
