"""Writes of the quarterly review workflow. Each runs in one transaction; task steps run
under the flow lock (the Process row) and lock the Case row before anything else, so that
they serialise with the case services (reassignment locks the Case and then moves tasks)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS
from viewflow.workflow.token import Token

from accounts.models import Delegation, User
from cases import policy
from cases import services as case_services
from cases.errors import DomainError, PermissionRefused, TransitionRefused
from cases.models import ACTIVE_MENTORING_STATES, Case, QuarterlyReview, ReviewDecision, ReviewRecommendation, ReviewStatus
from support import services as support_services
from support.models import ReferralType
from workflows import policy as workflow_policy
from workflows.models import ReviewProcess
from workflows.quarters import due_date, parse_quarter, quarter_bounds

ASSESSMENT_FIELDS = ("rating", "contacts_count", "work", "family_ties", "compliance", "support_needs", "narrative", "recommendation")


# --- opening reviews --------------------------------------------------------------------------

OPEN_CHUNK = 1000


def open_review(case: Case, *, quarter: str, actor) -> QuarterlyReview | None:
    """Open the case's review for `quarter` and start its process (whatever the case's state).
    Returns None when the case already has one. Same path as the quarterly command."""
    parse_quarter(quarter)
    opened = _open_reviews([case.pk], quarter=quarter, actor=actor, states=None)
    if not opened:
        return None
    review = QuarterlyReview.objects.get(pk=opened[0][0])
    review.case = case
    return review


@dataclass
class OpenResult:
    eligible: int
    opened: int


def cases_to_open(quarter: str, *, after: int = 0, upto: int | None = None):
    """The cases in the mentoring states without a review for `quarter`, by pk, from `after`
    (exclusive) to `upto` (inclusive). "Without a review" is NOT EXISTS: an anti join on the
    (case, quarter) unique index, never `NOT IN (subquery)` (which PostgreSQL runs as a
    SubPlan re-reading the reviews per case once they exceed work_mem)."""
    has_review = QuarterlyReview.objects.filter(case_id=OuterRef("pk"), quarter=quarter)
    qs = Case.objects.filter(~Exists(has_review), status__in=ACTIVE_MENTORING_STATES, pk__gt=after)
    if upto is not None:
        qs = qs.filter(pk__lte=upto)
    return qs.order_by("pk")


def open_quarterly_reviews(
    *,
    quarter: str,
    actor,
    on_each: Callable[[int], Any] | None = None,
    after: int = 0,
    upto: int | None = None,
    chunk: int | None = None,
) -> OpenResult:
    """Open a review for every case in assigned, in_review or supported that has none for the
    quarter (optionally only the cases with `after` < pk <= `upto`: a slice a worker takes).

    Chunked by keyset: each round reads the next `chunk` (OPEN_CHUNK) eligible case ids after
    the last one handled (an index-ordered anti join with LIMIT) and opens them in one
    transaction with a fixed number of queries, so memory stays flat whatever the number of
    cases, and every committed chunk is final. Safe to rerun at any time, also after a crash
    half-way or beside another run: a rerun finds only what is still missing (nothing, for a
    quarter already opened, in one pass over the index), and the unique (case, quarter)
    constraint settles a race (see _open_reviews)."""
    parse_quarter(quarter)
    chunk = chunk or OPEN_CHUNK
    eligible = opened = 0
    last = after
    while True:
        case_ids = list(cases_to_open(quarter, after=last, upto=upto).values_list("pk", flat=True)[:chunk])
        if not case_ids:
            break
        eligible += len(case_ids)
        last = case_ids[-1]
        reviews = _open_reviews(case_ids, quarter=quarter, actor=actor, states=ACTIVE_MENTORING_STATES)
        opened += len(reviews)
        if on_each:
            for review_pk, _case_id in reviews:
                on_each(review_pk)
    return OpenResult(eligible=eligible, opened=opened)


def case_slices(quarter: str, parts: int) -> list[tuple[int, int | None]]:
    """Split the cases to open into about `parts` (after, upto) pk ranges of similar size, for
    several workers (workflows.tasks.open_quarterly_reviews_slice); each slice is idempotent on
    its own, so a lost worker's slice is simply run again. One query (ntile over the ids)."""
    from django.db import connection

    ids = cases_to_open(quarter).annotate(slice_pk=F("pk")).values("slice_pk")
    sql, params = ids.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX(pk) FROM (SELECT sub.slice_pk AS pk, NTILE(%s) OVER (ORDER BY sub.slice_pk) AS part FROM ({sql}) sub) t "
            "GROUP BY part ORDER BY part",
            [max(1, parts), *params],
        )
        bounds = [row[0] for row in cursor.fetchall()]
    slices, after = [], 0
    for upper in bounds:
        slices.append((after, upper))
        after = upper
    if slices:
        slices[-1] = (slices[-1][0], None)  # the last slice also takes cases listed since
    return slices


