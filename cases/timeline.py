"""One timeline per case: case events, the entries of registered sources (visits, quarterly
reviews, referrals…) and the field-level changes recorded by simple-history on the Case and
its Subject, merged in time order and filtered for the viewer.

A case opened by a transfer carries the history of the cases before it (transferred_from
chain) for the people who work on the case in its new place (not for the mentor, who sees
only their own case). The cases after a transfer are never shown from the older case.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import registry
from cases.audit import ConcernKind
from cases.models import Case, CaseStatus, Subject
from cases.policy import SENSITIVE_EVENTS, CaseView
from cases.registry import TimelineEntry
from cases.selectors import earlier_cases, reachable_cases

KIND_LABELS = {
    "event": gettext_lazy("Sự kiện hồ sơ"),
    "change": gettext_lazy("Thay đổi thông tin"),
    "visit": gettext_lazy("Gặp gỡ, thăm hỏi"),
    "review": gettext_lazy("Đánh giá hằng quý"),
    "referral": gettext_lazy("Hỗ trợ việc làm, học nghề, vay vốn"),
}

# Fields of the Case whose changes are shown (status is an FSM field: named explicitly).
CASE_FIELDS = ["status", "mentor_user", "close_reason", "graduation_basis", "area"]
SUBJECT_FIELDS = [
    "full_name",
    "date_of_birth",
    "sex",
    "national_id",
    "area",
    "address_detail",
    "phone",
    "category",
    "offence_summary",
    "sentence_details",
    "clock_start_date",
    "term_months",
    "expungement_years",
    "classification",
    "main_penalty",
    "sentence_months",
    "additional_penalty",
    "additional_penalty_months",
    "offence_date",
    "offence_gravity",
    "expungement_override_reason",
    "court_term_end",
    "prison_notice_date",
    "expected_release_date",
    "address_checked_on",
    "category_needs_check",
]
# The listing that opens a case saves the person a moment before the case row.
LISTING_SLACK = dt.timedelta(seconds=5)


def kind_choices() -> list[tuple[str, str]]:
    kinds = ["event", "change"] + [k for k in registry.timeline_sources if k not in ("event", "change")]
    return [(k, str(KIND_LABELS.get(k, k))) for k in kinds]


def _event_entries(view: CaseView, case: Case) -> list[TimelineEntry]:
    out = []
    for event in case.events.select_related("actor").order_by("created_at", "pk"):
        title = event.transition_label
        if event.transition == "concern_flagged":
            kind = event.data.get("kind", "")
            if kind in ConcernKind.values:
                title = f"{title}: {ConcernKind(kind).label}"
        elif event.from_state and event.to_state and event.from_state != event.to_state:
            title = f"{title}: {event.from_label} → {event.to_label}"
        body = event.reason
        if event.transition in SENSITIVE_EVENTS and not view.sees_reason_by(event.actor_id):
            body = ""
        out.append(
            TimelineEntry(
                at=event.created_at,
                kind="event",
                title=title,
                body=body,
                actor=event.actor.display_name if event.actor else "",
                extra={"transition": event.transition},
            )
        )
    return out


class _Labels:
    """Turns stored values into what a reader understands: choice labels, names of related
    rows (one query per related model and distinct id set), dd/mm/yyyy dates."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.related: dict[str, dict] = {}

    def prefetch(self, field_name: str, ids: set) -> None:
        field = self.model._meta.get_field(field_name)
        ids = {i for i in ids if i not in (None, "")}
        if field.is_relation and ids:
            self.related[field_name] = field.related_model._default_manager.in_bulk(ids)

    def value(self, field_name: str, value) -> str:
        if value in (None, ""):
            return "—"
        field = self.model._meta.get_field(field_name)
        if field.is_relation:
            obj = self.related.get(field_name, {}).get(value)
            return str(obj) if obj is not None else f"#{value}"
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        return str(value)


