"""Vietnamese names in file names: folded to ASCII ("Hoàn Sơn" → "Hoan Son", "đ" → "d")."""

from __future__ import annotations

import unicodedata


def ascii_fold(text: str) -> str:
    text = str(text).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
