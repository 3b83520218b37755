"""The planted world of the authorisation matrix (tests/test_authz_matrix.py).

One commune (Hoàn Sơn, province Bắc Ninh) holds the in-scope objects, built through the
services; a commune of another province (Hà Nam) holds the out-of-scope ones. Every text a
policy may hide carries a marker: a word found nowhere else, so that finding it in a response
is a leak.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import Membership, Role, User
from areas.models import Commune, Province, ResidentialArea
from cases import services as case_services
from cases.models import Case, Category, Classification
from tests.clock import earlier_today

PASSWORD = "dong-hanh-demo"
PERSONAS = ["anon", "mentor", "head", "front", "police", "labour", "province", "admin", "outsider"]

# Markers by kind. A name marker is one word of the person's name.
OFFENCE, SENTENCE, NATIONAL_ID, NOTE, SENSITIVE, NARRATIVE, NAME = (
    "offence",
    "sentence",
    "national_id",
    "note",
    "sensitive",
    "narrative",
    "name",
)


@dataclass
class Marker:
    text: str
    kind: str
    case: str  # the planted case it belongs to ("a", "b", …, "far")
    own: bool = True  # for notes: written by the case's current mentor (False: by a previous one)


@dataclass
class Planted:
    ids: dict[str, int] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    markers: list[Marker] = field(default_factory=list)
    token: str = ""

    def mark(self, text: str, kind: str, case: str, own: bool = True) -> str:
        self.markers.append(Marker(text, kind, case, own))
        return text


def _user(username: str, role: str | None = None, *, staff: bool = False, **place) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=f"Cán bộ {username}")
    if staff:
        user.is_staff = user.is_superuser = True
        user.save()
    if role:
        Membership.objects.create(user=user, role=role, **place)
    return user


def _person(p: Planted, key: str, word: str, *, area, actor, national_id: str = "", **extra) -> Case:
    fields = {
        "full_name": p.mark(f"Đinh Văn {word}", NAME, key),
        "date_of_birth": dt.date(1990, 1, 1),
        "sex": "male",
        "category": Category.PRISON_RELEASED,
        "classification": Classification.C,
        "offence_summary": p.mark(f"Trộm cắp tài sản OFFENCE{word.upper()}", OFFENCE, key),
        "sentence_details": p.mark(f"Bản án số SENTENCE{word.upper()}/2024", SENTENCE, key),
        "phone": "0981234567",
    }
    if national_id:
        fields["national_id"] = p.mark(national_id, NATIONAL_ID, key)
    fields.update(extra)
    case = case_services.list_subject(actor=actor, area=area, **fields)
    p.ids[f"case_{key}"] = case.pk
    return case


def plant() -> Planted:
    from cases.audit import Notification
    from mentors import services as mentor_services
    from mentors.models import Branch, FrontCommittee, Mentor, OrganisationType
    from support import services as support_services
    from support.models import Partner, PartnerKind
    from workflows import services as wf_services

    p = Planted()
    bac_ninh = Province.objects.create(code="27", name="Bắc Ninh")
    ha_nam = Province.objects.create(code="35", name="Hà Nam")
    commune = Commune.objects.create(province=bac_ninh, code="10001", name="Hoàn Sơn")
    other = Commune.objects.create(province=bac_ninh, code="10002", name="Từ Sơn", kind=Commune.Kind.PHUONG)
    far = Commune.objects.create(province=ha_nam, code="35001", name="Lam Hạ")
    area = ResidentialArea.objects.create(commune=commune, code="10001-01", name="Đông Sơn")
    area2 = ResidentialArea.objects.create(commune=commune, code="10001-02", name="Núi Móng")
    other_area = ResidentialArea.objects.create(commune=other, code="10002-01", name="Tổ Đình", kind=ResidentialArea.Kind.TO_DAN_PHO)
    far_area = ResidentialArea.objects.create(commune=far, code="35001-01", name="Thôn Quang Trung")
    p.codes.update(
        province="27",
        far_province="35",
        commune="10001",
        far_commune="35001",
        area="10001-01",
        far_area="35001-01",
        other_area=other_area.code,
        area2=area2.code,
    )
    u = p.users
    u["head"] = _user("head", Role.COMMITTEE_HEAD, area=area)
    u["head2"] = _user("head2", Role.COMMITTEE_HEAD, area=area2)
    u["front"] = _user("front", Role.COMMUNE_FRONT, commune=commune)
    u["police"] = _user("police", Role.COMMUNE_POLICE, commune=commune)
    u["labour"] = _user("labour", Role.LABOUR_OFFICER, commune=commune)
    u["province"] = _user("province", Role.PROVINCE_OFFICER, province=bac_ninh)
    u["admin"] = _user("admin", Role.ADMIN, staff=True)
    u["outsider"] = _user("outsider", Role.COMMUNE_POLICE, commune=other)
    u["mentor"] = _user("mentor", Role.MENTOR, commune=commune)
    u["mentor2"] = _user("mentor2", Role.MENTOR, commune=commune)
    u["far_head"] = _user("far_head", Role.COMMITTEE_HEAD, area=far_area)
    u["far_front"] = _user("far_front", Role.COMMUNE_FRONT, commune=far)
    u["far_mentor"] = _user("far_mentor", Role.MENTOR, commune=far)
    u["far_labour"] = _user("far_labour", Role.LABOUR_OFFICER, commune=far)
    FrontCommittee.objects.create(area=area, head=u["head"])
    FrontCommittee.objects.create(area=area2, head=u["head2"])
    FrontCommittee.objects.create(area=far_area, head=u["far_head"])
    branch = Branch.objects.create(commune=commune, area=area, organisation=OrganisationType.WOMEN, name="Chi hội Phụ nữ Đông Sơn")
    far_branch = Branch.objects.create(
        commune=far, area=far_area, organisation=OrganisationType.YOUTH, kind=Branch.Kind.CHI_DOAN, name="Chi đoàn Quang Trung"
    )
    mentor = Mentor.objects.create(full_name="Nguyễn Thị Hoa", commune=commune, branch=branch, user=u["mentor"])
    mentor2 = Mentor.objects.create(full_name="Phạm Văn Tâm", commune=commune, branch=branch, user=u["mentor2"])
    far_mentor = Mentor.objects.create(full_name="Vũ Thị Lan", commune=far, branch=far_branch, user=u["far_mentor"])
    p.ids.update(area=area.pk, branch=branch.pk, far_branch=far_branch.pk, mentor=mentor.pk, mentor2=mentor2.pk, far_mentor=far_mentor.pk)
    Partner.objects.create(name="Công ty May Hoàn Sơn", kind=PartnerKind.EMPLOYER, commune=commune)
    employer = Partner.objects.get(name="Công ty May Hoàn Sơn")
    front, now = u["front"], timezone.now()

    def visit(case, key, recorder, own, minutes):
        mentor_services.log_visit(
            case,
            actor=recorder,
            visited_at=earlier_today(now, dt.timedelta(minutes=minutes), rank=60 - minutes),  # on the assignment's day
            mode="home",
            notes=p.mark(f"Ghi chú NOTE{key.upper()}{'OWN' if own else 'OLD'}", NOTE, key, own),
            sensitive_note=p.mark(f"Nghi vấn SENSITIVE{key.upper()}{'OWN' if own else 'OLD'}", SENSITIVE, key, own),
        )

    # Case a: in review, mentored first by mentor2 (a visit with a sensitive note), now by mentor.
    case_a = _person(p, "a", "Zaphira", area=area, actor=front, national_id="027090731642")
    mentor_services.assign_case(case_a, actor=front, branch=branch, mentor=mentor2, reason="Phân công")
    visit(case_a, "a", u["mentor2"], False, 50)
    mentor_services.assign_case(case_a, actor=front, branch=branch, mentor=mentor, reason="Đổi người")
    visit(case_a, "a", u["mentor"], True, 40)
    p.ids["visit_a"] = case_a.visits.filter(recorded_by=u["mentor"]).get().pk
    # The mentor flags a concern: the head and the commune police are notified.
    case_services.flag_concern(case_a, actor=u["mentor"], kind="lost_contact", note="Mất liên lạc hai tuần")
    p.ids["notification"] = Notification.objects.get(recipient=u["head"]).pk
    # The quarterly review of case a: the mentor's draft, a narrative saved.
    review_a = wf_services.open_review(case_a, quarter="2026Q4", actor=front)
    draft_a = _task(review_a, "draft")
    data = {
        "narrative": p.mark("Nhận xét NARRATIVEA", NARRATIVE, "a"),
        "rating": "progressing",
        "recommendation": "continue",
        "contacts_count": 2,
    }
    wf_services.save_assessment(review_a, actor=u["mentor"], data=data, submit=False)
    p.ids["task_draft"] = draft_a.pk
    # A sent job referral: the labour office's inbox.
    sent = support_services.create_referral(case_a, actor=u["mentor"], type="job", needs="Cần việc làm", send=True)
    p.ids["referral_sent"] = sent.pk

    # Case b: in review with the mentor; its review submitted (the head decides); referrals at
    # every later step.
    case_b = _person(p, "b", "Quillon", area=area, actor=front)
    mentor_services.assign_case(case_b, actor=front, branch=branch, mentor=mentor, reason="Phân công")
    visit(case_b, "b", u["mentor"], True, 30)
    review_b = wf_services.open_review(case_b, quarter="2026Q4", actor=front)
    # the mentor's draft step, done once the assessment is submitted below
    p.ids["task_done"] = _task(review_b, "draft").pk
    data = {
        "narrative": p.mark("Nhận xét NARRATIVEB", NARRATIVE, "b"),
        "rating": "progressing",
        "recommendation": "continue",
        "contacts_count": 3,
        "work": "Làm thợ hồ",
        "family_ties": "Hòa thuận",
        "compliance": "Tốt",
    }
    wf_services.save_assessment(review_b, actor=u["mentor"], data=data, submit=True)
    p.ids["task_decide"] = _task(review_b, "decide").pk
    draft = support_services.create_referral(case_b, actor=u["mentor"], type="counselling", needs="Tư vấn tâm lý", send=False)
    p.ids["referral_draft"] = draft.pk
    accepted = support_services.create_referral(case_b, actor=u["mentor"], type="training", needs="Học nghề hàn", send=True)
    support_services.accept_referral(accepted, actor=u["labour"])
    p.ids["referral_accepted"] = accepted.pk
    placed = support_services.create_referral(case_b, actor=u["mentor"], type="job", needs="Việc làm", send=True)
    support_services.accept_referral(placed, actor=u["labour"])
    support_services.record_outcome(
        placed,
        actor=u["labour"],
        result="achieved",
        partner=employer,
        position="Công nhân may",
        start_date=timezone.localdate(),
        monthly_wage=6_500_000,
    )
    p.ids["referral_outcome"] = placed.pk
    p.token = support_services.create_partner_link(placed, actor=u["labour"]).token
    followed = support_services.create_referral(case_b, actor=u["mentor"], type="job", needs="Việc làm 2", send=True)
    support_services.accept_referral(followed, actor=u["labour"])
    support_services.record_outcome(
        followed,
        actor=u["labour"],
        result="achieved",
        partner=employer,
        position="Thợ phụ",
        start_date=timezone.localdate(),
        monthly_wage=6_000_000,
    )
    support_services.record_follow_up(followed, actor=u["labour"], still_active=True, notes="Còn làm")
    p.ids["referral_followed"] = followed.pk

    # Cases c (identified), d (assigned), e (escalated), g (probation term ended: graduable).
    _person(p, "c", "Brixtam", area=area, actor=front)
    case_d = _person(p, "d", "Yaffle", area=area, actor=front)
    mentor_services.assign_case(case_d, actor=front, branch=branch, mentor=mentor2, reason="Phân công")
    case_e = _person(p, "e", "Vornex", area=area, actor=front)
    mentor_services.assign_case(case_e, actor=front, branch=branch, mentor=mentor2, reason="Phân công")
    case_services.start_mentoring(case_e, actor=front)
    case_services.escalate(case_e, actor=front, reason="Nghi tái phạm")
    case_g = _person(
        p,
        "g",
        "Tumwick",
        area=area,
        actor=front,
        category=Category.PROBATION,
        classification="",
        clock_start_date=timezone.localdate() - dt.timedelta(days=800),
        term_months=12,
    )
    mentor_services.assign_case(case_g, actor=front, branch=branch, mentor=mentor2, reason="Phân công")
    case_services.start_mentoring(case_g, actor=front)

    # The head names the commune front officer deputy.
    delegation = wf_services.create_delegation(
        actor=u["head"],
        deputy=front,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=10),
        reason="Đi công tác",
    )
    p.ids["delegation"] = delegation.pk

    # The community registries: a commitment of khu dân cư Đông Sơn and one of the far khu dân cư.
    from community import services as community_services

    commitment = community_services.record_area_commitment(
        area, actor=u["head"], year=timezone.localdate().year, signed_on=timezone.localdate(), text_reference="Văn bản số 1"
    )
    far_commitment = community_services.record_area_commitment(
        far_area, actor=u["far_head"], year=timezone.localdate().year, signed_on=timezone.localdate(), text_reference="Văn bản số 2"
    )
    p.ids.update(commune=commune.pk, far_commune=far.pk, far_area=far_area.pk, commitment=commitment.pk, far_commitment=far_commitment.pk)

    # Out of scope for every persona: a case of another province with the same kinds of objects.
    far_front = u["far_front"]
    case_far = _person(p, "far", "Kestrix", area=far_area, actor=far_front, national_id="035090112233")
    mentor_services.assign_case(case_far, actor=far_front, branch=far_branch, mentor=far_mentor, reason="Phân công")
    visit(case_far, "far", u["far_mentor"], True, 20)
    p.ids["visit_far"] = case_far.visits.get().pk
    case_services.flag_concern(case_far, actor=u["far_mentor"], kind="lost_contact", note="Mất liên lạc")
    p.ids["notification_far"] = Notification.objects.get(recipient=u["far_head"]).pk
    review_far = wf_services.open_review(case_far, quarter="2026Q4", actor=far_front)
    p.ids["task_far"] = _task(review_far, "draft").pk
    far_ref = support_services.create_referral(case_far, actor=u["far_mentor"], type="job", needs="Việc làm", send=True)
    p.ids["referral_far"] = far_ref.pk
    far_delegation = wf_services.create_delegation(
        actor=u["far_head"],
        deputy=far_front,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=10),
        reason="Đi công tác",
    )
    p.ids["delegation_far"] = far_delegation.pk

    # Account security: a locked login and a requested role in Hoàn Sơn (mentor2's), and the same
    # in Hà Nam (far_mentor's); the requests made by someone who is no persona.
    from accounts.models import LoginLockout
    from imports.models import ImportBatch

    p.ids["lockout"] = LoginLockout.objects.create(username="mentor2").pk
    p.ids["lockout_far"] = LoginLockout.objects.create(username="far_mentor").pk
    p.ids["pending"] = Membership.objects.create(
        user=u["mentor2"], role=Role.LABOUR_OFFICER, commune=commune, is_active=False, requested_by=u["head2"]
    ).pk
    p.ids["pending_far"] = Membership.objects.create(
        user=u["far_mentor"], role=Role.LABOUR_OFFICER, commune=far, is_active=False, requested_by=u["far_head"]
    ).pk
    # An import of Hoàn Sơn's mentors, done, and one of Hà Nam's.
    p.ids["batch"] = ImportBatch.objects.create(
        kind="mentors", commune=commune, uploaded_by=front, file_name="nguoi-giup-do.xlsx", content=b"", status=ImportBatch.Status.DONE
    ).pk
    p.ids["batch_far"] = ImportBatch.objects.create(
        kind="mentors", commune=far, uploaded_by=far_front, file_name="nguoi-giup-do.xlsx", content=b"", status=ImportBatch.Status.DONE
    ).pk
    # Reports sent up the line: Hoàn Sơn's last-year Q4 report (by the commune front) and Hà Nam's.
    from reports.periods import quarter
    from reports.services import submit_report

    last_q4 = quarter(timezone.localdate().year - 1, 4)
    p.ids["submission"] = submit_report(commune, actor=front, period=last_q4).pk
    p.ids["submission_far"] = submit_report(far, actor=far_front, period=last_q4).pk
    # A workbook the province officer asked for, still being made (only its requester sees it).
    from reports.models import ReportJob

    p.ids["report_job"] = ReportJob.objects.create(
        requested_by=u["province"], place_level="province", place_code=p.codes["province"], period=last_q4.code, status="running"
    ).pk
    # API tokens: one of the mentor's and one of the far mentor's.
    from api import services as api_services

    p.ids["api_token"] = api_services.create_token(actor=u["mentor"], name="Điện thoại của tôi").token.pk
    p.ids["api_token_far"] = api_services.create_token(actor=u["far_mentor"], name="Điện thoại của tôi").token.pk
    return p


def _task(review, node: str):
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from workflows.review_flow import QuarterlyReviewFlow

    return Task.objects.get(
        process_id=review.process.pk, flow_task=getattr(QuarterlyReviewFlow, node), status__in=[STATUS.ASSIGNED, STATUS.STARTED, STATUS.NEW]
    )
