"""Reads of the geography: finding a khu dân cư by its name, commune or province, with or
without diacritics (the transfer form's destination picker)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from areas.models import ResidentialArea
from areas.search import normalise, word_filter

PLACE_SEARCH_LIMIT = 20


def search_areas(query: str | None, *, limit: int = PLACE_SEARCH_LIMIT) -> QuerySet[ResidentialArea]:
    """Khu dân cư whose name, commune, province or code match every word of the query."""
    q = word_filter(query, "search_text")
    if q is None or len(normalise(query)) < 2:
        return ResidentialArea.objects.none()
    text = (query or "").strip()
    # A code typed in full, or a row written before search_text existed, is still found.
    q |= Q(code=text) | Q(name__icontains=text)
    return ResidentialArea.objects.filter(q).select_related("commune__province").order_by("commune__name", "name")[:limit]


def area_label(area: ResidentialArea) -> str:
    """How the picker shows a khu dân cư: with its commune, province and code."""
    return f"{area}, {area.commune}, {area.commune.province} ({area.code})"
