"""A mentor refers a person for a job, the labour officer accepts it and records the
placement, then the follow-up and closing: the case goes supported, then in_review."""

from pathlib import Path

import pytest
from django.utils import timezone

from support.models import Partner, PartnerKind

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.mark.browser
def test_a_mentor_refers_for_a_job_and_the_labour_officer_places_follows_up_and_closes(live_server, browser_login, world, make_case):
    ARTIFACTS.mkdir(exist_ok=True)
    case = make_case("in_review", offence_summary="XYZZY-OFFENCE")
    Partner.objects.create(name="Công ty May Hoàn Sơn", kind=PartnerKind.EMPLOYER, commune=world.commune)
    base = live_server.url
    page = browser_login("mentor")
    page.goto(f"{base}/cases/{case.pk}/")
    page.click("text=Đề nghị hỗ trợ")
    page.select_option("select[name=type]", "job")
    page.fill("textarea[name=needs]", "Cần việc làm ổn định gần nhà")
    page.fill("textarea[name=skills]", "Biết may công nghiệp")
    page.click("button[name=send]")
    assert "Đang hỗ trợ" in page.inner_text(".page-head")
    page.screenshot(path=str(ARTIFACTS / "referral-1-mentor-sent.png"), full_page=True)

    page = browser_login("labour")
    page.goto(f"{base}/support/")
    page.click(f"text={case.subject.full_name}")
    assert "XYZZY-OFFENCE" not in page.content()
    page.click("button:has-text('Tiếp nhận')")
    page.click("text=Ghi kết quả")
    page.select_option("select[name=result]", "achieved")
    page.select_option("select[name=partner]", label="Công ty May Hoàn Sơn")
    page.fill("input[name=position]", "Công nhân may")
    page.fill("input[name=start_date]", timezone.localdate().strftime("%d/%m/%Y"))
    page.fill("input[name=monthly_wage]", "6500000")
    page.click("button:has-text('Lưu')")
    assert "6.500.000 ₫" in page.content()
    page.screenshot(path=str(ARTIFACTS / "referral-2-labour-placed.png"), full_page=True)
    assert page.goto(f"{base}/cases/{case.pk}/").status == 404

    page.goto(f"{base}/support/")
    page.click(f"text={case.subject.full_name}")
    page.click("text=Ghi kết quả theo dõi")
    page.check("input[name=still_active][value='1']")
    page.click("button:has-text('Lưu')")
    page.click("button:has-text('Kết thúc đề nghị')")
    assert "Đã kết thúc" in page.inner_text(".page-head")

    page = browser_login("mentor")
    page.goto(f"{base}/cases/{case.pk}/")
    assert "Đang giúp đỡ" in page.inner_text(".page-head")
    assert "Công nhân may" in page.content()
    page.screenshot(path=str(ARTIFACTS / "referral-3-case-back-in-review.png"), full_page=True)
    case.refresh_from_db()
    assert case.status == "in_review"
    moves = [t for t in case.events.values_list("transition", flat=True) if not t.startswith("referral_")]
    assert moves[-2:] == ["open_support", "close_support"]
