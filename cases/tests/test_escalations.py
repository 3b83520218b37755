import pytest
from django.urls import reverse

from cases import services
from cases.audit import Notification
from cases.errors import PermissionRefused
from cases.models import CaseEvent, CaseStatus


def test_the_police_inbox_lists_the_escalated_cases_of_their_commune_only(world, make_case, login):
    mine = make_case("escalated")
    make_case("in_review")
    other = make_case("identified", area=world.other_area, actor=world.other_front)
    response = login(world.police).get(reverse("cases:escalations"))
    assert response.status_code == 200
    assert [c.pk for c in response.context["cases"]] == [mine.pk]
    assert response.context["cases"][0].escalation_reason == "test"
    assert other.pk not in [c.pk for c in response.context["cases"]]


def test_the_escalation_inbox_runs_a_constant_number_of_queries(world, make_case, login, django_assert_max_num_queries):
    for i in range(6):
        make_case("escalated", mentor=world.mentor if i % 2 else world.mentor2)
    client = login(world.police)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("cases:escalations"))
    assert len(response.context["cases"]) == 6


def test_the_inbox_is_refused_to_those_without_a_commune_role(world, login):
    for user in (world.users["mentor"], world.labour, world.head, world.users["province"]):
        assert login(user).get(reverse("cases:escalations")).status_code == 404


def test_the_police_inbox_shows_in_the_navigation_with_a_count(world, make_case, login):
    make_case("escalated")
    html = login(world.police).get(reverse("cases:escalations")).content.decode()
    assert "Vụ việc chuyển công an" in html and '<span class="badge">1</span>' in html


def test_the_police_resolve_an_escalation_back_to_mentoring_from_the_inbox(world, make_case, login):
    case = make_case("escalated")
    client = login(world.police)
    response = client.post(
        reverse("lifecycle:transition", args=[case.pk, "resolve_escalation"]),
        {"outcome": "in_review", "reason": "Đã xác minh, không tái phạm", "revision": case.revision},
    )
    # back to the inbox of the escalations still open
    assert response.status_code == 302 and response["Location"] == reverse("cases:escalations")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    assert client.get(reverse("cases:escalations")).context["cases"] == []


def test_a_mentor_flags_a_concern_without_changing_the_state_and_the_head_and_police_are_notified(world, make_case, login):
    case = make_case("in_review")
    client = login(world.users["mentor"])
    response = client.post(reverse("cases:concern", args=[case.pk]), {"kind": "lost_contact", "note": "Hai tuần không liên lạc được"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    event = CaseEvent.objects.get(case=case, transition="concern_flagged")
    assert event.actor == world.users["mentor"] and event.data == {"kind": "lost_contact"}
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"head", "police"}
    police_page = login(world.police).get(reverse("cases:notifications"))
    assert "Mất liên lạc" in police_page.content.decode()


def test_a_concern_needs_a_description(world, make_case, login):
    case = make_case("in_review")
    response = login(world.users["mentor"]).post(reverse("cases:concern", args=[case.pk]), {"kind": "lost_contact", "note": ""})
    assert response.status_code == 200 and not CaseEvent.objects.filter(transition="concern_flagged").exists()


def test_another_mentor_cannot_flag_a_concern_on_a_case_not_theirs(world, make_case, login):
    case = make_case("in_review")
    with pytest.raises(PermissionRefused):
        services.flag_concern(case, actor=world.users["mentor2"], kind="lost_contact", note="x")
    assert login(world.users["mentor2"]).get(reverse("cases:concern", args=[case.pk])).status_code == 404
    assert login(world.police).get(reverse("cases:concern", args=[case.pk])).status_code == 403


def test_a_notification_is_marked_read_only_by_its_recipient(world, make_case, login):
    case = make_case("in_review")
    services.flag_concern(case, actor=world.users["mentor"], kind="possible_reoffence", note="x")
    note = Notification.objects.get(recipient=world.police)
    assert login(world.head).post(reverse("cases:notification_read", args=[note.pk])).status_code == 404
    assert login(world.police).post(reverse("cases:notification_read", args=[note.pk])).status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None


def test_the_notification_list_runs_a_constant_number_of_queries(world, make_case, login, django_assert_max_num_queries):
    for _ in range(5):
        services.flag_concern(make_case("in_review"), actor=world.users["mentor"], kind="lost_contact", note="x")
    client = login(world.police)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("cases:notifications"))
    assert len(response.context["page"].object_list) == 5
