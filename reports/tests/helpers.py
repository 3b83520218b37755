"""Hand-built report data: cases driven through the services, each step then moved to a
known date (services stamp `now`; reports need past periods)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cases import services as case_services
from cases.models import Case, CaseEvent, Category, QuarterlyReview, ReviewStatus
from conftest import list_person
from mentors import services as mentor_services
from mentors.models import Assignment


def at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.strptime(day + " 09:00", "%Y-%m-%d %H:%M"))


def stamp(case: Case, day: str) -> Case:
    """Move the case's last step (its latest event, and the case/assignment timestamps the
    step wrote) to `day`."""
    when = at(day)
    event = CaseEvent.objects.filter(case=case).order_by("-created_at", "-pk").first()
    CaseEvent.objects.filter(pk=event.pk).update(created_at=when)
    if event.transition in ("create", "transfer_in"):
        Case.objects.filter(pk=case.pk).update(opened_at=when)
    if event.transition in ("assign", "reassign"):
        Assignment.objects.filter(case=case, ended_at__isnull=True).update(started_at=when)
        Assignment.objects.filter(case=case, ended_at__isnull=False).update(ended_at=when)
    if event.to_state in ("graduated", "closed"):
        Case.objects.filter(pk=case.pk).update(closed_at=when)
    case.refresh_from_db()
    return case


class Story:
    def __init__(self, world):
        self.world = world
        self.actor = world.front

    def listed(self, day: str, **fields) -> Case:
        area = fields.get("area") or self.world.area
        actor = self.actor if area.commune_id == self.world.commune.pk else self.world.other_front
        return stamp(list_person(self.world, actor=actor, **fields), day)

    def assigned(self, case: Case, day: str, mentor=None, branch=None) -> Case:
        w = self.world
        mentor_services.assign_case(case, actor=self.actor, branch=branch or w.branch, mentor=mentor or w.mentor, reason="test")
        return stamp(case, day)

    def mentoring(self, case: Case, day: str) -> Case:
        case_services.start_mentoring(case, actor=self.actor)
        return stamp(case, day)

    def escalated(self, case: Case, day: str) -> Case:
        case_services.escalate(case, actor=self.actor, reason="test")
        return stamp(case, day)

    def closed(self, case: Case, day: str, reason_code: str = "moved") -> Case:
        case_services.close_case(case, actor=self.actor, reason_code=reason_code, reason="test")
        return stamp(case, day)

    def graduated(self, case: Case, day: str) -> Case:
        subject = case.subject
        subject.category = Category.PROBATION
        subject.clock_start_date = dt.date(2025, 1, 1)
        subject.term_months = 12
        subject.save()
        case_services.graduate(case, actor=self.actor, reason="test")
        return stamp(case, day)

    def review(self, case: Case, quarter: str, rating: str = "", approved: str | None = None) -> QuarterlyReview:
        # QuarterlyReview has no service yet (the quarterly review issue adds the flow).
        return QuarterlyReview.objects.create(
            case=case, quarter=quarter, rating=rating,
            status=ReviewStatus.APPROVED if approved else ReviewStatus.DRAFT,
            approved_at=at(approved) if approved else None,
        )
