"""Which places a report lists: the root's direct children always (figures or not); deeper
places only when some source has figures for them, with their parents."""

from __future__ import annotations

from areas.models import Commune, ResidentialArea
from reports.indicators import NATION
from reports.periods import parse_period
from reports.selectors import build_report, resolve_place
from reports.tests.helpers import Story

Q1 = parse_period("2026Q1")


def test_empty_places_below_the_roots_children_are_left_out_and_the_figures_still_add_up(world):
    empty_commune = Commune.objects.create(province=world.province, code="EMPTY-C", name="Trống")
    empty_area = ResidentialArea.objects.create(commune=empty_commune, code="EMPTY-A", name="Khu trống")
    Story(world).listed("2026-02-01")
    report = build_report(NATION, Q1, grain="area")
    assert ("commune", empty_commune.pk) not in report.places and ("area", empty_area.pk) not in report.places
    assert ("area", world.area.pk) in report.places and ("commune", world.commune.pk) in report.places
    assert report.root_figures.counts["active"] == 1
    assert report.places[("province", world.province.pk)].counts["active"] == 1

    province = build_report(resolve_place("province", world.province.code), Q1)  # its communes: all listed
    assert {f.place.code for f in province.children()} >= {"EMPTY-C", world.commune.code}
    assert province.places[("commune", empty_commune.pk)].counts["managed"] == 0
    commune = build_report(resolve_place("commune", empty_commune.code), Q1)
    assert [f.place.code for f in commune.children()] == ["EMPTY-A"]
