"""The dashboards of the nation and of a province, shown from their last build.

Such a dashboard sums every case of its place: at 1,000,000 cases the nation's page took
10-15 s in the request (this and the previous period, six state ends for its chart) and a
province's 2-3 s, while a commune's takes a fifth of a second whatever the country's size.
So the figures of a nation's or a province's page are built, stored (reports.DashboardBuild:
counts only, one row per place and period) and shown with the time they were built
("Số liệu tính lúc …"):

* the first time a province and period is asked for, built in the request (there is nothing
  older to show); the nation's first build runs in the background, the page saying so, with a
  link to load it again (at 1,000,000 cases the build takes 16-22 s);
* once older than DONG_HANH["DASHBOARD_MAX_AGE_MINUTES"], built again in the background
  while the page shows the older figures and says they are being refreshed; one refresh at
  a time per place and period (claimed by one UPDATE: two viewers start one), and a refresh
  started more than REFRESH_GIVE_UP_MINUTES ago is taken as lost (its worker was killed);
* the person reading may ask for a refresh (the page's button: `refresh`);
* every morning, the current half-year (the default period) of the nation and of every
  province, by the build_dashboards command (Celery beat, after the period ends close), so
  the page a province officer opens first is already built.

A stored build whose indicators are not today's (a release added one) is built again in the
request. Communes' and khu dân cư's pages stay live; exports and submitted reports are always
made from the live data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from areas.models import Province
from config import background
from reports.indicators import INDICATORS, NATION, PlaceRef
from reports.models import DashboardBuild
from reports.periods import Period, parse_period, quarter_ends_until
from reports.selectors import PlaceFigures, Report, _figures, build_report, resolve_place, state_series
from reports.submissions import _plain  # the non-zero counts, as a submission keeps them

log = logging.getLogger(__name__)

STORED_LEVELS = ("nation", "province")
FIRST_BUILD_IN_BACKGROUND = ("nation",)
REFRESH_GIVE_UP_MINUTES = 30
SERIES_ENDS = 6  # the state chart's quarter ends


def stored(place: PlaceRef) -> bool:
    return place.level in STORED_LEVELS


def _fingerprint() -> str:
    """The indicators a build holds figures for: a build made before a release that changed
    them is not shown."""
    return hashlib.sha1(",".join(i.key for i in INDICATORS).encode()).hexdigest()[:12]


def data_of(report: Report, series: list[tuple[dt.date, Counter]]) -> dict:
    """What the page needs of a report, as JSON: the root's and each child's counts of both
    periods, in the page's order, and the state chart's series."""
    root = report.root_figures
    return {
        "indicators": _fingerprint(),
        "grain": report.grain,
        "root": {"counts": _plain(root.counts), "previous": _plain(root.previous)},
        "children": [
            {
                "level": f.place.level,
                "id": f.place.id,
                "code": f.place.code,
                "name": str(f.place.name),
                "sort": list(f.sort_key),
                "counts": _plain(f.counts),
                "previous": _plain(f.previous),
            }
            for f in report.children()
        ],
        "series": [[day.isoformat(), dict(counts)] for day, counts in series],
    }


def restore(data: dict, root: PlaceRef, period: Period) -> tuple[Report, list[tuple[dt.date, Counter]]]:
    """The report and series a build holds (the inverse of data_of)."""
    previous = period.previous()
    places = {root.key: PlaceFigures(root, None, (root.name,), _figures(data["root"]["counts"]), _figures(data["root"]["previous"]))}
    for child in data["children"]:
        ref = PlaceRef(child["level"], child["id"], child["code"], child["name"])
        places[ref.key] = PlaceFigures(ref, root.key, tuple(child["sort"]), _figures(child["counts"]), _figures(child["previous"]))
    series = [(dt.date.fromisoformat(day), Counter(counts)) for day, counts in data["series"]]
    return Report(period, previous, root, data["grain"], places), series


def build(place: PlaceRef, period: Period) -> tuple[DashboardBuild, Report, list]:
    """Build the page's figures from the live data and store them (the place and period's row,
    overwritten; a refresh under way is over)."""
    started, clock = timezone.now(), time.perf_counter()
    report = build_report(place, period)
    series = state_series(place, quarter_ends_until(period.end, SERIES_ENDS))
    row, _created = DashboardBuild.objects.update_or_create(
        place_level=place.level,
        place_code=place.code,
        period=period.code,
        defaults={
            "data": data_of(report, series),
            "built_at": started,
            "seconds": time.perf_counter() - clock,
            "refresh_started_at": None,
            "failed_at": None,
        },
    )
    return row, report, series


def _max_age() -> dt.timedelta:
    return dt.timedelta(minutes=int(settings.DONG_HANH.get("DASHBOARD_MAX_AGE_MINUTES", 60)))


@dataclass
class Shown:
    """What a nation's or a province's page shows: the build, its report and series (None and
    [] while the first build of a nation's page is under way), whether a newer build is under
    way, and whether the last one failed (none under way)."""

    row: DashboardBuild
    report: Report | None
    series: list
    refreshing: bool
    failed: bool


def _lately(moment: dt.datetime | None, now: dt.datetime) -> bool:
    """Within the last REFRESH_GIVE_UP_MINUTES: a refresh started then is still under way, a
    failure then is not retried by itself."""
    return moment is not None and moment >= now - dt.timedelta(minutes=REFRESH_GIVE_UP_MINUTES)


def dashboard(place: PlaceRef, period: Period, *, now: dt.datetime | None = None) -> Shown:
    """A nation's or a province's page: its last build, refreshed in the background when old.
    Never built (or built for other indicators): a province's is built in the request; the
    nation's, which takes tens of seconds at national scale (close to the web server's
    timeout as the country grows), in the background, the page saying so meanwhile. After a
    failed build nothing starts again by itself for REFRESH_GIVE_UP_MINUTES; the reader may ask."""
    now = now or timezone.now()
    row = DashboardBuild.objects.filter(place_level=place.level, place_code=place.code, period=period.code).first()
    usable = row is not None and row.data.get("indicators") == _fingerprint()
    if not usable and place.level not in FIRST_BUILD_IN_BACKGROUND:
        row, report, series = build(place, period)
        return Shown(row, report, series, refreshing=False, failed=False)
    if row is None:
        row, _created = DashboardBuild.objects.get_or_create(
            place_level=place.level, place_code=place.code, period=period.code, defaults={"data": {}, "built_at": now}
        )
    running = _lately(row.refresh_started_at, now)
    if not running and not _lately(row.failed_at, now) and (not usable or row.built_at < now - _max_age()):
        running = refresh(place, period, now=now)
    report, series = restore(row.data, place, period) if usable else (None, [])
    return Shown(row, report, series, refreshing=running, failed=row.failed_at is not None and not running)


def refresh(place: PlaceRef, period: Period, *, now: dt.datetime | None = None) -> bool:
    """Build the place and period's figures again in the background, unless a refresh is
    under way already; True when one is (started now or before). Nothing to refresh (never
    built): False."""
    now = now or timezone.now()
    lost = now - dt.timedelta(minutes=REFRESH_GIVE_UP_MINUTES)
    rows = DashboardBuild.objects.filter(place_level=place.level, place_code=place.code, period=period.code)
    if not rows.exists():
        return False
    claimed = rows.filter(Q(refresh_started_at__isnull=True) | Q(refresh_started_at__lt=lost)).update(refresh_started_at=now)
    if claimed:
        _start(place, period)
    return True


def _start(place: PlaceRef, period: Period) -> None:
    if settings.CELERY_BROKER_URL:
        from reports.tasks import build_dashboard_task

        transaction.on_commit(lambda: build_dashboard_task.delay(place.level, place.code, period.code))
        return
    background.start_after_commit(lambda: run_refresh(place.level, place.code, period.code), name=f"dashboard-{place.level}-{place.code}")


def run_refresh(level: str, code: str, period_code: str) -> None:
    """A background refresh (Celery task or thread). A failure is logged and noted on the row
    (the page says so, with the older figures when there are some)."""
    place = resolve_place(level, code)
    if place is None:
        return
    try:
        build(place, parse_period(period_code))
    except Exception:
        log.exception("dashboard build %s:%s %s failed", level, code, period_code)
        DashboardBuild.objects.filter(place_level=level, place_code=code, period=period_code).update(
            refresh_started_at=None, failed_at=timezone.now()
        )
        raise


def build_all(period: Period, *, out=None) -> list[DashboardBuild]:
    """The nation's and every province's figures for `period` (the daily job)."""
    places = [NATION] + [
        PlaceRef("province", pid, pcode, name) for pid, pcode, name in Province.objects.order_by("code").values_list("id", "code", "name")
    ]
    done = []
    for place in places:
        row, _report, _series = build(place, period)
        done.append(row)
        if out:
            out(f"{place.name}: {row.seconds:.1f} s")
    return done
