"""Demo referrals: every type in every status, through the services. Demo cases already in
`supported` get an open referral; the rest start from cases under mentoring."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, CaseStatus, Category
from support import services
from support.models import Partner, PartnerKind, ReferralStatus, ReferralType

STATUSES = [s for s in ReferralStatus.values]


def _outcome(type_: str, partners: dict, today: dt.date) -> dict:
    if type_ == ReferralType.JOB:
        return {
            "partner": partners["employer"],
            "position": "Công nhân may",
            "start_date": today - dt.timedelta(days=100),
            "monthly_wage": 6_500_000,
        }
    if type_ == ReferralType.TRAINING:
        return {
            "partner": partners["trainer"],
            "course": "Sửa chữa xe máy",
            "start_date": today - dt.timedelta(days=100),
            "course_end": today - dt.timedelta(days=10),
        }
    if type_ == ReferralType.LOAN:
        return {
            "partner": partners["bank"],
            "amount_approved": 50_000_000,
            "disbursement_date": today - dt.timedelta(days=95),
            "term_months": 36,
            "confirmation_date": today - dt.timedelta(days=110),
        }
    return {"notes": "Đã hỗ trợ xong"}


def _drive(referral, status: str, ctx, partners, today) -> None:
    labour, front = ctx.users["labour"], ctx.users["front"]
    if status == ReferralStatus.DRAFT:
        return
    services.send_referral(referral, actor=front)
    if status == ReferralStatus.SENT:
        return
    if status == ReferralStatus.WITHDRAWN:
        services.withdraw_referral(referral, actor=front, reason="Người được giúp đỡ đã tự tìm được việc")
        return
    if status == ReferralStatus.DECLINED:
        services.decline_referral(referral, actor=labour, reason="Hiện chưa có chỗ phù hợp")
        return
    services.accept_referral(referral, actor=labour)
    if status == ReferralStatus.ACCEPTED:
        return
    services.record_outcome(referral, actor=labour, result="achieved", **_outcome(referral.type, partners, today))
    if status == ReferralStatus.OUTCOME:
        return
    services.record_follow_up(referral, actor=labour, still_active=True, notes="Vẫn duy trì tốt")
    if status == ReferralStatus.FOLLOWED_UP:
        return
    services.close_referral(referral, actor=labour, note="Hoàn thành hỗ trợ")


def seed(ctx) -> None:
    if not ctx.created:
        return
    today = timezone.localdate()
    commune = ctx.commune
    partners = {
        "employer": Partner.objects.create(
            name="Công ty TNHH May mặc Tiên Du",
            kind=PartnerKind.EMPLOYER,
            commune=commune,
            contact_person="Bà Nguyễn Thị Lan",
            phone="0222 3712 345",
        ),
        "trainer": Partner.objects.create(
            name="Trường Trung cấp nghề Kinh tế - Kỹ thuật Bắc Ninh",
            kind=PartnerKind.TRAINING_PROVIDER,
            contact_person="Thầy Trần Văn Đức",
            phone="0222 3856 789",
        ),
        "bank": Partner.objects.create(
            name="Điểm giao dịch NHCSXH xã Tiên Du", kind=PartnerKind.BANK_POINT, commune=commune, phone="0222 3700 111"
        ),
    }
    Partner.objects.create(name="Hợp tác xã Nông nghiệp Tam Sơn", kind=PartnerKind.EMPLOYER, commune=commune)
    front = ctx.users["front"]
    # Cases already supported (by the core seeder) get an open, accepted job referral each.
    supported = [c for c in Case.objects.filter(commune=commune, status=CaseStatus.SUPPORTED).select_related("subject")]
    for case in supported:
        referral = services.create_referral(
            case, actor=front, type=ReferralType.JOB, needs="Cần việc làm ổn định gần nhà", skills="Lao động phổ thông"
        )
        _drive(referral, ReferralStatus.ACCEPTED, ctx, partners, today)
    # Every type in every status, on cases under mentoring in the demo commune.
    pool = list(Case.objects.filter(commune=commune, status=CaseStatus.IN_REVIEW).select_related("subject").order_by("pk"))
    for case in pool:
        subject = case.subject
        if subject.category != Category.PRISON_RELEASED or not subject.clock_start_date:
            # Make the demo loans lawful: completed a prison sentence within the window.
            subject.category = Category.PRISON_RELEASED
            # released before the listing (never after it), within the loan's window
            listed = timezone.localtime(case.opened_at).date()
            subject.clock_start_date = min(today - relativedelta(months=10), listed - dt.timedelta(days=3))
            subject.main_penalty, subject.sentence_months = "prison", 72  # expunged 3 years after (Điều 70)
            case_services.save_with_history(subject, actor=front, reason="Dữ liệu mẫu")
    i = 0
    for type_ in ReferralType.values:
        for status in STATUSES:
            case = pool[i % len(pool)]
            i += 1
            extra = {"loan_purpose": "production", "loan_amount_requested": 60_000_000} if type_ == ReferralType.LOAN else {}
            referral = services.create_referral(
                case,
                actor=front,
                type=type_,
                needs=f"Nhu cầu: {ReferralType(type_).label.lower()}",
                skills="Có sức khỏe, biết lái xe máy",
                **extra,
            )
            _drive(referral, status, ctx, partners, today)
