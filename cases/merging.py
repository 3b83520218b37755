"""Duplicates of a person: the candidates the commune front sees, and merging two records.

Candidates are people of the commune with the same name (any case or accents) and date of birth,
where the identity numbers do not tell them apart (one or both missing; two records cannot
share a number, the database refuses it). A merge keeps both records: every case of the
duplicate moves to the person kept, each moved case and the kept person's latest case get a
`merge_subject` event, both people get a history row saying into / from whom, and the duplicate
stays, marked `merged_into`, so that the merge can be explained afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.selectors import user_scope
from areas.search import normalise
from cases.errors import DomainError, PermissionRefused
from cases.models import TERMINAL_STATES, Case, Subject
from cases.services import record_event, save_with_history

MERGEABLE_FIELDS = (
    "national_id",
    "phone",
    "address_detail",
    "offence_summary",
    "sentence_details",
    "clock_start_date",
    "term_months",
    "expungement_years",
    "classification",
)


@dataclass
class Candidates:
    key: tuple
    people: list[Subject]


def same_person_listed(areas, *, full_name: str, date_of_birth, national_id: str = "") -> list[Subject]:
    """People already listed in the commune of `areas` (its khu dân cư the user may list in:
    nobody of another khu dân cư is shown) who may be the person about to be listed: the
    candidates' rule (same name in any case or accents, same date of birth), unless both have
    identity numbers, which then tell them apart. The new-case form warns with them before a
    second record is made (issue found by a sweep: the same person made seven times)."""
    if not full_name or not date_of_birth:
        return []
    name = normalise(full_name)
    people = (
        Subject.objects.filter(area__in=areas, date_of_birth=date_of_birth, merged_into__isnull=True).select_related("area").order_by("pk")
    )
    return [p for p in people if normalise(p.full_name) == name and not (national_id and p.national_id and p.national_id != national_id)]


def duplicate_candidates(user) -> list[Candidates]:
    """Groups of people of the user's communes (commune front) who may be one person."""
    communes = user_scope(user).front_commune_ids
    if not communes:
        return []
    people = (
        Subject.objects.filter(area__commune_id__in=communes, merged_into__isnull=True)
        .select_related("area")
        .prefetch_related("cases")
        .order_by("date_of_birth", "full_name", "pk")
    )
    groups: dict[tuple, list[Subject]] = {}
    for person in people:
        groups.setdefault((normalise(person.full_name), person.date_of_birth, person.area.commune_id), []).append(person)
    out = []
    for key, members in groups.items():
        if len(members) < 2:
            continue
        if len({m.national_id for m in members if m.national_id}) > 1 and all(m.national_id for m in members):
            continue  # two identity numbers: two people
        out.append(Candidates(key, members))
    return out


@transaction.atomic
def merge_subjects(keep: Subject, duplicate: Subject, *, actor, reason: str) -> Subject:
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError(_("Vui lòng nêu lý do gộp."), field="reason")
    keep, duplicate = (Subject.objects.select_for_update().select_related("area").get(pk=p) for p in (keep.pk, duplicate.pk))
    if keep.pk == duplicate.pk:
        raise DomainError(_("Hãy chọn hai người khác nhau."))
    communes = user_scope(actor).front_commune_ids
    if keep.area.commune_id not in communes or duplicate.area.commune_id not in communes:
        raise PermissionRefused(_("Chỉ cán bộ Ủy ban MTTQ xã của cả hai người được gộp hồ sơ."))
    if keep.merged_into_id or duplicate.merged_into_id:
        raise DomainError(_("Một trong hai người đã được gộp trước đây."))
    if keep.national_id and duplicate.national_id and keep.national_id != duplicate.national_id:
        raise DomainError(_("Hai người có số định danh khác nhau; không thể là một người."))
    cases = list(Case.objects.select_for_update().filter(subject__in=[keep, duplicate]).order_by("opened_at", "pk"))
    open_cases = [c for c in cases if c.status not in TERMINAL_STATES]
    if len(open_cases) > 1:
        raise DomainError(_("Cả hai người đều đang có hồ sơ chưa kết thúc; hãy kết thúc một hồ sơ trước khi gộp."))
    label = _("Gộp #%(dup)d (%(name)s) vào #%(keep)d") % {"dup": duplicate.pk, "name": duplicate.full_name, "keep": keep.pk}
    filled = []
    national_id = duplicate.national_id
    for name in MERGEABLE_FIELDS:
        if not getattr(keep, name) and getattr(duplicate, name):
            filled.append(name)
    duplicate.merged_into = keep
    duplicate.national_id = ""  # the number moves to the person kept (numbers are unique)
    save_with_history(duplicate, actor=actor, reason=f"{label}: {reason}")
    for name in filled:
        setattr(keep, name, national_id if name == "national_id" else getattr(duplicate, name))
    save_with_history(keep, actor=actor, reason=f"{label}: {reason}")
    moved = [c for c in cases if c.subject_id == duplicate.pk]
    data = {
        "kept_subject": keep.pk,
        "merged_subject": duplicate.pk,
        "merged_name": duplicate.full_name,
        "moved_cases": [c.pk for c in moved],
        "filled_fields": filled,
    }
    for case in moved:
        case.subject = keep
        save_with_history(case, actor=actor, reason=label)
        record_event(case, actor=actor, transition="merge_subject", from_state=case.status, to_state=case.status, reason=reason, data=data)
    kept_cases = [c for c in cases if c.subject_id == keep.pk and c not in moved]
    if kept_cases:
        latest = kept_cases[-1]
        record_event(
            latest, actor=actor, transition="merge_subject", from_state=latest.status, to_state=latest.status, reason=reason, data=data
        )
    return keep