def _open_reviews(case_ids: list[int], *, quarter: str, actor, states) -> list[tuple[int, int]]:
    """Open the reviews of `case_ids` (those still in `states`, unless None) in one transaction.
    Returns the (review pk, case pk) of the reviews opened, in pk order.

    Concurrency: the Case rows are locked first, in pk order (case services lock the Case row
    first too), so two runs over the same cases serialise; the INSERT … ON CONFLICT DO NOTHING on the (case,
    quarter) constraint then skips the reviews another run committed, and its RETURNING lists
    exactly the ones this transaction inserted, which get their history and processes.

    The rows are written set-based (config.bulk.insert_select: the database fills them from the
    locked cases), one statement per table and chunk, not a model instance per row."""
    from config.bulk import in_ids, insert_select

    now = timezone.now()
    quote = connection.ops.quote_name
    with transaction.atomic():
        cases = Case.objects.select_for_update().filter(pk__in=case_ids).order_by("pk")
        if states is not None:
            cases = cases.filter(status__in=states)
        rows = {
            pk: (mentor_user_id, area_id, commune_id)
            for pk, mentor_user_id, area_id, commune_id in cases.values_list("pk", "mentor_user_id", "area_id", "commune_id")
        }
        if not rows:
            return []
        cases_in, cases_params = in_ids("c.id", list(rows))
        # the reviews this statement wrote (RETURNING gives only those: the ones another run
        # committed are skipped by the constraint, and so are not returned)
        reviews = sorted(
            insert_select(
                QuarterlyReview,
                QuarterlyReview(quarter=quarter, due_on=due_date(quarter), opened_at=now),
                {"case_id": "c.id"},
                f"FROM {quote(Case._meta.db_table)} c WHERE {cases_in}",
                cases_params,
                on_conflict_ignore=True,
                returning=("id", "case_id"),
            )
        )
        if not reviews:
            return []
        # one history row per review, as simple-history's bulk_history_create writes it
        # (bulk_create_with_history(ignore_conflicts=True) would match rows by value and could
        # write history for reviews another run inserted)
        history = QuarterlyReview.history.model
        tracked = {f.column for f in QuarterlyReview._meta.concrete_fields}
        reviews_in, reviews_params = in_ids("r.id", [pk for pk, _case_id in reviews])
        insert_select(
            history,
            history(
                history_date=now,
                history_user_id=actor.pk,
                history_change_reason=_("Mở kỳ đánh giá")[: case_services.HISTORY_REASON_MAX],
                history_type="+",
            ),
            {f.column: f"r.{quote(f.column)}" for f in history._meta.concrete_fields if f.column in tracked},
            f"FROM {quote(QuarterlyReview._meta.db_table)} r WHERE {reviews_in}",
            reviews_params,
        )
        _start_review_processes(reviews, rows, now=now)
    return reviews


