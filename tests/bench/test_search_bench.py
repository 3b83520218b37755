"""Finding a person among a million: the case list's search and the province lookup on PostgreSQL
with the trigram index on Subject.search_text. Prints timings and the EXPLAIN ANALYZE plans.

Run with `make bench` against PostgreSQL (DH_BENCH_PEOPLE to change the size). Rows are generated
with SQL (generate_series): this measures the search queries, not the services.
"""

from __future__ import annotations

import os
import time

import pytest
from django.db import connection

from areas.search import normalise
from cases import search
from cases.models import Case

N = int(os.environ.get("DH_BENCH_PEOPLE", "1000000"))
PROVINCES, COMMUNES_PER, AREAS_PER = 34, 100, 10
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý", "Phan", "Võ", "Huỳnh"]
MIDDLE = ["Văn", "Thị", "Đức", "Quang", "Minh", "Hữu", "Công", "Ngọc", "Thu", "Kim", "Xuân", "Thanh"]
GIVEN = [
    "Hùng",
    "Dũng",
    "Tuấn",
    "Long",
    "Nam",
    "Sơn",
    "Thắng",
    "Quý",
    "Khánh",
    "Tài",
    "Phong",
    "Hải",
    "Lan",
    "Hương",
    "Mai",
    "Hạnh",
    "Trang",
    "Linh",
    "Nga",
    "Yến",
    "Bình",
    "Cường",
    "Hưng",
    "Phúc",
    "Thành",
    "Trung",
    "Vinh",
    "Hòa",
    "An",
    "Đạt",
]


def _arr(values):
    return "ARRAY[" + ",".join("'" + v + "'" for v in values) + "]"


def generate():
    communes = PROVINCES * COMMUNES_PER
    areas = communes * AREAS_PER
    f, m, g = len(FAMILY), len(MIDDLE), len(GIVEN)
    name = (
        f"({_arr(FAMILY)})[1 + s % {f}] || ' ' || ({_arr(MIDDLE)})[1 + (s / {f}) % {m}] || ' ' || ({_arr(GIVEN)})[1 + (s / {f * m}) % {g}]"
    )
    plain = (
        f"({_arr([normalise(x) for x in FAMILY])})[1 + s % {f}] || ' ' || ({_arr([normalise(x) for x in MIDDLE])})[1 + (s / {f}) % {m}]"
        f" || ' ' || ({_arr([normalise(x) for x in GIVEN])})[1 + (s / {f * m}) % {g}]"
    )
    sql = f"""
    INSERT INTO areas_province (id, code, name, legacy_code) SELECT s, 'P' || s, 'Tỉnh ' || s, '' FROM generate_series(1, {PROVINCES}) s;
    INSERT INTO areas_commune (id, province_id, code, name, kind, legacy_code)
      SELECT s, 1 + (s - 1) / {COMMUNES_PER}, 'C' || s, 'Xã ' || s, 'xa', '' FROM generate_series(1, {communes}) s;
    INSERT INTO areas_residentialarea (id, commune_id, code, name, kind, legacy_code, search_text)
      SELECT s, 1 + (s - 1) / {AREAS_PER}, 'A' || s, 'Thôn ' || s, 'thon', '', ' thon ' || s FROM generate_series(1, {areas}) s;
    INSERT INTO cases_subject (id, full_name, date_of_birth, sex, national_id, area_id, address_detail, phone, category,
        offence_summary, sentence_details, classification, created_at, main_penalty, additional_penalty, offence_gravity,
        category_needs_check, expungement_override_reason, search_text)
      SELECT s, {name}, DATE '1960-01-01' + (s % 15000), 'male', lpad((27000000000 + s)::text, 12, '0'), 1 + s % {areas}, '', '',
        'prison_released', '', '', '', now(), '', '', '', false, '', ' ' || {plain} || ' thon ' || (1 + s % {areas}) || ' ' || lpad((27000000000 + s)::text, 12, '0')
      FROM generate_series(1, {N}) s;
    INSERT INTO cases_case (id, subject_id, area_id, commune_id, status, opened_at, close_reason, graduation_basis, graduation_rule,
        revision)
      SELECT s, s, 1 + s % {areas}, 1 + (s % {areas}) / {AREAS_PER}, 'in_review', now() - (s % 900) * INTERVAL '1 day', '', '', '', 0
      FROM generate_series(1, {N}) s;
    """
    with connection.cursor() as cur:
        cur.execute(sql)
        cur.execute("ANALYZE")


def _explain(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(r[0] for r in cur.fetchall())


def _time(qs, runs=5) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        list(qs.all())  # a fresh evaluation each time (a QuerySet caches its rows)
        best = min(best, time.perf_counter() - started)
    return best * 1000


@pytest.mark.benchmark
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_search_among_a_million_people(capsys):
    started = time.monotonic()
    generate()
    setup = time.monotonic() - started
    commune_cases = Case.objects.filter(commune_id=1).select_related("subject", "area")
    province_cases = Case.objects.filter(commune__province_id=1).select_related("subject", "area", "commune")
    queries = {
        "commune list, 'nguyen van hung'": search.filter_subjects(commune_cases, "Nguyen Van Hung", "subject__").order_by(
            "-opened_at", "-pk"
        )[:25],
        "commune list, 'hung'": search.filter_subjects(commune_cases, "hung", "subject__").order_by("-opened_at", "-pk")[:25],
        "province lookup, 'NGUYỄN văn hùng'": search.filter_subjects(province_cases, "NGUYỄN văn hùng", "subject__").order_by(
            "subject__full_name"
        )[:20],
        "nation, last digits '0012345'": search.filter_subjects(Case.objects.select_related("subject"), "0012345", "subject__")[:20],
        "nation, 'pham thu hanh'": search.filter_subjects(Case.objects.select_related("subject"), "pham thu hanh", "subject__")[:25],
    }
    with capsys.disabled():
        print(f"\n{N:,} people and cases generated in {setup:.0f} s")
        for label, qs in queries.items():
            print(f"{label}: {_time(qs):.1f} ms (best of 5), {len(list(qs))} rows")
        for label in queries:
            print(f"\nEXPLAIN ANALYZE — {label}\n{_explain(queries[label])}")
