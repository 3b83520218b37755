"""The national workbook, streamed and made in the background (issue 12, item 5).

* Streamed: rows written per province by reports.xlsx_writer (rows of values as text, a
  sheet's rows in a temporary file until the zip is written). For the nation, each source's
  query runs once for the whole country (and each period), its rows ordered by province and
  read as they are needed (reports.selectors.province_reports): each province's report down
  to khu dân cư is made from them, its communes and khu dân cư written, and dropped, so the
  whole country is never held in memory at once; the summary and province sheets come last
  from the same rows (the summary sheet stays first in the file).
* Column formats, not per cell: each column's number format is one cell style, given by its
  index; no style is looked up per cell (reports.exports.write_xlsx, with openpyxl, sets a
  format on every cell: most of the time of a large workbook).
* Background: `request_workbook` records a ReportJob and runs it with Celery when a broker is
  configured, in a thread of this process otherwise (as imports do); the requester follows
  its progress on the job page, and the file is kept REPORT_EXPORT_KEEP_HOURS (default 24)
  in REPORT_EXPORT_DIR. Every download is logged in ReportExportLog, as every export is.

The sheets, columns and order are those of reports.exports.write_xlsx (a test compares them
cell by cell).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config import background
from reports.indicators import INDICATORS, LEVELS, SHARE, PlaceRef
from reports.models import ReportJob
from reports.periods import Period, parse_period
from reports.selectors import Report, build_report, other_connections_see_the_rows, province_reports, provinces_in_order, resolve_place

log = logging.getLogger(__name__)


def _has_figures(f) -> bool:
    return any(f.counts.values()) or any(f.previous.values())


def _province_reports_in_order(provinces: list[PlaceRef], period: Period):
    """(province, its report down to khu dân cư) for each of `provinces`, in that order, then
    (None, the national report down to provinces), from the national queries read province
    by province (reports.selectors.province_reports).

    On PostgreSQL, outside a transaction (the background job), they are made in a thread of
    their own with its own connection (config.background.made_ahead), one report ahead,
    while this thread writes the rows of the one before: the database and the making of the
    next report run beside the writing of cells, and the job's progress, written by this
    thread outside the reports' read transaction, is seen as it goes. Elsewhere (SQLite, or
    inside a transaction, whose rows another connection would not see) in this thread."""

    def made():
        yield from zip([*provinces, None], province_reports(period, provinces, grain="area"), strict=True)

    if not other_connections_see_the_rows():
        return made()
    return background.made_ahead(made, ahead=1, name="workbook-reports")


def write_streamed_xlsx(root: PlaceRef, period: Period, out: BinaryIO | str | Path, *, progress: Callable[[int, int], None] | None = None):
    """The report of `root` for `period` down to khu dân cư, as reports.exports.write_xlsx
    lays it out, written province by province. `progress(done, total)` after each part."""
    from reports.exports import (
        SHEET_TITLES,
        SUMMARY_WIDTHS,
        XLSX_FORMATS,
        _xlsx_value,
        _yes_no,
        indicator_numbers,
        level_columns,
        level_widths,
        report_meta,
        summary_columns,
        workbook_title,
    )
    from reports.xlsx_writer import StreamedWorkbook, Style, column_letter, frozen

    wb = StreamedWorkbook(out)
    header = wb.style(Style(bold=True, fill="EEEEEE", wrap=True))
    wrap = wb.style(Style(wrap=True))
    formats = {kind: wb.style(Style(number_format=code)) for kind, code in XLSX_FORMATS.items()}
    numbers = indicator_numbers()
    cols = summary_columns()
    # the summary sheet first in the file; its rows are written once the root's figures are
    # known (for the nation: after the provinces, from the same national queries)
    summary = wb.add_sheet(_("Chỉ tiêu"), widths=SUMMARY_WIDTHS, freeze=None, fit_to_page=True)

    def write_summary(top: Report) -> None:
        meta = report_meta(top)
        head_at = 2 + len(meta) + 1
        summary.freeze = frozen(f"D{head_at + 1}")
        summary.print_title_rows = (head_at, head_at)
        wb.append(summary, [workbook_title()], [wb.style(Style(bold=True, size=13))])
        for label, value in meta:
            wb.append(summary, [label, value], [0, 0])
        wb.append(summary, [], [])
        wb.append(summary, cols, [header] * len(cols))
        rows = top.root_figures.rows()
        for row in rows:
            kind = formats[row["kind"]]
            wb.append(
                summary,
                [
                    numbers[row["key"]],
                    row["section"],
                    row["label"],
                    _xlsx_value(row["value"], row["kind"]),
                    _xlsx_value(row["previous"], row["kind"]),
                    _xlsx_value(row["target"], SHARE) if row["target"] is not None else None,
                    _yes_no(row["met"]),
                    row["definition"],
                    row["key"],
                ],
                [0, wrap, wrap, kind, kind, formats[SHARE] if row["target"] is not None else 0, 0, wrap, 0],
            )
        summary.auto_filter = f"A{head_at}:{column_letter(len(cols))}{head_at + len(rows)}"

    # --- one sheet per level below the root, a number format per column
    levels = LEVELS[LEVELS.index(root.level) + 1 :]
    sheets = {}
    styles = [0, 0, 0]
    for ind in INDICATORS:
        styles += [formats[ind.kind], formats[ind.kind]]
    for level in levels:
        ws = wb.add_sheet(SHEET_TITLES[level], widths=level_widths(), freeze="C2", fit_to_page=True)
        ws.print_title_rows = (1, 1)
        level_cols = level_columns(level, numbers)
        wb.append(ws, level_cols, [header] * len(level_cols))
        sheets[level] = ws
    number_styles = wb.number_styles(styles[3:])
    kinds = [ind.kind for ind in INDICATORS]

    def write_rows(report: Report, level: str, *, only_with_figures: bool) -> None:
        ws = sheets[level]
        for f in report.level(level):
            if only_with_figures and not _has_figures(f):
                continue
            parent = report.places.get(f.parent_key)
            values = []
            for ind, kind in zip(INDICATORS, kinds, strict=True):
                values += [_xlsx_value(ind.value(f.counts), kind), _xlsx_value(ind.value(f.previous), kind)]
            wb.append(ws, [f.place.code, f.place.name, parent.place.code if parent else ""], [0, 0, 0], values, number_styles)

    def write_below(part: Report, chunk: PlaceRef) -> None:
        for level in levels:
            if LEVELS.index(level) <= LEVELS.index(chunk.level):
                continue
            # below the root's children only places with figures, as in the national report
            deep = root.level == "nation" or LEVELS.index(level) > LEVELS.index(chunk.level) + 1
            write_rows(part, level, only_with_figures=deep)

    if root.level == "nation":
        # the provinces' communes and khu dân cư one province after the other, then the
        # summary and the province sheet from the national report the same queries give
        provinces = provinces_in_order()
        total = len(provinces) + 1
        for i, (province, part) in enumerate(_province_reports_in_order(provinces, period)):
            if province is None:
                top = part
                write_summary(top)
                write_rows(top, "province", only_with_figures=False)  # every province, figures or not
            else:
                write_below(part, province)
            del part
            if progress:
                progress(i + 1, total)
    else:
        top = build_report(root, period)  # the root and its children
        write_summary(top)
        if root.level != "area":
            write_below(build_report(root, period, grain="area"), root)
        if progress:
            progress(1, 1)
    for ws in sheets.values():
        ws.auto_filter = f"A1:{column_letter(len(level_cols))}{ws.rows}"
    wb.close()


# --- the background job ---------------------------------------------------------------------------


def export_dir() -> Path:
    path = Path(settings.DONG_HANH.get("REPORT_EXPORT_DIR") or Path(settings.BASE_DIR) / "var" / "report-exports")
    path.mkdir(parents=True, exist_ok=True)
    return path


def keep_hours() -> int:
    return int(settings.DONG_HANH.get("REPORT_EXPORT_KEEP_HOURS", 24))


def expire_old_files(now: dt.datetime | None = None) -> int:
    """Remove the files past their keeping time (the job rows stay, marked expired)."""
    now = now or timezone.now()
    n = 0
    for job in ReportJob.objects.filter(status=ReportJob.Status.DONE, expires_at__lte=now):
        if job.file_name:
            (export_dir() / job.file_name).unlink(missing_ok=True)
        ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.EXPIRED)
        n += 1
    return n


def request_workbook(*, user, place: PlaceRef, period: Period) -> ReportJob:
    """The requester's workbook job for this place and period: the one already waiting,
    running or done and kept (a second click or a reload starts nothing new), else a new job
    started in the background."""
    expire_old_files()
    live = ReportJob.objects.filter(
        requested_by=user,
        place_level=place.level,
        place_code=place.code,
        period=period.code,
        status__in=[ReportJob.Status.QUEUED, ReportJob.Status.RUNNING, ReportJob.Status.DONE],
    ).first()
    if live is not None:
        return live
    job = ReportJob.objects.create(requested_by=user, place_level=place.level, place_code=place.code, period=period.code)
    start(job)
    return job


def start(job: ReportJob) -> None:
    if settings.CELERY_BROKER_URL:
        from reports.tasks import export_workbook_task

        transaction.on_commit(lambda: export_workbook_task.delay(job.pk))
        return

    background.start_after_commit(lambda: run_job(job.pk), name=f"report-job-{job.pk}")


def wait_for_background(timeout: float = 300) -> None:
    background.wait(timeout)


def run_job(job_id: int) -> ReportJob:
    """Make the job's file, recording progress after each province."""
    job = ReportJob.objects.get(pk=job_id)
    if job.status not in (ReportJob.Status.QUEUED, ReportJob.Status.FAILED):
        return job
    place = resolve_place(job.place_level, job.place_code)
    period = parse_period(job.period)
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, started_at=timezone.now(), message="")
    name = f"report-{job.pk}-{job.place_level}-{job.place_code}-{job.period}.xlsx".replace(":", "_")
    path = export_dir() / name

    def progress(done: int, total: int) -> None:
        ReportJob.objects.filter(pk=job.pk).update(steps_done=done, steps_total=total)

    try:
        with open(path, "wb") as out:
            write_streamed_xlsx(place, period, out, progress=progress)
    except Exception:
        log.exception("report job %s failed", job.pk)
        path.unlink(missing_ok=True)
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.FAILED,
            finished_at=timezone.now(),
            message=_("Có lỗi khi lập tệp báo cáo. Hãy thử xuất lại; nếu vẫn lỗi, báo cho quản trị hệ thống."),
        )
        raise
    now = timezone.now()
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.DONE,
        finished_at=now,
        expires_at=now + dt.timedelta(hours=keep_hours()),
        file_name=name,
        size_bytes=path.stat().st_size,
    )
    job.refresh_from_db()
    return job