def _start_review_processes(reviews: list[tuple[int, int]], rows: dict, *, now) -> None:
    """Create, in bulk, what `QuarterlyReviewFlow.start.run(review=review)` writes for each
    review (viewflow 2.4, nodes/start.py StartHandleActivation + nodes/view.py ViewActivation):
    a NEW process (ReviewProcess with case and review), its start task (START, DONE, token
    "start") and the draft task (HUMAN, token "start", ASSIGNED to the drafter — or NEW with no
    owner when there is none) whose `previous` is the start task. No signal receivers exist
    for viewflow's task/flow signals in this project. The test
    test_the_bulk_start_writes_what_viewflows_own_start_writes guards the equivalence against
    viewflow upgrades.

    `reviews` are (review pk, case pk) in pk order. The processes are inserted in that order,
    so their ids, taken from the sequence row by row, ascend with the reviews' (the n-th
    process by id is the n-th review's, never relying on the order RETURNING gives them back);
    the ReviewProcess rows, the tasks and the links are then filled by the database from the
    processes."""
    from viewflow.workflow.models import Process
    from viewflow.workflow.status import PROCESS

    from config.bulk import in_ids, insert_select
    from config.rollup import literal
    from workflows.review_flow import QuarterlyReviewFlow
    from workflows.selectors import review_decider_ids

    flow_class = QuarterlyReviewFlow
    quote = connection.ops.quote_name
    review_in, review_params = in_ids("r.id", [pk for pk, _case_id in reviews])
    opts = Process._meta
    new_process = Process(flow_class=flow_class, status=PROCESS.NEW, created=now, data={})
    source = f"FROM {quote(QuarterlyReview._meta.db_table)} r WHERE {review_in} ORDER BY r.id"
    process_ids = sorted(insert_select(Process, new_process, {}, source, review_params, returning="id"))
    if len(process_ids) != len(reviews):  # pragma: no cover - PostgreSQL and SQLite ≥ 3.35 return ids
        raise RuntimeError("The database did not return the ids of the new processes.")
    # Multi-table inheritance: the child rows (process_ptr, case, review) of each process, the
    # n-th process by id with the n-th review by id, as Model.save_base writes them per level
    # (Django's bulk_create refuses child models).
    process_in, process_params = in_ids("p.id", process_ids)
    child = ReviewProcess._meta
    columns = ", ".join(quote(child.get_field(name).column) for name in ("process_ptr", "case", "review"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(child.db_table)} ({columns}) SELECT p.id, r.case_id, r.id "
            f"FROM (SELECT p.id, ROW_NUMBER() OVER (ORDER BY p.id) AS n FROM {quote(opts.db_table)} p WHERE {process_in}) p "
            f"JOIN (SELECT r.id, r.case_id, ROW_NUMBER() OVER (ORDER BY r.id) AS n "
            f"FROM {quote(QuarterlyReview._meta.db_table)} r WHERE {review_in}) r ON r.n = p.n",
            [*process_params, *review_params],
        )

    start, draft = flow_class.start, flow_class.draft
    task_table = quote(Task._meta.db_table)
    insert_select(
        Task,
        Task(
            flow_task=start,
            flow_task_type=start.task_type,
            status=STATUS.DONE,
            created=now,
            started=now,
            finished=now,
            token=Token("start"),
            data={},
        ),
        {"process_id": "p.id"},
        f"FROM {quote(opts.db_table)} p WHERE {process_in}",
        process_params,
    )
    # the draft: the case's mentor (with an account) drafts; else the head or front officer below
    insert_select(
        Task,
        Task(flow_task=draft, flow_task_type=draft.task_type, created=now, token=Token("start"), data={}),
        {
            "process_id": "p.id",
            "owner_id": "c.mentor_user_id",
            "status": f"CASE WHEN c.mentor_user_id IS NULL THEN {literal(STATUS.NEW)} ELSE {literal(STATUS.ASSIGNED)} END",
        },
        f"FROM {quote(opts.db_table)} p JOIN {quote(ReviewProcess._meta.db_table)} rp ON rp.process_ptr_id = p.id "
        f"JOIN {quote(Case._meta.db_table)} c ON c.id = rp.case_id WHERE {process_in}",
        process_params,
    )
    no_mentor = {pk: (area_id, commune_id) for pk, (mentor_user_id, area_id, commune_id) in rows.items() if mentor_user_id is None}
    if no_mentor:
        deciders = review_decider_ids(no_mentor)
        by_owner: dict[int, list[int]] = {}
        for pid, (_review_pk, case_id) in zip(process_ids, reviews, strict=True):
            owner_id = deciders.get(case_id) if case_id in no_mentor else None
            if owner_id:
                by_owner.setdefault(owner_id, []).append(pid)
        for owner_id, pids in by_owner.items():
            Task.objects.filter(process_id__in=pids, flow_task=draft).update(owner_id=owner_id, status=STATUS.ASSIGNED)
    Previous = Task.previous.through
    ref = Task._meta.get_field("flow_task").get_prep_value
    drafts_in, drafts_params = in_ids("d.process_id", process_ids)
    insert_select(
        Previous,
        Previous(),
        {"from_task_id": "d.id", "to_task_id": "s.id"},
        f"FROM {task_table} d JOIN {task_table} s ON s.process_id = d.process_id AND s.flow_task = %s "
        f"WHERE d.flow_task = %s AND {drafts_in}",
        [ref(start), ref(draft), *drafts_params],
    )


