"""Retention: graduated and closed cases older than a setting are anonymised (issue 11).

Lives in workflows, the highest app that knows every record hanging off a case (mentors'
visits, support's referrals and their outcomes). What is replaced, in the rows AND in their
simple-history rows:
- the person (once every case of theirs is due): name → "Đã ẩn danh #id", identity number,
  address, phone, offence and sentence texts emptied, date of birth kept to its year (1 January);
- every free text of the records that point at the case (events' reasons, reviews, visits,
  referrals and their outcomes, legal tasks, shortenings, access reasons, notifications).
Codes, states, dates, categories and amounts stay: the reports' figures do not change.
One CaseEvent "anonymised" per case records what was done (counts, never values).
The writes run inside config.dbguard.anonymisation_window(), the one sanctioned way past the
database guards on history, event and access-log tables.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models import Case, CaseEvent, CaseStatus, ClassificationRecord, Subject

ANONYMISED_EVENT = "anonymised"
SUBJECT_BLANK = ("national_id", "address_detail", "phone", "offence_summary", "sentence_details", "expungement_override_reason")
# Short free texts kept in CharFields of case records (the rest of their CharFields are codes).
FREE_CHARFIELDS = frozenset({"place", "present", "court_decision_ref", "note", "contact_name", "contact_phone"})
CHUNK = 200


def retention_years() -> int:
    return int(settings.DONG_HANH["RETENTION_YEARS"])


def _free_text_fields(model) -> list[str]:
    out = []
    for f in model._meta.concrete_fields:
        if isinstance(f, models.TextField) and not f.choices:
            out.append(f.name)
        elif isinstance(f, models.CharField) and not f.choices and f.name in FREE_CHARFIELDS:
            out.append(f.name)
    return out


def _case_models() -> list[tuple[type[models.Model], str]]:
    """(model, lookup to the case id) for every non-history model pointing at a Case, and one
    hop further (e.g. a referral's outcome), each with free texts to replace."""
    found: list[tuple[type[models.Model], str]] = []
    direct = []
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.ForeignKey) and f.related_model is Case and f.name in ("case",):
                direct.append(model)
                found.append((model, "case_id__in"))
    for model in apps.get_models():
        if model.__name__.startswith("Historical") or model in direct:
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.ForeignKey) and f.related_model in direct and f.related_model is not Case:
                found.append((model, f"{f.name}__case_id__in"))
                break
    return [(m, lookup) for m, lookup in found if _free_text_fields(m)]


def _history_model(model):
    history = getattr(model, "history", None)
    return getattr(history, "model", None) if history is not None else None


@dataclass
class RetentionResult:
    cases: list[int] = field(default_factory=list)
    subjects: list[int] = field(default_factory=list)
    rows: Counter = field(default_factory=Counter)
    dry_run: bool = False


def due_cases(now: dt.datetime | None = None, years: int | None = None):
    now = now or timezone.now()
    cutoff = now - relativedelta(years=retention_years() if years is None else years)
    return (
        Case.objects.filter(status__in=[CaseStatus.GRADUATED, CaseStatus.CLOSED], closed_at__lt=cutoff)
        .exclude(pk__in=CaseEvent.objects.filter(transition=ANONYMISED_EVENT).values("case_id"))
        .order_by("pk")
    )


def _nonblank(qs, fields: list[str]) -> int:
    q = models.Q()
    for name in fields:
        q |= ~models.Q(**{name: ""})
    return qs.filter(q).count()


def anonymise_closed_cases(*, dry_run: bool = False, now: dt.datetime | None = None, years: int | None = None) -> RetentionResult:
    from accounts.selectors import system_user
    from cases import services as case_services
    from config.dbguard import anonymisation_window

    result = RetentionResult(dry_run=dry_run)
    case_ids = list(due_cases(now, years).values_list("pk", flat=True))
    if not case_ids:
        return result
    targets = _case_models()
    actor = None if dry_run else system_user()
    for i in range(0, len(case_ids), CHUNK):
        chunk = case_ids[i : i + CHUNK]
        # A person is anonymised once none of their cases is still kept.
        subject_ids = set(Case.objects.filter(pk__in=chunk).values_list("subject_id", flat=True))
        kept = set(
            Case.objects.filter(subject_id__in=subject_ids)
            .exclude(pk__in=due_cases(now, years).values("pk"))
            .exclude(pk__in=CaseEvent.objects.filter(transition=ANONYMISED_EVENT).values("case_id"))
            .values_list("subject_id", flat=True)
        )
        subjects = sorted(subject_ids - kept)
        result.cases.extend(chunk)
        result.subjects.extend(subjects)
        if dry_run:
            for model, lookup in targets:
                fields = _free_text_fields(model)
                result.rows[model._meta.label] += _nonblank(model._base_manager.filter(**{lookup: chunk}), fields)
            result.rows["cases.Subject"] += len(subjects)
            continue
        with anonymisation_window():
            per_case: dict[int, Counter] = {pk: Counter() for pk in chunk}
            for model, lookup in targets:
                fields = _free_text_fields(model)
                blank = dict.fromkeys(fields, "")
                qs = model._base_manager.filter(**{lookup: chunk})
                case_path = lookup[: -len("__in")]
                for case_id, n in Counter(qs.values_list(case_path, flat=True)).items():
                    per_case[case_id][model._meta.label] += n
                result.rows[model._meta.label] += qs.update(**blank)
                hist = _history_model(model)
                if hist is not None:
                    hist_lookup = lookup if lookup == "case_id__in" else None
                    if hist_lookup is None:  # one hop: the history rows of the records found above
                        ids = list(model._base_manager.filter(**{lookup: chunk}).values_list("pk", flat=True))
                        hqs = hist._base_manager.filter(id__in=ids)
                    else:
                        hqs = hist._base_manager.filter(**{hist_lookup: chunk})
                    result.rows[hist._meta.label] += hqs.update(
                        **{k: v for k, v in blank.items() if k in {f.name for f in hist._meta.fields}}
                    )
            for subject in Subject.objects.filter(pk__in=subjects):
                values = {name: "" for name in SUBJECT_BLANK}
                values["full_name"] = f"Đã ẩn danh #{subject.pk}"
                values["date_of_birth"] = subject.date_of_birth.replace(month=1, day=1)
                Subject.objects.filter(pk=subject.pk).update(**values)
                ClassificationRecord.objects.filter(subject_id=subject.pk).update(note="")
                result.rows["cases.HistoricalSubject"] += Subject.history.model._base_manager.filter(id=subject.pk).update(**values)
                result.rows["cases.Subject"] += 1
            # Event reasons: already blanked above (CaseEvent points at the case); record the act.
            for case_id in chunk:
                case = Case.objects.get(pk=case_id)
                case_services.record_event(
                    case,
                    actor=actor,
                    transition=ANONYMISED_EVENT,
                    from_state=case.status,
                    to_state=case.status,
                    data={"rows": dict(per_case[case_id]), "retention_years": retention_years() if years is None else years},
                )
    return result
