"""Importing a list: upload → check every row (the preview) → confirm → write through the services.

All-or-nothing (the default) writes every row in one transaction and writes nothing if any row
is refused, at the check or at the write. "Valid rows only" writes each row in its own savepoint
and keeps the refused ones, with their reasons, for a downloadable workbook. A large file is
checked and written in the background (a Celery task; without a broker, a thread of this
process), its progress kept on the batch so that a reload shows it.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.selectors import user_scope
from cases.errors import DomainError
from config import background
from imports import cleaning, workbook
from imports.kinds import KINDS, Context
from imports.models import ImportBatch, ImportMode, ImportRow

log = logging.getLogger(__name__)
CHUNK = 500
MAX_BYTES = 20 * 1024 * 1024


class ImportRefused(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


def background_rows() -> int:
    return int(settings.DONG_HANH.get("IMPORT_BACKGROUND_ROWS", 1000))


def importable_communes(user) -> frozenset[int]:
    """Communes whose lists the user may import: the commune front's."""
    return user_scope(user).front_commune_ids


def _progress(batch: ImportBatch, processed: int) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(processed_rows=processed)


def _json_value(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return date_format(value if isinstance(value, dt.date) else value.date(), "d/m/Y")
    if value is None or isinstance(value, (int, float, str, bool)):
        return value
    return str(value)


@transaction.atomic
def upload(*, actor, commune, kind: str, file_name: str, content: bytes) -> ImportBatch:
    if kind not in KINDS:
        raise ImportRefused(_("Loại danh sách không hợp lệ."), field="kind")
    if commune is None or commune.pk not in importable_communes(actor):
        raise ImportRefused(_("Bạn chỉ được nhập danh sách của xã/phường mình phụ trách."), field="commune")
    if not content:
        raise ImportRefused(_("Tệp trống."), field="file")
    if len(content) > MAX_BYTES:
        raise ImportRefused(_("Tệp lớn hơn 20 MB; hãy chia thành nhiều tệp."), field="file")
    if not content.startswith(b"PK"):
        raise ImportRefused(_("Tệp không phải Excel (.xlsx). Hãy lưu lại dưới dạng .xlsx."), field="file")
    batch = ImportBatch(kind=kind, commune=commune, uploaded_by=actor, file_name=file_name[:255], content=content)
    batch._history_user = actor
    batch.save()
    return batch


def start(batch: ImportBatch, step: str) -> None:
    """Run `step` ("check" or "write") now for a small file, else in the background."""
    if batch.total_rows and batch.total_rows <= background_rows() or not batch.total_rows and len(bytes(batch.content)) < 200_000:
        run_step(batch.pk, step)
        return
    if settings.CELERY_BROKER_URL:
        from imports.tasks import run_import_step

        transaction.on_commit(lambda: run_import_step.delay(batch.pk, step))
        return

    background.start_after_commit(lambda: run_step(batch.pk, step), name=f"import-{batch.pk}-{step}")


def wait_for_background(timeout: float = 120) -> None:
    background.wait(timeout)


def run_step(batch_id: int, step: str) -> None:
    batch = ImportBatch.objects.defer("content").get(pk=batch_id)
    try:
        if step == "check":
            check_batch(batch)
        else:
            write_batch(batch)
    except workbook.FileError as exc:
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.FAILED, message=str(exc), finished_at=timezone.now())
    except Exception:
        log.exception("import %s failed at %s", batch_id, step)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.FAILED,
            message=_("Có lỗi khi xử lý tệp; không có dữ liệu nào được ghi. Hãy thử lại."),
            finished_at=timezone.now(),
        )
        raise


def check_batch(batch: ImportBatch) -> ImportBatch:
    """Read and check every row, storing the preview. Nothing but the preview is written.

    The file is streamed (imports.xlsx_stream) and checked in chunks of CHUNK rows: the rows of a
    chunk are cleaned, what their checks look up is read in a few queries (Kind.prefetch), then
    each is checked and the chunk's preview rows written; nothing of a chunk is kept after it but
    the compact index of the rows seen (kinds.SeenRows). Memory does not grow with the file."""
    kind = KINDS[batch.kind]
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.CHECKING, processed_rows=0)
    batch.rows.all().delete()
    ctx = Context(actor=batch.uploaded_by, commune=batch.commune, file_name=batch.file_name)
    # the file's bytes once (run_step leaves them out of the batch it reads)
    content = bytes(ImportBatch.objects.values_list("content", flat=True).get(pk=batch.pk))
    total = workbook.count_rows(content)
    ImportBatch.objects.filter(pk=batch.pk).update(total_rows=total)
    rows = workbook.open_rows(content)
    header_number, positions = workbook.find_header(kind, rows)
    columns = kind.reader_columns()
    example = [cleaning.text(v) for v in workbook.example_values(kind)]
    counts = {a: 0 for a in ImportRow.Action.values}
    chunk: list[tuple[int, list, tuple]] = []
    processed = header_number

    def check_chunk() -> None:
        kind.prefetch([read[0] for _n, _raw, read in chunk if not read[2]], ctx)
        pending = []
        for number, raw, (cleaned, cells, errors, notes) in chunk:
            if errors:
                checked_action, data, messages = ImportRow.Action.ERROR, {}, errors + notes
            else:
                checked = kind.check(cleaned, cells, ctx, number)
                checked_action, data, messages = checked.action, checked.data, notes + checked.messages
            counts[checked_action] += 1
            pending.append(
                ImportRow(
                    batch=batch, number=number, action=checked_action, messages=messages, data=data, raw=[_json_value(v) for v in raw]
                )
            )
        ImportRow.objects.bulk_create(pending)
        chunk.clear()

    for number, values in rows:
        processed = number
        raw = [values[positions[c.key]] if c.key in positions and positions[c.key] < len(values) else None for c in columns]
        if workbook.is_blank(raw) or [cleaning.text(v) for v in raw] == example:
            continue
        chunk.append((number, raw, kind.read(values, positions, number, ctx)))
        if len(chunk) >= CHUNK:
            check_chunk()
            _progress(batch, processed)
    if chunk:
        check_chunk()
    total = max(total, processed)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.PREVIEWED, counts=counts, processed_rows=total, total_rows=total
    )
    batch.refresh_from_db()
    return batch


