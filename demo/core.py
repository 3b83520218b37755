"""Demo data for the case lifecycle core: one realistic commune, a smaller second commune in
the same province, one login per role. Every state change goes through the services, so the
events and history rows are real; only their timestamps are spread over the past months."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Role, User
from accounts.selectors import system_user
from areas.models import Commune, Province, ResidentialArea
from areas.services import load_places
from cases import services as case_services
from cases.identity import century_sex_digit
from cases.models import Case, CaseEvent, Category, Classification, EscalationOutcome, Subject
from config.dbguard import backdating_window
from mentors import services as mentor_services
from mentors.models import Branch, FrontCommittee, Mentor, OrganisationType

# Real units of the official list (vietnam-provinces, two-tier since 01/07/2025): Tỉnh Bắc Ninh
# (24), Xã Tiên Du (09319) and Phường Từ Sơn (09367). The khu dân cư are not in any national list;
# their names here are illustrative.
DEMO_PROVINCE_CODE = "24"
DEMO_COMMUNE_CODE = "09319"
DEMO_COMMUNE2_CODE = "09367"

LOGINS = [
    ("mentor", Role.MENTOR, "Nguyễn Thị Hoa", "Người giúp đỡ (Chi hội Phụ nữ thôn Đông Sơn)"),
    ("head", Role.COMMITTEE_HEAD, "Trần Văn Bình", "Trưởng Ban Công tác Mặt trận thôn Đông Sơn"),
    ("front", Role.COMMUNE_FRONT, "Lê Thị Thu", "Cán bộ Ủy ban MTTQ xã Tiên Du"),
    ("police", Role.COMMUNE_POLICE, "Phạm Quốc Huy", "Công an xã Tiên Du"),
    ("labour", Role.LABOUR_OFFICER, "Đỗ Minh Châu", "Cán bộ Văn hóa - Xã hội xã Tiên Du"),
    ("province", Role.PROVINCE_OFFICER, "Vũ Đức Long", "Cán bộ Ủy ban MTTQ tỉnh Bắc Ninh"),
    ("admin", Role.ADMIN, "Quản trị hệ thống", "Quản trị"),
    ("police2", Role.COMMUNE_POLICE, "Hoàng Văn Nam", "Công an phường Từ Sơn"),
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE_M = ["Văn", "Đức", "Quang", "Minh", "Hữu", "Công"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Kim"]
GIVEN_M = ["Hùng", "Dũng", "Tuấn", "Long", "Nam", "Sơn", "Thắng", "Quý", "Khánh", "Tài", "Phong", "Hải"]
GIVEN_F = ["Lan", "Hương", "Mai", "Hạnh", "Trang", "Linh", "Nga", "Yến"]
OFFENCES = [
    "Trộm cắp tài sản (Điều 173 BLHS)",
    "Cố ý gây thương tích (Điều 134 BLHS)",
    "Tàng trữ trái phép chất ma túy (Điều 249 BLHS)",
    "Đánh bạc (Điều 321 BLHS)",
    "Gây rối trật tự công cộng (Điều 318 BLHS)",
    "Lừa đảo chiếm đoạt tài sản (Điều 174 BLHS)",
]


@dataclass
class DemoContext:
    """What later seeders (visits, reviews, referrals) build on."""

    province: Province
    commune: Commune
    commune2: Commune
    areas: list[ResidentialArea]
    users: dict[str, User]
    mentors: list[Mentor]
    branches: list[Branch]
    cases: list[Case] = field(default_factory=list)
    created: bool = False
    rng: random.Random = field(default_factory=lambda: random.Random(20261121))


def _user(username: str, full_name: str, *, staff: bool = False) -> User:
    user, _created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
    user.full_name = full_name
    user.is_staff = staff
    # The demo administrator is an installation administrator, not a superuser (no case content).
    user.is_superuser = False
    user.set_password(settings.DEMO_PASSWORD)
    user.save()
    if staff:
        from accounts.installation import ensure_group

        user.groups.add(ensure_group())
    return user


def _national_id(rng: random.Random, dob: dt.date, sex: str) -> str:
    return f"027{century_sex_digit(dob, sex)}{dob.year % 100:02d}{rng.randrange(10**6):06d}"


def _names(family: list[str], middle: list[str], given: list[str], seed: int) -> list[str]:
    names = [f"{f} {m} {g}" for f in family for m in middle for g in given]
    random.Random(seed).shuffle(names)
    return names


# Every demo person has a name of their own (one list per sex, drawn without repetition).
MALE_NAMES = _names(FAMILY, MIDDLE_M, GIVEN_M, 1)
FEMALE_NAMES = _names(FAMILY, MIDDLE_F, GIVEN_F, 2)


def _person(rng: random.Random, i: int) -> tuple[str, str, dt.date]:
    sex = "female" if i % 5 == 4 else "male"
    name = MALE_NAMES[i] if sex == "male" else FEMALE_NAMES[i]
    dob = dt.date(1975 + (i * 3) % 30, 1 + i % 12, 1 + (i * 11) % 28)
    return name, sex, dob


# Target state of each demo case in the first commune (about 40, spread over every state).
PLAN = (
    ["identified"] * 6
    + ["assigned"] * 6
    + ["in_review"] * 12
    + ["supported"] * 4
    + ["graduated"] * 5
    + ["escalated"] * 4
    + ["closed"] * 2
    + ["transferred"] * 1
)
CATEGORIES = list(Category.values)
# Legal terms (months) of the demo's people in the categories with a term (within the legal ranges).
DEMO_TERMS = {
    Category.SUSPENDED_SENTENCE: 24,
    Category.NON_CUSTODIAL_REFORM: 12,
    Category.CONDITIONAL_RELEASE: 18,
    Category.SUPERVISION: 24,
    Category.RESIDENCE_BAN: 24,
}


def _drive(ctx: DemoContext, case: Case, target: str, mentor: Mentor, branch: Branch, actors: dict[str, User]) -> None:
    front, police = actors["front"], actors["police"]
    if target == "identified":
        return
    mentor_services.assign_case(case, actor=front, branch=branch, mentor=mentor, reason="Phân công theo họp Ban Công tác Mặt trận")
    if target == "assigned":
        return
    case_services.start_mentoring(case, actor=front, reason="Bắt đầu giúp đỡ")
    if target == "in_review":
        return
    if target == "supported":
        case_services.open_support(case, actor=front, reason="Đề nghị hỗ trợ việc làm")
        return
    if target == "graduated":
        case_services.graduate(case, actor=front, reason="Hết thời hạn, chấp hành tốt")
        return
    if target == "escalated":
        case_services.escalate(case, actor=police, reason="Mất liên lạc hơn 2 tháng, nghi vi phạm")
        return
    if target == "closed":
        case_services.escalate(case, actor=police, reason="Bị bắt quả tang tái phạm")
        case_services.resolve_escalation(case, actor=police, outcome=EscalationOutcome.REIMPRISONED, reason="Bị khởi tố, tạm giam")
        return
    if target == "transferred":
        to_area = ResidentialArea.objects.get(code=f"{DEMO_COMMUNE2_CODE}-01")
        case_services.transfer_case(case, actor=police, to_area=to_area, reason="Chuyển về sống cùng gia đình ở phường Từ Sơn")


def _clock_start_at(day: dt.date, offset_days: int) -> dt.datetime:
    """A listing a few days after the legal clock starts (at 09:00, local time)."""
    moment = dt.datetime.combine(day + dt.timedelta(days=offset_days), dt.time(9, 0))
    return timezone.make_aware(moment)


def _spread_in_time(case: Case, start: dt.datetime, *, last_at: dt.datetime | None = None) -> None:
    """Demo only: spread the events of a case over the past months so that timelines and
    reports look like real use. The application itself never edits events.

    The events keep their order: the listing at `start` (never before the person's legal clock
    starts: the caller sees to it), then at most 35 days apart and all before now; a case that
    ended by its legal clock gets its last event at `last_at` (after the term ended)."""
    now = timezone.now()
    events = list(CaseEvent.objects.filter(case=case).order_by("pk"))
    span_end = last_at or now - dt.timedelta(days=1)
    gaps = max(1, len(events) - (1 if last_at else 0))
    step = min(dt.timedelta(days=35), (span_end - start) / (gaps + (0 if last_at else 1)))
    times = [start + step * i for i in range(len(events))]
    if last_at and events:
        times[-1] = last_at
    # Each service call wrote one event and one history row of the case, in the same order.
    history = list(Case.history.filter(id=case.pk).order_by("history_id").values_list("history_id", flat=True))
    with backdating_window():  # events and history rows are append-only in PostgreSQL
        for i, event in enumerate(events):
            CaseEvent.objects.filter(pk=event.pk).update(created_at=times[i])
            if i < len(history):
                Case.history.filter(history_id=history[i]).update(history_date=times[i])
        Case.objects.filter(pk=case.pk).update(opened_at=start)
        first_subject_row = Subject.history.filter(id=case.subject_id).order_by("history_id").first()
        if first_subject_row is not None and first_subject_row.history_date > start:
            Subject.history.filter(history_id=first_subject_row.history_id).update(history_date=start)


@transaction.atomic
def seed() -> DemoContext:
    now = timezone.now()
    # The official province with its communes, loaded from the package as load_places does.
    load_places(actor=system_user(), province_codes=[DEMO_PROVINCE_CODE])
    province = Province.objects.get(code=DEMO_PROVINCE_CODE)
    commune = Commune.objects.get(code=DEMO_COMMUNE_CODE)
    commune2 = Commune.objects.get(code=DEMO_COMMUNE2_CODE)
    created = not ResidentialArea.objects.filter(commune=commune).exists()
    area_names = ["Đông Sơn", "Núi Móng", "Tam Sơn", "Cẩm Giang"]
    areas = [
        ResidentialArea.objects.get_or_create(code=f"{DEMO_COMMUNE_CODE}-{i + 1:02d}", defaults={"name": n, "commune": commune})[0]
        for i, n in enumerate(area_names)
    ]
    areas2 = [
        ResidentialArea.objects.get_or_create(
            code=f"{DEMO_COMMUNE2_CODE}-{i + 1:02d}", defaults={"name": n, "commune": commune2, "kind": ResidentialArea.Kind.TO_DAN_PHO}
        )[0]
        for i, n in enumerate(["Đình", "Chợ"])
    ]
    users = {}
    for username, role, full_name, _title in LOGINS:
        users[username] = _user(username, full_name, staff=(role == Role.ADMIN))
    # Other committee heads (not demo logins) so that every khu dân cư has one.
    for i, area in enumerate(areas[1:] + areas2, start=2):
        users[f"head{i}"] = _user(f"truongban{i}", f"Trưởng ban {area.name}")

    ctx = DemoContext(province=province, commune=commune, commune2=commune2, areas=areas + areas2, users=users, mentors=[], branches=[])
    if not created and Case.objects.filter(commune=commune).exists():
        ctx.mentors = list(Mentor.objects.filter(commune__in=[commune, commune2]).order_by("pk"))
        ctx.branches = list(Branch.objects.filter(commune__in=[commune, commune2]).order_by("pk"))
        ctx.cases = list(Case.objects.filter(commune__in=[commune, commune2]).order_by("pk"))
        return ctx
    ctx.created = True

    def member(user: User, role: str, **place) -> None:
        Membership.objects.get_or_create(user=user, role=role, **place)

    member(users["head"], Role.COMMITTEE_HEAD, area=areas[0])
    member(users["front"], Role.COMMUNE_FRONT, commune=commune)
    member(users["police"], Role.COMMUNE_POLICE, commune=commune)
    member(users["labour"], Role.LABOUR_OFFICER, commune=commune)
    member(users["province"], Role.PROVINCE_OFFICER, province=province)
    member(users["admin"], Role.ADMIN)
    member(users["police2"], Role.COMMUNE_POLICE, commune=commune2)
    member(users["mentor"], Role.MENTOR, commune=commune)
    FrontCommittee.objects.get_or_create(area=areas[0], defaults={"head": users["head"]})
    for i, area in enumerate(areas[1:] + areas2, start=2):
        member(users[f"head{i}"], Role.COMMITTEE_HEAD, area=area)
        FrontCommittee.objects.get_or_create(area=area, defaults={"head": users[f"head{i}"]})

    branch_specs = [
        (OrganisationType.WOMEN, Branch.Kind.CHI_HOI, "Chi hội Phụ nữ thôn Đông Sơn", areas[0]),
        (OrganisationType.YOUTH, Branch.Kind.CHI_DOAN, "Chi đoàn thôn Núi Móng", areas[1]),
        (OrganisationType.VETERANS, Branch.Kind.CHI_HOI, "Chi hội Cựu chiến binh thôn Tam Sơn", areas[2]),
        (OrganisationType.FARMERS, Branch.Kind.CHI_HOI, "Chi hội Nông dân thôn Cẩm Giang", areas[3]),
        (OrganisationType.ELDERLY, Branch.Kind.CHI_HOI, "Chi hội Người cao tuổi thôn Đông Sơn", areas[0]),
        (OrganisationType.WOMEN, Branch.Kind.CHI_HOI, "Chi hội Phụ nữ thôn Núi Móng", areas[1]),
    ]
    branches = [
        Branch.objects.create(commune=commune, area=area, organisation=org, kind=kind, name=name) for org, kind, name, area in branch_specs
    ]
    branch2 = Branch.objects.create(
        commune=commune2,
        area=areas2[0],
        organisation=OrganisationType.WOMEN,
        kind=Branch.Kind.CHI_HOI,
        name="Chi hội Phụ nữ tổ dân phố Đình",
    )
    mentor_names = [
        ("Nguyễn Thị Hoa", 0, users["mentor"]),
        ("Phạm Văn Tâm", 1, None),
        ("Lê Văn Khải", 2, None),
        ("Trịnh Văn Lộc", 3, None),
        ("Ngô Văn Thành", 4, None),
        ("Đào Thị Liên", 5, None),
        ("Bùi Thị Hằng", 0, None),
        ("Vũ Văn Quang", 2, None),
    ]
    mentors = []
    for i, (name, b, user) in enumerate(mentor_names):
        if user is None:
            user = _user(f"nguoigiupdo{i + 1}", name)
            member(user, Role.MENTOR, commune=commune)
        mentors.append(Mentor.objects.create(full_name=name, branch=branches[b], commune=commune, user=user, phone=f"09{12345670 + i}"))
    for name, title in [("Cụ Đỗ Văn Thịnh", "Trưởng họ Đỗ"), ("Ông Nguyễn Hữu Phúc", "Người có uy tín thôn Tam Sơn")]:
        mentors.append(
            Mentor.objects.create(full_name=name, kind=Mentor.Kind.RESPECTED_PERSON, title=title, branch=branches[4], commune=commune)
        )
    mentor2 = Mentor.objects.create(full_name="Lưu Thị Mến", branch=branch2, commune=commune2, user=_user("nguoigiupdo-ts", "Lưu Thị Mến"))
    member(mentor2.user, Role.MENTOR, commune=commune2)
    ctx.mentors, ctx.branches = mentors + [mentor2], branches + [branch2]

    rng = ctx.rng
    actors = {"head": users["head"], "front": users["front"], "police": users["police"]}
    today = timezone.localdate()
    mentor_cycle = 0
    for i, target in enumerate(PLAN):
        name, sex, dob = _person(rng, i)
        category = CATEGORIES[i % len(CATEGORIES)]
        area = areas[i % len(areas)]
        clock_start = today - relativedelta(months=8 + i % 20)
        extra = {}
        if category == Category.PRISON_RELEASED:
            # the sentence, from which the expungement is computed (30 months → 2 years, 72 → 3)
            extra = {"main_penalty": "prison", "sentence_months": 30 if target == "graduated" else 72}
            clock_start = today - relativedelta(years=2, months=2) if target == "graduated" else clock_start
        elif category in (Category.PROBATION, Category.COMMUNE_EDUCATION):
            extra = {"term_months": 6 if target == "graduated" else (6 if category == Category.COMMUNE_EDUCATION else 24)}
            clock_start = today - relativedelta(months=7) if target == "graduated" else today - relativedelta(months=2)
        elif category in DEMO_TERMS:
            extra = {"term_months": DEMO_TERMS[category]}
        if target == "graduated" and category not in (Category.PRISON_RELEASED, Category.PROBATION, Category.COMMUNE_EDUCATION):
            category = Category.SUSPENDED_SENTENCE
            extra = {"term_months": 12}
            clock_start = today - relativedelta(months=13)
        listing_actor = users["head"] if area == areas[0] else users["front"]
        case = case_services.list_subject(
            actor=listing_actor,
            area=area,
            reason="Danh sách do Công an xã cung cấp",
            full_name=name,
            date_of_birth=dob,
            sex=sex,
            national_id=_national_id(rng, dob, sex) if i % 7 != 6 else "",
            address_detail=f"Số {10 + i}, xóm {1 + i % 5}",
            phone=f"098{rng.randrange(10**7):07d}",
            category=category,
            classification=[Classification.A, Classification.B, Classification.C][i % 3] if category == Category.PRISON_RELEASED else "",
            offence_summary=OFFENCES[i % len(OFFENCES)],
            sentence_details=f"Bản án số {100 + i}/2024/HS-ST ngày {1 + i % 27:02d}/0{1 + i % 9}/2024 của TAND khu vực 3 - Bắc Ninh",
            clock_start_date=clock_start,
            **extra,
        )
        # The demo mentor gets the first active cases of thôn Đông Sơn; the rest go round.
        if area == areas[0] and target in ("assigned", "in_review", "supported") and _open_count(mentors[0]) < 4:
            mentor = mentors[0]
        else:
            mentor = mentors[1 + mentor_cycle % (len(mentors) - 1)]
            mentor_cycle += 1
        branch = mentor.branch
        _drive(ctx, case, target, mentor, branch, actors)
        # Listed a few days after the legal clock starts (or, spread over the past year, later).
        listed = max(now - dt.timedelta(days=400 - i * 6), _clock_start_at(clock_start, 3 + i % 10))
        last_at = None
        if target == "graduated":
            case.subject.refresh_from_db()
            ended = case.subject.legal_clock_end
            last_at = _clock_start_at(ended, 1 + i % 5) if ended else None
            if last_at is not None and last_at > now:
                last_at = None
        _spread_in_time(case, listed, last_at=last_at)
        ctx.cases.append(case)
    # The second commune: a few cases so that scope can be seen.
    for j in range(6):
        i = 100 + j
        name, sex, dob = _person(rng, i)
        case = case_services.list_subject(
            actor=users["police2"],
            area=areas2[j % 2],
            reason="Danh sách do Công an phường lập",
            full_name=name,
            date_of_birth=dob,
            sex=sex,
            national_id=_national_id(rng, dob, sex),
            category=CATEGORIES[j % len(CATEGORIES)],
            offence_summary=OFFENCES[j % len(OFFENCES)],
        )
        if j < 4:
            mentor_services.assign_case(case, actor=users[f"head{5 + j % 2}"], branch=branch2, mentor=mentor2, reason="Phân công")
        if j < 2:
            case_services.start_mentoring(case, actor=users[f"head{5 + j % 2}"])
        _spread_in_time(case, now - dt.timedelta(days=300 - j * 20))
        ctx.cases.append(case)
    return ctx


def _open_count(mentor: Mentor) -> int:
    from mentors.selectors import open_caseload

    return open_caseload(mentor)[0]
