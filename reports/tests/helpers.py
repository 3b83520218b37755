"""Hand-built report data: cases driven through the services, each step then moved to a
known date (services stamp `now`; reports need past periods)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cases import services as case_services
from cases.models import Case, CaseEvent, Category, ClassificationRecord, QuarterlyReview, ReviewRating, ReviewStatus
from config.dbguard import backdating_window
from conftest import list_person
from mentors import services as mentor_services
from mentors.models import Assignment, Visit, VisitMode
from support import services as support_services
from support.models import OutcomeResult, Referral, ReferralOutcome


def at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.strptime(day + " 09:00", "%Y-%m-%d %H:%M"))


def stamp(case: Case, day: str) -> Case:
    """Move the case's last step (its latest event, and the case/assignment timestamps the
    step wrote) to `day`."""
    when = at(day)
    event = CaseEvent.objects.filter(case=case).order_by("-created_at", "-pk").first()
    with backdating_window():  # case events are append-only in PostgreSQL
        CaseEvent.objects.filter(pk=event.pk).update(created_at=when)
    if event.transition in ("create", "transfer_in"):
        Case.objects.filter(pk=case.pk).update(opened_at=when)
        # the classification given at listing took effect that day
        ClassificationRecord.objects.filter(subject_id=case.subject_id).update(set_on=when.date())
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
            case=case,
            quarter=quarter,
            rating=rating,
            status=ReviewStatus.APPROVED if approved else ReviewStatus.DRAFT,
            approved_at=at(approved) if approved else None,
        )

    # --- visits and referrals, through mentors.services and support.services -----------------

    def visit(self, case: Case, day: str, hour: str = "09:00") -> Visit:
        when = timezone.make_aware(dt.datetime.strptime(f"{day} {hour}", "%Y-%m-%d %H:%M"))
        return mentor_services.log_visit(case, actor=self.world.users["mentor"], visited_at=when, mode=VisitMode.HOME)

    def referral(self, case: Case, type: str, sent: str, **fields) -> Referral:
        referral = support_services.create_referral(
            case, actor=self.world.users["mentor"], type=type, needs="Cần hỗ trợ", send=True, **fields
        )
        Referral.objects.filter(pk=referral.pk).update(sent_at=at(sent), created_at=at(sent))
        return referral

    def accepted(self, referral: Referral, day: str) -> Referral:
        support_services.accept_referral(referral, actor=self.world.labour)
        Referral.objects.filter(pk=referral.pk).update(decided_at=at(day))
        return referral

    def declined(self, referral: Referral, day: str) -> Referral:
        support_services.decline_referral(referral, actor=self.world.labour, reason="Không phù hợp")
        Referral.objects.filter(pk=referral.pk).update(decided_at=at(day), ended_at=at(day))
        return referral

    def withdrawn(self, referral: Referral, day: str) -> Referral:
        support_services.withdraw_referral(referral, actor=self.world.users["mentor"], reason="Đã tự tìm được")
        Referral.objects.filter(pk=referral.pk).update(ended_at=at(day))
        return referral

    def outcome(self, referral: Referral, day: str, result: str = OutcomeResult.ACHIEVED, **fields) -> ReferralOutcome:
        outcome = support_services.record_outcome(referral, actor=self.world.labour, result=result, **fields)
        Referral.objects.filter(pk=referral.pk).update(outcome_at=at(day))
        ReferralOutcome.objects.filter(pk=outcome.pk).update(recorded_at=at(day))
        return outcome


def three_cases(world) -> Story:
    """The small story several report tests share: a case listed, assigned, mentored, reviewed
    (progressing, approved in 2026Q1) and visited; one listed in 2026Q1 and closed as
    reimprisoned; one in another commune, listed before the period."""
    s = Story(world)
    a = s.listed("2025-11-10", classification="A")
    s.assigned(a, "2025-12-01")
    s.mentoring(a, "2026-01-05")
    s.review(a, "2025Q4", ReviewRating.PROGRESSING, approved="2026-01-10")
    s.visit(a, "2026-02-03")
    b = s.listed("2026-01-15", area=world.area2)
    s.closed(b, "2026-03-01", reason_code="reimprisoned")
    s.listed("2025-10-01", area=world.other_area, classification="C")  # another commune
    return s


def threads_used(monkeypatch, module, name: str) -> list[str]:
    """Replace module.name by a spy that records the name of each thread calling it."""
    import threading

    used: list[str] = []
    original = getattr(module, name)

    def spy(*args, **kwargs):
        used.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return used
