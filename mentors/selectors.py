from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from cases.models import TERMINAL_STATES, Case, Category
from mentors.models import Assignment, Branch, Mentor


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
