"""The legal-action pages (cases.legal_views, and the end-by-clock page in workflows): a reader of
the case who may not do the action is refused when the page opens, with the words the service
would say after the submit; whoever may not see the case gets a 404."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from cases import legal_services
from cases.errors import PermissionRefused
from cases.models import ShorteningStatus

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
HEAD_OR_FRONT = "Chỉ Trưởng Ban Công tác Mặt trận hoặc cán bộ MTTQ xã xác nhận kết thúc quản lý."
SHORTENING = "Chỉ Ban Công tác Mặt trận, Ủy ban MTTQ xã hoặc Công an xã được lập đề nghị rút ngắn thời gian thử thách."
POLICE_ONLY = "Chỉ Công an xã xác minh nơi cư trú."


def suspended(make_case, *, months_ago: int):
    """An án treo case assigned to the world's mentor, its 24-month test period started `months_ago`."""
    return make_case("in_review", category="suspended_sentence", clock_start_date=TODAY - relativedelta(months=months_ago), term_months=24)


def service_refusal(call) -> str:
    with pytest.raises(PermissionRefused) as refused:
        call()
    return str(refused.value.message)


@pytest.mark.parametrize(
    ("who", "name", "message"),
    [
        ("mentor", "legal:address_check", POLICE_ONLY),
        ("head", "legal:address_check", POLICE_ONLY),
        ("front", "legal:address_check", POLICE_ONLY),
        ("mentor", "legal:propose_shortening", SHORTENING),
        ("mentor", "lifecycle:end_by_clock", HEAD_OR_FRONT),
        ("police", "lifecycle:end_by_clock", HEAD_OR_FRONT),
    ],
)
def test_a_reader_who_may_not_act_is_refused_when_the_page_opens(make_case, world, login, who, name, message):
    case = suspended(make_case, months_ago=30)
    client = login(world.users[who])
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200  # they do read the case
    response = client.get(reverse(name, args=[case.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert message in html and "<form" not in html.split("<main", 1)[1]


def test_the_page_refuses_with_the_words_of_the_service(make_case, world):
    case = suspended(make_case, months_ago=30)
    assert service_refusal(lambda: legal_services.record_address_check(case, actor=world.mentor.user)) == POLICE_ONLY
    assert service_refusal(lambda: legal_services.propose_shortening(case, actor=world.mentor.user, reason="x")) == SHORTENING
    assert service_refusal(lambda: legal_services.end_by_legal_clock(case, actor=world.police)) == HEAD_OR_FRONT


@pytest.mark.parametrize(
    ("who", "name"),
    [
        ("police", "legal:address_check"),
        ("head", "legal:propose_shortening"),
        ("front", "legal:propose_shortening"),
        ("police", "legal:propose_shortening"),
        ("head", "lifecycle:end_by_clock"),
        ("front", "lifecycle:end_by_clock"),
    ],
)
def test_those_who_may_act_get_the_form(make_case, world, login, who, name):
    case = suspended(make_case, months_ago=30)
    response = login(world.users[who]).get(reverse(name, args=[case.pk]))
    assert response.status_code == 200 and "<form" in response.content.decode()


def test_a_refused_submit_changes_nothing(make_case, world, login):
    case = suspended(make_case, months_ago=14)
    response = login(world.mentor.user).post(
        reverse("legal:propose_shortening", args=[case.pk]), {"proposed_on": TODAY.strftime("%d/%m/%Y"), "reason": "Tiến bộ"}
    )
    assert response.status_code == 403 and SHORTENING in response.content.decode()
    assert not case.term_shortenings.exists()


def test_the_court_decision_page_is_refused_to_the_mentor(make_case, world, login):
    case = suspended(make_case, months_ago=14)
    shortening = legal_services.propose_shortening(case, actor=world.front, reason="Tiến bộ rõ", proposed_on=TODAY - dt.timedelta(days=1))
    url = reverse("legal:court_decision", args=[shortening.pk])
    response = login(world.mentor.user).get(url)
    assert response.status_code == 403
    assert "Bạn không có quyền ghi quyết định của Tòa án cho hồ sơ này." in response.content.decode()
    assert login(world.head).get(url).status_code == 200
    shortening.refresh_from_db()
    assert shortening.status == ShorteningStatus.PROPOSED


@pytest.mark.parametrize("who", ["outsider", "labour", "province", "mentor2"])
def test_whoever_may_not_see_the_case_still_gets_a_404(make_case, world, login, who):
    case = suspended(make_case, months_ago=30)
    client = login(world.users[who])
    for name in ("legal:address_check", "legal:propose_shortening", "lifecycle:end_by_clock"):
        assert client.get(reverse(name, args=[case.pk])).status_code == 404