# --- running a task ---------------------------------------------------------------------------


def _open_task(review: QuarterlyReview, node) -> Task:
    """The review's open task at `node`, locked (the service finds it, not the caller)."""
    task = (
        Task.objects.select_for_update(of=("self",))
        .filter(process_id=review.process.pk, flow_task=node, status__in=[STATUS.ASSIGNED, STATUS.STARTED])
        .select_related("owner")
        .first()
    )
    if task is None:
        raise TransitionRefused(_("Việc này đã được xử lý hoặc không còn mở."))
    return task


def _run_step(
    review: QuarterlyReview | int, *, node, authorise: Callable[[QuarterlyReview, Task], None], work: Callable[[QuarterlyReview], bool]
) -> QuarterlyReview:
    """Under the flow lock and in one transaction: lock the Case row (same order as every case
    service), find the review's open task at `node`, `authorise` (raises a refusal), then
    `work(review)`; complete the task when `work` returns True. Any DomainError rolls it all back."""
    from workflows.review_flow import QuarterlyReviewFlow

    pk = review.pk if isinstance(review, QuarterlyReview) else review
    process_id = ReviewProcess.objects.filter(review_id=pk).values_list("pk", flat=True).first()
    if process_id is None:
        raise DomainError(_("Không tìm thấy việc cần làm."))
    with QuarterlyReviewFlow.lock(process_id), transaction.atomic():
        case_id = ReviewProcess.objects.values_list("case_id", flat=True).get(pk=process_id)
        case_services.lock_case(case_id)
        locked = QuarterlyReview.objects.select_for_update(of=("self",)).select_related("case", "process").get(pk=pk)
        task = _open_task(locked, node)
        authorise(locked, task)
        activation = node.activation_class(task)
        if work(locked):
            if task.status == STATUS.ASSIGNED:
                activation.start(None)
            activation.execute()
        return locked


def max_contacts(quarter: str) -> int:
    """The most contacts a quarter's review may count: one a day, the days of the quarter (90
    to 92). More is a slip of the keyboard (500), not a mentor's work."""
    try:
        start, end = quarter_bounds(quarter)
    except ValueError:
        return 92
    return (end - start).days + 1


def _check_contacts(review: QuarterlyReview) -> None:
    limit = max_contacts(review.quarter)
    if review.contacts_count is not None and review.contacts_count > limit:
        raise DomainError(
            _("%(field)s: tối đa %(n)d, bằng số ngày của quý %(q)s.")
            % {
                "field": capfirst(str(QuarterlyReview._meta.get_field("contacts_count").verbose_name)),
                "n": limit,
                "q": review.quarter_label,
            },
            field="contacts_count",
        )


