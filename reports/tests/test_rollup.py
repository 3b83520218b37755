"""The roll-up in SQL (config.rollup) gives the same figures at every place as the Python
roll-up of the grain rows: PostgreSQL's GROUP BY ROLLUP, the UNION ALL fallback SQLite runs
(run on PostgreSQL too), and the Python sum up the place tree."""

from __future__ import annotations

import pytest
from django.db import connection

from areas.models import ResidentialArea
from config import rollup
from mentors.models import Branch
from reports.indicators import NATION
from reports.periods import parse_period
from reports.selectors import build_report, resolve_place
from reports.tests.helpers import three_cases

Q1 = parse_period("2026Q1")


@pytest.fixture
def story(world):
    s = three_cases(world)
    # a khu dân cư without cases, and a branch of the whole commune (no khu dân cư): counted
    # at the commune and above only, never as a khu dân cư of its own
    ResidentialArea.objects.create(commune=world.commune, code="EMPTY-1", name="Khu trống")
    Branch.objects.create(commune=world.commune, area=None, organisation="youth", kind="chi_doan", name="Chi đoàn xã", is_active=True)
    return s


def figures(root, grain, mode):
    rollup.MODE = mode
    try:
        report = build_report(root, Q1, grain=grain)
    finally:
        rollup.MODE = None
    # a count of 0 is the same figure as no count (an empty source still gives the root a row of
    # zeros in SQL; the Python sum has no row to add)
    return {key: (nonzero(f.counts), nonzero(f.previous)) for key, f in report.places.items()}


def nonzero(counts) -> dict:
    return {name: n for name, n in counts.items() if n}


MODES = ["python", "union"] + (["rollup"] if connection.vendor == "postgresql" else [])


@pytest.mark.parametrize("grain", ["province", "commune", "area"])
def test_every_way_of_rolling_up_gives_the_same_figures_at_every_place_of_the_nation(story, grain):
    results = {mode: figures(NATION, grain, mode) for mode in MODES}
    reference = results["python"]
    assert reference[NATION.key][0]["active"] == 2  # a mentored, c identified; b closed in Q1
    for mode, result in results.items():
        for key in reference.keys() | result.keys():
            assert result.get(key) == reference.get(key), (mode, key)


def test_a_commune_root_rolls_up_its_khu_dan_cu_and_the_commune_wide_branch(world, story):
    root = resolve_place("commune", world.commune.code)
    results = {mode: figures(root, "area", mode) for mode in MODES}
    for mode, result in results.items():
        assert result == results["python"], mode
    counts, _previous = results["python"][root.key]
    areas = [key for key in results["python"] if key[0] == "area"]
    # the commune counts its khu dân cư's branches and its own; no khu dân cư has the commune's
    assert counts["branches"] == Branch.objects.filter(commune=world.commune, is_active=True).count()
    assert sum(results["python"][key][0].get("branches", 0) for key in areas) == counts["branches"] - 1


def test_the_sql_rollup_names_each_place_once(story):
    """The rows of one source, rolled up: one row per place (and the root once)."""
    from reports.indicators import case_source

    rows = list(case_source(Q1, NATION, "area"))
    places = [(keys["at"], keys.get(keys["at"])) for keys, _counts in rows]
    assert len(places) == len(set(places))
    assert ("root", None) in places
