"""Reads for reports: which places a user may report on, and the report itself.

A report is built from the grouped rows of reports.indicators.SOURCES (a fixed number of
queries, whatever the number of cases or places), summed up the place tree in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from accounts.models import Role
from accounts.selectors import user_scope
from areas.models import Commune, Province, ResidentialArea, with_kind
from cases.models import NON_TERMINAL_STATES
from reports.indicators import (
    INDICATORS,
    LEVELS,
    NATION,
    SOURCES,
    Indicator,
    PlaceRef,
    derive,
    states_at_end,
)
from reports.periods import Period
from reports.policy import REPORT_ROLES, may_see_reports, place_allowed  # noqa: F401  (the access rule lives in policy)

# --- places and access ----------------------------------------------------------------------------


def _commune_name(kind: str, name: str) -> str:
    return with_kind(Commune.Kind(kind).label, name) if kind in Commune.Kind.values else name


def _area_name(kind: str, name: str) -> str:
    if kind in ResidentialArea.Kind.values and kind != ResidentialArea.Kind.OTHER:
        return with_kind(ResidentialArea.Kind(kind).label, name)
    return name


def resolve_place(level: str, code: str) -> PlaceRef | None:
    if level == "nation":
        return NATION
    if level == "province":
        p = Province.objects.filter(code=code).values_list("id", "code", "name").first()
        return PlaceRef("province", *p) if p else None
    if level == "commune":
        c = Commune.objects.filter(code=code).values_list("id", "code", "kind", "name").first()
        return PlaceRef("commune", c[0], c[1], _commune_name(c[2], c[3])) if c else None
    if level == "area":
        a = ResidentialArea.objects.filter(code=code).values_list("id", "code", "kind", "name").first()
        return PlaceRef("area", a[0], a[1], _area_name(a[2], a[3])) if a else None
    return None


def find_place(code: str | None) -> PlaceRef | None:
    """A place by code at any level (province first), for the command line."""
    if not code:
        return NATION
    for level in ("province", "commune", "area"):
        place = resolve_place(level, code)
        if place:
            return place
    return None


def report_roots(user) -> list[PlaceRef]:
    """The places a user's reports start from: the nation for an administrator, each province
    of a province officer, each commune of a commune front officer or police officer, each khu
    dân cư of a committee head."""
    scope = user_scope(user)
    roots: list[PlaceRef] = []
    if scope.has(Role.ADMIN):
        roots.append(NATION)
    for pid, code, name in Province.objects.filter(pk__in=scope.province_ids).values_list("id", "code", "name"):
        roots.append(PlaceRef("province", pid, code, name))
    communes = scope.front_commune_ids | scope.police_commune_ids
    for cid, code, kind, name in Commune.objects.filter(pk__in=communes).values_list("id", "code", "kind", "name"):
        roots.append(PlaceRef("commune", cid, code, _commune_name(kind, name)))
    # A committee head: his khu dân cư (those of a commune he already reports on add nothing).
    areas = ResidentialArea.objects.filter(pk__in=scope.head_area_ids).exclude(commune_id__in=communes)
    for aid, code, kind, name in areas.values_list("id", "code", "kind", "name").order_by("name"):
        roots.append(PlaceRef("area", aid, code, _area_name(kind, name)))
    return roots


def parent_of(place: PlaceRef) -> PlaceRef | None:
    if place.level == "area":
        c = ResidentialArea.objects.filter(pk=place.id).values_list("commune__code").first()
        return resolve_place("commune", c[0]) if c else None
    if place.level == "commune":
        p = Commune.objects.filter(pk=place.id).values_list("province__code").first()
        return resolve_place("province", p[0]) if p else None
    if place.level == "province":
        return NATION
    return None


def child_level(level: str) -> str | None:
    i = LEVELS.index(level)
    return LEVELS[i + 1] if i + 1 < len(LEVELS) else None


# --- the report -----------------------------------------------------------------------------------


@dataclass
class PlaceFigures:
    place: PlaceRef
    parent_key: tuple | None
    sort_key: tuple
    counts: Counter = field(default_factory=Counter)
    previous: Counter = field(default_factory=Counter)

    def value(self, indicator: Indicator):
        return indicator.value(self.counts)

    def previous_value(self, indicator: Indicator):
        return indicator.value(self.previous)

    def rows(self) -> list[dict]:
        from reports.definitions import definition

        out = []
        for ind in INDICATORS:
            value = ind.value(self.counts)
            out.append(
                {
                    "indicator": ind,
                    "key": ind.key,
                    "label": str(ind.label),
                    "section": str(ind.section),
                    "value": value,
                    "previous": ind.value(self.previous),
                    "target": ind.target_value(),
                    "met": ind.met(value),
                    "is_share": ind.is_share,
                    "kind": ind.kind,
                    "definition": definition(ind),
                }
            )
        return out


@dataclass
class Report:
    period: Period
    previous_period: Period
    root: PlaceRef
    grain: str
    places: dict[tuple, PlaceFigures]

    @property
    def root_figures(self) -> PlaceFigures:
        return self.places[self.root.key]

    def level(self, level: str) -> list[PlaceFigures]:
        return sorted((f for f in self.places.values() if f.place.level == level), key=lambda f: f.sort_key)

    def children(self, place: PlaceRef | None = None) -> list[PlaceFigures]:
        key = (place or self.root).key
        return sorted((f for f in self.places.values() if f.parent_key == key), key=lambda f: f.sort_key)

    def levels(self) -> list[str]:
        """The levels below the root present in this report, top down."""
        return LEVELS[LEVELS.index(self.root.level) + 1 : LEVELS.index(self.grain) + 1]


def _load_places(root: PlaceRef, grain: str) -> dict[tuple, PlaceFigures]:
    places = {root.key: PlaceFigures(root, None, (root.name,))}
    depth = LEVELS.index(grain)
    province_sort: dict[int, tuple] = {}
    commune_sort: dict[int, tuple] = {}
    if root.level == "nation" and depth >= 1:
        for pid, code, name in Province.objects.values_list("id", "code", "name"):
            places[("province", pid)] = PlaceFigures(PlaceRef("province", pid, code, name), root.key, (name, code))
            province_sort[pid] = (name, code)
    if root.level in ("nation", "province") and depth >= 2:
        qs = Commune.objects.values_list("id", "code", "kind", "name", "province_id")
        if root.level == "province":
            qs = qs.filter(province_id=root.id)
        for cid, code, kind, name, pid in qs:
            parent = ("province", pid) if root.level == "nation" else root.key
            sort = (*province_sort.get(pid, ()), name, code)
            places[("commune", cid)] = PlaceFigures(PlaceRef("commune", cid, code, _commune_name(kind, name)), parent, sort)
            commune_sort[cid] = sort
    if root.level != "area" and depth >= 3:
        qs = ResidentialArea.objects.values_list("id", "code", "kind", "name", "commune_id")
        qs = qs.filter(**{"province": {"commune__province_id": root.id}, "commune": {"commune_id": root.id}}.get(root.level, {}))
        for aid, code, kind, name, cid in qs:
            parent = ("commune", cid) if root.level != "commune" else root.key
            sort = (*commune_sort.get(cid, ()), name, code)
            places[("area", aid)] = PlaceFigures(PlaceRef("area", aid, code, _area_name(kind, name)), parent, sort)
    return places


def _accumulate(places: dict[tuple, PlaceFigures], root: PlaceRef, period: Period, grain: str, attr: str) -> None:
    below = LEVELS[LEVELS.index(root.level) + 1 :]
    # Rows sharing their places (a source yields one per state, category, type, ...) are summed
    # first, so each place below the root is updated once per distinct set of places.
    by_places: dict[tuple, Counter] = {}
    for source in SOURCES:
        for keys, counts in source(period, root, grain):
            key = tuple(keys.get(level) for level in below)
            if key in by_places:
                by_places[key].update(counts)
            else:
                by_places[key] = Counter(counts)
    root_counts = getattr(places[root.key], attr)
    for key, counts in by_places.items():
        root_counts.update(counts)
        for level, pid in zip(below, key, strict=True):
            if pid is None:
                continue
            node = places.get((level, pid))
            if node is not None:
                getattr(node, attr).update(counts)
    for node in places.values():
        derive(getattr(node, attr))


def build_report(root: PlaceRef, period: Period, *, grain: str | None = None, with_previous: bool = True) -> Report:
    """Indicators for `root` and every place below it down to `grain` (default: the level
    right below the root), for `period` and the previous period."""
    grain = grain or child_level(root.level) or root.level
    if LEVELS.index(grain) < LEVELS.index(root.level):
        grain = root.level
    places = _load_places(root, grain)
    _accumulate(places, root, period, grain, "counts")
    previous = period.previous()
    if with_previous:
        _accumulate(places, root, previous, grain, "previous")
    return Report(period, previous, root, grain, places)


def state_series(root: PlaceRef, dates: list[dt.date]) -> list[tuple[dt.date, Counter]]:
    """Cases under management by state at each date: one grouped query per date."""
    out = []
    for day in dates:
        end = Period("custom", "", day, day).end_before
        counts = states_at_end(end, root)
        out.append((day, Counter({state: n for state, n in counts.items() if state in NON_TERMINAL_STATES})))
    return out
