"""The number of contacts a quarterly review counts: at most one a day of its quarter (90 to 92
days), refused in Vietnamese beyond that, on the task page and through the service alike;
nothing is saved and the task stays with the mentor."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.errors import DomainError
from cases.models import ReviewStatus
from conftest import ASSESSMENT
from workflows import services


def _post(client, task, **changes):
    return client.post(reverse("workflows:review_task", args=[task.pk]), {**ASSESSMENT, **changes, "action": "submit"})


def test_500_contacts_in_a_quarter_are_refused_on_the_task_page(make_case, open_review, review_task, login, world):
    review = open_review(make_case("in_review"), quarter="2026Q4")
    response = _post(login(world.mentor.user), review_task(review), contacts_count=500)
    assert response.status_code == 200
    assert response.context["form"].errors["contacts_count"] == [
        "Số lần gặp gỡ, liên hệ trong quý: tối đa 92, bằng số ngày của quý 4/2026."
    ]
    review.refresh_from_db()
    assert (review.status, review.contacts_count) == (ReviewStatus.DRAFT, 0)
    assert review_task(review, "draft")  # still the mentor's


def test_one_contact_a_day_of_the_quarter_is_the_most_a_review_counts(make_case, open_review, review_task, world):
    review = open_review(make_case("in_review"), quarter="2027Q1")  # 90 days
    with pytest.raises(DomainError) as err:
        services.save_assessment(review, actor=world.mentor.user, data={"contacts_count": 91}, submit=False)
    assert err.value.field == "contacts_count" and "tối đa 90" in err.value.message
    services.save_assessment(review, actor=world.mentor.user, data={"contacts_count": 90}, submit=False)
    review.refresh_from_db()
    assert review.contacts_count == 90


@pytest.mark.parametrize(("quarter", "days"), [("2026Q1", 90), ("2028Q1", 91), ("2026Q2", 91), ("2026Q3", 92), ("2026Q4", 92)])
def test_the_limit_is_the_number_of_days_of_the_quarter(quarter, days):
    assert services.max_contacts(quarter) == days
