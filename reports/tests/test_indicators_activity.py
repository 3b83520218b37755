"""Visits, referrals, loans and the review backlog on hand-built data with known answers
(period 2026Q1: 01/01–31/03/2026; the previous period is 2025Q4). Built on the `story` of
test_indicators through mentors.services.log_visit and support.services."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import Subject
from reports.indicators import INDICATORS_BY_KEY, NATION
from reports.periods import parse_period
from reports.selectors import build_report, resolve_place
from reports.tests.test_indicators import Q1, commune_report, fig, prev, story  # noqa: F401  (fixture)
from workflows import services as review_services


@pytest.fixture
def partners_on_story(world, story):  # noqa: F811
    from support.models import Partner, PartnerKind

    story.partners = {
        "employer": Partner.objects.create(name="Công ty May Hoàn Sơn", kind=PartnerKind.EMPLOYER, commune=world.commune),
        "bank": Partner.objects.create(name="Điểm giao dịch NHCSXH xã Hoàn Sơn", kind=PartnerKind.BANK_POINT),
    }
    return story


@pytest.fixture
def activity(world, partners_on_story):
    s = partners_on_story
    c1, c4, c7 = s.cases["c1"], s.cases["c4"], s.cases["c7"]
    # Visits. At the end of Q1 (31/03) c1 was seen on 15/03, c4 (escalated) on 20/02; c7 last
    # on 01/11/2025 and c2 never: those two need contact (cadence 30 days).
    s.visit(c7, "2025-11-01")
    s.visit(c1, "2025-12-10")
    s.visit(c1, "2026-01-20")
    s.visit(c1, "2026-03-15")
    s.visit(c4, "2026-02-20")
    s.visit(c1, "2026-04-01", hour="00:30")  # just after the end
    # Referrals: c1 may borrow (released from prison on 01/06/2025).
    Subject.objects.filter(pk=c1.subject_id).update(clock_start_date=dt.date(2025, 6, 1))
    job = s.referral(c1, "job", sent="2026-01-10")
    s.accepted(job, "2026-01-12")
    s.outcome(
        job, "2026-02-01", partner=s.partners["employer"], position="Công nhân may", start_date=dt.date(2026, 2, 1), monthly_wage=6_000_000
    )
    loan = s.referral(c1, "loan", sent="2026-02-01", loan_purpose="production", loan_amount_requested=100_000_000)
    s.accepted(loan, "2026-02-03")
    s.outcome(
        loan,
        "2026-03-06",
        partner=s.partners["bank"],
        amount_approved=100_000_000,
        disbursement_date=dt.date(2026, 3, 5),
        term_months=36,
        confirmation_date=dt.date(2026, 3, 1),
    )
    late_loan = s.referral(c1, "loan", sent="2026-03-20", loan_purpose="production", loan_amount_requested=30_000_000)
    s.accepted(late_loan, "2026-03-25")
    s.outcome(
        late_loan,
        "2026-04-06",
        partner=s.partners["bank"],
        amount_approved=20_000_000,
        disbursement_date=dt.date(2026, 4, 5),
        term_months=24,
        confirmation_date=dt.date(2026, 4, 2),
    )
    training = s.referral(c7, "training", sent="2026-03-01")
    s.declined(training, "2026-03-05")
    counselling = s.referral(c7, "counselling", sent="2025-12-20")
    s.withdrawn(counselling, "2026-01-15")
    job2 = s.referral(c7, "job", sent="2026-02-10")
    s.accepted(job2, "2026-02-12")
    s.outcome(job2, "2026-03-20", result="not_achieved", notes="Không đến phỏng vấn")
    # c7's 2025Q3 review, opened by the review flow (due 15/10/2025), was never approved.
    review_services.open_review(c7, quarter="2025Q3", actor=world.front)
    return s


def test_the_share_contacted_is_over_people_under_management_at_the_end(world, activity):
    r = commune_report(world).root_figures
    assert fig(r, "contacted") == 2  # c1 and c4; not c7 (last seen in 2025) nor c2
    assert fig(r, "contacted_share") == 50.0  # of 4 under management
    assert prev(r, "contacted") == 2  # c1 (10/12) and c7 (01/11) in 2025Q4
    assert prev(r, "contacted_share") == 100.0


def test_visits_are_counted_in_the_period_and_per_mentor_holding_cases(world, activity):
    r = commune_report(world).root_figures
    assert fig(r, "visits") == 3  # 20/01, 15/03, 20/02; not 01/04 00:30
    assert fig(r, "visits_per_mentor") == 3.0  # one mentor holds cases at the end
    assert prev(r, "visits") == 2
    row = next(x for x in r.rows() if x["key"] == "visits_per_mentor")
    assert row["kind"] == "ratio"


def test_people_needing_contact_at_the_end_follow_the_cadence_of_their_category(world, activity, settings):
    assert fig(commune_report(world).root_figures, "needs_contact") == 2  # c2 (never) and c7 (since 01/11)
    # c1 was last seen on 15/03, 17 days before the end: overdue when its category's cadence is 10 days
    settings.DONG_HANH = {**settings.DONG_HANH, "CONTACT_CADENCE_DAYS": {"default": 30, "prison_released": 10}}
    assert fig(commune_report(world).root_figures, "needs_contact") == 3
    # a category missing from the setting falls back to "default"
    settings.DONG_HANH = {**settings.DONG_HANH, "CONTACT_CADENCE_DAYS": {"default": 10}}
    assert fig(commune_report(world).root_figures, "needs_contact") == 3
    settings.DONG_HANH = {**settings.DONG_HANH, "CONTACT_CADENCE_DAYS": {"default": 10, "prison_released": 30}}
    assert fig(commune_report(world).root_figures, "needs_contact") == 2


def test_referrals_sent_in_the_period_are_counted_by_type(world, activity):
    r = commune_report(world).root_figures
    assert fig(r, "ref_sent") == 5
    assert (fig(r, "ref_sent:job"), fig(r, "ref_sent:loan"), fig(r, "ref_sent:training"), fig(r, "ref_sent:counselling")) == (2, 2, 1, 0)
    assert prev(r, "ref_sent") == 1
    assert prev(r, "ref_sent:counselling") == 1


def test_referrals_are_counted_by_the_outcome_reached_in_the_period(world, activity):
    r = commune_report(world).root_figures
    got = {k: fig(r, f"ref_out:{k}") for k in ("placed", "enrolled", "loan", "helped", "not_achieved", "declined", "withdrawn")}
    assert got == {"placed": 1, "enrolled": 0, "loan": 1, "helped": 0, "not_achieved": 1, "declined": 1, "withdrawn": 1}
    q2 = build_report(resolve_place("commune", world.commune.code), parse_period("2026Q2")).root_figures
    assert fig(q2, "ref_out:loan") == 1  # the loan recorded on 06/04


def test_loans_disbursed_in_the_period_and_the_amount_approved(world, activity):
    r = commune_report(world).root_figures
    assert fig(r, "loans") == 1  # the second loan was disbursed on 05/04
    assert fig(r, "loan_amount") == 100_000_000
    row = next(x for x in r.rows() if x["key"] == "loan_amount")
    assert row["kind"] == "amount"
    from reports.templatetags.reports_tags import figure

    assert figure(row["value"], row["kind"]) == "100.000.000 ₫"


def test_the_review_backlog_counts_every_open_review_past_its_due_date_at_the_end(world, activity):
    r = commune_report(world).root_figures
    assert fig(r, "reviews_due") == 2  # unchanged: the 2025Q3 review fell due before the period
    assert fig(r, "reviews_overdue") == 1
    assert fig(r, "reviews_backlog") == 2  # c7's 2025Q3 (due_on 15/10/2025) and 2025Q4 reviews
    assert prev(r, "reviews_backlog") == 1  # at 31/12/2025 only the 2025Q3 review was past due
    assert prev(r, "reviews_due") == 1  # due_on 15/10/2025 falls in 2025Q4


def test_visit_and_referral_figures_roll_up_to_the_province_and_the_nation(world, activity):
    for root in (resolve_place("province", world.province.code), NATION):
        report = build_report(root, Q1, grain="area")
        r = report.root_figures
        assert (fig(r, "visits"), fig(r, "ref_sent"), fig(r, "loan_amount"), fig(r, "needs_contact")) == (3, 5, 100_000_000, 2)
        areas = {f.place.code: f for f in report.level("area")}
        assert fig(areas[world.area.code], "visits") == 3
        assert fig(areas[world.area2.code], "visits") == 0
        assert fig(areas[world.area.code], "contacted_share") == 50.0
        # mentors belong to a commune: per khu dân cư there is nobody to divide by
        assert fig(areas[world.area.code], "visits_per_mentor") is None
        communes = {f.place.code: f for f in report.level("commune")}
        assert fig(communes[world.commune.code], "visits_per_mentor") == 3.0
        assert fig(communes[world.other_commune.code], "ref_sent") == 0


def test_every_new_indicator_is_on_the_report(world, activity):
    keys = {row["key"] for row in commune_report(world).root_figures.rows()}
    assert {
        "contacted_share",
        "visits",
        "visits_per_mentor",
        "needs_contact",
        "ref_sent",
        "ref_out:loan",
        "loans",
        "loan_amount",
        "reviews_backlog",
    } <= keys
    assert INDICATORS_BY_KEY["loan_amount"].kind == "amount"


def test_the_dashboard_shows_the_loan_amount_in_dong_and_the_referral_outcome_chart(world, login, activity):
    response = login(world.front).get(reverse("reports:place", args=["commune", world.commune.code]) + "?period=2026Q1")
    html = response.content.decode()
    assert "100.000.000 ₫" in html
    assert "Đề nghị hỗ trợ theo kết quả" in html
    assert str(response.context["referral_chart"]).count("<rect") == 7  # one bar per outcome
    assert 'data-indicator="visits_per_mentor"' in html and "3,0" in html


def test_the_excel_figures_still_equal_the_dashboard_with_visits_referrals_and_loans(world, login, activity):
    client = login(world.front)
    page = client.get(reverse("reports:place", args=["commune", world.commune.code]) + "?period=2026Q1")
    on_screen = {r["key"]: (r["value"], r["previous"]) for rows in page.context["sections"].values() for r in rows}
    response = client.get(reverse("reports:export", args=["commune", world.commune.code, "xlsx"]) + "?period=2026Q1")
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(wb["Chỉ tiêu"].iter_rows())
    header_at = next(i for i, r in enumerate(rows) if r[0].value == "Mã chỉ tiêu")
    kinds = {ind.key: ind.kind for ind in INDICATORS_BY_KEY.values()}

    def as_shown(key, v):  # shares are real percentages in the workbook (0,625 for 62,5 %)
        return None if v is None else (round(v * 100, 1) if kinds[key] == "share" else v)

    in_file = {r[-1].value: (as_shown(r[-1].value, r[3].value), as_shown(r[-1].value, r[4].value)) for r in rows[header_at + 1 :]}
    assert in_file == on_screen
    assert in_file["loan_amount"] == (100_000_000, 0)
    formats = {r[-1].value: r[3].number_format for r in rows[header_at + 1 :]}
    assert formats["loan_amount"] == '#,##0" ₫"'
    assert formats["contacted_share"] == "0.0%"
    areas = {r[0].value: r for r in wb["Khu dân cư"].iter_rows(min_row=2)}
    header = [c.value for c in next(wb["Khu dân cư"].iter_rows(max_row=1))]
    from reports.exports import indicator_numbers

    col = header.index(f"{indicator_numbers()['visits']} {INDICATORS_BY_KEY['visits'].label}")
    assert areas[world.area.code][col].value == 3


def test_the_pdf_shows_the_loan_amount_in_dong(world, activity):
    from reports.exports import _fmt

    assert _fmt(100_000_000, "amount") == "100.000.000 ₫"
    assert _fmt(2.5, "ratio") == "2,5"
    out = io.BytesIO()
    from reports.exports import write_pdf

    write_pdf(commune_report(world), out)
    assert out.getvalue().startswith(b"%PDF")


def test_a_review_cancelled_before_the_end_is_no_longer_due_but_one_cancelled_after_still_counts(world, activity):
    import datetime as dt

    from cases.models import QuarterlyReview

    review = QuarterlyReview.objects.get(case=activity.cases["c7"], quarter="2025Q3")
    # Cancelled after the end of Q1 2026: at 31/03/2026 it was still open and past due.
    QuarterlyReview.objects.filter(pk=review.pk).update(status="cancelled", cancelled_at=dt.datetime(2026, 4, 10, tzinfo=dt.UTC))
    assert fig(commune_report(world).root_figures, "reviews_backlog") == 2
    # Cancelled within Q1 2026: it no longer counts at the end.
    QuarterlyReview.objects.filter(pk=review.pk).update(cancelled_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
    assert fig(commune_report(world).root_figures, "reviews_backlog") == 1


@pytest.mark.parametrize(
    "cadence", [{"default": 30}, {"default": 30, "prison_released": 10}, {"default": 10}, {"default": 200, "at_risk": 1}]
)
def test_the_reports_count_of_people_needing_contact_is_the_mentors_rule(world, activity, settings, cadence):
    """One definition of "needs contact": the report's SQL (read at the period end) agrees with
    mentors.selectors.needs_contact_case_ids for the same moment, whatever the cadence table."""
    from cases.models import Case
    from mentors.selectors import needs_contact_case_ids
    from reports.periods import custom

    settings.DONG_HANH = {**settings.DONG_HANH, "CONTACT_CADENCE_DAYS": cadence}
    today = dt.date.today()
    period = custom(today.replace(day=1), today)
    report = build_report(resolve_place("commune", world.commune.code), period)
    expected = needs_contact_case_ids(Case.objects.filter(commune=world.commune), at=period_end(period))
    assert fig(report.root_figures, "needs_contact") == len(expected)


def period_end(period):
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min))
