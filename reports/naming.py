"""Vietnamese names in file names: folded to ASCII ("Hoàn Sơn" → "Hoan Son", "đ" → "d")."""

from __future__ import annotations

import unicodedata


def ascii_fold(text: str) -> str:
    text = str(text).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def province_title(name: str) -> str:
    """ "Tỉnh Bắc Ninh" from "Bắc Ninh"; a name that already says Tỉnh or Thành phố stays."""
    name = str(name).strip()
    if ascii_fold(name).lower().startswith(("tinh ", "thanh pho ")):
        return name
    return f"Tỉnh {name}"
