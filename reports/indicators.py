"""The indicators of domain.md ("Reports"), computed by a few grouped SQL queries per report.

Two registries:

* SOURCES: functions that run ONE grouped query for a period and a place, and yield additive
  counts keyed by the place grain (province, commune, khu dân cư). Counts add up, so the
  roll-up khu dân cư → xã → tỉnh → nation is a sum over the grouped rows (never over cases).
* INDICATORS: one entry per figure on the report: a count, or a share (numerator over
  denominator, computed after the roll-up), with an optional target from settings.

A case's state at the period's end is the to_state of its last CaseEvent before the end, so a
case that changed after the end is counted as it was. case_source computes it, and each other
fact about a case at the end, once for all cases in scope (set-based SQL joined to the cases,
see state_at_end_joins), never as a subquery per case.

Contact figures about the people under management at the end (contacted in the period,
needing contact at the end) are counts of case_source, which already knows each case's state
at the end; visit_source counts the visits themselves and referral_source the referrals,
their outcomes and the VBSP loans. To add another: write one source function (one grouped
query) that yields its counts, register it with register_source, and append the Indicator
entries that read those counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from areas.models import Commune
from cases.models import (
    ACTIVE_MENTORING_STATES,
    NON_TERMINAL_STATES,
    Case,
    CaseEvent,
    CaseStatus,
    Category,
    Classification,
    CloseReason,
    QuarterlyReview,
    ReviewRating,
    ReviewStatus,
    Subject,
)
from config.rollup import LEVELS, rolled_up_queryset
from mentors.models import Assignment, Branch, Mentor, Visit
from reports.periods import Period, last_quarter_due_before, review_quarters_due
from support.models import OutcomeResult, Referral, ReferralStatus, ReferralType

# --- places -----------------------------------------------------------------------------------

LEVEL_LABELS = {
    "nation": _("Toàn quốc"),
    "province": _("Tỉnh/thành phố"),
    "commune": _("Xã/phường/đặc khu"),
    "area": _("Khu dân cư"),
}


@dataclass(frozen=True)
class PlaceRef:
    level: str
    id: int | None
    code: str
    name: str

    @property
    def key(self) -> tuple[str, int | None]:
        return (self.level, self.id)


NATION = PlaceRef("nation", None, "VN", _("Toàn quốc"))


# Path from a case (or a review via its case) to each place level.
CASE_PATHS = {"province": "commune__province_id", "commune": "commune_id", "area": "area_id"}


def _prefixed(paths: dict[str, str], prefix: str) -> dict[str, str]:
    return {k: prefix + v for k, v in paths.items()}


def scope_q(root: PlaceRef, paths: dict[str, str]) -> Q:
    if root.level == "nation":
        return Q()
    return Q(**{paths[root.level]: root.id})


def grain_fields(grain: str, paths: dict[str, str]) -> list[str]:
    """The value() fields for grouping at `grain`; levels the model has no path to are left out."""
    wanted = LEVELS[1 : LEVELS.index(grain) + 1]
    return [paths[level] for level in wanted if level in paths]


# --- sources: one grouped query each ------------------------------------------------------------

Row = tuple[dict[str, int | None], Counter | dict]  # counts: a Counter or a plain dict


def cadence_cutoffs(end_before: dt.datetime) -> tuple[dict[str, dt.datetime], dt.datetime]:
    """Per category, the moment from which a visit still counts as a recent contact at
    `end_before` (settings.DONG_HANH["CONTACT_CADENCE_DAYS"], "default" for the rest)."""
    table = settings.DONG_HANH["CONTACT_CADENCE_DAYS"]
    per_category = {c: end_before - dt.timedelta(days=int(table[c])) for c in Category.values if c in table}
    return per_category, end_before - dt.timedelta(days=int(table["default"]))


# --- the case source: per-case facts computed set-based --------------------------------------------
#
# A case's facts at the period's end (its state, whether it has a mentor, its latest rating, its
# last visit, ...) are each one derived table computed for every case in scope in a single pass
# (a window function or a GROUP BY, portable between SQLite and PostgreSQL) and joined to the
# cases, instead of correlated subqueries run once per case. Table names come from the models;
# every value (dates, states, place ids) is a query parameter.


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _dt(value: dt.datetime):
    """A datetime as the ORM sends it for a DateTimeField (SQLite compares text)."""
    return connection.ops.adapt_datetimefield_value(value)


# Columns of the case (alias c, its commune co) holding each place level.
_CASE_PLACE_COLUMN = {"province": "co.province_id", "commune": "c.commune_id", "area": "c.area_id"}


def _case_scope(root: PlaceRef) -> tuple[str, list]:
    """The condition on c/co restricting the cases to `root`."""
    if root.level == "nation":
        return "1 = 1", []
    return f"{_CASE_PLACE_COLUMN[root.level]} = %s", [root.id]


def _cases_from() -> str:
    return f"{_table(Case)} c JOIN {_table(Commune)} co ON co.id = c.commune_id"


def _in_scope(column: str, root: PlaceRef) -> tuple[str, list]:
    """` AND column IN (the ids of the cases in scope)`; nothing for the whole nation."""
    if root.level == "nation":
        return "", []
    where, params = _case_scope(root)
    return f" AND {column} IN (SELECT c.id FROM {_cases_from()} WHERE {where})", params


def live_state_at_end_sql(end_before: dt.datetime, root: PlaceRef, *, case_ids: list[int] | None = None) -> tuple[str, list]:
    """Derived table (case_id, state): the to_state of each case's last CaseEvent (with a
    to_state) before `end_before`, latest created_at then latest id, computed from the events
    (the covering index cases.caseevent_state_at_end serves it). Cases not listed yet at the
    end have no row. `case_ids` restricts it (a repair of reports.period_state).

    `rn <= 1` (the same rows as `rn = 1`) because PostgreSQL estimates an equality on a
    window's result at 0.5 % of the rows: the estimate then collapses to one case and the
    planner nests loops over every fact table (2 s for a province of 3,000 cases, instead of
    0.1 s). A range condition is estimated at a third of the rows, about the truth.

    On PostgreSQL the same rows come from DISTINCT ON, which reads the events in (case_id,
    created_at) order and keeps each case's first row without numbering every event: about a
    quarter faster at 100,000 cases, and estimated from the number of distinct cases."""
    scope, params = _in_scope("e.case_id", root)
    if case_ids is not None:
        from config.bulk import in_ids

        cases_in, cases_params = in_ids("e.case_id", case_ids)
        scope += f" AND {cases_in}"
        params = [*params, *cases_params]
    if connection.vendor == "postgresql":
        sql = f"""SELECT DISTINCT ON (e.case_id) e.case_id, e.to_state AS state
        FROM {_table(CaseEvent)} e
        WHERE e.created_at < %s AND e.to_state <> ''{scope}
        ORDER BY e.case_id, e.created_at DESC, e.id DESC"""
        return sql, [_dt(end_before), *params]
    sql = f"""SELECT ranked.case_id, ranked.to_state AS state FROM (
        SELECT e.case_id, e.to_state,
               ROW_NUMBER() OVER (PARTITION BY e.case_id ORDER BY e.created_at DESC, e.id DESC) AS rn
        FROM {_table(CaseEvent)} e
        WHERE e.created_at < %s AND e.to_state <> ''{scope}
    ) ranked WHERE ranked.rn <= 1"""
    return sql, [_dt(end_before), *params]


def state_at_end_joins(end_before: dt.datetime, root: PlaceRef) -> tuple[str, list, str]:
    """The joins giving each case `c` its state at `end_before` and the SQL of that state
    (reports.period_state.state_joins): from the closed period's rows when that end is closed
    and repaired, live otherwise."""
    from reports.period_state import state_joins

    # the stored rows restricted to the cases in scope as the live rows are: a province's
    # report reads its own cases' rows (the key is period_end, case_id), not the whole country's
    scope, scope_params = _in_scope("ps.case_id", root)
    wide = root.level in ("nation", "province")
    return state_joins(end_before, *live_state_at_end_sql(end_before, root), wide=wide, scope=scope, scope_params=scope_params)


def states_at_end(end_before: dt.datetime, root: PlaceRef) -> Counter:
    """The number of cases in scope listed before `end_before`, by their state then.

    For the nation, no place restricts the cases: the states are counted from their derived
    table alone, less the cases listed at or after the end (an anti join against those few),
    instead of joining every case and its commune to it (the national dashboard counts six
    ends: 1.8 s each at 1,000,000 cases that way, 0.5 s this way)."""
    if root.level == "nation":
        from reports.period_state import state_rows

        rows, state_params = state_rows(end_before, *live_state_at_end_sql(end_before, root))
        sql = f"""SELECT st.state, COUNT(*) FROM ({rows}) st
            WHERE st.state IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM {_table(Case)} c WHERE c.id = st.case_id AND c.opened_at >= %s)
            GROUP BY st.state"""
        params = [*state_params, _dt(end_before)]
    else:
        joins, state_params, state = state_at_end_joins(end_before, root)
        where, scope_params = _case_scope(root)
        sql = f"""SELECT {state}, COUNT(*) FROM {_cases_from()} {joins}
            WHERE c.opened_at < %s AND {where} AND {state} IS NOT NULL GROUP BY {state}"""
        params = [*state_params, _dt(end_before), *scope_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return Counter(dict(cursor.fetchall()))


def _case_facts_sql(period: Period, root: PlaceRef, grain: str) -> tuple[str, list, list[str]]:
    """One grouped query over the cases listed before the period's end, with each case's facts
    at the end joined in. Returns the SQL, its parameters and the place levels it groups by."""
    start, end = _dt(period.start_at), _dt(period.end_before)
    levels = [level for level in LEVELS[1 : LEVELS.index(grain) + 1] if level in CASE_PATHS]
    place_cols = [f"{_CASE_PLACE_COLUMN[level]} AS {level}" for level in levels]
    state_joins, state_params, state = state_at_end_joins(period.end_before, root)
    group_cols = [_CASE_PLACE_COLUMN[level] for level in levels] + ["s.category", "cls_at_end", state]
    params: list = []
    # The classification in force at the period's end (issue 11): the latest one set before the
    # end; a person with no classification history at all keeps the one on their record.
    from django.utils import timezone

    from cases.models import ClassificationRecord

    # One derived table (a row per person with any classification history: the latest set
    # before the end, or '' when every one was set after it) joined once, rather than two
    # correlated subqueries run for every case (200,000 probes for a nation of 100,000 cases).
    cr = _table(ClassificationRecord)
    cls_sql = "COALESCE(k.classification, s.classification) AS cls_at_end"
    set_before = timezone.localtime(period.end_before).date() if timezone.is_aware(period.end_before) else period.end_before
    classification_sql = f"""SELECT ranked.subject_id, ranked.classification FROM (
        SELECT cr.subject_id, CASE WHEN cr.set_on < %s THEN cr.classification ELSE '' END AS classification,
               ROW_NUMBER() OVER (PARTITION BY cr.subject_id
                                  ORDER BY CASE WHEN cr.set_on < %s THEN 0 ELSE 1 END, cr.set_on DESC, cr.id DESC) AS rn
        FROM {cr} cr
    ) ranked WHERE ranked.rn <= 1"""

    # The select list (counts) first: its parameters come first in the SQL.
    per_category, default = cadence_cutoffs(period.end_before)
    cutoff = ("CASE s.category " + "WHEN %s THEN %s " * len(per_category) + "ELSE %s END") if per_category else "%s"
    cutoff_params = [p for category, since in per_category.items() for p in (category, _dt(since))] + [_dt(default)]
    in_period = "c.closed_at >= %s AND c.closed_at < %s"
    select = f"""SELECT {", ".join([*place_cols, "s.category", cls_sql, f"{state} AS state"])},
        COUNT(*) AS n,
        COUNT(CASE WHEN c.opened_at >= %s THEN 1 END) AS listed,
        COUNT(CASE WHEN {in_period} THEN 1 END) AS ended,
        COUNT(CASE WHEN {in_period} AND c.close_reason = %s THEN 1 END) AS reoffended,
        COUNT(f.with_mentor) AS with_mentor,
        COUNT(f.escalated) AS escalated,
        COUNT(f.rated) AS rated,
        COUNT(CASE WHEN f.rating = %s THEN 1 END) AS progressing,
        COUNT(CASE WHEN f.last_visit >= %s THEN 1 END) AS contacted,
        COUNT(CASE WHEN f.last_visit IS NULL OR f.last_visit < {cutoff} THEN 1 END) AS not_contacted_within_cadence"""
    params += [start, start, end, start, end, CloseReason.REIMPRISONED, ReviewRating.PROGRESSING, start, *cutoff_params]

    # The other facts of a case at the end come from four tables. Each branch of one UNION ALL
    # gives its rows (case_id and one fact, NULL for the others) and one GROUP BY case_id makes
    # them a row per case, joined once: four derived tables each hashed and joined to every case
    # cost about twice as much at national scale.
    # - A mentor at the end: an assignment started before the end and not ended by then.
    mentor_scope, mentor_params = _in_scope("a.case_id", root)
    mentor_sql = f"""SELECT a.case_id, 1, NULL, NULL, NULL, NULL
        FROM {_table(Assignment)} a WHERE a.started_at < %s AND (a.ended_at IS NULL OR a.ended_at >= %s){mentor_scope}"""
    # - Escalated in the period: an event to the escalated state within it.
    esc_scope, esc_params = _in_scope("e.case_id", root)
    escalated_sql = f"""SELECT e.case_id, NULL, 1, NULL, NULL, NULL
        FROM {_table(CaseEvent)} e WHERE e.to_state = %s AND e.created_at >= %s AND e.created_at < %s{esc_scope}"""
    # - The latest review approved in the period (latest approved_at, then latest id).
    review_scope, review_params = _in_scope("q.case_id", root)
    rating_sql = f"""SELECT ranked.case_id, NULL, NULL, 1, ranked.rating, NULL FROM (
        SELECT q.case_id, q.rating,
               ROW_NUMBER() OVER (PARTITION BY q.case_id ORDER BY q.approved_at DESC, q.id DESC) AS rn
        FROM {_table(QuarterlyReview)} q
        WHERE q.status = %s AND q.approved_at >= %s AND q.approved_at < %s{review_scope}
    ) ranked WHERE ranked.rn <= 1"""
    # - The last visit before the end: contacted in the period when on or after its start, and
    #   recently contacted at the end when within the cadence of the person's category (the rule
    #   of mentors.selectors.needs_contact_q, read at the period end; counted for the mentoring
    #   states only, in case_source). Only the visits from the earliest of these moments on can
    #   change either count (a case whose last visit is older counts as one without a visit: not
    #   contacted, needing contact), so the older visits, most of them, are not read.
    visit_scope, visit_params = _in_scope("v.case_id", root)
    visits_from = min([period.start_at, default, *per_category.values()])
    # (The first branch names and types the columns: PostgreSQL resolves a chain of UNIONs two
    # at a time, so an untyped NULL in the first two would be text.)
    visit_sql = f"""SELECT v.case_id, CAST(NULL AS INTEGER) AS with_mentor, CAST(NULL AS INTEGER) AS escalated,
               CAST(NULL AS INTEGER) AS rated, NULL AS rating, v.visited_at AS last_visit
        FROM {_table(Visit)} v WHERE v.visited_at >= %s AND v.visited_at < %s{visit_scope}"""
    facts_sql = f"""SELECT u.case_id, MAX(u.with_mentor) AS with_mentor, MAX(u.escalated) AS escalated, MAX(u.rated) AS rated,
               MAX(u.rating) AS rating, MAX(u.last_visit) AS last_visit
        FROM ({visit_sql} UNION ALL {mentor_sql} UNION ALL {escalated_sql} UNION ALL {rating_sql}) u
        GROUP BY u.case_id"""

    where, scope_params = _case_scope(root)
    sql = f"""{select}
    FROM {_cases_from()}
    JOIN {_table(Subject)} s ON s.id = c.subject_id
    {state_joins}
    LEFT JOIN ({facts_sql}) f ON f.case_id = c.id
    LEFT JOIN ({classification_sql}) k ON k.subject_id = s.id
    WHERE c.opened_at < %s AND {where} AND {state} IS NOT NULL
    GROUP BY {", ".join(group_cols)}"""
    params += state_params
    params += [_dt(visits_from), end, *visit_params]
    params += [end, end, *mentor_params]
    params += [CaseStatus.ESCALATED, start, end, *esc_params]
    params += [ReviewStatus.APPROVED, start, end, *review_params]
    params += [set_before, set_before]
    params += [end, *scope_params]
    return sql, params, levels


def _case_counts() -> list[tuple[str, str]]:
    """The counts of case_source as (name, SQL expression over one grouped row of
    _case_facts_sql): what a case at the end counts as, by its state then."""
    from config.rollup import literal

    live = "state IN (" + ", ".join(literal(s) for s in NON_TERMINAL_STATES) + ")"
    mentoring = "state IN (" + ", ".join(literal(s) for s in ACTIVE_MENTORING_STATES) + ")"

    def when(cond: str, col: str = "n") -> str:
        return f"CASE WHEN {cond} THEN {col} ELSE 0 END"

    out = [("active", when(live))]
    out += [(f"state:{s}", when(f"state = {literal(s)}")) for s in NON_TERMINAL_STATES]
    out += [(f"cat:{c}", when(f"{live} AND category = {literal(c)}")) for c in Category.values]
    out += [(f"cls:{c}", when(f"{live} AND cls_at_end = {literal(c)}")) for c in Classification.values]
    out += [(f"cls:{UNCLASSIFIED}", when(f"{live} AND (cls_at_end IS NULL OR cls_at_end = '')"))]
    out += [
        ("with_mentor", when(live, "with_mentor")),
        ("contacted", when(live, "contacted")),
        ("needs_contact", when(mentoring, "not_contacted_within_cadence")),
        ("ended", when(f"NOT {live}", "ended")),
        ("graduated", when(f"state = {literal(CaseStatus.GRADUATED)}", "ended")),
        ("closed", when(f"NOT {live} AND state <> {literal(CaseStatus.GRADUATED)}", "ended")),
        ("new", "listed"),
        ("reoffended", "reoffended"),
        ("escalated", "escalated"),
        ("rated", "rated"),
        ("progressing", "progressing"),
    ]
    return out


def case_source(period: Period, root: PlaceRef, grain: str) -> Iterator[Row]:
    """The cases' counts at every place level from the root down to `grain`, rolled up in SQL
    (config.rollup): one row per place, already summed."""
    from config.rollup import rolled_up_rows

    sql, params, levels = _case_facts_sql(period, root, grain)
    below = [level for level in levels if LEVELS.index(level) > LEVELS.index(root.level)]
    counts = _case_counts()
    sums = [(f"c{i}", expr) for i, (_name, expr) in enumerate(counts)]
    names = [name for name, _expr in counts]
    for places, _keys, values in rolled_up_rows(sql, params, below, sums):
        # the sums are whole numbers already (rollup_sql casts them to BIGINT)
        yield places, {name: v for name, v in zip(names, values, strict=True) if v}


def review_source(period: Period, root: PlaceRef, grain: str) -> Iterator[Row]:
    """Reviews approved in the period; reviews falling due in the period (their due date,
    QuarterlyReview.due_on, or for reviews without one the quarter's end + REVIEW_DUE_DAYS) and
    those of them not approved by the end; and every review still open and past its due date
    at the end (the backlog, whenever it fell due)."""
    start, end = period.start_at, period.end_before
    paths = _prefixed(CASE_PATHS, "case__")
    due_quarters = review_quarters_due(period)
    approved = Q(status=ReviewStatus.APPROVED, approved_at__gte=start, approved_at__lt=end)
    not_done = Q(approved_at__isnull=True) | Q(approved_at__gte=end) | ~Q(status=ReviewStatus.APPROVED)
    # A review cancelled (its case ended) before the period's end is no longer due.
    live = Q(cancelled_at__isnull=True) | Q(cancelled_at__gte=end)
    not_done &= live
    due = (Q(due_on__gte=period.start, due_on__lte=period.end) | Q(due_on__isnull=True, quarter__in=due_quarters)) & live
    # Overdue at the end: the end day is after the due date (QuarterlyReview.is_overdue).
    past_due = Q(due_on__lt=period.end)
    last_quarter = last_quarter_due_before(period.end)
    if last_quarter:
        past_due |= Q(due_on__isnull=True, quarter__lte=last_quarter)
    backlog = past_due & not_done
    qs = (
        QuarterlyReview.objects.filter(scope_q(root, paths))
        .filter(approved | due | backlog)
        .values(*grain_fields(grain, paths))
        .annotate(
            approved=Count("pk", filter=approved),
            due=Count("pk", filter=due),
            overdue=Count("pk", filter=due & not_done),
            backlog=Count("pk", filter=backlog),
        )
        .order_by()
    )
    for keys, row in rolled_up_queryset(qs, root, grain, paths):
        yield (
            keys,
            Counter(
                reviews_approved=row["approved"], reviews_due=row["due"], reviews_overdue=row["overdue"], reviews_backlog=row["backlog"]
            ),
        )


BRANCH_PATHS = {"province": "commune__province_id", "commune": "commune_id", "area": "area_id"}


def branch_source(period: Period, root: PlaceRef, grain: str) -> Iterator[Row]:
    """Active chi hội/chi đoàn and those helping at least one person at any time in the period:
    an assignment started before the period's end and not ended before its start (seed 000:
    "nhận giúp đỡ ít nhất 01 đối tượng cho đến khi đối tượng tiến bộ", so a branch still
    helping last period's person counts). A branch of the whole commune (no khu dân cư) counts
    at the commune level and above."""
    adopted = Assignment.objects.filter(branch=OuterRef("pk"), started_at__lt=period.end_before).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=period.start_at)
    )
    qs = (
        Branch.objects.filter(scope_q(root, BRANCH_PATHS), is_active=True)
        .values(*grain_fields(grain, BRANCH_PATHS))
        .annotate(branches=Count("pk"), adopting=Count("pk", filter=Exists(adopted)))
        .order_by()
    )
    for keys, row in rolled_up_queryset(qs, root, grain, BRANCH_PATHS):
        # a plain dict: a Counter per row costs more than the row at 100,000 khu dân cư
        yield keys, {"branches": row["branches"], "branches_adopting": row["adopting"]}


MENTOR_PATHS = {"province": "commune__province_id", "commune": "commune_id"}


def mentor_source(period: Period, root: PlaceRef, grain: str) -> Iterator[Row]:
    """Active mentors, and those holding at least one case at the period's end."""
    end = period.end_before
    holding = Assignment.objects.filter(mentor=OuterRef("pk"), started_at__lt=end).filter(Q(ended_at__isnull=True) | Q(ended_at__gte=end))
    if root.level == "area":
        return  # mentors belong to a commune, not to a khu dân cư
    qs = (
        Mentor.objects.filter(scope_q(root, MENTOR_PATHS), is_active=True)
        .values(*grain_fields(grain, MENTOR_PATHS))
        .annotate(mentors=Count("pk"), holding=Count("pk", filter=Exists(holding)))
        .order_by()
    )
    for keys, row in rolled_up_queryset(qs, root, grain, MENTOR_PATHS):
        yield keys, {"mentors": row["mentors"], "mentors_with_cases": row["holding"]}


def visit_source(period: Period, root: PlaceRef, grain: str) -> Iterator[Row]:
    """Visits (contacts) in the period, placed by the case's khu dân cư."""
    paths = _prefixed(CASE_PATHS, "case__")
    qs = (
        Visit.objects.filter(scope_q(root, paths), visited_at__gte=period.start_at, visited_at__lt=period.end_before)
        .values(*grain_fields(grain, paths))
        .annotate(n=Count("pk"))
        .order_by()
    )
    for keys, row in rolled_up_queryset(qs, root, grain, paths):
        yield keys, {"visits": row["n"]}


# What an achieved outcome is called, by referral type (the rest: "helped").
ACHIEVED_AS = {ReferralType.JOB: "placed", ReferralType.TRAINING: "enrolled", ReferralType.LOAN: "loan"}
# The outcomes a referral reaches, in the order of the report and the chart.
REFERRAL_OUTCOMES = [
    ("placed", _("Có việc làm")),
    ("enrolled", _("Nhập học nghề")),
    ("loan", _("Được vay vốn (giải ngân)")),
    ("helped", _("Được hỗ trợ khác")),
    ("not_achieved", _("Không đạt")),
    ("declined", _("Bị từ chối")),
    ("withdrawn", _("Rút lại")),
]


def referral_source(period: Period, root: PlaceRef, grain: str) -> Iterator[Row]:
    """Referrals sent in the period, by type; referrals that reached an outcome in the period
    (achieved or not when the outcome was recorded, declined when the office declined, withdrawn
    when withdrawn), so a referral is counted in the period where each step happened; and the
    VBSP loans disbursed in the period with the amount approved."""
    start, end = period.start_at, period.end_before
    paths = _prefixed(CASE_PATHS, "case__")
    sent = Q(sent_at__gte=start, sent_at__lt=end)
    outcome = Q(outcome_at__gte=start, outcome_at__lt=end)
    declined = Q(status=ReferralStatus.DECLINED, decided_at__gte=start, decided_at__lt=end)
    withdrawn = Q(status=ReferralStatus.WITHDRAWN, ended_at__gte=start, ended_at__lt=end)
    loan = Q(
        type=ReferralType.LOAN,
        outcome__result=OutcomeResult.ACHIEVED,
        outcome__disbursement_date__gte=period.start,
        outcome__disbursement_date__lte=period.end,
    )
    qs = (
        Referral.objects.filter(scope_q(root, paths))
        .filter(sent | outcome | declined | withdrawn | loan)
        .values(*grain_fields(grain, paths), "type")
        .annotate(
            sent=Count("pk", filter=sent),
            achieved=Count("pk", filter=outcome & Q(outcome__result=OutcomeResult.ACHIEVED)),
            not_achieved=Count("pk", filter=outcome & Q(outcome__result=OutcomeResult.NOT_ACHIEVED)),
            declined=Count("pk", filter=declined),
            withdrawn=Count("pk", filter=withdrawn),
            loans=Count("pk", filter=loan),
            loan_amount=Sum("outcome__amount_approved", filter=loan, default=0),
        )
        .order_by()
    )
    for keys, row in rolled_up_queryset(qs, root, grain, paths, keys=["type"]):
        c: Counter = Counter()
        c["ref_sent"] += row["sent"]
        c[f"ref_sent:{row['type']}"] += row["sent"]
        c[f"ref_out:{ACHIEVED_AS.get(row['type'], 'helped')}"] += row["achieved"]
        c["ref_out:not_achieved"] += row["not_achieved"]
        c["ref_out:declined"] += row["declined"]
        c["ref_out:withdrawn"] += row["withdrawn"]
        c["loans"] += row["loans"]
        c["loan_amount"] += int(row["loan_amount"] or 0)
        yield keys, c


SOURCES: list[Callable[[Period, PlaceRef, str], Iterable[Row]]] = [case_source, review_source, branch_source, mentor_source]


def register_source(source: Callable[[Period, PlaceRef, str], Iterable[Row]]) -> None:
    if source not in SOURCES:
        SOURCES.append(source)


register_source(visit_source)
register_source(referral_source)
from reports.legal_source import evaluation_source  # noqa: E402

register_source(evaluation_source)


# --- indicators ----------------------------------------------------------------------------------


# Display types: a whole number, a share in percent (62,5 %), a ratio (2,5), an amount in
# đồng (100.000.000 ₫).
COUNT, SHARE, RATIO, AMOUNT = "count", "share", "ratio", "amount"


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    section: str
    num: str
    den: str | None = None  # a share in percent when set (a ratio when kind is RATIO)
    target: str | None = None  # key in DONG_HANH["REPORT_TARGETS"]
    higher_is_better: bool = True
    kind: str = ""  # display type; derived from `den` when not given (COUNT or SHARE)

    def __post_init__(self):
        if not self.kind:
            object.__setattr__(self, "kind", SHARE if self.den is not None else COUNT)

    @property
    def is_share(self) -> bool:
        return self.kind == SHARE

    def value(self, counts: Counter) -> int | float | None:
        if self.den is None:
            return counts.get(self.num, 0)
        den = counts.get(self.den, 0)
        if not den:
            return None
        if self.kind == RATIO:
            return round(counts.get(self.num, 0) / den, 1)
        return round(100.0 * counts.get(self.num, 0) / den, 1)

    def target_value(self) -> float | None:
        if not self.target:
            return None
        value = settings.DONG_HANH.get("REPORT_TARGETS", {}).get(self.target)
        return None if value is None else float(value)

    def met(self, value) -> bool | None:
        target = self.target_value()
        if target is None or value is None:
            return None
        return value >= target if self.higher_is_better else value <= target


SECTION_PEOPLE = _("Người được giúp đỡ cuối kỳ")
SECTION_PERIOD = _("Hoạt động và kết quả trong kỳ")
SECTION_ORGS = _("Tổ chức và người giúp đỡ")
SECTION_CONTACT = _("Tiếp xúc, thăm hỏi")
SECTION_SUPPORT = _("Hỗ trợ việc làm, học nghề, vay vốn")

UNCLASSIFIED = "-"

INDICATORS: list[Indicator] = [
    Indicator("active", _("Đang được quản lý, giúp đỡ"), SECTION_PEOPLE, "active"),
    *[
        Indicator(f"state:{s}", format_lazy("{}: {}", _("Trạng thái"), CaseStatus(s).label), SECTION_PEOPLE, f"state:{s}")
        for s in NON_TERMINAL_STATES
    ],
    *[Indicator(f"cat:{c}", format_lazy("{}: {}", _("Diện"), c.label), SECTION_PEOPLE, f"cat:{c}") for c in Category],
    *[Indicator(f"cls:{c}", format_lazy("{} {}", _("Phân loại"), c.label), SECTION_PEOPLE, f"cls:{c}") for c in Classification],
    Indicator(f"cls:{UNCLASSIFIED}", _("Chưa phân loại"), SECTION_PEOPLE, f"cls:{UNCLASSIFIED}"),
    Indicator("new", _("Mới lập danh sách trong kỳ"), SECTION_PERIOD, "new"),
    Indicator("with_mentor", _("Có người giúp đỡ (cuối kỳ)"), SECTION_PERIOD, "with_mentor"),
    Indicator("with_mentor_share", _("Tỷ lệ có người giúp đỡ (%)"), SECTION_PERIOD, "with_mentor", den="active"),
    Indicator("reviews_approved", _("Đánh giá quý đã duyệt trong kỳ"), SECTION_PERIOD, "reviews_approved"),
    Indicator("reviews_due", _("Đánh giá quý đến hạn trong kỳ"), SECTION_PERIOD, "reviews_due"),
    Indicator("reviews_overdue", _("Đánh giá quý quá hạn (chưa duyệt cuối kỳ)"), SECTION_PERIOD, "reviews_overdue"),
    Indicator(
        "reviews_backlog",
        _("Đánh giá quý quá hạn còn tồn cuối kỳ (kể cả kỳ trước)"),
        SECTION_PERIOD,
        "reviews_backlog",
        higher_is_better=False,
    ),
    Indicator("rated", _("Số người được đánh giá trong kỳ"), SECTION_PERIOD, "rated"),
    Indicator("not_rated", _("Số người chưa được đánh giá trong kỳ"), SECTION_PERIOD, "not_rated", higher_is_better=False),
    # Seed 002: "ít nhất 60% đối tượng tiến bộ" of everyone helped, so the unrated count against it.
    Indicator("progress_share", _("Tỷ lệ tiến bộ (%)"), SECTION_PERIOD, "progressing", den="managed", target="progress_share"),
    Indicator("graduated", _("Đưa ra khỏi diện quản lý (tiến bộ) trong kỳ"), SECTION_PERIOD, "graduated"),
    Indicator("closed", _("Kết thúc vì lý do khác trong kỳ"), SECTION_PERIOD, "closed"),
    Indicator("escalated", _("Chuyển công an xử lý trong kỳ"), SECTION_PERIOD, "escalated"),
    Indicator("reoffended", _("Tái phạm trong kỳ"), SECTION_PERIOD, "reoffended"),
    Indicator("reoffending_rate", _("Tỷ lệ tái phạm (%)"), SECTION_PERIOD, "reoffended", den="managed", higher_is_better=False),
    Indicator("branches", _("Chi hội, chi đoàn"), SECTION_ORGS, "branches"),
    Indicator("branches_adopting", _("Chi hội, chi đoàn đang giúp đỡ ít nhất 1 người trong kỳ"), SECTION_ORGS, "branches_adopting"),
    Indicator(
        "branches_adopting_share",
        _("Tỷ lệ chi hội, chi đoàn nhận giúp đỡ (%)"),
        SECTION_ORGS,
        "branches_adopting",
        den="branches",
        target="branches_adopting_share",
    ),
    Indicator("mentors", _("Người giúp đỡ đang hoạt động"), SECTION_ORGS, "mentors"),
    Indicator("mentors_with_cases", _("Người giúp đỡ đang giúp đỡ ít nhất 1 người"), SECTION_ORGS, "mentors_with_cases"),
    Indicator("contacted", _("Người đang được quản lý có tiếp xúc trong kỳ"), SECTION_CONTACT, "contacted"),
    Indicator("contacted_share", _("Tỷ lệ người đang được quản lý có tiếp xúc trong kỳ (%)"), SECTION_CONTACT, "contacted", den="active"),
    Indicator("visits", _("Lần tiếp xúc, thăm hỏi trong kỳ"), SECTION_CONTACT, "visits"),
    Indicator(
        "visits_per_mentor",
        _("Lần tiếp xúc bình quân mỗi người giúp đỡ (đang giúp đỡ ít nhất 1 người)"),
        SECTION_CONTACT,
        "visits",
        den="mentors_with_cases",
        kind=RATIO,
    ),
    Indicator(
        "needs_contact", _("Người cần tiếp xúc cuối kỳ (quá hạn tiếp xúc)"), SECTION_CONTACT, "needs_contact", higher_is_better=False
    ),
    Indicator("ref_sent", _("Đề nghị hỗ trợ đã gửi trong kỳ"), SECTION_SUPPORT, "ref_sent"),
    *[Indicator(f"ref_sent:{t}", format_lazy("{}: {}", _("Đã gửi"), t.label), SECTION_SUPPORT, f"ref_sent:{t}") for t in ReferralType],
    *[
        Indicator(f"ref_out:{k}", format_lazy("{}: {}", _("Kết quả trong kỳ"), label), SECTION_SUPPORT, f"ref_out:{k}")
        for k, label in REFERRAL_OUTCOMES
    ],
    Indicator("loans", _("Khoản vay vốn NHCSXH được giải ngân trong kỳ"), SECTION_SUPPORT, "loans"),
    Indicator("loan_amount", _("Tổng số tiền vay được duyệt (giải ngân trong kỳ)"), SECTION_SUPPORT, "loan_amount", kind=AMOUNT),
    # Thông tư 65/2019/TT-BCA: the commune police's monthly (quản chế: quarterly) evaluations.
    Indicator("evaluations_due", _("Nhận xét, đánh giá việc chấp hành đến hạn trong kỳ"), SECTION_PERIOD, "evaluations_due"),
    Indicator("evaluations_on_time", _("Nhận xét, đánh giá ghi đúng hạn"), SECTION_PERIOD, "evaluations_on_time"),
    Indicator(
        "evaluations_overdue", _("Nhận xét, đánh giá chưa ghi cuối kỳ"), SECTION_PERIOD, "evaluations_overdue", higher_is_better=False
    ),
]

INDICATORS_BY_KEY = {i.key: i for i in INDICATORS}


def derive(counts: Counter) -> Counter:
    """Counts computed from other counts after the roll-up."""
    counts["managed"] = counts.get("active", 0) + counts.get("ended", 0)
    counts["not_rated"] = max(counts["managed"] - counts.get("rated", 0), 0)
    return counts


# --- the plan's registries (community): their sources and indicators, added after the others ---

from community import indicators as community_indicators  # noqa: E402

for _source in community_indicators.SOURCES:
    register_source(_source)
INDICATORS.extend(Indicator(**spec) for spec in community_indicators.INDICATORS)
INDICATORS_BY_KEY.update({i.key: i for i in INDICATORS})
