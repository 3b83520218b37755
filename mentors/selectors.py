from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.selectors import user_scope
from cases.models import ACTIVE_MENTORING_STATES, TERMINAL_STATES, Case, Category
from cases.selectors import visible_cases
from mentors.models import Assignment, Branch, Mentor, Visit


def current_assignment(case: Case) -> Assignment | None:
    return Assignment.objects.current().filter(case=case).select_related("mentor", "branch").first()


def mentors_with_load(commune_id: int) -> QuerySet[Mentor]:
    """Active mentors of a commune with their open caseload (one query)."""
    open_q = Q(assignments__ended_at__isnull=True) & ~Q(assignments__case__status__in=TERMINAL_STATES)
    return (
        Mentor.objects.filter(commune_id=commune_id, is_active=True)
        .select_related("branch")
        .annotate(
            open_cases=Count("assignments", filter=open_q, distinct=True),
            open_education_cases=Count(
                "assignments",
                filter=open_q & Q(assignments__case__subject__category=Category.COMMUNE_EDUCATION),
                distinct=True,
            ),
        )
        .order_by("full_name")
    )


def branches_of(commune_id: int) -> QuerySet[Branch]:
    return Branch.objects.filter(commune_id=commune_id, is_active=True).order_by("name")


def open_caseload(mentor: Mentor) -> tuple[int, int]:
    """(open cases, open giáo dục tại xã cases) currently held by the mentor."""
    rows = Assignment.objects.current().filter(mentor=mentor).exclude(case__status__in=TERMINAL_STATES)
    total = rows.count()
    education = rows.filter(case__subject__category=Category.COMMUNE_EDUCATION).count()
    return total, education


def education_limit() -> int:
    return int(settings.DONG_HANH["MENTOR_EDUCATION_CASELOAD"])


# --- contact cadence ----------------------------------------------------------------------------


