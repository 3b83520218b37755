from __future__ import annotations

import pytest
from django.core.management import call_command

from cases.models import Case, CaseStatus
from mentors.models import Visit
from mentors.selectors import needs_contact_case_ids

pytestmark = pytest.mark.django_db


def test_the_demo_data_has_visits_for_every_case_under_mentoring_some_sensitive_some_overdue(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    under_way = Case.objects.filter(status__in=[CaseStatus.IN_REVIEW, CaseStatus.SUPPORTED, CaseStatus.ESCALATED])
    assert under_way.count() >= 15
    for case in under_way:
        assert Visit.objects.filter(case=case).exists(), case
    assert Visit.objects.exclude(sensitive_note="").count() >= 3
    overdue = needs_contact_case_ids(under_way)
    assert 3 <= len(overdue) < under_way.count()
    assert Case.objects.filter(status=CaseStatus.ASSIGNED).exists()  # awaiting their first contact
    mine = Visit.objects.filter(mentor__user__username="mentor")
    assert mine.exists()
    total = Visit.objects.count()
    print(
        f"demo: {total} visits on {under_way.count()} cases under mentoring, {len(overdue)} overdue, "
        f"{Visit.objects.exclude(sensitive_note='').count()} with a sensitive note"
    )
    call_command("seed_demo", verbosity=0)  # idempotent
    assert Visit.objects.count() == total