@transaction.atomic
def confirm(batch: ImportBatch, *, actor, mode: str) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.uploaded_by_id != actor.pk:
        raise ImportRefused(_("Chỉ người tải tệp lên mới xác nhận được lần nhập này."))
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise ImportRefused(_("Lần nhập này không còn chờ xác nhận."))
    if mode not in ImportMode.values:
        raise ImportRefused(_("Cách nhập không hợp lệ."), field="mode")
    if mode == ImportMode.ALL_OR_NOTHING and batch.counts.get(ImportRow.Action.ERROR):
        raise ImportRefused(
            _("Tệp còn %(n)d dòng lỗi. Hãy sửa tệp rồi tải lên lại, hoặc chọn “Chỉ nhập các dòng hợp lệ”.")
            % {"n": batch.counts[ImportRow.Action.ERROR]},
            field="mode",
        )
    batch.mode, batch.status, batch.processed_rows = mode, ImportBatch.Status.IMPORTING, 0
    batch._history_user = actor
    batch.save()
    start(batch, "write")
    return batch


def _write_row(kind, row: ImportRow, ctx: Context) -> None:
    row.object_id = kind.write(row.data, ctx)
    row.outcome = ImportRow.Outcome.IMPORTED


def write_batch(batch: ImportBatch) -> ImportBatch:
    kind = KINDS[batch.kind]
    ctx = Context(actor=batch.uploaded_by, commune=batch.commune, file_name=batch.file_name)
    # The actor's scope as of now: a commune officer removed since the upload writes nothing.
    if batch.commune_id not in importable_communes(batch.uploaded_by):
        return _finish(batch, ImportBatch.Status.REFUSED, _("Bạn không còn phụ trách xã/phường này; không nhập gì."))
    rows = batch.rows.order_by("number")
    if batch.mode == ImportMode.ALL_OR_NOTHING:
        try:
            with transaction.atomic():
                done = 0
                written: list[ImportRow] = []
                for row in rows.iterator(chunk_size=CHUNK):
                    if row.action == ImportRow.Action.ERROR:
                        raise DomainError(_("Dòng %(n)d có lỗi.") % {"n": row.number})
                    if row.action == ImportRow.Action.SAME:
                        row.outcome = ImportRow.Outcome.SKIPPED
                    else:
                        try:
                            _write_row(kind, row, ctx)
                        except DomainError as exc:
                            raise DomainError(_("Dòng %(n)d: %(error)s") % {"n": row.number, "error": exc.message}) from exc
                    written.append(row)
                    done += 1
                    if done % CHUNK == 0:
                        ImportRow.objects.bulk_update(written, ["outcome", "object_id"])
                        written.clear()
                        _progress(batch, done)
                ImportRow.objects.bulk_update(written, ["outcome", "object_id"])
        except DomainError as exc:
            return _finish(batch, ImportBatch.Status.REFUSED, _("Không nhập dòng nào. %(error)s") % {"error": exc.message})
        return _finish(batch, ImportBatch.Status.DONE, "")
    done = 0
    for row in rows.iterator(chunk_size=CHUNK):
        if row.action == ImportRow.Action.ERROR:
            row.outcome = ImportRow.Outcome.REFUSED
        elif row.action == ImportRow.Action.SAME:
            row.outcome = ImportRow.Outcome.SKIPPED
        else:
            try:
                with transaction.atomic():
                    _write_row(kind, row, ctx)
            except DomainError as exc:
                row.outcome, row.object_id = ImportRow.Outcome.REFUSED, None
                row.messages = list(row.messages) + [exc.message]
        row.save(update_fields=["outcome", "object_id", "messages"])
        done += 1
        if done % CHUNK == 0:
            _progress(batch, done)
    return _finish(batch, ImportBatch.Status.DONE, "")


def _finish(batch: ImportBatch, status: str, message: str) -> ImportBatch:
    outcomes = {o: 0 for o in ImportRow.Outcome.values if o}
    for outcome in batch.rows.exclude(outcome="").values_list("outcome", flat=True).iterator():
        outcomes[outcome] += 1
    if status == ImportBatch.Status.REFUSED:
        batch.rows.update(outcome="", object_id=None)
        outcomes = {o: 0 for o in outcomes}
    counts = {**batch.counts, **{f"outcome_{k}": v for k, v in outcomes.items()}}
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=status, message=message, counts=counts, finished_at=timezone.now(), processed_rows=batch.total_rows
    )
    batch.refresh_from_db()
    return batch


def refused_rows(batch: ImportBatch):
    return batch.rows.filter(outcome=ImportRow.Outcome.REFUSED).order_by("number")
