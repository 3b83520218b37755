"""Extension points of the case page and case list, filled by higher apps (mentors, support,
workflows, reports) from their AppConfig.ready(), so that `cases` never imports upward.
Reads only: what else a change of a case changes is written in the orchestration that makes
the change (workflows.lifecycle), never in a callback registered here.

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
    # context(request, view) -> dict, or None to hide the panel for this reader; `view` is the
    # policy's projection (cases.policy.CaseView): what the reader sees of the case
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
    # entries(view, case) -> iterable of TimelineEntry filtered by the reader's projection `view`
    # (cases.policy.CaseView); `case` is view.case or one of the cases before a transfer
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
# Actions offered on the case page by other apps: key -> (label, url_name, visible(request, view))
actions: dict[str, tuple[str, str, Callable[[HttpRequest, Any], bool]]] = {}


def register_panel(panel: Panel) -> None:
    panels[panel.key] = panel


def register_timeline_source(source: TimelineSource) -> None:
    timeline_sources[source.kind] = source


def register_list_extension(ext: ListExtension) -> None:
    list_extensions[ext.key] = ext


def register_action(key: str, label: str, url_name: str, visible: Callable[[HttpRequest, Any], bool]) -> None:
    actions[key] = (label, url_name, visible)
