"""National report over a generated dataset (100,000 cases), beside one hand-written GROUP BY.

Run with `make bench` against PostgreSQL. The data is generated with SQL (generate_series),
not through the services: this measures the report's queries, not the lifecycle.
"""

from __future__ import annotations

import time

import pytest
from django.db import connection

from reports.indicators import NATION
from reports.periods import parse_period
from reports.selectors import build_report

PROVINCES, COMMUNES_PER, AREAS_PER, CASES = 34, 20, 5, 100_000
ROUNDS = 5


def _t(name):
    from django.apps import apps

    return apps.get_model(name)._meta.db_table


def generate():
    T = {
        k: _t(k)
        for k in (
            "areas.Province",
            "areas.Commune",
            "areas.ResidentialArea",
            "cases.Subject",
            "cases.Case",
            "cases.CaseEvent",
            "mentors.Branch",
            "mentors.Mentor",
            "mentors.Assignment",
            "cases.QuarterlyReview",
            "mentors.Visit",
            "support.Referral",
            "support.ReferralOutcome",
        )
    }
    from accounts.models import User

    user_id = User.objects.create_user(username="bench", password="x", full_name="Bench").pk
    communes = PROVINCES * COMMUNES_PER
    areas = communes * AREAS_PER
    sql = f"""
    INSERT INTO {T["areas.Province"]} (id, code, name, legacy_code)
      SELECT g, 'P' || g, 'Tỉnh ' || g, '' FROM generate_series(1, {PROVINCES}) g;
    INSERT INTO {T["areas.Commune"]} (id, province_id, code, name, kind, legacy_code)
      SELECT g, 1 + (g - 1) / {COMMUNES_PER}, 'C' || g, 'Xã ' || g, 'xa', '' FROM generate_series(1, {communes}) g;
    INSERT INTO {T["areas.ResidentialArea"]} (id, commune_id, code, name, kind, legacy_code, search_text)
      SELECT g, 1 + (g - 1) / {AREAS_PER}, 'A' || g, 'Thôn ' || g, 'thon', '', 'thon ' || g FROM generate_series(1, {areas}) g;
    INSERT INTO {T["mentors.Branch"]} (id, commune_id, area_id, organisation, kind, name, is_active)
      SELECT g, 1 + (g - 1) / {AREAS_PER}, g, 'women', 'chi_hoi', 'Chi hội ' || g, true FROM generate_series(1, {areas}) g;
    INSERT INTO {T["mentors.Mentor"]} (id, full_name, kind, commune_id, branch_id, phone, title, is_active)
      SELECT g, 'Người giúp đỡ ' || g, 'branch_member', 1 + (g - 1) / {AREAS_PER}, g, '', '', true FROM generate_series(1, {areas}) g;
    INSERT INTO {T["cases.Subject"]} (id, full_name, date_of_birth, sex, national_id, area_id, address_detail, phone, category,
        offence_summary, sentence_details, classification, created_at, main_penalty, additional_penalty, offence_gravity,
        category_needs_check, expungement_override_reason, search_text)
      SELECT g, 'Người ' || g, DATE '1990-01-01', 'male', '', 1 + g % {areas}, '', '',
        (ARRAY['prison_released','probation','commune_education','institution_returnee','at_risk'])[1 + g % 5],
        '', '', (ARRAY['A','B','C','D',''])[1 + g % 5], now(), '', '', '', false, '', 'nguoi ' || g FROM generate_series(1, {CASES}) g;
    -- Cases listed over 2024-2026; state path by g % 6.
    INSERT INTO {T["cases.Case"]} (id, subject_id, area_id, commune_id, status, opened_at, closed_at, close_reason, graduation_basis,
        graduation_rule, revision)
      SELECT g, g, 1 + g % {areas}, 1 + (g % {areas}) / {AREAS_PER},
        (ARRAY['identified','assigned','in_review','graduated','closed','escalated'])[1 + g % 6],
        TIMESTAMPTZ '2024-01-01' + (g % 900) * INTERVAL '1 day',
        CASE WHEN g % 6 IN (3, 4) THEN TIMESTAMPTZ '2024-01-01' + (g % 900 + 200) * INTERVAL '1 day' END,
        CASE WHEN g % 6 = 4 THEN (ARRAY['moved','reimprisoned'])[1 + g % 2] ELSE '' END,
        CASE WHEN g % 6 = 3 THEN 'progress' ELSE '' END, '', 1
      FROM generate_series(1, {CASES}) g;
    INSERT INTO {T["cases.CaseEvent"]} (case_id, transition, from_state, to_state, reason, data, created_at)
      SELECT id, 'create', '', 'identified', '', '{{}}', opened_at FROM {T["cases.Case"]};
    INSERT INTO {T["cases.CaseEvent"]} (case_id, transition, from_state, to_state, reason, data, created_at)
      SELECT id, 'assign', 'identified', 'assigned', '', '{{}}', opened_at + INTERVAL '20 days' FROM {T["cases.Case"]} WHERE id % 6 <> 0 AND id % 6 <> 4;
    INSERT INTO {T["cases.CaseEvent"]} (case_id, transition, from_state, to_state, reason, data, created_at)
      SELECT id, 'start_mentoring', 'assigned', 'in_review', '', '{{}}', opened_at + INTERVAL '40 days' FROM {T["cases.Case"]} WHERE id % 6 IN (2, 3, 5);
    INSERT INTO {T["cases.CaseEvent"]} (case_id, transition, from_state, to_state, reason, data, created_at)
      SELECT id, CASE id % 6 WHEN 3 THEN 'graduate' WHEN 4 THEN 'close' ELSE 'escalate' END, '',
        (ARRAY['identified','assigned','in_review','graduated','closed','escalated'])[1 + id % 6], '', '{{}}',
        COALESCE(closed_at, opened_at + INTERVAL '120 days') FROM {T["cases.Case"]} WHERE id % 6 IN (3, 4, 5);
    INSERT INTO {T["mentors.Assignment"]} (case_id, branch_id, mentor_id, started_at, ended_at)
      SELECT id, area_id, area_id, opened_at + INTERVAL '20 days', closed_at FROM {T["cases.Case"]} WHERE id % 6 NOT IN (0, 4);
    INSERT INTO {T["cases.QuarterlyReview"]} (case_id, quarter, rating, status, approved_at, due_on, opened_at, contacts_count, work,
        family_ties, compliance, support_needs, narrative, recommendation, decision, outcome, decision_comment, revision_count)
      SELECT id, '2026Q1', (ARRAY['progressing','progressing','not_progressing'])[1 + id % 3],
        CASE WHEN id % 4 = 0 THEN 'draft' ELSE 'approved' END, CASE WHEN id % 4 = 0 THEN NULL ELSE TIMESTAMPTZ '2026-04-05' END,
        DATE '2026-04-15', TIMESTAMPTZ '2026-04-01', 2, '', '', '', '', '', '', '', '', '', 0
      FROM {T["cases.Case"]} WHERE id % 6 IN (2, 5);
    -- Visits: every 40 days from the assignment until it ended (or 01/07/2026), at most 10 a case.
    INSERT INTO {T["mentors.Visit"]} (case_id, mentor_id, recorded_by_id, visited_at, mode, place, present, work_study, family_community,
        health, substance_use, compliance, support_needs, notes, sensitive_note, created_at)
      SELECT a.case_id, a.mentor_id, {user_id}, a.started_at + n * INTERVAL '40 days', 'home', '', '', '', '', '', '', '', '', '', '',
        a.started_at + n * INTERVAL '40 days'
      FROM {T["mentors.Assignment"]} a CROSS JOIN generate_series(0, 9) n
      WHERE a.started_at + n * INTERVAL '40 days' < COALESCE(a.ended_at, TIMESTAMPTZ '2026-07-01');
    -- Referrals for the cases that were mentored: every type; sent, then an outcome, declined or withdrawn.
    INSERT INTO {T["support.Referral"]} (id, case_id, commune_id, type, status, needs, skills, loan_purpose, referred_by_id,
        decline_reason, withdraw_reason, close_note, created_at, sent_at, decided_at, outcome_at, ended_at, loan_amount_requested)
      SELECT c.id, c.id, c.commune_id,
        (ARRAY['job','training','loan','social_assistance','paperwork','counselling'])[1 + (c.id / 6) % 6],
        (ARRAY['outcome','declined','withdrawn','sent'])[1 + (c.id / 36) % 4], '', '',
        CASE WHEN (c.id / 6) % 6 = 2 THEN 'production' ELSE '' END, {user_id}, '', '', '',
        c.opened_at + INTERVAL '50 days', c.opened_at + INTERVAL '50 days',
        CASE WHEN (c.id / 36) % 4 IN (0, 1) THEN c.opened_at + INTERVAL '55 days' END,
        CASE WHEN (c.id / 36) % 4 = 0 THEN c.opened_at + INTERVAL '80 days' END,
        CASE WHEN (c.id / 36) % 4 IN (1, 2) THEN c.opened_at + INTERVAL '60 days' END,
        CASE WHEN (c.id / 6) % 6 = 2 THEN 60000000 END
      FROM {T["cases.Case"]} c WHERE c.id % 6 IN (2, 3, 5);
    INSERT INTO {T["support.ReferralOutcome"]} (referral_id, result, position, course, loan_purpose, notes, recorded_at,
        partner_confirmed_via, amount_approved, disbursement_date)
      SELECT r.id, CASE WHEN r.id % 5 = 0 THEN 'not_achieved' ELSE 'achieved' END, '', '', r.loan_purpose, '', r.outcome_at, '',
        CASE WHEN r.type = 'loan' THEN 50000000 END, CASE WHEN r.type = 'loan' THEN (r.outcome_at - INTERVAL '2 days')::date END
      FROM {T["support.Referral"]} r WHERE r.status = 'outcome';
    """
    with connection.cursor() as cur:
        cur.execute(sql)
        cur.execute("ANALYZE")


