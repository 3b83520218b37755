"""Prints what the head's approval of a review that graduates a case costs: the queries of
the one POST (the path a reader follows is in the issue 10 note). A figure, not a timed test."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import ASSESSMENT
from workflows import services

pytestmark = pytest.mark.benchmark


def test_print_the_queries_of_a_head_approving_a_graduation(make_case, open_review, review_task, world, client, settings):
    settings.DONG_HANH = {**settings.DONG_HANH, "GRADUATION_PROGRESS_REVIEWS": 1}
    case = make_case("in_review")
    review = open_review(case)
    services.save_assessment(review, actor=world.mentor.user, data={**ASSESSMENT, "recommendation": "graduate"}, submit=True)
    client.force_login(world.head)
    url = reverse("workflows:review_task", args=[review_task(review, "decide").pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(url, {"decision": "approve"})
    case.refresh_from_db()
    assert response.status_code == 302 and case.status == "graduated"
    writes = sum(1 for q in ctx.captured_queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"})
    print(f"\nhead approves a graduating review: {len(ctx.captured_queries)} queries ({writes} writes) on {connection.vendor}")
