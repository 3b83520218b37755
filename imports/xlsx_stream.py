"""Reading the rows of an uploaded .xlsx as a stream of XML events.

openpyxl's read-only mode already streams the sheet, but it builds a cell object for every cell
and checks each value against the styles, which made it the slowest part of checking a file
(about 1,400 rows/s here). This reader walks the sheet's XML with the standard library's
`iterparse` (expat, in C) and drops every row once read, so memory holds only the shared strings
table (the distinct texts of the file, packed as UTF-8: StringTable) and one row. It yields what openpyxl's
`iter_rows(values_only=True)` gives: text, int, float, bool, and datetime for numbers formatted
as dates (the cell's style), None for an empty cell.

A file that is not a well-formed .xlsx raises `BadFile`; workbook.open_rows turns it into the
Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from array import array
from collections.abc import Iterator
from typing import IO, Any
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import from_excel

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_COLUMN = re.compile(r"[A-Z]+")
# Built-in number formats Excel shows as dates whatever the locale (14–22, 45–47; 27–36 and
# 50–58 are East Asian date formats, not in openpyxl's table).
_DATE_FORMAT_IDS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})


class BadFile(ValueError):
    pass


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _column_index(ref: str) -> int:
    letters = _COLUMN.match(ref)
    if letters is None:
        raise BadFile(ref)
    index = 0
    for ch in letters.group(0):
        index = index * 26 + ord(ch) - 64
    return index - 1


def _text_of(element) -> str:
    """The text of an <si> or <is>: its <t>, or the <t> of each rich-text run; not the
    phonetic guide (<rPh>)."""
    parts = []
    for child in element:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return _unescape("".join(parts))


def _sheet_path(archive: zipfile.ZipFile, sheet_name: str) -> str:
    """The part of the sheet called `sheet_name`, else of the first sheet."""
    sheets: list[tuple[str, str]] = []
    with archive.open("xl/workbook.xml") as source:
        for _event, element in iterparse(source):
            if _local(element.tag) == "sheet":
                sheets.append((element.get("name", ""), element.get(f"{{{_REL_NS}}}id", "")))
    targets: dict[str, str] = {}
    with archive.open("xl/_rels/workbook.xml.rels") as source:
        for _event, element in iterparse(source):
            if _local(element.tag) == "Relationship":
                targets[element.get("Id", "")] = element.get("Target", "")
    if not sheets:
        raise BadFile("no sheet")
    rel = next((r for name, r in sheets if name == sheet_name), sheets[0][1])
    target = targets.get(rel, "")
    if not target:
        raise BadFile("no sheet part")
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


class StringTable:
    """The shared strings of a workbook as UTF-8 in one buffer with their offsets (about a third
    of what a list of Python strings holds); a string is decoded when a cell asks for it."""

    def __init__(self):
        self._buffer = bytearray()
        self._ends = array("Q")

    def append(self, text: str) -> None:
        self._buffer += text.encode()
        self._ends.append(len(self._buffer))

    def __getitem__(self, index: int) -> str:
        start = self._ends[index - 1] if index else 0
        return self._buffer[start : self._ends[index]].decode()

    def __len__(self) -> int:
        return len(self._ends)

    def nbytes(self) -> int:
        return len(self._buffer) + self._ends.itemsize * len(self._ends)


def _shared_strings(archive: zipfile.ZipFile) -> StringTable:
    strings = StringTable()
    if "xl/sharedStrings.xml" not in archive.namelist():
        return strings
    with archive.open("xl/sharedStrings.xml") as source:
        root = None
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                if root is None:
                    root = element
            elif _local(element.tag) == "si":
                strings.append(_text_of(element))
                root.clear()  # drop the <si> read (a cleared one would still hang from <sst>)
    return strings


def _date_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """The indexes of the cell styles (cellXfs) whose number format is a date."""
    if "xl/styles.xml" not in archive.namelist():
        return frozenset()
    custom: dict[int, str] = {}
    formats: list[int] = []
    in_cell_xfs = False
    with archive.open("xl/styles.xml") as source:
        for event, element in iterparse(source, events=("start", "end")):
            tag = _local(element.tag)
            if tag == "cellXfs":
                in_cell_xfs = event == "start"
            elif event == "end" and tag == "numFmt":
                custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
            elif event == "end" and tag == "xf" and in_cell_xfs:
                formats.append(int(element.get("numFmtId", "0")))
    dates = set()
    for index, fmt_id in enumerate(formats):
        code = custom.get(fmt_id) or BUILTIN_FORMATS.get(fmt_id)
        if fmt_id in _DATE_FORMAT_IDS or (code and is_date_format(code)):
            dates.add(index)
    return frozenset(dates)


def _number(text: str) -> int | float:
    if text.lstrip("-").isdigit():
        return int(text)
    value = float(text)
    return int(value) if value.is_integer() and "E" not in text.upper() and abs(value) < 2**53 else value


def _value(cell, shared: StringTable, date_styles: frozenset[int]) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = next((child for child in cell if _local(child.tag) == "is"), None)
        return _text_of(inline) if inline is not None else None
    raw = next((child.text for child in cell if _local(child.tag) == "v"), None)
    if raw is None:
        return None
    if kind == "s":
        return shared[int(raw)]
    if kind in ("str", "e"):
        return _unescape(raw)
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind == "d":
        return dt.datetime.fromisoformat(raw.rstrip("Z"))
    number = _number(raw)
    style = cell.get("s")
    if style is not None and int(style) in date_styles:
        return from_excel(number)
    return number


def row_count(fileobj: IO[bytes], sheet_name: str) -> int:
    """The last row number of the sheet: its <dimension> when the file states it, else counted."""
    with zipfile.ZipFile(fileobj) as archive, archive.open(_sheet_path(archive, sheet_name)) as source:
        last = 0
        sheet_data = None
        for event, element in iterparse(source, events=("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                if tag == "dimension":
                    ref = element.get("ref", "")
                    digits = ref.split(":")[-1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
                    if ":" in ref and digits.isdigit():
                        return int(digits)
                elif tag == "sheetData":
                    sheet_data = element
            elif tag == "row":
                last = int(element.get("r", last + 1))
                if sheet_data is not None:
                    sheet_data.clear()
    return last


def iter_rows(fileobj: IO[bytes], sheet_name: str) -> Iterator[tuple[int, list[Any]]]:
    """(row number, values) of every row the sheet holds, in order."""
    try:
        archive = zipfile.ZipFile(fileobj)
        shared = _shared_strings(archive)
        date_styles = _date_styles(archive)
        path = _sheet_path(archive, sheet_name)
    except (KeyError, ParseError, ValueError, zipfile.BadZipFile) as exc:
        raise BadFile(str(exc)) from exc
    with archive, archive.open(path) as source:
        sheet_data = None
        number = 0
        try:
            for event, element in iterparse(source, events=("start", "end")):
                tag = _local(element.tag)
                if event == "start":
                    if tag == "sheetData":
                        sheet_data = element
                    continue
                if tag != "row":
                    continue
                number = int(element.get("r", number + 1))
                values: list[Any] = []
                for position, cell in enumerate(c for c in element if _local(c.tag) == "c"):
                    ref = cell.get("r")
                    index = _column_index(ref) if ref else position
                    if index >= len(values):
                        values.extend([None] * (index - len(values) + 1))
                    values[index] = _value(cell, shared, date_styles)
                if sheet_data is not None:
                    sheet_data.clear()  # nothing of a row read stays in memory
                yield number, values
        except (ParseError, ValueError, IndexError) as exc:
            raise BadFile(str(exc)) from exc
