"""The category split's data migration (cases 0006) on demo-shaped rows: no case changes meaning
(category, dates and the date management ends stay as they were), every ambiguous row is
flagged for a check, with a history row."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cases", "0004_review_cancelled_status")]
AFTER = [("cases", "0006_flag_legacy_categories_for_check")]
TODAY = dt.date(2026, 12, 1)


def _old_clock_end(row) -> dt.date | None:
    """What the application computed before the split (cases.models, main before issue 11)."""
    if not row["clock_start_date"]:
        return None
    if row["category"] == "prison_released" and row["expungement_years"]:
        return row["clock_start_date"] + relativedelta(years=row["expungement_years"])
    if row["category"] in ("probation", "commune_education") and row["term_months"]:
        return row["clock_start_date"] + relativedelta(months=row["term_months"])
    return None


# Demo-shaped rows (demo/core.py before the split: the categories in turn, prison with 2 or 3
# years, probation with 24 or 12 months, education with 6), plus the oddities the issue found.
ROWS = [
    # (category, clock start, term months, expungement years, classification, expect a flag)
    ("prison_released", TODAY - relativedelta(months=8), None, 3, "A", False),
    ("prison_released", TODAY - relativedelta(years=2, months=2), None, 2, "B", False),
    ("probation", TODAY - relativedelta(months=2), 24, None, "", True),
    ("probation", TODAY - relativedelta(months=13), 12, None, "", True),
    ("commune_education", TODAY - relativedelta(months=2), 6, None, "", False),
    ("institution_returnee", TODAY - relativedelta(months=9), None, None, "", False),
    ("at_risk", TODAY - relativedelta(months=10), None, None, "", False),
    ("prison_released", TODAY - relativedelta(months=11), None, 0, "C", True),  # 0, 4, 7 were accepted by hand
    ("prison_released", TODAY - relativedelta(months=12), None, 4, "", True),
    ("prison_released", TODAY - relativedelta(months=12), None, 7, "", True),
    ("at_risk", None, None, None, "B", True),  # a classification the circular does not cover
]


@pytest.mark.django_db(transaction=True)
def test_the_category_split_keeps_every_meaning_and_flags_the_ambiguous_rows():
    executor = MigrationExecutor(connection)
    try:
        _check_the_split(executor)
    finally:
        # back to the latest schema whatever happened: later tests share this database
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def _check_the_split(executor):
    # The state as migrated: every app's applied migrations, not only the target's dependencies
    # (areas, say, keeps its later columns while cases steps back).
    old_apps = executor.migrate(BEFORE).apps
    Province = old_apps.get_model("areas", "Province")
    Commune = old_apps.get_model("areas", "Commune")
    Area = old_apps.get_model("areas", "ResidentialArea")
    Subject = old_apps.get_model("cases", "Subject")
    province = Province.objects.create(code="27", name="Bắc Ninh")
    commune = Commune.objects.create(province=province, code="10001", name="Hoàn Sơn")
    area = Area.objects.create(commune=commune, code="10001-01", name="Đông Sơn")
    ids = []
    for i, (category, start, term, years, cls, _flag) in enumerate(ROWS):
        ids.append(
            Subject.objects.create(
                full_name=f"Người {i}",
                date_of_birth=dt.date(1985, 1, 1),
                sex="male",
                area=area,
                category=category,
                clock_start_date=start,
                term_months=term,
                expungement_years=years,
                classification=cls,
            ).pk
        )
    before = {row["id"]: row for row in Subject.objects.values()}

    executor = MigrationExecutor(connection)
    new_apps = executor.migrate(AFTER).apps
    NewSubject = new_apps.get_model("cases", "Subject")
    History = new_apps.get_model("cases", "HistoricalSubject")

    from cases import legal
    from cases.models import Subject as LiveSubject

    for pk, (category, _start, _term, years, cls, flag) in zip(ids, ROWS, strict=True):
        row = NewSubject.objects.values().get(pk=pk)
        old = before[pk]
        for name in ("category", "clock_start_date", "term_months", "classification", "full_name"):
            assert row[name] == old[name], (pk, name)  # nothing lost or rewritten
        if years == 0:
            assert row["expungement_years"] is None and "0 năm" in row["expungement_override_reason"]
        else:
            assert row["expungement_years"] == years
        assert row["category_needs_check"] is flag, (category, years, cls)
        if years is not None:
            assert row["expungement_override_reason"]  # kept as a hand-entered value, and said so
        # The date management ends is the one the application showed before the split.
        live = LiveSubject(**{k: v for k, v in row.items() if k != "id"})
        assert legal.legal_clock(live).end == _old_clock_end(old), (category, years)
        changed = bool(flag or years is not None)
        assert History.objects.filter(id=pk, history_type="~").exists() is changed