def _change_entries(records, *, model, fields, title, start, end, hidden=frozenset(), viewer=None) -> list[TimelineEntry]:
    records = list(records)
    deltas = []
    for prev, cur in pairwise(records):
        if cur.history_date < start or (end is not None and cur.history_date > end):
            continue
        delta = cur.diff_against(prev, included_fields=fields)
        changes = [c for c in delta.changes if not (c.field in hidden and cur.history_user_id != getattr(viewer, "pk", None))]
        if changes:
            deltas.append((cur, changes))
    labels = _Labels(model)
    for name in {c.field for _cur, changes in deltas for c in changes}:
        if model._meta.get_field(name).is_relation:
            labels.prefetch(name, {v for _cur, cs in deltas for c in cs if c.field == name for v in (c.old, c.new)})
    out = []
    for cur, changes in deltas:
        rows = [
            {
                "field": str(model._meta.get_field(c.field).verbose_name),
                "old": labels.value(c.field, c.old),
                "new": labels.value(c.field, c.new),
            }
            for c in changes
        ]
        out.append(
            TimelineEntry(
                at=cur.history_date,
                kind="change",
                title=title,
                body=cur.history_change_reason or "",
                actor=cur.history_user.display_name if cur.history_user else "",
                extra={"changes": rows},
            )
        )
    return out


def _history_entries(view: CaseView, case: Case) -> list[TimelineEntry]:
    end = case.closed_at
    case_records = Case.history.filter(id=case.pk).select_related("history_user").order_by("history_date", "history_id")
    entries = _change_entries(
        case_records,
        model=Case,
        fields=CASE_FIELDS,
        title=_("Thay đổi thông tin hồ sơ"),
        start=case.opened_at,
        end=end,
    )
    # The person's record only within this case's period: a later case elsewhere is not ours to show.
    subject_records = Subject.history.filter(id=case.subject_id).select_related("history_user").order_by("history_date", "history_id")
    if end is not None:
        subject_records = subject_records.filter(history_date__lte=end)
    entries += _change_entries(
        subject_records,
        model=Subject,
        fields=SUBJECT_FIELDS,
        title=_("Thay đổi thông tin người được giúp đỡ"),
        start=case.opened_at - LISTING_SLACK,
        end=end,
        hidden=view.hidden_subject_fields,
        viewer=view.user,
    )
    return entries


def _entries_for(view: CaseView, case: Case, *, kinds: set[str] | None) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    if kinds is None or "event" in kinds:
        entries += _event_entries(view, case)
    if kinds is None or "change" in kinds:
        changes = _history_entries(view, case)
        if kinds is None or "event" in kinds:
            # Every status change is also a case event saying "from → to": shown with events,
            # the status row of a change would say it twice.
            status_label = str(Case._meta.get_field("status").verbose_name)
            for entry in changes:
                entry.extra["changes"] = [row for row in entry.extra.get("changes", []) if row["field"] != status_label]
            changes = [e for e in changes if e.extra["changes"]]
        entries += changes
    for kind, source in registry.timeline_sources.items():
        if kinds is None or kind in kinds:
            entries += list(source.entries(view, case))
    return entries


def build_timeline(
    view: CaseView,
    *,
    kinds: set[str] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    include_earlier: bool = True,
) -> list[TimelineEntry]:
    """Newest first, filtered for the reader (`view`, the policy's projection). `kinds` None
    means every kind; dates are local (Asia/Ho_Chi_Minh) days."""
    case = view.case
    entries = _entries_for(view, case, kinds=kinds)
    if include_earlier and view.sees_earlier_cases:
        for earlier in earlier_cases(case):
            label = _("Hồ sơ trước #%(pk)d · %(place)s") % {"pk": earlier.pk, "place": f"{earlier.area}, {earlier.commune}"}
            for entry in _entries_for(view, earlier, kinds=kinds):
                entry.extra = {**entry.extra, "earlier_case": label}
                entries.append(entry)
    if date_from:
        entries = [e for e in entries if timezone.localtime(e.at).date() >= date_from]
    if date_to:
        entries = [e for e in entries if timezone.localtime(e.at).date() <= date_to]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def linked_cases(view: CaseView) -> list[dict]:
    """The other cases of the same person, oldest first: a link to those the viewer may open;
    the earlier cases of a transfer chain (their history is in this timeline) without a link;
    nothing about the others."""
    case, user = view.case, view.user
    others = list(case.subject.cases.exclude(pk=case.pk).select_related("area", "commune").order_by("opened_at", "pk"))
    if not others:
        return []
    reachable = set(reachable_cases(user).filter(pk__in=[c.pk for c in others]).values_list("pk", flat=True))
    chain = {c.pk for c in earlier_cases(case)} if view.sees_earlier_cases else set()
    out = []
    for other in others:
        if other.pk in reachable or other.pk in chain:
            out.append(
                {
                    "case": other,
                    "link": other.pk in reachable,
                    "relation": _("trước") if other.opened_at < case.opened_at else _("sau"),
                    "status": CaseStatus(other.status).label,
                }
            )
    return out
