"""Reads for reports: which places a user may report on, and the report itself.

A report is built from the grouped rows of reports.indicators.SOURCES (a fixed number of
queries, whatever the number of cases or places), summed up the place tree in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from accounts.models import Role
from accounts.selectors import user_scope
from areas.models import Commune, Province, ResidentialArea, with_kind
from cases.models import NON_TERMINAL_STATES
from config.vietnamese import sort_key
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
    for aid, code, kind, name in sorted(areas.values_list("id", "code", "kind", "name"), key=lambda row: sort_key(row[3])):
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
    counts: Counter  # this period's, with the derived counts (_figures)
    previous: Counter  # the previous period's

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


def _kind_labels(kinds) -> dict[str, str]:
    """The translated label of each kind of place, looked up once per report (not per place)."""
    return {value: str(label) for value, label in kinds.choices}


def _collect(root: PlaceRef, period: Period, grain: str) -> tuple[dict[tuple, dict], dict[tuple, dict]]:
    """Every source's rows for `period`. A row rolled up in SQL (config.rollup: its keys say
    `at` which place it stands for) goes to that place once: {place key: counts}. Other rows
    are summed per distinct set of places (a source yields one row per state, type, …) for
    `_roll_up`: {(province, commune, area) below the root: counts}."""
    below = LEVELS[LEVELS.index(root.level) + 1 :]
    by_places: dict[tuple, dict] = {}
    placed: dict[tuple, dict] = {root.key: {}}
    for source in SOURCES:
        for keys, counts in source(period, root, grain):
            at = keys.get("at")
            if at is not None:
                key = root.key if at == "root" else (at, keys[at])
                into = placed.get(key)
                if into is None:
                    placed[key] = dict(counts)
                    continue
            else:
                key = tuple(keys.get(level) for level in below)
                into = by_places.get(key)
                if into is None:
                    by_places[key] = dict(counts)
                    continue
            _add_counts(into, counts)
    return by_places, placed


def _add_counts(into: dict, counts: dict) -> None:
    """Add `counts` to `into`, name by name."""
    if into.keys().isdisjoint(counts):
        # another source's counts for the same place (the usual case at national scale: a
        # row per khu dân cư from each source): no name to add up
        into.update(counts)
        return
    for name, n in counts.items():
        into[name] = into.get(name, 0) + n


def _roll_up(collected: tuple[dict[tuple, dict], dict[tuple, dict]], root: PlaceRef) -> dict[tuple, dict]:
    """{place key: counts} for the root and every place below it that some row names: the
    rows rolled up in SQL as they are, plus the other rows summed up the place tree here (a
    row counts at each of its places, e.g. a commune-wide branch at its commune and above
    only). Plain dict additions, once per row and level."""
    by_places, totals = collected
    below = LEVELS[LEVELS.index(root.level) + 1 :]
    root_counts = totals[root.key]
    for key, counts in by_places.items():
        targets = [root_counts]
        for level, pid in zip(below, key, strict=True):
            if pid is not None:
                node = totals.get((level, pid))
                if node is None:
                    node = totals[(level, pid)] = {}
                targets.append(node)
        for name, n in counts.items():
            for into in targets:
                into[name] = into.get(name, 0) + n
    return totals


def _figures(counts: dict | None) -> Counter:
    """A place's counts as a Counter of its own, with the derived ones (a listed place without
    figures gets an empty one). dict.update into an empty Counter copies the counts; Counter's
    own update would add them one by one (a national report down to khu dân cư makes about
    200,000 of these)."""
    figures = Counter()
    if counts:
        dict.update(figures, counts)
    return derive(figures)


def _places(root: PlaceRef, grain: str, current: dict[tuple, dict], before: dict[tuple, dict]) -> dict[tuple, PlaceFigures]:
    """The root, all of its direct children (a page or a workbook lists every one of them,
    figures or not) and, further down, the places that have figures in either period (some
    count not zero in `current` or `before`, {place key: counts}) with their parents, each
    with its counts of both periods. Names and sort keys come from one values query per level;
    PlaceFigures are built only for the places listed, so a national report down to khu dân
    cư over sparse data does not pay for 100,000 empty places."""
    # a place "has figures" when some count is not zero (a source may give every commune a row of zeros)
    wanted = {k for k, v in current.items() if any(v.values())} | {k for k, v in before.items() if any(v.values())}

    def figures(ref: PlaceRef, parent: tuple | None, sort: tuple) -> PlaceFigures:
        return PlaceFigures(ref, parent, sort, _figures(current.get(ref.key)), _figures(before.get(ref.key)))

    places = {root.key: figures(root, None, (root.name,))}
    depth = LEVELS.index(grain)
    child = child_level(root.level)
    commune_names, area_names = _kind_labels(Commune.Kind), _kind_labels(ResidentialArea.Kind)
    province_sort: dict[int, tuple] = {}
    commune_sort: dict[int, tuple] = {}
    if root.level == "nation" and depth >= 1:
        every = child == "province"
        for pid, code, name in Province.objects.values_list("id", "code", "name"):
            province_sort[pid] = (sort_key(name), code)
            if every or ("province", pid) in wanted:
                places[("province", pid)] = figures(PlaceRef("province", pid, code, name), root.key, province_sort[pid])
    if root.level in ("nation", "province") and depth >= 2:
        every = child == "commune"
        qs = Commune.objects.values_list("id", "code", "kind", "name", "province_id")
        if root.level == "province":
            qs = qs.filter(province_id=root.id)
        for cid, code, kind, name, pid in qs:
            sort = (*province_sort.get(pid, ()), sort_key(name), code)
            commune_sort[cid] = sort
            if every or ("commune", cid) in wanted:
                parent = ("province", pid) if root.level == "nation" else root.key
                label = f"{commune_names[kind]} {name}" if kind in commune_names else name
                places[("commune", cid)] = figures(PlaceRef("commune", cid, code, label), parent, sort)
    if root.level != "area" and depth >= 3:
        every = child == "area"
        qs = ResidentialArea.objects.values_list("id", "code", "kind", "name", "commune_id")
        qs = qs.filter(**{"province": {"commune__province_id": root.id}, "commune": {"commune_id": root.id}}.get(root.level, {}))
        for aid, code, kind, name, cid in qs:
            if every or ("area", aid) in wanted:
                parent = ("commune", cid) if root.level != "commune" else root.key
                label = f"{area_names[kind]} {name}" if kind in area_names else name
                places[("area", aid)] = figures(
                    PlaceRef("area", aid, code, label), parent, (*commune_sort.get(cid, ()), sort_key(name), code)
                )
    return places


@contextmanager
def report_session():
    """The report's queries in one read transaction with the session settings a report needs
    on PostgreSQL (SET LOCAL: they end with the transaction): no JIT (compiling the plans of
    these few large queries costs about a second each, more than running them on a commune or
    a province), and the work_mem of settings.DONG_HANH["REPORT_WORK_MEM"] (default 64MB) so
    the grouped joins hash in memory instead of spilling at national scale; and cursors
    planned for all their rows (`cursor_tuple_fraction` 1: PostgreSQL plans a cursor for its
    first tenth by default, and the streamed national queries of province_reports read them
    all)."""
    from django.conf import settings
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        yield
        return

    def set_up() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('jit', 'off', true), set_config('work_mem', %s, true), set_config('cursor_tuple_fraction', '1', true)",
                [settings.DONG_HANH.get("REPORT_WORK_MEM", "64MB")],
            )

    if connection.in_atomic_block:
        # already in a transaction (ATOMIC_REQUESTS, a test): SET LOCAL lasts until its end;
        # no savepoint of our own
        set_up()
        yield
        return
    with transaction.atomic():
        set_up()
        yield


def _rolled_up(root: PlaceRef, period: Period, grain: str) -> dict[tuple, dict]:
    return _roll_up(_collect(root, period, grain), root)


def _collected(root: PlaceRef, period: Period, grain: str) -> dict[tuple, dict]:
    """One period in a report session of its own (a thread of _both_periods)."""
    with report_session():
        return _rolled_up(root, period, grain)


def other_connections_see_the_rows() -> bool:
    """A report's work may go to a thread with a connection of its own: on PostgreSQL (SQLite
    tests share one in-memory database) and outside a transaction, whose rows another
    connection would not see."""
    from django.db import connection

    return connection.vendor == "postgresql" and not connection.in_atomic_block


def _second_connection_allowed() -> bool:
    """A period may be computed in a second thread and connection (unless
    REPORT_PARALLEL_PERIODS is off)."""
    from django.conf import settings

    return other_connections_see_the_rows() and settings.DONG_HANH.get("REPORT_PARALLEL_PERIODS", True)


def _both_periods(root: PlaceRef, period: Period, previous: Period | None, grain: str) -> tuple[dict, dict]:
    """The rolled-up counts of `period` and of `previous` (none when None).

    A report of the nation or a province on PostgreSQL, outside a transaction, computes the
    previous period in a second thread with its own connection while this one computes the
    period: the two periods' queries are independent, and the database runs them on two
    cores (at 1,000,000 cases the national report is about twice its SQL of one period). Each
    query reads its own snapshot, as the queries of one report already do (read committed).
    A commune's or a khu dân cư's report (tens of milliseconds) is not worth a connection,
    and inside a transaction another connection would not see its rows."""
    parallel = previous is not None and root.level in ("nation", "province") and _second_connection_allowed()
    if not parallel:
        with report_session():  # one session for both (its settings are one query)
            return _rolled_up(root, period, grain), (_rolled_up(root, previous, grain) if previous is not None else {})
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def before():
        try:
            return _collected(root, previous, grain)
        finally:
            connections.close_all()  # this thread's connection

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="report") as pool:
        future = pool.submit(before)
        current = _collected(root, period, grain)
        return current, future.result()


def build_report(root: PlaceRef, period: Period, *, grain: str | None = None, with_previous: bool = True) -> Report:
    """Indicators for `root` and every place below it down to `grain` (default: the level
    right below the root), for `period` and the previous period. The root's direct children
    are always listed; deeper places only when they have figures in either period."""
    grain = grain or child_level(root.level) or root.level
    if LEVELS.index(grain) < LEVELS.index(root.level):
        grain = root.level
    previous = period.previous()
    current, before = _both_periods(root, period, previous if with_previous else None, grain)
    return _report(root, grain, period, previous, current, before)


def _report(root: PlaceRef, grain: str, period: Period, previous: Period, current: dict, before: dict) -> Report:
    """The report from the rolled-up counts of both periods ({place key: counts})."""
    return Report(period, previous, root, grain, _places(root, grain, current, before))


class _ProvinceStream:
    """One period's rows of every source for the whole country down to `grain`, read province
    by province (`take`) in the order given: the rolled-up sources from their national
    queries ordered by province (config.rollup.streamed_by), the others (grouped rows, summed
    up the tree in Python) read at once and kept by province (they are a few rows per place
    that has any). `root` sums what the country's row of each source says."""

    def __init__(self, period: Period, provinces: list[PlaceRef], grain: str):
        from config.rollup import streamed_by
        from reports.indicators import NATION

        self.heads: list[list] = []  # [source's iterator, its next row]
        self.unordered: dict[int, dict[tuple, dict]] = {}  # province id: {(commune, area): counts}
        self.root: dict[str, int] = {}
        self.wanted = {p.id for p in provinces}
        self.taken: set[int] = set()
        with streamed_by([p.id for p in provinces]):
            for source in SOURCES:
                rows = iter(source(period, NATION, grain))
                row = next(rows, None)  # runs the source's query, ordered, inside streamed_by
                if row is not None and "at" not in row[0]:
                    for keys, counts in [row, *rows]:
                        self._keep(keys, counts)
                    continue
                self.heads.append([rows, row])

    def _keep(self, keys: dict, counts: dict) -> None:
        _add_counts(self.root, counts)
        province = keys.get("province")
        if province in self.wanted:
            _add_counts(self.unordered.setdefault(province, {}).setdefault((keys.get("commune"), keys.get("area")), {}), counts)

    def finish(self) -> None:
        """Read what is left (rows of provinces not asked for), so that every query's cursor
        ends inside the read transaction."""
        for head in self.heads:
            rows, row = head
            while row is not None:
                if row[0]["at"] == "root":
                    _add_counts(self.root, row[1])
                row = next(rows, None)
            head[1] = None

    def take(self, province: int) -> dict[tuple, dict]:
        """{place key: counts} of the province and every place below it, rolled up as
        _rolled_up(province, …) gives them."""
        placed: dict[tuple, dict] = {("province", province): {}}
        for head in self.heads:
            rows, row = head
            while row is not None:
                keys, counts = row
                at = keys["at"]
                if at == "root":
                    _add_counts(self.root, counts)
                else:
                    pid = keys["province"]
                    if pid in self.taken:
                        raise RuntimeError(f"rows of province {pid} out of order")  # pragma: no cover - guards the SQL order
                    if pid != province and pid in self.wanted:
                        break  # the next province's rows: left for its turn
                    if pid == province:
                        key = (at, keys[at])
                        into = placed.get(key)
                        if into is None:
                            placed[key] = dict(counts)
                        else:
                            _add_counts(into, counts)
                row = next(rows, None)
            head[1] = row
        self.taken.add(province)
        return _roll_up((self.unordered.pop(province, {}), placed), PlaceRef("province", province, "", ""))


