"""Shared fixtures: a small world of places and personas, built through the services.

Personas (design.md convention 9): mentor, head, front, police, labour, province, admin and
`outsider` (police of another commune). `world` bundles them with the places, branches and
mentors; `make_case` lists a person and drives the case to a state through the services.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from dataclasses import dataclass, field

import pytest
from django.db import connection

from accounts.models import Membership, Role, User
from areas.models import Commune, Province, ResidentialArea
from cases import services as case_services
from cases.models import Case, Category
from mentors import services as mentor_services
from mentors.models import Branch, FrontCommittee, Mentor, OrganisationType

PASSWORD = "dong-hanh-demo"
_counter = itertools.count(1)


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need real row locks. They run in CI's PostgreSQL pass; on
    SQLite they are deselected (and counted in the summary), never silently skipped."""
    # Benchmarks (tests/bench) run only when asked for: `make bench` (pytest -m benchmark).
    if "benchmark" not in (config.option.markexpr or ""):
        bench = [item for item in items if item.get_closest_marker("benchmark")]
        if bench:
            config.hook.pytest_deselected(items=bench)
            items[:] = [item for item in items if not item.get_closest_marker("benchmark")]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return
    keep, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker("postgres") else keep).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


def make_user(username: str, role: str | None = None, **place) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username.title())
    if role:
        Membership.objects.create(user=user, role=role, **place)
    return user


@dataclass
class World:
    province: Province
    commune: Commune
    other_commune: Commune
    area: ResidentialArea
    area2: ResidentialArea
    other_area: ResidentialArea
    branch: Branch
    other_branch: Branch
    mentor: Mentor
    mentor2: Mentor
    users: dict[str, User] = field(default_factory=dict)

    def __getattr__(self, name: str):
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


@pytest.fixture
def world(db) -> World:
    province = Province.objects.create(code="27", name="Bắc Ninh")
    commune = Commune.objects.create(province=province, code="10001", name="Hoàn Sơn")
    other = Commune.objects.create(province=province, code="10002", name="Từ Sơn", kind=Commune.Kind.PHUONG)
    area = ResidentialArea.objects.create(commune=commune, code="10001-01", name="Đông Sơn")
    area2 = ResidentialArea.objects.create(commune=commune, code="10001-02", name="Núi Móng")
    other_area = ResidentialArea.objects.create(commune=other, code="10002-01", name="Tổ Đình", kind=ResidentialArea.Kind.TO_DAN_PHO)
    users = {
        "head": make_user("head", Role.COMMITTEE_HEAD, area=area),
        "head2": make_user("head2", Role.COMMITTEE_HEAD, area=area2),
        "front": make_user("front", Role.COMMUNE_FRONT, commune=commune),
        "police": make_user("police", Role.COMMUNE_POLICE, commune=commune),
        "labour": make_user("labour", Role.LABOUR_OFFICER, commune=commune),
        "province": make_user("province", Role.PROVINCE_OFFICER, province=province),
        "admin": make_user("admin", Role.ADMIN),
        "outsider": make_user("outsider", Role.COMMUNE_POLICE, commune=other),
        "other_front": make_user("other_front", Role.COMMUNE_FRONT, commune=other),
        "mentor": make_user("mentor", Role.MENTOR, commune=commune),
        "mentor2": make_user("mentor2", Role.MENTOR, commune=commune),
    }
    FrontCommittee.objects.create(area=area, head=users["head"])
    FrontCommittee.objects.create(area=area2, head=users["head2"])
    branch = Branch.objects.create(commune=commune, area=area, organisation=OrganisationType.WOMEN, name="Chi hội Phụ nữ Đông Sơn")
    other_branch = Branch.objects.create(
        commune=other, organisation=OrganisationType.YOUTH, kind=Branch.Kind.CHI_DOAN, name="Chi đoàn Tổ Đình"
    )
    mentor = Mentor.objects.create(full_name="Nguyễn Thị Hoa", commune=commune, branch=branch, user=users["mentor"])
    mentor2 = Mentor.objects.create(full_name="Phạm Văn Tâm", commune=commune, branch=branch, user=users["mentor2"])
    return World(province, commune, other, area, area2, other_area, branch, other_branch, mentor, mentor2, users)


def list_person(world: World, *, area=None, category=Category.PRISON_RELEASED, actor=None, **fields) -> Case:
    n = next(_counter)
    data = {
        "full_name": f"Người Thứ {n}",
        "date_of_birth": dt.date(1990, 1, 1),
        "sex": "male",
        "category": category,
    }
    data.update(fields)
    return case_services.list_subject(actor=actor or world.front, area=area or world.area, **data)