def cadence_days(category: str) -> int:
    """Expected days between two contacts for a category (settings.DONG_HANH["CONTACT_CADENCE_DAYS"])."""
    table = settings.DONG_HANH["CONTACT_CADENCE_DAYS"]
    return int(table.get(category, table["default"]))


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def with_contact(qs: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate `last_contact` (datetime of the latest visit) and `next_contact_on` (the next
    contact planned at that visit) with two subqueries: one query for any number of cases."""
    latest = Visit.objects.filter(case=OuterRef("pk")).order_by("-visited_at", "-pk")
    return qs.annotate(
        last_contact=Subquery(latest.values("visited_at")[:1]),
        next_contact_on=Subquery(latest.values("next_contact_on")[:1]),
    )


def needs_contact_q(at: dt.datetime | None = None) -> Q:
    """On a queryset annotated by with_contact(): active cases whose last contact is older than
    their category's cadence, or that were never contacted."""
    at = at or timezone.now()
    table = settings.DONG_HANH["CONTACT_CADENCE_DAYS"]
    overdue = Q()
    listed = []
    for category in Category.values:
        listed.append(category)
        cutoff = at - dt.timedelta(days=cadence_days(category))
        overdue |= Q(subject__category=category, last_contact__lt=cutoff)
    default_cutoff = at - dt.timedelta(days=int(table["default"]))
    overdue |= ~Q(subject__category__in=listed) & Q(last_contact__lt=default_cutoff)
    return Q(status__in=ACTIVE_MENTORING_STATES) & (Q(last_contact__isnull=True) | overdue)


def needs_contact(case: Case, at: dt.datetime | None = None) -> bool:
    """The same rule for one case already annotated by with_contact() (no query)."""
    if case.status not in ACTIVE_MENTORING_STATES:
        return False
    last = getattr(case, "last_contact", None)
    if last is None:
        return True
    at = at or timezone.now()
    return last < at - dt.timedelta(days=cadence_days(case.subject.category))


def needs_contact_case_ids(cases: QuerySet[Case] | Iterable[int], *, at: dt.datetime | None = None) -> set[int]:
    """Ids of the given cases (a Case queryset or ids) that need contact at `at` (default now).
    One query; reports and quarterly reviews count these."""
    qs = cases if isinstance(cases, QuerySet) else Case.objects.filter(pk__in=list(cases))
    return set(with_contact(qs.order_by()).filter(needs_contact_q(at)).values_list("pk", flat=True))


def contacts_in_period(case_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, int]:
    """Number of contacts (visits) per case between `start` and `end`, both included, in local
    dates. Every given id is in the result, with 0 when there was no contact. One query."""
    ids = list(case_ids)
    counts = dict.fromkeys(ids, 0)
    rows = (
        Visit.objects.filter(
            case_id__in=ids, visited_at__gte=_local_midnight(start), visited_at__lt=_local_midnight(end + dt.timedelta(days=1))
        )
        .values("case_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["case_id"]] = row["n"]
    return counts


# --- the mentor's workspace ------------------------------------------------------------------


def mentor_profile(user) -> Mentor | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Mentor.objects.filter(user=user).select_related("branch").first()


# Small badges on the mentor's case cards filled by higher apps (e.g. "open review task"):
# key -> fn(user, case_ids) -> {case_id: [label, ...]}; each function makes one query at most.
card_badges: dict[str, object] = {}


def register_card_badge(key: str, fn) -> None:
    card_badges[key] = fn


@dataclass
class CaseCard:
    case: Case
    age: int
    last_contact: dt.datetime | None
    next_contact_on: dt.date | None
    needs_contact: bool
    due_on: dt.date | None
    badges: list[str] = field(default_factory=list)


def my_cases(user) -> list[CaseCard]:
    """The open cases a mentor holds, as summary cards, those most in need of contact first.
    A constant number of queries whatever the number of cases."""
    qs = (
        visible_cases(user)
        .filter(assignments__mentor__user=user, assignments__ended_at__isnull=True)
        .exclude(status__in=TERMINAL_STATES)
        .select_related("subject", "area")
    )
    now = timezone.now()
    today = timezone.localdate(now)
    cards = []
    for case in with_contact(qs).order_by("pk"):
        last = case.last_contact
        due = None
        if last is not None:
            due = timezone.localdate(last) + dt.timedelta(days=cadence_days(case.subject.category))
        if case.next_contact_on and (due is None or case.next_contact_on < due) and last is not None:
            due = case.next_contact_on
        cards.append(
            CaseCard(
                case=case,
                age=case.subject.age(today),
                last_contact=last,
                next_contact_on=case.next_contact_on,
                needs_contact=needs_contact(case, now),
                due_on=due,
            )
        )
    ids = [c.case.pk for c in cards]
    if ids:
        for fn in card_badges.values():
            found = fn(user, ids)
            for card in cards:
                card.badges.extend(found.get(card.case.pk, []))
    # Never contacted first, then by the date contact falls due, then by name.
    cards.sort(key=lambda c: (not c.needs_contact, c.last_contact is not None, c.due_on or dt.date.min, c.case.subject.full_name))
    return cards


def visit_by_key(user, key: str) -> Visit | None:
    """The visit this user already recorded with this idempotency key (a replayed send)."""
    if not key:
        return None
    return Visit.objects.filter(recorded_by=user, idempotency_key=key).first()


def today() -> dt.date:
    return timezone.localdate()


def localtime(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value)


# --- visits as the reader may see them ---------------------------------------------------------


def case_visits(view, case: Case) -> list[tuple[Visit, bool]]:
    """The visits of `case` with, for each, whether the reader (`view`, the policy's
    projection) may read its sensitive note. Only readers of the case reach this."""
    if not view.sees("profile"):
        return []
    visits = Visit.objects.filter(case=case).select_related("mentor").order_by("-visited_at", "-pk")
    return [(v, view.sees_note_by(v.recorded_by_id)) for v in visits]


# --- caseload and handover (committee head, commune front) -------------------------------------


def supervised_communes(user) -> set[int]:
    """Communes whose mentors the user oversees: the front's communes, and for a committee head
    the commune of their khu dân cư."""
    from areas.models import ResidentialArea

    scope = user_scope(user)
    communes = set(scope.front_commune_ids)
    if scope.head_area_ids:
        communes |= set(ResidentialArea.objects.filter(pk__in=scope.head_area_ids).values_list("commune_id", flat=True))
    return communes


def caseload(user) -> list[Mentor]:
    """Active mentors the user oversees with their open caseload and how many of their cases
    need contact (two queries)."""
    communes = supervised_communes(user)
    mentors = list(
        Mentor.objects.filter(commune_id__in=communes, is_active=True)
        .select_related("branch", "commune")
        .annotate(
            open_cases=Count(
                "assignments",
                filter=Q(assignments__ended_at__isnull=True) & ~Q(assignments__case__status__in=TERMINAL_STATES),
                distinct=True,
            )
        )
        .order_by("commune__name", "full_name")
    )
    overdue = (
        with_contact(Case.objects.filter(assignments__ended_at__isnull=True, assignments__mentor__in=[m.pk for m in mentors]))
        .filter(needs_contact_q())
        .values("assignments__mentor")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    by_mentor = {row["assignments__mentor"]: row["n"] for row in overdue}
    for m in mentors:
        m.needs_contact_count = by_mentor.get(m.pk, 0)
        m.limit = m.effective_caseload_limit
        m.over_limit = m.open_cases > m.limit
    return mentors


def cases_needing_contact(user) -> QuerySet[Case]:
    """Cases in the user's scope overdue for contact, the longest without contact first."""
    current = Assignment.objects.filter(case=OuterRef("pk"), ended_at__isnull=True)
    return (
        with_contact(visible_cases(user).select_related("subject", "area"))
        .filter(needs_contact_q())
        .annotate(mentor_name=Subquery(current.values("mentor__full_name")[:1]))
        .order_by(F("last_contact").asc(nulls_first=True), "pk")
    )


def handover_assignments(user) -> QuerySet[Assignment]:
    """Current assignments of open cases whose mentor is inactive or no longer in the branch
    that holds the case: to be reassigned. Limited to the cases the user may see."""
    return (
        Assignment.objects.current()
        .filter(case__in=visible_cases(user))
        .exclude(case__status__in=TERMINAL_STATES)
        .filter(Q(mentor__is_active=False) | (Q(mentor__kind=Mentor.Kind.BRANCH_MEMBER) & ~Q(mentor__branch=F("branch"))))
        .select_related("case__subject", "case__area", "mentor", "branch")
        .order_by("mentor__full_name", "case__pk")
    )


def mentors_in_scope(user) -> QuerySet[Mentor]:
    """Mentors of the places the user oversees (the case list's mentor filter)."""
    from areas.models import ResidentialArea

    scope = user_scope(user)
    communes = scope.front_commune_ids | scope.police_commune_ids
    # the communes of a head's khu dân cư as a subquery, not a join: a join to the areas gave
    # each mentor once per khu dân cư of their commune, then a DISTINCT over all their columns
    q = Q(commune_id__in=communes) if communes else Q(pk__in=[])
    if scope.head_area_ids:
        q |= Q(commune_id__in=ResidentialArea.objects.filter(pk__in=scope.head_area_ids).values("commune_id"))
    return Mentor.objects.filter(q).order_by("full_name", "pk")
