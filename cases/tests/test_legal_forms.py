"""The listing form with the sentence fields (issue 11): an out-of-range term is refused with a
Vietnamese message naming the law, nothing is saved; the old combined category is not offered."""

from __future__ import annotations

from django.urls import reverse

from cases.models import Case

BASE = {"full_name": "Lý Văn Thử", "date_of_birth": "05/03/1990", "sex": "male", "category": "suspended_sentence"}


def test_a_term_outside_the_legal_range_is_refused_naming_the_law(world, client):
    client.force_login(world.head)
    response = client.post(reverse("cases:create"), {**BASE, "area": world.area.pk, "clock_start_date": "01/06/2026", "term_months": 120})
    page = response.content.decode()
    assert response.status_code == 200 and "Điều 65 Bộ luật Hình sự 2015" in page
    assert not Case.objects.filter(subject__full_name="Lý Văn Thử").exists()


def test_a_sentence_entered_in_the_form_gives_the_computed_clock(world, client):
    client.force_login(world.head)
    data = {
        **BASE,
        "area": world.area.pk,
        "category": "prison_released",
        "clock_start_date": "01/06/2026",
        "main_penalty": "prison",
        "sentence_months": 84,
    }
    response = client.post(reverse("cases:create"), data)
    case = Case.objects.get(subject__full_name="Lý Văn Thử")
    assert response.status_code == 302
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "01/06/2029" in page and "Đương nhiên được xóa án tích" in page  # 7 years of prison → 3 years


def test_the_old_combined_category_is_not_offered_for_a_new_person(world, client):
    client.force_login(world.head)
    page = client.get(reverse("cases:create")).content.decode()
    assert 'value="suspended_sentence"' in page and 'value="probation"' not in page
