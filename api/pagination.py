"""Cursor pagination for the API's lists (stable under inserts; no page counts)."""

from __future__ import annotations

import base64
import binascii
import json

from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from api.serializers import Presented, ro


class ApiCursor(CursorPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-pk",)
    cursor_query_description = "Con trỏ trang (từ liên kết next/previous) / the page cursor"
    page_size_query_description = "Số dòng mỗi trang (mặc định 25, tối đa 100) / page size"


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


class ListCursor:
    """Cursor pagination over a list the selectors have already built and ordered (a case's
    timeline, visits, reviews, referrals: the projection decides row by row, so the page is cut
    from what the selector returns, in the same number of queries whatever the page size).

    The cursor names a position, not an offset: the sort key of the item at the page's edge and
    how many items with that same key were before it. Inserting other items does not move it.
    `key(item)` must give a JSON-able tuple that orders the list from greatest to least."""

    page_size = ApiCursor.page_size
    max_page_size = ApiCursor.max_page_size

    def __init__(self, key):
        self.key = key

    def _page_size(self, request) -> int:
        raw = request.query_params.get("page_size", "")
        if raw.isdigit() and int(raw) > 0:
            return min(int(raw), self.max_page_size)
        return self.page_size

    @staticmethod
    def _encode(key, skip: int, direction: str) -> str:
        raw = json.dumps({"k": list(key), "s": skip, "d": direction}, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @staticmethod
    def _decode(cursor: str):
        try:
            data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
            key, skip, direction = tuple(data["k"]), int(data["s"]), data["d"]
        except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError) as exc:
            raise NotFound("Invalid cursor") from exc
        if direction not in ("n", "p") or skip < 0:
            raise NotFound("Invalid cursor")
        return key, skip, direction

    def _boundary(self, keys: list, key, skip: int) -> int:
        try:
            before = sum(1 for k in keys if k > key)
            same = sum(1 for k in keys if k == key)
        except TypeError as exc:  # a key of another shape than this list's
            raise NotFound("Invalid cursor") from exc
        return before + min(skip, same)

    def _position(self, keys: list, index: int):
        key = keys[index]
        return key, sum(1 for k in keys[:index] if k == key)

    def paginate(self, items: list, request) -> tuple[list, dict]:
        """The page of `items` the request's cursor points at, and its links
        {"next": url | None, "previous": url | None}."""
        size = self._page_size(request)
        keys = [tuple(self.key(item)) for item in items]
        start, end = 0, min(size, len(items))
        cursor = request.query_params.get("cursor")
        if cursor:
            key, skip, direction = self._decode(cursor)
            edge = self._boundary(keys, key, skip)
            start, end = (edge, min(edge + size, len(items))) if direction == "n" else (max(0, edge - size), edge)
        links = {"next": None, "previous": None}
        if end < len(items):
            key, skip = self._position(keys, end)
            links["next"] = self._link(request, self._encode(key, skip, "n"))
        if start > 0:
            key, skip = self._position(keys, start)
            links["previous"] = self._link(request, self._encode(key, skip, "p"))
        return items[start:end], links

    @staticmethod
    def _link(request, cursor: str) -> str:
        return replace_query_param(request.build_absolute_uri(), "cursor", cursor)


def list_page(items: list, request, *, key, serializer_class, present) -> Response:
    """One page of a per-case list: {"next", "previous", "results"} (as the other lists)."""
    page, links = ListCursor(key).paginate(items, request)
    return Response({**links, "results": serializer_class([present(item) for item in page], many=True).data})


def at_and_pk(at, pk) -> tuple:
    return (at.timestamp(), pk)
