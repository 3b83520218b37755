"""Cursor pagination for the API's lists (stable under inserts; no page counts)."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.pagination import CursorPagination

from api.serializers import Presented, ro


class ApiCursor(CursorPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-pk",)


class CaseCursor(ApiCursor):
    ordering = ("-opened_at", "-pk")


class CodeCursor(ApiCursor):
    ordering = ("code",)
    page_size = 100
    max_page_size = 500


_pages: dict[str, type] = {}


def page_of(child: type, name: str) -> type:
    """A serializer describing one page of `child` items (next/previous cursors, results)."""
    if name not in _pages:
        _pages[name] = type(
            name,
            (Presented,),
            {
                "next": ro(serializers.URLField, allow_null=True),
                "previous": ro(serializers.URLField, allow_null=True),
                "results": child(many=True, read_only=True),
            },
        )
    return _pages[name]