def _streamed_takes(period: Period, provinces: list[PlaceRef], grain: str, *, in_thread: bool) -> Iterator[dict[tuple, dict]]:
    """take(province) of a _ProvinceStream for each province in turn, then its root counts.
    `in_thread`: made in a thread of its own, on its own connection and read transaction, at
    most one province ahead (the previous period's queries run beside this period's)."""
    if not in_thread:
        with report_session():
            stream = _ProvinceStream(period, provinces, grain)
            for place in provinces:
                yield stream.take(place.id)
            stream.finish()
            yield stream.root
        return
    from config.background import made_ahead

    yield from made_ahead(lambda: _streamed_takes(period, provinces, grain, in_thread=False), ahead=1, name="report-stream")


def provinces_in_order() -> list[PlaceRef]:
    """The provinces as a national report lists them (by name, then code)."""
    from reports.indicators import NATION

    places = _places(NATION, "province", {}, {})
    return [f.place for f in sorted((f for f in places.values() if f.place.level == "province"), key=lambda f: f.sort_key)]


def province_reports(period: Period, provinces: list[PlaceRef], *, grain: str = "area") -> Iterator[Report]:
    """build_report(province, period, grain=grain) for each of `provinces`, in that order, then
    build_report(NATION, period) (down to provinces) from the same rows; made from national
    queries: each source's query runs once for the whole country and each of the two periods,
    its rows ordered by province and read as they are needed, so that one province's figures
    are held in Python at a time. For the national workbook (issue 12): the 35 province
    reports one by one cost about five times as much per case as the country's queries (each
    scopes every fact table to the province's cases, by index, where the national query
    hashes them once), and the whole country's report down to khu dân cư holds about 470 MB.

    On PostgreSQL outside a transaction (and REPORT_PARALLEL_PERIODS), the previous period is
    read in a second thread and connection, as build_report does. The reports are the same as
    build_report's (reports/tests/test_province_reports.py compares them)."""
    from reports.indicators import NATION

    previous = period.previous()
    before = _streamed_takes(previous, provinces, grain, in_thread=_second_connection_allowed())
    current = _streamed_takes(period, provinces, grain, in_thread=False)
    top_now: dict[tuple, dict] = {}
    top_then: dict[tuple, dict] = {}
    try:
        for place in provinces:
            now, then = next(current), next(before)
            top_now[place.key], top_then[place.key] = now[place.key], then[place.key]
            yield _report(place, grain, period, previous, now, then)
        top_now[NATION.key], top_then[NATION.key] = next(current), next(before)
    finally:
        current.close()
        before.close()
    yield _report(NATION, "province", period, previous, top_now, top_then)


def state_series(root: PlaceRef, dates: list[dt.date]) -> list[tuple[dt.date, Counter]]:
    """Cases under management by state at each date: one grouped query per date."""
    out = []
    with report_session():
        for day in dates:
            end = Period("custom", "", day, day).end_before
            counts = states_at_end(end, root)
            out.append((day, Counter({state: n for state, n in counts.items() if state in NON_TERMINAL_STATES})))
    return out
