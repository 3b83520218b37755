"""The plan's registry indicators, computed set-based: one grouped query per source, whatever
the number of khu dân cư or records.

Each source has the signature of reports.indicators' sources, source(period, root, grain),
and yields (place keys, additive counts); reports registers them (community sits below
reports and never imports it: `period` needs start, end, start_at and end_before, `root` a
level and an id). INDICATORS lists the figures as plain specs, which reports turns into its
Indicator entries; the targets are keys of settings.DONG_HANH["REPORT_TARGETS"].

What counts:
* "in the year" is the calendar year of the period's end, up to the period's end: the
  commitments of that year signed by then, cadres who attended a session held from 1 January
  to then, the "An toàn về ANTT" recognition of that year.
* States (a model working, a model khu dân cư) are read at the period's end: founded or
  designated by then, not ended by then. The list of cadres has no start date: a cadre
  counts unless ended by the period's end (the list is today's list, as the head keeps it).
* Events (a commitment, an attendance, a recognition, a meeting) that were ended are void: an
  ended commitment no longer counts, nor a revoked recognition.
* Review meetings: the share of (khu dân cư, quarter) pairs, over the calendar quarters the
  period overlaps, for which the Ban Công tác Mặt trận recorded its quarterly meeting.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from areas.models import Commune, ResidentialArea
from community.models import (
    AreaCommitment,
    Cadre,
    CommunityModel,
    HouseholdCommitment,
    ModelArea,
    Occasion,
    Recognition,
    ReviewMeeting,
    SafeRecognition,
    TrainingAttendance,
)
from config.rollup import LEVELS, rolled_up_queryset

Row = tuple[dict[str, int | None], Counter]


def _scope(root, paths: dict[str, str]) -> Q:
    if root.level == "nation":
        return Q()
    return Q(**{paths[root.level]: root.id})


def _group(grain: str, paths: dict[str, str], *, always: tuple[str, ...] = ()) -> list[str]:
    wanted = LEVELS[1 : LEVELS.index(grain) + 1]
    return [paths[level] for level in LEVELS[1:] if level in paths and (level in wanted or level in always)]


def _keys(row: dict, paths: dict[str, str]) -> dict[str, int | None]:
    return {level: row.get(path) for level, path in paths.items()}


def _active_at(end: dt.date) -> Q:
    return Q(ended_on__isnull=True) | Q(ended_on__gt=end)


def period_quarters(period) -> list[str]:
    """The calendar quarters the period overlaps, as 2026Q4."""
    out = []
    year, q = period.start.year, (period.start.month - 1) // 3 + 1
    while (year, q) <= (period.end.year, (period.end.month - 1) // 3 + 1):
        out.append(f"{year}Q{q}")
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return out


# --- sources ------------------------------------------------------------------------------------

AREA_PATHS = {"province": "commune__province_id", "commune": "commune_id", "area": "id"}


def area_source(period, root, grain: str) -> Iterator[Row]:
    """Per khu dân cư: signed this year, households, a working tổ hòa giải and self-management
    model at the end, a model khu dân cư at the end, recognised safe for the year."""
    end, year = period.end, period.end.year
    area = OuterRef("pk")
    working = Q(area=area, founded_on__lte=end) & _active_at(end)
    signed = AreaCommitment.objects.filter(area=area, year=year, signed_on__lte=end, ended_on__isnull=True)
    mediation = CommunityModel.objects.filter(working, kind__is_mediation=True)
    self_managed = CommunityModel.objects.filter(working, kind__is_self_management=True)
    model_area = ModelArea.objects.filter(_active_at(end), area=area, designated_on__lte=end)
    safe = SafeRecognition.objects.filter(area=area, year=year, recognised_on__lte=end, ended_on__isnull=True)
    quarters = len(period_quarters(period))
    qs = (
        ResidentialArea.objects.filter(_scope(root, AREA_PATHS))
        .values(*_group(grain, AREA_PATHS))
        .annotate(
            areas=Count("pk"),
            signed=Count("pk", filter=Exists(signed)),
            households=Sum("households_count__households", default=0),
            mediation=Count("pk", filter=Exists(mediation)),
            self_managed=Count("pk", filter=Exists(self_managed)),
            model_area=Count("pk", filter=Exists(model_area)),
            safe=Count("pk", filter=Exists(safe)),
        )
        .order_by()
    )
    # rolled up in SQL (reports.rollup): one row per place, every khu dân cư of the country
    for keys, row in rolled_up_queryset(qs, root, grain, AREA_PATHS):
        yield (
            keys,
            {  # a plain dict, not a Counter: one row per khu dân cư of the country
                "areas": row["areas"],
                "areas_signed": row["signed"],
                "households": int(row["households"] or 0),
                "areas_mediation": row["mediation"],
                "areas_self_managed": row["self_managed"],
                "model_areas": row["model_area"],
                "areas_safe": row["safe"],
                "area_quarters": row["areas"] * quarters,
            },
        )


HOUSEHOLD_PATHS = {"province": "area__commune__province_id", "commune": "area__commune_id", "area": "area_id"}


def household_source(period, root, grain: str) -> Iterator[Row]:
    """Families that signed this year's commitment by the period's end."""
    qs = (
        HouseholdCommitment.objects.filter(
            _scope(root, HOUSEHOLD_PATHS), year=period.end.year, signed_on__lte=period.end, ended_on__isnull=True
        )
        .values(*_group(grain, HOUSEHOLD_PATHS))
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in qs:
        yield _keys(row, HOUSEHOLD_PATHS), Counter(families_signed=row["n"])


CADRE_PATHS = {"province": "commune__province_id", "commune": "commune_id", "area": "area_id"}


def cadre_source(period, root, grain: str) -> Iterator[Row]:
    """Cadres on the list at the period's end, and those trained in the year by then. A cadre
    of the whole commune (no khu dân cư) counts at the commune level and above."""
    end = period.end
    trained = TrainingAttendance.objects.filter(
        cadre=OuterRef("pk"),
        ended_on__isnull=True,
        session__ended_on__isnull=True,
        session__held_on__gte=dt.date(end.year, 1, 1),
        session__held_on__lte=end,
    )
    qs = (
        Cadre.objects.filter(_scope(root, CADRE_PATHS), _active_at(end))
        .values(*_group(grain, CADRE_PATHS))
        .annotate(cadres=Count("pk"), trained=Count("pk", filter=Exists(trained)))
        .order_by()
    )
    for row in qs:
        yield _keys(row, CADRE_PATHS), Counter(cadres=row["cadres"], cadres_trained=row["trained"])


RECOGNITION_PATHS = {"province": "commune__province_id", "commune": "commune_id", "area": "area_id"}


def recognition_source(period, root, grain: str) -> Iterator[Row]:
    """Recognitions in the period, by occasion and by recipient."""
    qs = (
        Recognition.objects.filter(
            _scope(root, RECOGNITION_PATHS), recognised_on__gte=period.start, recognised_on__lte=period.end, ended_on__isnull=True
        )
        .values(*_group(grain, RECOGNITION_PATHS), "occasion", "recipient_kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in qs:
        c = Counter()
        c["recognitions"] += row["n"]
        c[f"rec:{row['occasion']}"] += row["n"]
        c[f"rec_to:{row['recipient_kind']}"] += row["n"]
        yield _keys(row, RECOGNITION_PATHS), c


MEETING_PATHS = {"province": "area__commune__province_id", "commune": "area__commune_id", "area": "area_id"}


def meeting_source(period, root, grain: str) -> Iterator[Row]:
    """Quarterly review meetings for the quarters the period overlaps; grouped per khu dân cư
    whatever the grain, so that the quarters met are counted per khu dân cư."""
    qs = (
        ReviewMeeting.objects.filter(_scope(root, MEETING_PATHS), quarter__in=period_quarters(period), ended_on__isnull=True)
        .values(*_group(grain, MEETING_PATHS, always=("area",)))
        .annotate(
            meetings=Count("pk"),
            quarters=Count("quarter", distinct=True),
            with_police=Count("pk", filter=Q(police_present=True)),
        )
        .order_by()
    )
    for row in qs:
        yield (
            _keys(row, MEETING_PATHS),
            Counter(
                review_meetings=row["meetings"], review_meeting_quarters=row["quarters"], review_meetings_with_police=row["with_police"]
            ),
        )


COMMUNE_PATHS = {"province": "province_id", "commune": "id"}


def commune_source(period, root, grain: str) -> Iterator[Row]:
    """Communes, and those with at least one model khu dân cư at the period's end (seed 000:
    every commune chooses at least one)."""
    if root.level == "area":
        return
    end = period.end
    model_area = ModelArea.objects.filter(_active_at(end), area__commune=OuterRef("pk"), designated_on__lte=end)
    qs = (
        Commune.objects.filter(_scope(root, COMMUNE_PATHS))
        .values(*_group(grain, COMMUNE_PATHS, always=("commune",)))
        .annotate(communes=Count("pk"), with_model=Count("pk", filter=Exists(model_area)))
        .order_by()
    )
    for row in qs:
        keys = _keys(row, COMMUNE_PATHS)
        keys["area"] = None
        yield keys, Counter(communes=row["communes"], communes_with_model_area=row["with_model"])


SOURCES = [area_source, household_source, cadre_source, recognition_source, meeting_source, commune_source]


# --- indicators (specs for reports.indicators.Indicator) -----------------------------------------------

SECTION_COMMITMENT = _("Cam kết và tập huấn")
SECTION_MODELS = _("Mô hình, khu dân cư an toàn, biểu dương")

INDICATORS: list[dict] = [
    {"key": "areas", "label": _("Khu dân cư"), "section": SECTION_COMMITMENT, "num": "areas"},
    {"key": "areas_signed", "label": _("Khu dân cư ký cam kết trong năm"), "section": SECTION_COMMITMENT, "num": "areas_signed"},
    {
        "key": "areas_signed_share",
        "label": _("Tỷ lệ khu dân cư ký cam kết (%)"),
        "section": SECTION_COMMITMENT,
        "num": "areas_signed",
        "den": "areas",
        "target": "areas_signed_share",
    },
    {"key": "households", "label": _("Hộ gia đình (theo số hộ của khu dân cư)"), "section": SECTION_COMMITMENT, "num": "households"},
    {"key": "families_signed", "label": _("Hộ gia đình ký cam kết trong năm"), "section": SECTION_COMMITMENT, "num": "families_signed"},
    {
        "key": "families_signed_share",
        "label": _("Tỷ lệ hộ gia đình ký cam kết (%)"),
        "section": SECTION_COMMITMENT,
        "num": "families_signed",
        "den": "households",
        "target": "families_signed_share",
    },
    {"key": "cadres", "label": _("Cán bộ Mặt trận, đoàn thể trong danh sách"), "section": SECTION_COMMITMENT, "num": "cadres"},
    {"key": "cadres_trained", "label": _("Cán bộ được tập huấn trong năm"), "section": SECTION_COMMITMENT, "num": "cadres_trained"},
    {
        "key": "cadres_trained_share",
        "label": _("Tỷ lệ cán bộ được tập huấn trong năm (%)"),
        "section": SECTION_COMMITMENT,
        "num": "cadres_trained",
        "den": "cadres",
        "target": "cadres_trained_share",
    },
    {
        "key": "review_meetings",
        "label": _("Cuộc họp đánh giá quý của Ban Công tác Mặt trận"),
        "section": SECTION_COMMITMENT,
        "num": "review_meetings",
    },
    {
        "key": "review_meetings_with_police",
        "label": _("Cuộc họp đánh giá quý có công an dự"),
        "section": SECTION_COMMITMENT,
        "num": "review_meetings_with_police",
    },
    {
        "key": "review_meeting_share",
        "label": _("Tỷ lệ khu dân cư họp đánh giá đủ các quý (%)"),
        "section": SECTION_COMMITMENT,
        "num": "review_meeting_quarters",
        "den": "area_quarters",
        "target": "review_meeting_share",
    },
    {
        "key": "areas_mediation_share",
        "label": _("Tỷ lệ khu dân cư có tổ hòa giải (%)"),
        "section": SECTION_MODELS,
        "num": "areas_mediation",
        "den": "areas",
        "target": "areas_mediation_share",
    },
    {
        "key": "areas_self_managed_share",
        "label": _("Tỷ lệ khu dân cư có mô hình tự quản về ANTT (%)"),
        "section": SECTION_MODELS,
        "num": "areas_self_managed",
        "den": "areas",
        "target": "areas_self_managed_share",
    },
    {"key": "model_areas", "label": _("Khu dân cư mô hình điểm"), "section": SECTION_MODELS, "num": "model_areas"},
    {
        "key": "model_areas_per_commune",
        "label": _("Khu dân cư mô hình điểm bình quân mỗi xã"),
        "section": SECTION_MODELS,
        "num": "model_areas",
        "den": "communes",
        "kind": "ratio",
    },
    {
        "key": "communes_model_area_share",
        "label": _("Tỷ lệ xã có ít nhất 1 khu dân cư mô hình điểm (%)"),
        "section": SECTION_MODELS,
        "num": "communes_with_model_area",
        "den": "communes",
        "target": "communes_model_area_share",
    },
    {
        "key": "areas_safe",
        "label": _("Khu dân cư đạt tiêu chuẩn An toàn về ANTT trong năm"),
        "section": SECTION_MODELS,
        "num": "areas_safe",
    },
    {
        "key": "areas_safe_share",
        "label": _("Tỷ lệ khu dân cư đạt tiêu chuẩn An toàn về ANTT (%)"),
        "section": SECTION_MODELS,
        "num": "areas_safe",
        "den": "areas",
        "target": "areas_safe_share",
    },
    {"key": "recognitions", "label": _("Biểu dương, khen thưởng trong kỳ"), "section": SECTION_MODELS, "num": "recognitions"},
    *[
        {
            "key": f"rec:{o.value}",
            "label": format_lazy("{}: {}", _("Biểu dương"), o.label),
            "section": SECTION_MODELS,
            "num": f"rec:{o.value}",
        }
        for o in Occasion
    ],
]


# --- the commune front's table of gaps ----------------------------------------------------------------


@dataclass(frozen=True)
class YearToDate:
    """From 1 January of `day`'s year to `day` (the registries' "this year")."""

    end: dt.date

    @property
    def start(self) -> dt.date:
        return dt.date(self.end.year, 1, 1)

    @property
    def start_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def end_before(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min))


@dataclass(frozen=True)
class Place:
    level: str
    id: int | None


def target(key: str) -> float | None:
    value = settings.DONG_HANH.get("REPORT_TARGETS", {}).get(key)
    return None if value is None else float(value)


def share(num: int, den: int) -> float | None:
    return round(100.0 * num / den, 1) if den else None


def _needed(den: int, target_pct: float) -> int:
    """How many of `den` the target asks for (rounded up: 90% of 41 households is 37)."""
    return math.ceil(den * target_pct / 100 - 1e-9)


@dataclass
class Gap:
    key: str
    label: str
    value: float | None
    target: float | None
    met: bool | None
    missing: str
    # For one khu dân cư, a yes/no target (signed, has a tổ hòa giải...) rather than a share.
    binary: bool = False


BINARY = {"areas_signed_share", "areas_mediation_share", "areas_self_managed_share", "areas_safe_share"}


def _gap(key: str, label, num: int, den: int, *, unit_missing) -> Gap:
    t = target(key)
    value = share(num, den)
    met = None if value is None or t is None else value >= t
    missing = ""
    if den == 0:
        missing = str(unit_missing(None))
    elif met is False:
        missing = str(unit_missing(max(_needed(den, t) - num, 1)))
    return Gap(key, str(label), value, t, met, missing, binary=key in BINARY and den == 1)


def gaps_for(counts: Counter, quarters: list[str], met_quarters: set[str] | None = None) -> list[Gap]:
    """The targets of one khu dân cư, what is missing against each."""
    out = [
        _gap(
            "areas_signed_share",
            _("Cam kết khu dân cư"),
            counts["areas_signed"],
            counts["areas"],
            unit_missing=lambda n: _("Chưa ký cam kết năm nay"),
        ),
        _gap(
            "families_signed_share",
            _("Hộ gia đình ký cam kết"),
            counts["families_signed"],
            counts["households"],
            unit_missing=lambda n: _("Chưa có số hộ") if n is None else ngettext("Thiếu %(n)d hộ", "Thiếu %(n)d hộ", n) % {"n": n},
        ),
        _gap(
            "cadres_trained_share",
            _("Cán bộ được tập huấn"),
            counts["cadres_trained"],
            counts["cadres"],
            unit_missing=lambda n: (
                _("Chưa có danh sách cán bộ") if n is None else ngettext("Thiếu %(n)d cán bộ", "Thiếu %(n)d cán bộ", n) % {"n": n}
            ),
        ),
        _gap(
            "areas_mediation_share",
            _("Tổ hòa giải"),
            counts["areas_mediation"],
            counts["areas"],
            unit_missing=lambda n: _("Chưa có tổ hòa giải"),
        ),
        _gap(
            "areas_self_managed_share",
            _("Mô hình tự quản"),
            counts["areas_self_managed"],
            counts["areas"],
            unit_missing=lambda n: _("Chưa có mô hình tự quản"),
        ),
        _gap(
            "areas_safe_share",
            _("An toàn về ANTT"),
            counts["areas_safe"],
            counts["areas"],
            unit_missing=lambda n: _("Chưa được công nhận năm nay"),
        ),
    ]
    missing_quarters = [q for q in quarters if q not in (met_quarters or set())]
    label_q = ", ".join(f"{q[-1]}/{q[:4]}" for q in missing_quarters)
    out.append(
        _gap(
            "review_meeting_share",
            _("Họp đánh giá quý"),
            counts["review_meeting_quarters"],
            counts["area_quarters"],
            unit_missing=lambda n: _("Chưa họp quý %(quarters)s") % {"quarters": label_q},
        )
    )
    return out


@dataclass
class AreaRow:
    area: ResidentialArea
    counts: Counter
    gaps: list[Gap]

    @property
    def missing_count(self) -> int:
        return sum(1 for g in self.gaps if g.met is False or (g.met is None and g.missing))


def commune_table(commune: Commune, *, day: dt.date | None = None) -> tuple[list[AreaRow], Counter, YearToDate]:
    """One row per khu dân cư of the commune with its gaps against each target this year, and
    the commune's own counts (commune-wide cadres included). A constant number of queries."""
    period = YearToDate(day or timezone.localdate())
    root = Place("commune", commune.pk)
    per_area: dict[int, Counter] = {}
    commune_counts: Counter = Counter()
    for source in (area_source, household_source, cadre_source, meeting_source, commune_source):
        for keys, counts in source(period, root, "area"):
            commune_counts.update(counts)
            if keys.get("area") is not None:
                per_area.setdefault(keys["area"], Counter()).update(counts)
    quarters = period_quarters(period)
    met = _met_quarters(commune, quarters)
    areas = list(ResidentialArea.objects.filter(commune=commune).order_by("name"))
    rows = [AreaRow(a, per_area.get(a.pk, Counter()), gaps_for(per_area.get(a.pk, Counter()), quarters, met.get(a.pk))) for a in areas]
    return rows, commune_counts, period


def _met_quarters(commune: Commune, quarters: list[str]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    rows = (
        ReviewMeeting.objects.filter(area__commune=commune, quarter__in=quarters, ended_on__isnull=True)
        .values_list("area_id", "quarter")
        .distinct()
    )
    for area_id, quarter in rows:
        out.setdefault(area_id, set()).add(quarter)
    return out


def area_summary(area: ResidentialArea, *, day: dt.date | None = None) -> tuple[list[Gap], Counter, YearToDate]:
    """The head's own khu dân cư against each target this year."""
    period = YearToDate(day or timezone.localdate())
    root = Place("area", area.pk)
    counts: Counter = Counter()
    for source in (area_source, household_source, cadre_source, meeting_source):
        for _place, c in source(period, root, "area"):
            counts.update(c)
    quarters = period_quarters(period)
    met = _met_quarters(area.commune, quarters).get(area.pk, set()) if counts["review_meetings"] else set()
    return gaps_for(counts, quarters, met), counts, period
