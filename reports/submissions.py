"""Reads about reports sent up the line: a submission's frozen figures, and for a province and a
period which communes sent, which are late, which are missing, with the figures rolled up
from the snapshots beside the live ones."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from areas.models import Commune
from config.vietnamese import sort_key
from reports.indicators import INDICATORS, derive
from reports.models import ReportSubmission
from reports.periods import Period, send_by

# What a snapshot keeps: the raw counts (so snapshots add up to a province) and the figures
# as the commune saw them, for the commune and each khu dân cư.
SNAPSHOT_VERSION = 1


def _plain(counts: Counter) -> dict:
    return {k: v for k, v in counts.items() if v}


def snapshot(report) -> dict:
    from reports.exports import report_json

    root = report.root_figures
    return {
        "version": SNAPSHOT_VERSION,
        "counts": _plain(root.counts),
        "report": report_json(report),
        "areas": {f.place.code: _plain(f.counts) for f in report.places.values() if f.place.level == "area"},
    }


def figures_of(submission: ReportSubmission) -> list[dict]:
    """The indicators as sent (recomputed from the frozen counts, so later changes to the live
    data never show here)."""
    counts = derive(Counter(submission.figures.get("counts", {})))
    return [{"indicator": ind, "key": ind.key, "label": str(ind.label), "value": ind.value(counts), "kind": ind.kind} for ind in INDICATORS]


def latest_submissions(commune_ids, period: Period) -> dict[int, ReportSubmission]:
    out: dict[int, ReportSubmission] = {}
    qs = ReportSubmission.objects.filter(commune_id__in=commune_ids, period_code=period.code).select_related("submitted_by")
    for s in qs.order_by("commune_id", "-version"):
        out.setdefault(s.commune_id, s)
    return out


def history(commune, period: Period) -> list[ReportSubmission]:
    return list(
        ReportSubmission.objects.filter(commune=commune, period_code=period.code)
        .select_related("submitted_by", "corrects")
        .order_by("-version")
    )


# Status of a commune's report for a period, on a given day.
ON_TIME, LATE, MISSING, NOT_DUE = "on_time", "late", "missing", "not_due"


@dataclass
class CommuneStatus:
    commune: Commune
    latest: ReportSubmission | None
    first: ReportSubmission | None
    versions: int
    status: str


def province_follow_up(province, period: Period, today: dt.date | None = None) -> dict:
    """For each commune of `province`: its latest submission for `period` and whether it came
    on time (first version sent on or before the deadline), late, is missing past the deadline,
    or is not yet due. With the counts rolled up from the latest snapshots."""
    today = today or timezone.localdate()
    deadline = send_by(period)
    communes = sorted(Commune.objects.filter(province=province), key=lambda c: (sort_key(c.name), c.code))
    subs = ReportSubmission.objects.filter(commune__in=communes, period_code=period.code).select_related("submitted_by")
    by_commune: dict[int, list[ReportSubmission]] = {}
    for s in subs.order_by("version"):
        by_commune.setdefault(s.commune_id, []).append(s)
    rows = []
    rolled: Counter = Counter()
    for c in communes:
        versions = by_commune.get(c.pk, [])
        first, latest = (versions[0], versions[-1]) if versions else (None, None)
        if first is not None:
            status = LATE if first.is_late else ON_TIME
            rolled.update(latest.figures.get("counts", {}))
        elif deadline is not None and today > deadline:
            status = MISSING
        else:
            status = NOT_DUE
        rows.append(CommuneStatus(c, latest, first, len(versions), status))
    return {"deadline": deadline, "rows": rows, "rolled_up": derive(rolled), "counts": Counter(r.status for r in rows)}
