"""Vietnamese alphabetical order, for the short lists people read by name (the communes of a
province in its report, the mentors offered when assigning a case).

Sorting by code point puts "Bảo" after "Biên" (ả is U+1EA3), every "Đ…" after "Y…" and "Ông"
last. The Vietnamese alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y
(f j w z, found in foreign names, at their Latin places); the tone marks decide only between
texts whose letters are the same, in the dictionaries' order: no mark, huyền, hỏi, ngã, sắc,
nặng. ("Ân" sorts after "Anh": â is a letter after a, not an a with a mark.) This is the order
of ICU's Vietnamese collation (PostgreSQL's "vi-x-icu"; "Hạ Long" before "Hà Nam", the letters
deciding before the tones), except that numbers sort by their value: Thôn 2 before Thôn 10.

`sort_key` makes a string that sorts that way with Python's own comparison, so it can stand in
a tuple or a JSON document (reports.dashboards keeps the sort keys of a build). The database
orders by code point under the C collation production uses; lists that must read in this
order are sorted in Python, and they are short.
"""

from __future__ import annotations

import re
import unicodedata

_LETTERS = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]  # fmt: skip
_TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]  # none, huyền, hỏi, ngã, sắc, nặng
_NUMBER = re.compile(r"\d+")


def _tables() -> tuple[dict[int, str], dict[int, str]]:
    """Two translation tables over every letter of the alphabet with every tone, precomposed
    (NFC) as text is written: the letter's rank (one character above every space, digit and
    punctuation mark, which keep their code points) and its tone (a digit, "0" for none; the
    other characters stay as they are in both, so they are equal wherever the letters are)."""
    primary: dict[int, str] = {}
    tone: dict[int, str] = {}
    for rank, letter in enumerate(_LETTERS):
        for digit, mark in enumerate(_TONES):
            ch = unicodedata.normalize("NFC", letter + mark)
            if len(ch) == 1:  # a consonant with a tone mark has no precomposed form
                primary[ord(ch)] = chr(0x1000 + rank)
                tone[ord(ch)] = str(digit)
    return primary, tone


_PRIMARY, _TONE = _tables()


def sort_key(text: str | None) -> str:
    """A key that sorts `text` in Vietnamese alphabetical order: by its letters, then by its
    tones, then as written (so equal keys are only equal texts); numbers by their value."""
    text = text or ""
    folded = unicodedata.normalize("NFC", text.casefold())
    letters = _NUMBER.sub(_padded, folded.translate(_PRIMARY))
    # \x01 between the parts: below every character of a name, and not NUL, which PostgreSQL
    # cannot keep in a JSON document (a dashboard's build keeps its places' sort keys)
    return f"{letters}\x01{folded.translate(_TONE)}\x01{text}"


def _padded(number: re.Match) -> str:
    return number.group().zfill(12)  # "Thôn 2" before "Thôn 10"
