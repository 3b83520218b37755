"""Finish the Vietnamese catalogue after makemessages + msgen: a real header (not fuzzy,
Language: vi, one plural form) and one msgstr per plural entry, as Vietnamese has no plural."""

import re
import sys
from pathlib import Path

path = Path(sys.argv[1] if len(sys.argv) > 1 else "locale/vi/LC_MESSAGES/django.po")
text = path.read_text(encoding="utf-8")
head, sep, body = text.partition('msgid ""\nmsgstr ""\n')
head = head.replace("#, fuzzy\n", "")
head = re.sub(r"^# (SOME DESCRIPTIVE TITLE\.|Copyright \(C\) YEAR.*|This file is distributed.*|FIRST AUTHOR.*)\n", "", head, flags=re.M)
TITLE = "# Đồng Hành — Vietnamese catalogue (source strings are Vietnamese).\n"
head = TITLE + head.replace(TITLE, "")
body = body.replace('"Language: \\n"', '"Language: vi\\n"', 1)
body = re.sub(r'\nmsgstr\[[1-9]\] "[^\n]*"(\n"[^\n]*")*', "", body)
path.write_text(head + sep + body, encoding="utf-8")

# Fuzzy entries are msgmerge's guesses from a similar msgid ("Đề xuất" → "Đăng xuất"): the
# source strings are the Vietnamese text, so each one (and any left empty) becomes its own
# msgid, unflagged. `msgfmt --statistics` then shows 0 fuzzy and 0 untranslated.
text = path.read_text(encoding="utf-8")
head, sep, body = text.partition('msgid ""\nmsgstr ""\n')


def _string(lines: list[str], key: str) -> list[str]:
    """The quoted lines of `key` (msgid, msgid_plural) in an entry, continuation lines included."""
    out: list[str] = []
    for line in lines:
        if out and line.startswith('"'):
            out.append(line)
        elif out:
            break
        elif line.startswith(key + " "):
            out.append(line[len(key) + 1 :])
    return out


def _unfuzzy(block: str) -> str:
    lines = block.split("\n")
    fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
    msgstrs = [i for i, line in enumerate(lines) if line.startswith("msgstr")]
    empty = bool(msgstrs) and all(lines[i].endswith(' ""') and (i + 1 >= len(lines) or not lines[i + 1].startswith('"')) for i in msgstrs)
    if not (fuzzy or empty):
        return block
    msgid = _string(lines, "msgid_plural") or _string(lines, "msgid")
    kept: list[str] = []
    skipping = False
    for line in lines:
        if line.startswith("#|"):
            continue
        if line.startswith("#,"):
            flags = [f.strip() for f in line[2:].split(",") if f.strip() != "fuzzy"]
            if flags:
                kept.append("#, " + ", ".join(flags))
            continue
        if line.startswith("msgstr"):
            key = line.split(" ", 1)[0]
            kept.append(f"{key} {msgid[0]}")
            kept.extend(msgid[1:])
            skipping = True
            continue
        if skipping and line.startswith('"'):
            continue
        skipping = False
        kept.append(line)
    return "\n".join(kept)


body = "\n\n".join(_unfuzzy(block) for block in body.split("\n\n"))
path.write_text(head + sep + body, encoding="utf-8")

# Wording fixed in the catalogue while the msgid stays in code another change owns (issue 17:
# reports/, imports/, api/ were being edited elsewhere). Applied on every run, so a regenerated
# or merged catalogue keeps it; an entry whose msgid has left the code is simply not found.
# When the code is next edited, change its msgid and drop the line here.
WORDING = {
    "Ghi chú mật: chỉ có với người ghi và người được xem ghi chú mật.": "Ghi chú hạn chế: chỉ có với người ghi và người được xem ghi chú hạn chế.",
    "Cập nhật số điện thoại, danh vị.": "Cập nhật số điện thoại, vai trò trong cộng đồng.",
    "Người đang quản lý có phân công người giúp đỡ còn hiệu lực vào ngày cuối kỳ.": "Người đang được quản lý có phân công người giúp đỡ còn hiệu lực vào ngày cuối kỳ.",
    "Có người giúp đỡ cuối kỳ / đang quản lý cuối kỳ.": "Có người giúp đỡ cuối kỳ / đang được quản lý cuối kỳ.",
    "Người được đánh giá “tiến bộ” trong kỳ / mọi người được quản lý, giúp đỡ trong kỳ (đang quản lý cuối kỳ và kết thúc trong kỳ); người chưa được đánh giá vẫn tính vào mẫu số.": "Người được đánh giá “tiến bộ” trong kỳ / mọi người được quản lý, giúp đỡ trong kỳ (đang được quản lý cuối kỳ và kết thúc trong kỳ); người chưa được đánh giá vẫn tính vào mẫu số.",
    "Người đang quản lý cuối kỳ có ít nhất một lần tiếp xúc trong kỳ.": "Người đang được quản lý cuối kỳ có ít nhất một lần tiếp xúc trong kỳ.",
    "Được tiếp xúc trong kỳ / đang quản lý cuối kỳ.": "Được tiếp xúc trong kỳ / đang được quản lý cuối kỳ.",
    "Người đang quản lý cuối kỳ ở trạng thái này.": "Người đang được quản lý cuối kỳ ở trạng thái này.",
    "Người đang quản lý cuối kỳ thuộc diện này.": "Người đang được quản lý cuối kỳ thuộc diện này.",
    "Người đang quản lý cuối kỳ theo phân loại của hồ sơ.": "Người đang được quản lý cuối kỳ theo phân loại của hồ sơ.",
    "Đang quản lý, giúp đỡ": "Đang được quản lý, giúp đỡ",
    "Người đang quản lý được tiếp xúc trong kỳ": "Người đang được quản lý có tiếp xúc trong kỳ",
    "Tỷ lệ người đang quản lý được tiếp xúc trong kỳ (%)": "Tỷ lệ người đang được quản lý có tiếp xúc trong kỳ (%)",
    "Người đang quản lý theo trạng thái": "Người đang được quản lý theo trạng thái",
    "Người đang quản lý theo diện": "Người đang được quản lý theo diện",
}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


text = path.read_text(encoding="utf-8")
for msgid, msgstr in WORDING.items():
    text = re.sub(
        rf"^(msgid {re.escape(_quote(msgid))}\n)msgstr \"[^\n]*\"$",
        lambda m, s=msgstr: m.group(1) + "msgstr " + _quote(s),
        text,
        flags=re.M,
    )
path.write_text(text, encoding="utf-8")
