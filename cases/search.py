"""Finding a person: by name with or without diacritics, by identity number (full or its last
digits), by khu dân cư name.

Every person carries a normalised copy of what they are found by (`Subject.search_text`: name,
khu dân cư and identity number, lower case, no diacritics, đ → d), written by the services on
every save of a Subject (cases.services.save_with_history). A query is normalised the same way and
each of its words must match: a word of letters matches the start of a word ("hung" finds
"Nguyễn Văn Hùng" and "Hưng"), a word of digits matches anywhere in the identity number (so the
last digits are enough). On PostgreSQL a trigram index (pg_trgm, gin_trgm_ops) serves the
`LIKE '%…%'` these become, so a search stays fast at a million people; on SQLite the same column
is scanned.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from areas.search import normalise, word_filter, words

MIN_DIGITS = 3
LOOKUP_LIMIT = 20

__all__ = ["normalise", "words", "subject_filter", "filter_subjects", "subject_search_text", "refresh_search_text"]


def subject_search_text(subject) -> str:
    """What a person is found by. Leading space: a word match is `contains(" " + word)`."""
    area_name = subject.area.name if subject.area_id else ""
    parts = [normalise(subject.full_name), normalise(area_name), subject.national_id or ""]
    return " " + " ".join(p for p in parts if p)


def refresh_search_text(subject) -> None:
    # A record merged into another is found through the one it was merged into.
    subject.search_text = "" if subject.merged_into_id else subject_search_text(subject)[:300]


def subject_filter(query: str | None, prefix: str = "") -> Q | None:
    """A Q over Subject (or over a model reaching it through `prefix`, e.g. "subject__") that
    keeps the people matching every word of `query`; None when the query has no words."""
    return word_filter(query, f"{prefix}search_text")


def filter_subjects(qs: QuerySet, query: str | None, prefix: str = "") -> QuerySet:
    q = subject_filter(query, prefix)
    return qs if q is None else qs.filter(q)


def is_identity_query(query: str | None) -> bool:
    text = (query or "").replace(" ", "")
    return text.isdigit() and len(text) >= MIN_DIGITS


def identity_prefix_q(query: str | None, prefix: str = "") -> Q | None:
    """People whose identity number starts with the digits of `query` (spaces ignored), or
    None when the query is not an identity number. On PostgreSQL the pattern index
    cases_subject_national_id_pattern serves it (a range scan, however many people)."""
    if not is_identity_query(query):
        return None
    digits = (query or "").replace(" ", "")
    # "<> ''" as in the partial index's predicate, so the planner may use it
    return Q(**{f"{prefix}national_id__startswith": digits}) & ~Q(**{f"{prefix}national_id": ""})
