"""Reports count people by the classification in force at the period's end (issue 11)."""

from __future__ import annotations

import datetime as dt

from cases import services as case_services
from cases.models import ClassificationRecord
from reports.indicators import INDICATORS_BY_KEY
from reports.periods import parse_period
from reports.selectors import build_report, resolve_place
from reports.tests.helpers import Story


def fig(report, key):
    return report.root_figures.value(INDICATORS_BY_KEY[key])


def test_the_classification_in_force_at_the_period_end_is_counted(world):
    s = Story(world)
    case = s.listed("2025-11-10", classification="B")
    case_services.update_subject(case, actor=world.police, reason="Rà soát quý 2", classification="C")
    # the re-classification took effect on 15/05/2026 (Q2), after Q1 ended
    ClassificationRecord.objects.filter(subject_id=case.subject_id, classification="C").update(set_on=dt.date(2026, 5, 15))
    root = resolve_place("commune", world.commune.code)
    q1 = build_report(root, parse_period("2026Q1"), with_previous=False)
    q2 = build_report(root, parse_period("2026Q2"), with_previous=False)
    assert fig(q1, "cls:B") == 1 and fig(q1, "cls:C") == 0
    assert fig(q2, "cls:C") == 1 and fig(q2, "cls:B") == 0
    history = list(
        ClassificationRecord.objects.filter(subject_id=case.subject_id).order_by("set_on").values_list("classification", "set_by__username")
    )
    assert history == [("B", "front"), ("C", "police")]  # each with who set it
