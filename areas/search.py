"""Accent-insensitive text for finding places and people: lower case, no diacritics, đ → d.

Vietnamese users often type without diacritics ("hung" for "Hùng", "tu son" for "Từ Sơn");
what is searched is stored normalised once (a `search_text` column) and the query is
normalised the same way, so one LIKE serves both (and a trigram index on PostgreSQL)."""

from __future__ import annotations

import re
import unicodedata

from django.db.models import Q

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+")


def normalise(text: str | None) -> str:
    """Lower case, no diacritics, đ → d, one space between words, punctuation dropped."""
    text = unicodedata.normalize("NFD", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D").casefold()
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def words(query: str | None) -> list[str]:
    return [w for w in normalise(query).split(" ") if w]


def word_filter(query: str | None, column: str) -> Q | None:
    """Every word of the query must start a word of `column` (a normalised text with a leading
    space); a word of digits may match anywhere (the last digits of an identity number)."""
    terms = words(query)
    if not terms:
        return None
    q = Q()
    for term in terms:
        q &= Q(**{f"{column}__contains": term if term.isdigit() else " " + term})
    return q


def area_search_text(area) -> str:
    commune = area.commune
    parts = [str(area), str(commune), commune.province.name, area.code]
    return (" " + " ".join(normalise(p) for p in parts if p))[:300]
