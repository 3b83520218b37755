"""Which places a report lists: the root's direct children always (figures or not); deeper
places only when some source has figures for them, with their parents."""

from __future__ import annotations

from areas.models import Commune, ResidentialArea
from reports.indicators import NATION
from reports.periods import parse_period
from reports.selectors import build_report, resolve_place
from reports.tests.helpers import Story

Q1 = parse_period("2026Q1")


def test_places_without_case_figures_below_the_roots_children_show_zero_and_the_figures_still_add_up(world):
    empty_commune = Commune.objects.create(province=world.province, code="EMPTY-C", name="Trống")
    empty_area = ResidentialArea.objects.create(commune=empty_commune, code="EMPTY-A", name="Khu trống")
    Story(world).listed("2026-02-01")
    report = build_report(NATION, Q1, grain="area")
    # A place with no figures at all is left out; since the plan's registries (community) count
    # every khu dân cư as the denominator of their shares, a khu dân cư always has one, and is
    # listed with no case figures.
    assert report.places[("area", empty_area.pk)].counts.get("active", 0) == 0
    assert report.places[("commune", empty_commune.pk)].counts.get("active", 0) == 0
    assert ("area", world.area.pk) in report.places and ("commune", world.commune.pk) in report.places
    assert report.root_figures.counts["active"] == 1
    assert report.places[("province", world.province.pk)].counts["active"] == 1

    province = build_report(resolve_place("province", world.province.code), Q1)  # its communes: all listed
    assert {f.place.code for f in province.children()} >= {"EMPTY-C", world.commune.code}
    assert province.places[("commune", empty_commune.pk)].counts["managed"] == 0
    commune = build_report(resolve_place("commune", empty_commune.code), Q1)
    assert [f.place.code for f in commune.children()] == ["EMPTY-A"]


def test_each_place_gets_figures_of_its_own_with_the_derived_counts_and_the_rolled_up_totals_stay_as_they_were():
    """_places makes every place's Counter from the rolled-up totals: a copy with the derived
    counts added (the national workbook passes the provinces' totals on to the nation's report,
    so a place's figures must not write into them), and an empty one where a place has none."""
    from collections import Counter

    from reports.selectors import _figures

    totals = {"active": 3, "ended": 2, "rated": 4}
    figures = _figures(totals)
    assert isinstance(figures, Counter)
    assert figures == Counter(active=3, ended=2, rated=4, managed=5, not_rated=1)
    assert totals == {"active": 3, "ended": 2, "rated": 4}
    figures["active"] += 1
    assert totals["active"] == 3
    assert _figures(None) == Counter(managed=0, not_rated=0)
    assert _figures({})["missing"] == 0


def test_a_reports_places_are_in_vietnamese_alphabetical_order(world):
    """By code point, "Bảo Đài" came after "Biên Sơn" and every "Đ…" after "Y…"."""
    names = ["Yên Lư", "Đông Phong", "Biên Sơn", "Bảo Đài", "Dương Đức"]
    for i, name in enumerate(names):
        commune = Commune.objects.create(province=world.province, code=f"VN-{i}", name=name)
        ResidentialArea.objects.create(commune=commune, code=f"VN-{i}-2", name="Thôn 2")
        ResidentialArea.objects.create(commune=commune, code=f"VN-{i}-10", name="Thôn 10")
        ResidentialArea.objects.create(commune=commune, code=f"VN-{i}-Đ", name="Đồng Quang")
    province = build_report(resolve_place("province", world.province.code), Q1)
    listed = [f.place.code for f in province.children() if f.place.code.startswith("VN-")]
    assert listed == ["VN-3", "VN-2", "VN-4", "VN-1", "VN-0"]  # Bảo Đài, Biên Sơn, Dương Đức, Đông Phong, Yên Lư
    commune = build_report(resolve_place("commune", "VN-1"), Q1)
    assert [f.place.code for f in commune.children()] == ["VN-1-Đ", "VN-1-2", "VN-1-10"]  # Đồng Quang, Thôn 2, Thôn 10
