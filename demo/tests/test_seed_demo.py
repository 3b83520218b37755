import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from areas.models import Province
from cases.models import Case, CaseStatus, Category, Subject
from demo.core import DEMO_COMMUNE_CODE


def test_seed_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not Case.objects.exists()


def test_seed_demo_creates_every_state_and_category_and_is_idempotent(db, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = Case.objects.count()
    people = Subject.objects.count()
    assert f"{first} hồ sơ của {people} người" in out.getvalue()
    # Distinct people: no two demo persons share a name.
    assert Subject.objects.values("full_name").distinct().count() == people
    assert Province.objects.get(code="24").name == "Tỉnh Bắc Ninh"
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert set(Case.objects.values_list("subject__category", flat=True)) == set(Category.values)
    assert Case.objects.filter(commune__code=DEMO_COMMUNE_CODE).count() >= 40
    for username in ("mentor", "head", "front", "police", "labour", "province", "admin", "police2"):
        assert User.objects.get(username=username).check_password("dong-hanh-demo")
    call_command("seed_demo")
    assert Case.objects.count() == first


def test_the_demo_dates_agree_with_each_other(db, settings):
    import datetime as dt

    from django.utils import timezone

    from cases.models import CaseEvent

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    now = timezone.now()
    assert not CaseEvent.objects.filter(created_at__gt=now).exists()
    for case in Case.objects.select_related("subject").exclude(transferred_from__isnull=False):
        subject = case.subject
        assert subject.date_of_birth < timezone.localtime(case.opened_at).date() - dt.timedelta(days=365 * 16)
        first = CaseEvent.objects.filter(case=case).order_by("created_at", "pk").first()
        assert first.transition == "create" and first.created_at >= case.opened_at - dt.timedelta(seconds=1)


def test_the_seeded_demo_keeps_its_date_invariants(db, settings):
    """No case listed before its legal clock starts; every case's events in order and in the
    past; assignments after the listing, visits after the assignment; reviews only for quarters
    the case was under a mentor; a case ended by its clock ends after the term; the count the
    command prints is what it created, and every person is someone else."""
    import datetime as dt

    from django.utils import timezone

    from cases.models import CaseEvent, QuarterlyReview
    from mentors.models import Assignment, Visit
    from workflows.quarters import quarter_bounds

    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    now = timezone.now()
    local = timezone.localdate
    assert f"Đã tạo dữ liệu mẫu: {Case.objects.count()} hồ sơ của {Subject.objects.count()} người." in out.getvalue()
    assert Subject.objects.values("full_name", "date_of_birth").distinct().count() == Subject.objects.count()
    numbers = [n for n in Subject.objects.values_list("national_id", flat=True) if n]
    assert len(numbers) == len(set(numbers))
    checked = {"clock": 0, "visits": 0, "reviews": 0, "graduated": 0}
    for case in Case.objects.select_related("subject").order_by("pk"):
        events = list(CaseEvent.objects.filter(case=case).order_by("pk"))
        times = [e.created_at for e in events]
        assert times == sorted(times) and times[-1] <= now, (case.pk, [e.transition for e in events])
        assert events[0].transition in ("create", "transfer_in") and events[0].created_at >= case.opened_at - dt.timedelta(seconds=1)
        clock = case.subject.clock_start_date
        if clock and case.transferred_from_id is None:
            assert local(case.opened_at) >= clock, (case.pk, case.opened_at, clock)
            checked["clock"] += 1
        assigned = [e.created_at for e in events if e.transition in ("assign", "reassign")]
        for assignment in Assignment.objects.filter(case=case):
            assert case.opened_at <= assignment.started_at <= now, case.pk
        if not assigned:
            assert not Visit.objects.filter(case=case).exists() and not QuarterlyReview.objects.filter(case=case).exists()
            continue
        assert assigned[0] > events[0].created_at
        for visit in Visit.objects.filter(case=case):
            assert assigned[0] <= visit.visited_at <= now, (case.pk, visit.visited_at, assigned[0])
            checked["visits"] += 1
        for review in QuarterlyReview.objects.filter(case=case):
            start, end = quarter_bounds(review.quarter)
            assert local(assigned[0]) <= end, (case.pk, review.quarter, assigned[0])
            checked["reviews"] += 1
        if case.status == CaseStatus.GRADUATED and case.subject.legal_clock_end:
            assert local(events[-1].created_at) > case.subject.legal_clock_end, case.pk
            checked["graduated"] += 1
    assert min(checked.values()) > 0, checked