def save_assessment(review: QuarterlyReview | int, *, actor: User, data: dict, submit: bool) -> QuarterlyReview:
    """The mentor saves the assessment; `submit` sends it to the head (completes the task)."""
    from workflows.review_flow import QuarterlyReviewFlow

    def authorise(review: QuarterlyReview, task: Task) -> None:
        policy.require(workflow_policy.can_draft_review(actor, task))

    def work(review: QuarterlyReview) -> bool:
        if review.status not in (ReviewStatus.DRAFT, ReviewStatus.RETURNED):
            raise DomainError(_("Đánh giá này không còn ở bước soạn thảo."))
        for name in ASSESSMENT_FIELDS:
            if name in data:
                setattr(review, name, data[name] if data[name] is not None else getattr(review, name))
        _check_contacts(review)
        if submit:
            if not review.rating:
                raise DomainError(_("Vui lòng chọn mức đánh giá."), field="rating")
            if not review.recommendation:
                raise DomainError(_("Vui lòng chọn đề xuất."), field="recommendation")
            if review.recommendation == ReviewRecommendation.REFER_SUPPORT and not review.support_needs.strip():
                raise DomainError(_("Vui lòng nêu nhu cầu hỗ trợ khi đề xuất hỗ trợ."), field="support_needs")
            review.status = ReviewStatus.SUBMITTED
            review.drafted_by = actor
            review.drafted_at = timezone.now()
            review.decision = ""
            review.outcome = ""
        case_services.save_with_history(review, actor=actor, reason=_("Gửi duyệt đánh giá") if submit else _("Lưu nháp đánh giá"))
        if submit:
            case_services.record_event(
                review.case,
                actor=actor,
                transition="review_submitted",
                data={"review": review.pk, "quarter": review.quarter, "rating": review.rating, "recommendation": review.recommendation},
            )
        return submit

    return _run_step(review, node=QuarterlyReviewFlow.draft, authorise=authorise, work=work)


def decide_review(
    review: QuarterlyReview | int,
    *,
    actor: User,
    acting_for: User | None = None,
    decision: str,
    outcome: str = "",
    comment: str = "",
) -> QuarterlyReview:
    """The head approves as recommended, decides otherwise with a reason, or returns the
    review for revision with a comment; a deputy does so explicitly `acting_for` the head
    (validated: an active delegation covering today and the case's commune). The drafter
    never decides. Approval applies the outcome to the case in the same transaction (the
    flow's apply node, workflows.lifecycle); a refusal there rolls everything back."""
    from workflows.review_flow import QuarterlyReviewFlow

    comment = (comment or "").strip()

    def authorise(review: QuarterlyReview, task: Task) -> None:
        policy.require(workflow_policy.can_decide_review(actor, review, task, on_behalf_of=acting_for))

    def work(review: QuarterlyReview) -> bool:
        if review.status != ReviewStatus.SUBMITTED:
            raise DomainError(_("Đánh giá này chưa được gửi duyệt."))
        if decision not in ReviewDecision.values:
            raise DomainError(_("Vui lòng chọn quyết định."), field="decision")
        now = timezone.now()
        principal = acting_for if acting_for is not None and acting_for.pk != actor.pk else None
        review.decision = decision
        review.decision_comment = comment
        review.decided_by = actor
        review.decided_on_behalf_of = principal
        review.decided_at = now
        data = {"review": review.pk, "quarter": review.quarter, "rating": review.rating, "decision": decision}
        if principal is not None:
            data["on_behalf_of"] = principal.pk
            data["on_behalf_of_name"] = principal.display_name
        if decision == ReviewDecision.RETURN:
            if not comment:
                raise DomainError(_("Vui lòng ghi ý kiến để người giúp đỡ sửa lại."), field="comment")
            review.status = ReviewStatus.RETURNED
            review.revision_count += 1
            review.outcome = ""
            case_services.save_with_history(review, actor=actor, reason=_("Trả lại để sửa"))
            case_services.record_event(review.case, actor=actor, transition="review_returned", reason=comment, data=data)
            return True
        if decision == ReviewDecision.OTHERWISE:
            if outcome not in ReviewRecommendation.values:
                raise DomainError(_("Vui lòng chọn kết quả quyết định."), field="outcome")
            if not comment:
                raise DomainError(_("Vui lòng nêu lý do khi quyết định khác với đề xuất."), field="comment")
            review.outcome = outcome
        else:
            review.outcome = review.recommendation
        review.status = ReviewStatus.APPROVED
        review.approved_at = now
        case_services.save_with_history(review, actor=actor, reason=_("Duyệt đánh giá"))
        data["outcome"] = review.outcome
        case_services.record_event(review.case, actor=actor, transition="review_approved", reason=comment, data=data)
        return True

    return _run_step(review, node=QuarterlyReviewFlow.decide, authorise=authorise, work=work)


