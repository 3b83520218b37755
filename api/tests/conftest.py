"""Fixtures of the API tests: a token client per persona and a case carrying marker strings
in every withheld field (the offence, the sentence, a visit's confidential note written by
someone else than the current mentor)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from api import services as api_services

OFFENCE = "DẤU-VẾT-TỘI-DANH-7731"
SENTENCE = "DẤU-VẾT-BẢN-ÁN-4410"
NATIONAL_ID = "027090004321"  # valid for the default birth date (1990) and sex (male)
SENSITIVE = "DẤU-VẾT-GHI-CHÚ-MẬT-9902"
MARKERS = (OFFENCE, SENTENCE, SENSITIVE)
PERSONAS = ["mentor", "head", "front", "police", "labour", "province", "admin", "outsider"]


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_for(world):
    """api_for(user or persona name) -> an APIClient authenticated by a fresh personal token."""
    clients = {}

    def _client(who):
        user = world.users[who] if isinstance(who, str) else who
        if user.pk not in clients:
            issued = api_services.create_token(actor=user, name="tests")
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.raw}")
            client.token = issued.token
            clients[user.pk] = client
        return clients[user.pk]

    return _client


@dataclass
class Scenario:
    case: object
    visit_by_other: object
    visit_by_mentor: object


@pytest.fixture
def scenario(world, make_case) -> Scenario:
    """An in_review case of thôn Đông Sơn now held by `mentor`; mentor2 held it before and wrote
    a confidential note the current mentor must never read."""
    from mentors import services as mentor_services
    from workflows import lifecycle

    case = make_case(
        "in_review",
        mentor=world.mentor2,
        full_name="Lê Văn Kiểm Thử",
        national_id=NATIONAL_ID,
        offence_summary=OFFENCE,
        sentence_details=SENTENCE,
        category="probation",
        clock_start_date=dt.date.today() - dt.timedelta(days=800),
        term_months=12,
        phone="0912345678",
    )
    now = timezone.now()
    other = mentor_services.log_visit(
        case,
        actor=world.users["mentor2"],
        visited_at=now - dt.timedelta(minutes=2),
        mode="home",
        notes="Gặp tại nhà",
        sensitive_note=SENSITIVE,
    )
    lifecycle.assign_case(case, actor=world.front, branch=world.branch, mentor=world.mentor, reason="Bàn giao")
    mine = mentor_services.log_visit(
        case, actor=world.users["mentor"], visited_at=now - dt.timedelta(minutes=1), mode="phone", notes="Gọi điện"
    )
    case.refresh_from_db()
    return Scenario(case=case, visit_by_other=other, visit_by_mentor=mine)


def body_text(response) -> str:
    return response.content.decode()
