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


def _t(name):
    from django.apps import apps

    return apps.get_model(name)._meta.db_table


def generate():
    T = {k: _t(k) for k in ("areas.Province", "areas.Commune", "areas.ResidentialArea", "cases.Subject", "cases.Case", "cases.CaseEvent",
                            "mentors.Branch", "mentors.Mentor", "mentors.Assignment", "cases.QuarterlyReview")}
    communes = PROVINCES * COMMUNES_PER
    areas = communes * AREAS_PER
    sql = f"""
    INSERT INTO {T['areas.Province']} (id, code, name, legacy_code)
      SELECT g, 'P' || g, 'Tỉnh ' || g, '' FROM generate_series(1, {PROVINCES}) g;
    INSERT INTO {T['areas.Commune']} (id, province_id, code, name, kind, legacy_code)
      SELECT g, 1 + (g - 1) / {COMMUNES_PER}, 'C' || g, 'Xã ' || g, 'xa', '' FROM generate_series(1, {communes}) g;
    INSERT INTO {T['areas.ResidentialArea']} (id, commune_id, code, name, kind, legacy_code)
      SELECT g, 1 + (g - 1) / {AREAS_PER}, 'A' || g, 'Thôn ' || g, 'thon', '' FROM generate_series(1, {areas}) g;
    INSERT INTO {T['mentors.Branch']} (id, commune_id, area_id, organisation, kind, name, is_active)
      SELECT g, 1 + (g - 1) / {AREAS_PER}, g, 'women', 'chi_hoi', 'Chi hội ' || g, true FROM generate_series(1, {areas}) g;
    INSERT INTO {T['mentors.Mentor']} (id, full_name, kind, commune_id, branch_id, phone, title, is_active)
      SELECT g, 'Người giúp đỡ ' || g, 'branch_member', 1 + (g - 1) / {AREAS_PER}, g, '', '', true FROM generate_series(1, {areas}) g;
    INSERT INTO {T['cases.Subject']} (id, full_name, date_of_birth, sex, national_id, area_id, address_detail, phone, category,
        offence_summary, sentence_details, classification, created_at)
      SELECT g, 'Người ' || g, DATE '1990-01-01', 'male', '', 1 + g % {areas}, '', '',
        (ARRAY['prison_released','probation','commune_education','institution_returnee','at_risk'])[1 + g % 5],
        '', '', (ARRAY['A','B','C','D',''])[1 + g % 5], now() FROM generate_series(1, {CASES}) g;
    -- Cases listed over 2024-2026; state path by g % 6.
    INSERT INTO {T['cases.Case']} (id, subject_id, area_id, commune_id, status, opened_at, closed_at, close_reason, graduation_basis)
      SELECT g, g, 1 + g % {areas}, 1 + (g % {areas}) / {AREAS_PER},
        (ARRAY['identified','assigned','in_review','graduated','closed','escalated'])[1 + g % 6],
        TIMESTAMPTZ '2024-01-01' + (g % 900) * INTERVAL '1 day',
        CASE WHEN g % 6 IN (3, 4) THEN TIMESTAMPTZ '2024-01-01' + (g % 900 + 200) * INTERVAL '1 day' END,
        CASE WHEN g % 6 = 4 THEN (ARRAY['moved','reimprisoned'])[1 + g % 2] ELSE '' END,
        CASE WHEN g % 6 = 3 THEN 'progress' ELSE '' END
      FROM generate_series(1, {CASES}) g;
    INSERT INTO {T['cases.CaseEvent']} (case_id, transition, from_state, to_state, reason, data, created_at)
      SELECT id, 'create', '', 'identified', '', '{{}}', opened_at FROM {T['cases.Case']};
    INSERT INTO {T['cases.CaseEvent']} (case_id, transition, from_state, to_state, reason, data, created_at)
      SELECT id, 'assign', 'identified', 'assigned', '', '{{}}', opened_at + INTERVAL '20 days' FROM {T['cases.Case']} WHERE id % 6 <> 0 AND id % 6 <> 4;
    INSERT INTO {T['cases.CaseEvent']} (case_id, transition, from_state, to_state, reason, data, created_at)
      SELECT id, 'start_mentoring', 'assigned', 'in_review', '', '{{}}', opened_at + INTERVAL '40 days' FROM {T['cases.Case']} WHERE id % 6 IN (2, 3, 5);
    INSERT INTO {T['cases.CaseEvent']} (case_id, transition, from_state, to_state, reason, data, created_at)
      SELECT id, CASE id % 6 WHEN 3 THEN 'graduate' WHEN 4 THEN 'close' ELSE 'escalate' END, '',
        (ARRAY['identified','assigned','in_review','graduated','closed','escalated'])[1 + id % 6], '', '{{}}',
        COALESCE(closed_at, opened_at + INTERVAL '120 days') FROM {T['cases.Case']} WHERE id % 6 IN (3, 4, 5);
    INSERT INTO {T['mentors.Assignment']} (case_id, branch_id, mentor_id, started_at, ended_at)
      SELECT id, area_id, area_id, opened_at + INTERVAL '20 days', closed_at FROM {T['cases.Case']} WHERE id % 6 NOT IN (0, 4);
    INSERT INTO {T['cases.QuarterlyReview']} (case_id, quarter, rating, status, approved_at)
      SELECT id, '2026Q1', (ARRAY['progressing','progressing','not_progressing'])[1 + id % 3], 'approved', TIMESTAMPTZ '2026-04-05'
      FROM {T['cases.Case']} WHERE id % 6 IN (2, 5);
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
        print(f"national report (this and previous period, down to {grain}): {timings[grain]:.2f} s, {len(queries)} queries, "
              f"{len(report.places):,} places, active {report.root_figures.counts['active']:,}")
    with connection.cursor() as cur:
        started = time.perf_counter()
        cur.execute(HAND_WRITTEN, [period.end_before])
        rows = cur.fetchall()
        hand = time.perf_counter() - started
        started = time.perf_counter()
        cur.execute(PLAIN)
        cur.fetchall()
        plain = time.perf_counter() - started
    print(f"hand-written GROUP BY of the state at the period end (LATERAL): {hand:.2f} s ({len(rows):,} rows)")
    print(f"plain GROUP BY of the current status: {plain:.3f} s")
    assert report.root_figures.counts["active"] > 0
