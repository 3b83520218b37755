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
WORDING: dict[str, str] = {}  # empty: the wording of issue 17 is now in the code itself


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
