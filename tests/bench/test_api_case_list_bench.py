"""The API's case list beside the HTML case list, at 100,000 cases of one commune (the commune
front's list: the largest a user has). Run with `make bench` against PostgreSQL; prints the
median of several requests for each, unfiltered and with a name search, and the ratio.
The data is generated with SQL (generate_series), not through the services."""

from __future__ import annotations

import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

CASES = 100_000
RUNS = 7


def _t(name):
    from django.apps import apps

    return apps.get_model(name)._meta.db_table


def generate():
    from accounts.models import Membership, Role, User
    from areas.models import Commune, Province, ResidentialArea

    province = Province.objects.create(code="B1", name="Tỉnh Bench")
    commune = Commune.objects.create(province=province, code="BC1", name="Xã Bench")
    areas = [ResidentialArea.objects.create(commune=commune, code=f"BA{i}", name=f"Thôn {i}") for i in range(20)]
    front = User.objects.create_user(username="bench-front", password="x", full_name="Bench Front")
    Membership.objects.create(user=front, role=Role.COMMUNE_FRONT, commune=commune)
    first_area = areas[0].pk
    with connection.cursor() as cur:
        cur.execute(f"""
        INSERT INTO {_t("cases.Subject")} (id, full_name, date_of_birth, sex, national_id, area_id, address_detail, phone, category,
            offence_summary, sentence_details, classification, created_at, main_penalty, additional_penalty, offence_gravity,
            category_needs_check, expungement_override_reason, search_text)
          SELECT g, 'Người ' || g, DATE '1990-01-01', 'male', lpad(g::text, 12, '0'), {first_area} + g % 20, '', '',
            (ARRAY['prison_released','probation','commune_education','institution_returnee','at_risk'])[1 + g % 5],
            '', '', '', now(), '', '', '', false, '', 'nguoi ' || g || ' thon ' || (g % 20) || ' ' || lpad(g::text, 12, '0')
          FROM generate_series(1, {CASES}) g;
        INSERT INTO {_t("cases.Case")} (id, subject_id, area_id, commune_id, status, opened_at, close_reason, graduation_basis,
            graduation_rule, revision)
          SELECT g, g, {first_area} + g % 20, {commune.pk},
            (ARRAY['identified','assigned','in_review','graduated','closed','escalated'])[1 + g % 6],
            TIMESTAMPTZ '2024-01-01' + (g % 900) * INTERVAL '1 day' + g * INTERVAL '1 second', '', '', '', 0
          FROM generate_series(1, {CASES}) g;
        ANALYZE;
        """)
    return front


def _median(client, path):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return statistics.median(times)


@pytest.mark.benchmark
@pytest.mark.postgres
def test_api_case_list_beside_the_html_list(client, transactional_db):
    from rest_framework.test import APIClient

    from api import services

    front = generate()
    client.force_login(front)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {services.create_token(actor=front, name='bench').raw}")
    print(f"\nAPI case list vs HTML case list, {CASES} cases in one commune (median of {RUNS}):")
    for label, html_path, api_path in [
        ("first page", "/cases/", "/api/v1/cases/"),
        ("name search", "/cases/?q=Người 4242", "/api/v1/cases/?q=Người 4242"),
        ("status filter", "/cases/?status=in_review", "/api/v1/cases/?status=in_review"),
        ("100 rows", "/cases/", "/api/v1/cases/?page_size=100"),
    ]:
        html = _median(client, html_path)
        api_time = _median(api, api_path)
        with CaptureQueriesContext(connection) as ctx:
            api.get(api_path)
        print(
            f"  {label:14s} HTML {html * 1000:7.1f} ms   API {api_time * 1000:7.1f} ms   ratio {api_time / html:4.2f}   "
            f"API queries {len(ctx.captured_queries)}"
        )
