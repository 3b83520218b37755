"""Extension points of the case page and case list, filled by higher apps (mentors, support,
workflows, reports) from their AppConfig.ready(), so that `cases` never imports upward.

- panels: extra sections on the case page (assignment, open review, referrals…);
- timeline sources: extra entries merged into the case timeline (visits, reviews…);
- list extensions: annotations and filters on the case list (mentor name, filter by mentor).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    # context(request, case) -> dict, or None to hide the panel for this viewer
    context: Callable[[HttpRequest, Any], dict | None]
    order: int = 100


@dataclass
class TimelineEntry:
    at: dt.datetime
    kind: str  # "event", "visit", "review", "referral", "change"…
    title: str
    body: str = ""
    actor: str = ""
    url: str = ""
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TimelineSource:
    kind: str
    # entries(user, case) -> iterable of TimelineEntry already filtered for what `user` may see
    entries: Callable[[Any, Any], list[TimelineEntry]]


@dataclass(frozen=True)
class ListExtension:
    key: str
    # annotate(qs) -> qs : adds columns (one query for the whole page, never one per row)
    annotate: Callable[[QuerySet], QuerySet] = lambda qs: qs
    # filter field: name, label, choices(user) -> list[(value, label)], apply(qs, value) -> qs
    filter_name: str | None = None
    filter_label: str = ""
    filter_choices: Callable[[Any], list[tuple[str, str]]] | None = None
    filter_apply: Callable[[QuerySet, str], QuerySet] | None = None
    # column shown in the list: (label, attribute name on each case)
    column: tuple[str, str] | None = None


panels: dict[str, Panel] = {}
timeline_sources: dict[str, TimelineSource] = {}
list_extensions: dict[str, ListExtension] = {}
# Actions offered on the case page by other apps: key -> (label, url_name, visible(request, case))
actions: dict[str, tuple[str, str, Callable[[HttpRequest, Any], bool]]] = {}


def register_panel(panel: Panel) -> None:
    panels[panel.key] = panel


def register_timeline_source(source: TimelineSource) -> None:
    timeline_sources[source.kind] = source


def register_list_extension(ext: ListExtension) -> None:
    list_extensions[ext.key] = ext


def register_action(key: str, label: str, url_name: str, visible: Callable[[HttpRequest, Any], bool]) -> None:
    actions[key] = (label, url_name, visible)


# --- hooks run by the case services (higher apps register into them) -----------------------

# after_reassignment(case, *, old_user, new_user, actor): called by set_case_mentor inside its
# transaction once the mentor changed (e.g. workflows moves the open review draft task).
after_reassignment_hooks: list[Callable[..., None]] = []


def register_after_reassignment(func: Callable[..., None]) -> None:
    if func not in after_reassignment_hooks:
        after_reassignment_hooks.append(func)


# A single handler for "refer for support" decisions (the support app creates a draft referral).
_support_request_handler: Callable[..., Any] | None = None


def register_support_request_handler(func: Callable[..., Any] | None) -> None:
    global _support_request_handler
    _support_request_handler = func


def request_support(case, *, actor, review, needs: str) -> Any:
    """Ask the support app to open a referral for `case`. Raises DomainError when no app
    handles support requests (then nothing is written: the caller's transaction rolls back)."""
    if _support_request_handler is None:
        from django.utils.translation import gettext as _

        from cases.errors import DomainError

        raise DomainError(_("Chức năng đề nghị hỗ trợ chưa được cài đặt; chưa thể duyệt đề xuất này."))
    return _support_request_handler(case, actor=actor, review=review, needs=needs)