def apply_review_decision(review_pk: int) -> None:
    """Called by the flow's apply node once the review is approved: moves the case through
    the lifecycle orchestration, with the authority recorded on the review (the decider, or
    the head they decided for: validated again there)."""
    from workflows import lifecycle

    review = QuarterlyReview.objects.select_related("case", "decided_by", "decided_on_behalf_of").get(pk=review_pk)
    actor, principal = review.decided_by, review.decided_on_behalf_of
    reason = _("Theo đánh giá quý %(q)s đã duyệt") % {"q": review.quarter_label}
    if review.decision_comment:
        reason = f"{reason}: {review.decision_comment}"
    if review.outcome == ReviewRecommendation.GRADUATE:
        from cases.legal_services import record_progress_under_legal_term

        # While a legal term runs, the approved "tiến bộ" is recorded as such (issue 11).
        if not record_progress_under_legal_term(review.case, actor=actor, review=review):
            lifecycle.graduate_case(review.case_id, actor=actor, acting_for=principal, reason=reason)
    elif review.outcome == ReviewRecommendation.ESCALATE:
        lifecycle.escalate(review.case_id, actor=actor, acting_for=principal, reason=reason)
    elif review.outcome == ReviewRecommendation.REFER_SUPPORT:
        # a draft referral the referrer completes (type, loan details) and sends from the case page
        support_services.create_referral(
            review.case,
            actor=actor,
            acting_for=principal,
            type=ReferralType.JOB,
            needs=review.support_needs or "",
            review=review,
        )


# --- reassignment and delegation ----------------------------------------------------------------


def move_open_drafts(case, *, new_user) -> None:
    """After a reassignment (workflows.lifecycle.assign_case, Case row locked): the open draft
    task of the case's review moves to the new mentor (or to the decider, who drafts for a
    mentor without an account)."""
    from workflows.review_flow import QuarterlyReviewFlow
    from workflows.selectors import review_decider

    owner = new_user or review_decider(case)
    tasks = Task.objects.filter(
        process__in=ReviewProcess.objects.filter(case_id=case.pk).values("pk"),
        flow_task=QuarterlyReviewFlow.draft,
        status__in=[STATUS.ASSIGNED, STATUS.STARTED],
    )
    tasks.update(owner=owner, status=STATUS.ASSIGNED if owner else STATUS.NEW)


def cancel_open_reviews(case, *, transition: str, actor) -> None:
    """After the case reached a terminal state (workflows.lifecycle, Case row locked): the
    review processes still waiting for a draft or a decision are cancelled, so they leave the
    inbox. A review being approved right now (its own apply node graduating the case) has no
    open task left and is not touched."""
    from viewflow.workflow.status import PROCESS

    from workflows.review_flow import QuarterlyReviewFlow

    processes = list(
        ReviewProcess.objects.filter(
            case_id=case.pk,
            status=PROCESS.NEW,
            task__flow_task__in=[QuarterlyReviewFlow.draft, QuarterlyReviewFlow.decide],
            task__status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED],
        )
        .select_related("review")
        .distinct()
        .order_by("pk")
    )
    for process in processes:
        QuarterlyReviewFlow.instance.cancel(process)
        review = process.review
        review.status = ReviewStatus.CANCELLED
        review.cancelled_at = timezone.now()
        case_services.save_with_history(review, actor=actor, reason=_("Hủy kỳ đánh giá do hồ sơ đã kết thúc"))
        case_services.record_event(
            case, actor=actor, transition="review_canceled", data={"review": review.pk, "quarter": review.quarter, "after": transition}
        )


@transaction.atomic
def create_delegation(*, actor, deputy, starts_on, ends_on, reason: str = "") -> Delegation:
    """A committee head (or commune front officer) names a deputy for a period."""
    policy.require(workflow_policy.can_name_deputy(actor, deputy), field="deputy")
    if not starts_on or not ends_on or ends_on < starts_on:
        raise DomainError(_("Ngày kết thúc không được trước ngày bắt đầu."), field="ends_on")
    if ends_on < timezone.localdate():
        raise DomainError(_("Thời gian ủy quyền đã qua."), field="ends_on")
    delegation = Delegation(principal=actor, deputy=deputy, starts_on=starts_on, ends_on=ends_on, reason=reason.strip())
    case_services.save_with_history(delegation, actor=actor, reason=_("Ủy quyền"))
    return delegation


