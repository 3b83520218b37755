"""Reads of imports: the batches a user may see (those of the communes they front)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from imports.models import ImportBatch
from imports.services import importable_communes


def visible_batches(user) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(commune_id__in=importable_communes(user)).defer("content")


def get_batch_for_user(user, pk: int) -> ImportBatch:
    batch = visible_batches(user).select_related("commune", "uploaded_by").filter(pk=pk).first()
    if batch is None:
        raise Http404(_("Không tìm thấy lần nhập."))
    return batch
