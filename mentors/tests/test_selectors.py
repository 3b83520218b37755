from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mentors.models import Visit
from mentors.selectors import cadence_days, contacts_in_period, my_cases, needs_contact_case_ids
from mentors.tests.conftest import at, backdate_assignment

pytestmark = pytest.mark.django_db


def _age_visit(visit: Visit, days: int) -> None:
    Visit.objects.filter(pk=visit.pk).update(visited_at=timezone.now() - dt.timedelta(days=days))


def test_a_case_never_contacted_needs_contact_and_one_contacted_last_week_does_not(world, make_case, log):
    never, recent = make_case("assigned"), make_case("in_review")
    log(recent)
    assert needs_contact_case_ids([never.pk, recent.pk]) == {never.pk}


def test_a_case_whose_last_contact_is_older_than_the_cadence_needs_contact(world, make_case, log, settings):
    case = make_case("in_review")
    backdate_assignment(case, 90)
    _age_visit(log(case), 31)
    assert needs_contact_case_ids([case.pk]) == {case.pk}
    settings.DONG_HANH = {**settings.DONG_HANH, "CONTACT_CADENCE_DAYS": {"default": 30, "prison_released": 45}}
    assert cadence_days("prison_released") == 45 and cadence_days("probation") == 30
    assert needs_contact_case_ids([case.pk]) == set()


def test_only_cases_under_mentoring_need_contact(world, make_case):
    identified, escalated, closed = make_case("identified"), make_case("escalated"), make_case("closed")
    assert needs_contact_case_ids([identified.pk, escalated.pk, closed.pk]) == set()


def test_needs_contact_accepts_a_queryset_and_makes_one_query(world, make_case, django_assert_num_queries):
    from cases.models import Case

    cases = [make_case("assigned") for _ in range(3)]
    with django_assert_num_queries(1):
        found = needs_contact_case_ids(Case.objects.filter(pk__in=[c.pk for c in cases]))
    assert found == {c.pk for c in cases}


def test_contacts_in_period_counts_visits_by_local_date_and_gives_zero_for_the_others(world, make_case, log, django_assert_num_queries):
    a, b = make_case("in_review"), make_case("in_review")
    backdate_assignment(a, 60)
    today = timezone.localdate()
    log(a, visited_at=at(0, hour=0))  # local midnight today: inside a period ending today
    log(a, visited_at=at(10, hour=23))
    log(a, visited_at=at(40, hour=9))  # before the period
    with django_assert_num_queries(1):
        counts = contacts_in_period([a.pk, b.pk], today - dt.timedelta(days=30), today)
    assert counts == {a.pk: 2, b.pk: 0}


def test_my_cases_puts_the_never_contacted_first_then_the_most_overdue(world, make_case, log, settings):
    world.mentor.caseload_limit = 10
    world.mentor.save()
    fresh, overdue, never = make_case("in_review"), make_case("in_review"), make_case("assigned")
    backdate_assignment(overdue, 90)
    log(fresh)
    _age_visit(log(overdue), 45)
    cards = my_cases(world.users["mentor"])
    assert [c.case.pk for c in cards] == [never.pk, overdue.pk, fresh.pk]
    assert [c.needs_contact for c in cards] == [True, True, False]


def test_the_mentor_filter_lists_each_mentor_of_the_readers_places_once(world):
    from accounts.models import Membership, Role
    from mentors.models import Mentor
    from mentors.selectors import mentors_in_scope

    elsewhere = Mentor.objects.create(full_name="Lê Văn Xa", commune=world.other_commune, branch=world.other_branch)
    mine = [world.mentor.pk, world.mentor2.pk]
    assert [m.pk for m in mentors_in_scope(world.front)] == mine  # by name
    # a head of one khu dân cư: every mentor of that commune, once (the commune has two khu dân cư)
    assert [m.pk for m in mentors_in_scope(world.head)] == mine
    assert [m.pk for m in mentors_in_scope(world.other_front)] == [elsewhere.pk]
    # a head here who is also the front officer there: both communes, no duplicates
    Membership.objects.create(user=world.head, role=Role.COMMUNE_FRONT, commune=world.other_commune)
    world.head.__dict__.pop("_dh_scope", None)
    assert sorted(m.pk for m in mentors_in_scope(world.head)) == sorted([*mine, elsewhere.pk])
    assert list(mentors_in_scope(world.labour)) == []
