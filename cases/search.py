"""Finding a person: by name with or without diacritics, by identity number (full or its last
digits), by khu dân cư name.

Every person carries a normalised copy of what they are found by (`Subject.search_text`: name,
khu dân cư and identity number, lower case, no diacritics, đ → d), written by the services on
every save of a Subject (cases.services.save_with_history). A query is normalised the same way and
each of its words must match: a word of letters matches the start of a word ("hung" finds
"Nguyễn Văn Hùng" and "Hưng"). The digits of a query (its digit words put together, so
"0270 9000 1234" is one number) match the identity number in full or its last digits, at least
MIN_IDENTITY_DIGITS of them, never a short run in the middle; fewer digits start a word like
letters do ("tổ 5"). Identity digits are matched only on the cases whose reader sees the full
number (`identity_within`, from cases.policy.full_identity_cases): a mentor, who sees it masked,
cannot find a case by digits. On PostgreSQL a trigram index (pg_trgm, gin_trgm_ops) serves the
`LIKE '%…%'` these become, so a search stays fast at a million people; on SQLite the same column
is scanned.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from areas.search import normalise, words

# At least this many digits are matched against the end of an identity number.
MIN_IDENTITY_DIGITS = 4
LOOKUP_LIMIT = 20

__all__ = [
    "normalise",
    "words",
    "split_query",
    "subject_filter",
    "filter_subjects",
    "identity_digits",
    "subject_search_text",
    "refresh_search_text",
]


def subject_search_text(subject) -> str:
    """What a person is found by. Leading space: a word match is `contains(" " + word)`."""
    area_name = subject.area.name if subject.area_id else ""
    parts = [normalise(subject.full_name), normalise(area_name), subject.national_id or ""]
    return " " + " ".join(p for p in parts if p)


def refresh_search_text(subject) -> None:
    # A record merged into another is found through the one it was merged into.
    subject.search_text = "" if subject.merged_into_id else subject_search_text(subject)[:300]


def split_query(query: str | None) -> tuple[list[str], str]:
    """(the words matched at a word start, the identity digits or "")."""
    terms = words(query)
    digits = "".join(t for t in terms if t.isdigit())
    if len(digits) < MIN_IDENTITY_DIGITS:
        return terms, ""
    return [t for t in terms if not t.isdigit()], digits


def subject_filter(query: str | None, prefix: str = "", *, identity_within: Q | None = None) -> Q | None:
    """A Q over Subject (or over a model reaching it through `prefix`, e.g. "subject__") that
    keeps the people matching every word of `query`; None when the query has no words.
    `identity_within` (a Q over the same model) limits where identity digits may match."""
    starts, digits = split_query(query)
    if not starts and not digits:
        return None
    column = f"{prefix}search_text"
    q = Q()
    for term in starts:
        q &= Q(**{f"{column}__contains": " " + term})
    if digits:
        # search_text ends with the identity number: the trigram index serves the LIKE '%…';
        # the identity column itself decides (a khu dân cư name may end with digits too).
        q &= Q(**{f"{column}__endswith": digits, f"{prefix}national_id__endswith": digits})
        if identity_within is not None:
            q &= identity_within
    return q


def filter_subjects(qs: QuerySet, query: str | None, prefix: str = "", *, identity_within: Q | None = None) -> QuerySet:
    q = subject_filter(query, prefix, identity_within=identity_within)
    return qs if q is None else qs.filter(q)


def identity_digits(query: str | None) -> str:
    """The identity digits of a query ("" when it has fewer than MIN_IDENTITY_DIGITS)."""
    return split_query(query)[1]


# The start of a number is looked up only when it is long enough to name few people: the first
# digits of a citizen identity number are the province, sex and century, and the year of birth
# (a short start would list thousands of the province's people).
MIN_PREFIX_DIGITS = 9


def is_identity_query(query: str | None) -> bool:
    text = (query or "").replace(" ", "")
    return text.isdigit() and len(text) >= MIN_PREFIX_DIGITS


def identity_prefix_q(query: str | None, prefix: str = "") -> Q | None:
    """People whose identity number starts with the digits of `query` (spaces ignored), or
    None when the query is not an identity number. On PostgreSQL the pattern index
    cases_subject_national_id_pattern serves it (a range scan, however many people)."""
    if not is_identity_query(query):
        return None
    digits = (query or "").replace(" ", "")
    # "<> ''" as in the partial index's predicate, so the planner may use it
    return Q(**{f"{prefix}national_id__startswith": digits}) & ~Q(**{f"{prefix}national_id": ""})