HAND_WRITTEN = """
SELECT c.area_id, s.category, e.to_state, count(*)
FROM cases_case c
JOIN cases_subject s ON s.id = c.subject_id
JOIN LATERAL (SELECT to_state FROM cases_caseevent e WHERE e.case_id = c.id AND e.created_at < %s AND e.to_state <> ''
              ORDER BY e.created_at DESC, e.id DESC LIMIT 1) e ON true
GROUP BY c.area_id, s.category, e.to_state
"""
PLAIN = "SELECT area_id, status, count(*) FROM cases_case GROUP BY area_id, status"


@pytest.mark.benchmark
@pytest.mark.postgres
def test_the_national_report_beside_a_hand_written_group_by(db):
    started = time.perf_counter()
    generate()
    print(f"\ngenerated {CASES:,} cases in {PROVINCES * COMMUNES_PER * AREAS_PER:,} khu dân cư: {time.perf_counter() - started:.1f} s")
    period = parse_period("2026H1")
    from django.test.utils import CaptureQueriesContext

    timings = {}
    for grain in ("province", "area"):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            report = build_report(NATION, period, grain=grain)
            timings[grain] = time.perf_counter() - started
        print(
            f"national report (this and previous period, down to {grain}): {timings[grain]:.2f} s, {len(queries)} queries, "
            f"{len(report.places):,} places, active {report.root_figures.counts['active']:,}"
        )
    from reports.indicators import SOURCES, case_source
    from reports.selectors import report_session

    with report_session():  # the report's session settings (no JIT, work_mem) for every query below
        for source in SOURCES:
            started = time.perf_counter()
            rows = list(source(period, NATION, "area"))
            print(f"  {source.__name__}: {time.perf_counter() - started:.2f} s ({len(rows):,} rows)")
        c = report.root_figures.counts
        print(
            f"  visits {c['visits']:,}, contacted {c['contacted']:,}, needing contact {c['needs_contact']:,}, referrals sent "
            f"{c['ref_sent']:,}, loans {c['loans']:,} ({c['loan_amount']:,} đồng)"
        )
        # Interleaved rounds, best of each: the machine is shared, so single timings swing.
        best = {"case_source": [], "hand": [], "report": [], "hand_two": []}
        with connection.cursor() as cur:
            for _ in range(ROUNDS):
                started = time.perf_counter()
                list(case_source(period, NATION, "area"))
                best["case_source"].append(time.perf_counter() - started)
                started = time.perf_counter()
                cur.execute(HAND_WRITTEN, [period.end_before])
                rows = cur.fetchall()
                best["hand"].append(time.perf_counter() - started)
                started = time.perf_counter()
                build_report(NATION, period, grain="area")
                best["report"].append(time.perf_counter() - started)
                started = time.perf_counter()
                for p in (period, period.previous()):
                    cur.execute(HAND_WRITTEN, [p.end_before])
                    cur.fetchall()
                best["hand_two"].append(time.perf_counter() - started)
            started = time.perf_counter()
            cur.execute(PLAIN)
            cur.fetchall()
            plain = time.perf_counter() - started
    b = {k: min(v) for k, v in best.items()}
    print(f"best of {ROUNDS} interleaved rounds:")
    print(f"  hand-written GROUP BY of the state at the period end (LATERAL): {b['hand']:.3f} s ({len(rows):,} rows)")
    print(
        f"  case_source (the state and every other fact at the end, one query): {b['case_source']:.3f} s, {b['case_source'] / b['hand']:.2f}x"
    )
    print(
        f"  whole national report down to khu dân cư (two periods, {len(SOURCES)} sources each): {b['report']:.3f} s, "
        f"{b['report'] / b['hand_two']:.2f}x the hand-written query for the same two periods ({b['hand_two']:.3f} s)"
    )
    print(f"  plain GROUP BY of the current status: {plain:.3f} s")
    assert report.root_figures.counts["active"] > 0