@transaction.atomic
def revoke_delegation(delegation: Delegation, *, actor) -> Delegation:
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if delegation.principal_id != actor.pk:
        raise PermissionRefused(_("Bạn chỉ được thu hồi ủy quyền của mình."))
    if delegation.revoked_at is None:
        delegation.revoked_at = timezone.now()
        case_services.save_with_history(delegation, actor=actor, reason=_("Thu hồi ủy quyền"))
    return delegation


CHANNEL_LABELS = {
    "in_app": gettext_lazy("Trong ứng dụng"),
    "email": gettext_lazy("Thư điện tử"),
    "sms": gettext_lazy("Tin nhắn SMS"),
    "zalo": gettext_lazy("Zalo"),
}


@transaction.atomic
def set_reminder_preference(user: User, *, actor: User, channels: list[str], quiet_from, quiet_to):
    """The user's channels (beyond in-app, which is always on) and quiet time for the daily
    digest (workflows.reminders). Refused with a message naming the field: a channel not offered
    by the installation, SMS/Zalo without a phone number, e-mail without an address, a quiet
    time with one end only, or one that covers every time the job runs (nothing would leave)."""
    from workflows.models import ReminderPreference
    from workflows.reminders import is_quiet, offered_channels, run_times

    policy.require(workflow_policy.can_set_reminders(actor, user))
    offered = offered_channels()
    chosen = [name for name in dict.fromkeys(channels or []) if name != "in_app"]
    unknown = [name for name in chosen if name not in offered]
    if unknown:
        raise DomainError(_("Kênh nhận nhắc việc không có trong danh sách: %(names)s.") % {"names": ", ".join(unknown)}, field="channels")
    for name in ("sms", "zalo"):
        if name in chosen and not user.phone:
            raise DomainError(
                _(
                    "Bạn chọn nhận qua %(channel)s nhưng tài khoản chưa có số điện thoại. Hãy bỏ chọn, hoặc nhờ cán bộ quản lý tài khoản thêm số điện thoại."
                )
                % {"channel": CHANNEL_LABELS[name]},
                field="channels",
            )
    if "email" in chosen and not user.email:
        raise DomainError(
            _(
                "Bạn chọn nhận qua thư điện tử nhưng tài khoản chưa có địa chỉ thư. Hãy bỏ chọn, hoặc nhờ cán bộ quản lý tài khoản thêm địa chỉ."
            ),
            field="channels",
        )
    if (quiet_from is None) != (quiet_to is None):
        field = "quiet_to" if quiet_to is None else "quiet_from"
        raise DomainError(_("Giờ yên lặng: chọn cả giờ bắt đầu và giờ kết thúc, hoặc chọn “Không” ở cả hai."), field=field)
    if quiet_from is not None and quiet_from == quiet_to:
        raise DomainError(_("Giờ yên lặng: giờ kết thúc phải khác giờ bắt đầu."), field="quiet_to")
    times = run_times()
    if quiet_from is not None and chosen and times and all(is_quiet(quiet_from, quiet_to, t) for t in times):
        raise DomainError(
            _(
                "Giờ yên lặng che hết các giờ gửi nhắc việc (%(times)s): tin ngoài ứng dụng sẽ không bao giờ được gửi. Hãy thu hẹp giờ yên lặng."
            )
            % {"times": ", ".join(f"{t:%H:%M}" for t in times)},
            field="quiet_to",
        )
    preference = ReminderPreference.objects.select_for_update().filter(user=user).first() or ReminderPreference(user=user)
    preference.channels = [name for name in offered if name in chosen]  # the installation's order
    preference.quiet_from, preference.quiet_to = quiet_from, quiet_to
    case_services.save_with_history(preference, actor=actor, reason=_("Đổi cách nhận nhắc việc"))
    return preference
