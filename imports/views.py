"""Import screens: templates to download, upload, the preview of every row, confirm, the
result with the refused rows as a workbook. Thin: the services do the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from areas.models import Commune
from config.http import form_error
from imports import services, workbook
from imports.forms import ConfirmForm, UploadForm
from imports.kinds import KINDS, Context
from imports.models import ImportBatch, ImportKind, ImportRow
from imports.selectors import get_batch_for_user, visible_batches

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_PAGE = 100


def _communes(request: HttpRequest):
    ids = services.importable_communes(request.user)
    if not ids:
        raise Http404(_("Không tìm thấy trang."))
    return Commune.objects.filter(pk__in=ids).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    communes = _communes(request)
    form = UploadForm(request.POST or None, request.FILES or None, communes=communes)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.upload(
                actor=request.user,
                commune=form.cleaned_data["commune"],
                kind=form.cleaned_data["kind"],
                file_name=upload.name,
                content=upload.read(),
            )
        except services.ImportRefused as exc:
            form_error(form, exc)
        else:
            services.start(batch, "check")
            return redirect("imports:batch", pk=batch.pk)
    batches = visible_batches(request.user).select_related("commune", "uploaded_by")[:20]
    return render(
        request, "imports/import_index.html", {"form": form, "kinds": ImportKind.choices, "batches": batches, "communes": communes}
    )


@login_required
def template(request: HttpRequest, kind: str) -> HttpResponse:
    communes = _communes(request)
    if kind not in KINDS:
        raise Http404(_("Không tìm thấy trang."))
    commune = communes.filter(pk=request.GET.get("commune") or 0).first() or communes.first()
    content = workbook.build_template(KINDS[kind], Context(actor=request.user, commune=commune))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-{kind}-{commune.code}.xlsx"'
    return response


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_batch_for_user(request.user, pk)
    rows = batch.rows.order_by("number")
    show = request.GET.get("show", "")
    if show in ImportRow.Action.values:
        rows = rows.filter(action=show)
    page = Paginator(rows, PREVIEW_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "imports/import_batch.html",
        {
            "batch": batch,
            "page": page,
            "show": show,
            "confirm_form": ConfirmForm(),
            "actions": ImportRow.Action,
            "refused_count": services.refused_rows(batch).count() if batch.status == ImportBatch.Status.DONE else 0,
        },
    )


@login_required
@require_POST
def batch_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_batch_for_user(request.user, pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vui lòng chọn cách nhập."))
        return redirect("imports:batch", pk=batch.pk)
    try:
        services.confirm(batch, actor=request.user, mode=form.cleaned_data["mode"])
    except services.ImportRefused as exc:
        messages.error(request, exc.message)
    return redirect("imports:batch", pk=batch.pk)


@login_required
def batch_refused(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_batch_for_user(request.user, pk)
    content = workbook.refused_workbook(KINDS[batch.kind], services.refused_rows(batch).iterator(chunk_size=500))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="dong-bi-tu-choi-{batch.pk}.xlsx"'
    return response