STEPS = {
    "identified": [],
    "assigned": ["assign"],
    "in_review": ["assign", "start_mentoring"],
    "supported": ["assign", "start_mentoring", "open_support"],
    "escalated": ["assign", "start_mentoring", "escalate"],
    "graduated": ["assign", "start_mentoring", "graduate"],
    "closed": ["close"],
}


def drive(world: World, case: Case, state: str, *, mentor=None) -> Case:
    actor = world.front
    for step in STEPS[state]:
        if step == "assign":
            mentor_services.assign_case(case, actor=actor, branch=world.branch, mentor=mentor or world.mentor, reason="test")
        elif step == "start_mentoring":
            case_services.start_mentoring(case, actor=actor)
        elif step == "open_support":
            case_services.open_support(case, actor=actor)
        elif step == "escalate":
            case_services.escalate(case, actor=actor, reason="test")
        elif step == "graduate":
            # by the legal clock: a probation term that ended yesterday
            subject = case.subject
            subject.category = Category.PROBATION
            subject.clock_start_date = dt.date.today() - dt.timedelta(days=400)
            subject.term_months = 12
            subject.save()
            case_services.graduate(case, actor=actor, reason="test")
        elif step == "close":
            case_services.close_case(case, actor=actor, reason_code="moved", reason="test")
    case.refresh_from_db()
    assert case.status == state
    return case


@pytest.fixture
def make_case(world):
    def _make(state: str = "identified", **kwargs) -> Case:
        mentor = kwargs.pop("mentor", None)
        return drive(world, list_person(world, **kwargs), state, mentor=mentor)

    return _make


@pytest.fixture
def login(client):
    def _login(user: User):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def is_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- quarterly reviews (workflows) -------------------------------------------------------------

REVIEW_QUARTER = "2026Q4"

ASSESSMENT = {
    "rating": "progressing",
    "contacts_count": 4,
    "work": "Làm thợ hồ, thu nhập ổn định",
    "family_ties": "Gia đình hòa thuận",
    "compliance": "Chấp hành tốt",
    "support_needs": "",
    "narrative": "Tiến bộ rõ",
    "recommendation": "continue",
}


@pytest.fixture
def open_review(world):
    """open_review(case, quarter=...) -> the review with its process started (as the command does)."""
    from accounts.selectors import system_user
    from workflows import services as wf_services

    def _open(case, quarter: str = REVIEW_QUARTER):
        return wf_services.open_review(case, quarter=quarter, actor=system_user())

    return _open


@pytest.fixture
def review_task():
    """review_task(review, node="draft"|"decide") -> the open viewflow task of that step."""
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from workflows.review_flow import QuarterlyReviewFlow

    def _task(review, node: str = "draft"):
        return Task.objects.get(
            process_id=review.process.pk, flow_task=getattr(QuarterlyReviewFlow, node), status__in=[STATUS.ASSIGNED, STATUS.STARTED]
        )

    return _task


# --- browser tests ------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright. Missing Chromium fails the test (make test
    installs it); it is never skipped."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_login(chromium, live_server):
    """Open a page (phone-sized by default), log in through the real login form."""
    pages = []

    def _open(username: str, *, viewport=PHONE):
        context = chromium.new_context(viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        page = context.new_page()
        page.set_default_timeout(15000)
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.console_errors = errors  # type: ignore[attr-defined]
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        pages.append(context)
        return page

    yield _open
    for context in pages:
        context.close()


def open_menu(page) -> None:
    """On a phone the main menu is folded behind its "Menu" button: open it before clicking an item."""
    toggle = page.locator("header .menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def open_user_menu(page) -> None:
    """The person's own links (reminders, password, API keys, log out) sit behind their name."""
    open_menu(page)
    menu = page.locator("header details.usermenu")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()


def no_horizontal_overflow(page) -> list[str]:
    """Elements that stick out of the viewport horizontally (empty when the page fits)."""
    return page.evaluate(
        """() => {
        const w = window.innerWidth, bad = [];
        if (document.documentElement.scrollWidth > w) bad.push('document ' + document.documentElement.scrollWidth);
        for (const el of document.querySelectorAll('body *')) {
          const r = el.getBoundingClientRect();
          if (r.width && r.right > w + 1) bad.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));
        }
        return bad;
      }"""
    )


ARTIFACTS = os.path.join(os.path.dirname(__file__), "artifacts")


def screenshot(page, name: str) -> str:
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, f"{name}.png")
    page.screenshot(path=path, full_page=True)
    return path
