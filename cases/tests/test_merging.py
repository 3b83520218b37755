"""Duplicates of a person: candidates for the commune front; a merge keeps every case, event and
history row of both, with a merge event, and explains itself afterwards."""

import datetime as dt

import pytest
from django.urls import reverse

from cases import merging
from cases.errors import DomainError, PermissionRefused
from cases.models import Case, CaseEvent, Subject
from conftest import drive, list_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(world):
    first = list_person(world, full_name="Nguyễn Văn Hùng", date_of_birth=dt.date(1990, 3, 4), national_id="027090001234")
    drive(world, first, "closed")
    second = list_person(world, full_name="NGUYỄN VĂN HÙNG", date_of_birth=dt.date(1990, 3, 4), area=world.area2, phone="0981112223")
    drive(world, second, "assigned")
    list_person(world, full_name="Nguyễn Văn Hùng", date_of_birth=dt.date(1985, 1, 1))  # another year: another person
    return first, second


def test_candidates_are_same_name_birth_date_and_commune(world, twins):
    groups = merging.duplicate_candidates(world.front)
    assert [sorted(p.pk for p in g.people) for g in groups] == [sorted([twins[0].subject_id, twins[1].subject_id])]
    assert merging.duplicate_candidates(world.other_front) == []
    assert merging.duplicate_candidates(world.police) == []


def test_a_merge_keeps_every_case_event_and_history_row_and_explains_itself(world, twins):
    first, second = twins
    keep, dup = first.subject, second.subject
    before = {
        "cases": Case.objects.count(),
        "events": CaseEvent.objects.count(),
        "subjects": Subject.objects.count(),
        "subject_history": Subject.history.count(),
        "case_history": Case.history.count(),
    }
    merging.merge_subjects(keep, dup, actor=world.front, reason="Cùng một người, lập trùng")
    assert Case.objects.count() == before["cases"] and Subject.objects.count() == before["subjects"]
    assert set(Case.objects.filter(subject=keep).values_list("pk", flat=True)) == {first.pk, second.pk}
    assert CaseEvent.objects.count() == before["events"] + 2  # one merge event on each case
    assert Subject.history.count() == before["subject_history"] + 2
    assert Case.history.count() == before["case_history"] + 1
    dup.refresh_from_db()
    keep.refresh_from_db()
    assert dup.merged_into == keep and dup.search_text == ""
    assert keep.phone == "0981112223" and keep.national_id == "027090001234"
    event = CaseEvent.objects.get(case=second, transition="merge_subject")
    assert event.actor == world.front and event.data["merged_subject"] == dup.pk and event.data["moved_cases"] == [second.pk]
    assert dup.history.first().history_change_reason.startswith(f"Gộp #{dup.pk}")
    assert merging.duplicate_candidates(world.front) == []


def test_a_merge_is_refused_beyond_scope_with_two_open_cases_or_two_numbers(world, twins, make_case):
    first, second = twins
    with pytest.raises(PermissionRefused):
        merging.merge_subjects(first.subject, second.subject, actor=world.other_front, reason="x")
    with pytest.raises(PermissionRefused):
        merging.merge_subjects(first.subject, second.subject, actor=world.police, reason="x")
    third = make_case("assigned", full_name="Nguyễn Văn Hùng", date_of_birth=dt.date(1990, 3, 4))
    with pytest.raises(DomainError):
        merging.merge_subjects(second.subject, third.subject, actor=world.front, reason="x")
    with pytest.raises(DomainError):
        merging.merge_subjects(first.subject, second.subject, actor=world.front, reason="")
    assert not Subject.objects.filter(merged_into__isnull=False).exists()


def test_the_screens_list_and_merge_and_refuse_others(world, twins, login):
    first, second = twins
    client = login(world.front)
    page = client.get(reverse("cases:duplicates")).content.decode()
    assert f"#{second.subject_id}" in page
    client.post(reverse("cases:duplicate_merge"), {"keep": first.subject_id, "duplicate": second.subject_id, "reason": "Trùng"})
    assert Subject.objects.get(pk=second.subject_id).merged_into_id == first.subject_id
    assert login(world.police).get(reverse("cases:duplicates")).status_code == 404
    assert login(world.other_front).post(
        reverse("cases:duplicate_merge"), {"keep": first.subject_id, "duplicate": second.subject_id, "reason": "x"}
    ).status_code in (302, 403)
