"""The policy is the one judge of who sees and does what: the projection each reader gets, and
a check that no view, template, timeline source or panel tests a role itself."""

from __future__ import annotations

import pathlib
import re

import pytest
from django.urls import reverse

from cases import policy

OFFENCE = "Cướp giật XYZZY-OFFENCE"
SENTENCE = "Bản án PLUGH-SENTENCE 36 tháng tù"
ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def case(make_case):
    return make_case("in_review", offence_summary=OFFENCE, sentence_details=SENTENCE, national_id="", classification="C")


@pytest.mark.parametrize("url_name", ["cases:detail", "cases:timeline", "cases:print"])
def test_the_mentor_reads_the_person_but_never_the_offence_or_the_sentence_on_any_case_page(world, case, login, url_name):
    """The defect: the mentor read the offence and the sentence on the case page, while print,
    PDF and timeline hid them."""
    html = login(world.mentor.user).get(reverse(url_name, args=[case.pk])).content.decode()
    assert case.subject.full_name in html
    assert OFFENCE not in html and SENTENCE not in html
    assert "C - Không chấp hành" not in html


@pytest.mark.parametrize("persona", ["head", "front", "police"])
def test_the_supervisors_read_the_offence_and_the_sentence(world, case, login, persona):
    html = login(world.users[persona]).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert OFFENCE in html and SENTENCE in html


def test_the_projection_follows_the_one_table(world, case):
    mentor = policy.project(world.mentor.user, case)
    assert mentor.sees_legal_dates and not mentor.sees_offence and mentor.offence_summary is None
    assert not mentor.sees_access_log and not mentor.sees_earlier_cases
    head = policy.project(world.head, case)
    assert head.sees_offence and head.sees_access_log and head.offence_summary == OFFENCE
    police = policy.project(world.police, case)
    assert police.sees_offence and not police.sees_access_log
    granted = policy.project(world.users["province"], case, grant=object.__new__(type("G", (), {"reason": "x"})))
    assert granted.sees_offence and not granted.sees_full_identity and not granted.sees_sensitive_notes
    stranger = policy.project(world.outsider, case)
    assert not stranger.sees("profile") and not stranger.sees_offence


def test_the_policy_answers_a_refusal_with_a_vietnamese_reason(world, case):
    decision = policy.can_transition(world.mentor.user, case, "close")
    assert not decision and "Bạn không có quyền “Kết thúc hồ sơ”" in decision.reason
    decision = policy.can_transition(world.front, case, "resolve_escalation")
    assert not decision and decision.kind == "state" and "Đang giúp đỡ" in decision.reason


# Where a role may be named: the policies, the selectors that compute scope, the models.
READERS = [
    *ROOT.glob("*/*views.py"),
    *ROOT.glob("*/hooks.py"),
    *ROOT.glob("*/templatetags/*.py"),
    ROOT / "cases" / "timeline.py",
    ROOT / "cases" / "review_timeline.py",
    ROOT / "cases" / "export.py",
]
ROLE_TESTS = re.compile(r"case_roles\(|user_scope\(|\bRole\.|\b(HEAD|FRONT|POLICE|MENTOR|LABOUR|PROVINCE)\b|_commune_ids|head_area_ids")
# a condition on who the reader is ({% if … role … %}); showing the access log's roles column is data
TEMPLATE_ROLE_TESTS = re.compile(r"{%\s*(if|elif)\b[^%]*\b(roles?|is_superuser|is_staff|memberships?|scope)\b")


def test_no_view_timeline_source_panel_or_export_tests_a_role_itself():
    offenders = []
    for path in READERS:
        if path.parent.name in {".venv", "migrations"} or not path.exists():
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ROLE_TESTS.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_no_template_tests_a_role():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if TEMPLATE_ROLE_TESTS.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []
