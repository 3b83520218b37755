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
title = "# Đồng Hành — Vietnamese catalogue (source strings are Vietnamese).\n"
head = title + head.replace(title, "")
body = body.replace('"Language: \\n"', '"Language: vi\\n"', 1)
body = re.sub(r'\nmsgstr\[[1-9]\] "[^\n]*"(\n"[^\n]*")*', "", body)
path.write_text(head + sep + body, encoding="utf-8")
