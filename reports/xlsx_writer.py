"""A streamed .xlsx writer for the national workbook (reports.workbook): rows of plain values
written as SpreadsheetML text, a sheet at a time into the zip, nothing held in memory.

Why not openpyxl or XlsxWriter here: the national workbook has about 20 million cells (some
103,000 places × 191 columns). Measured on this project's 2-core machine (tests/bench/workbook.py
prints the workbook's own figures), openpyxl's write_only mode wrote 0.08–0.21 million cells
a second and XlsxWriter's constant_memory mode 0.19–0.30 million: 65 to 250 s for the cells
alone, against a target of 60 s for the whole workbook. Both build an object per cell and look
its style up; this module writes a row as one string from values and a style index per column
(1.2–2 million cells a second). It does only what the workbook needs: text and numbers, a few
cell styles (number format, bold, size, fill, wrapped text), column widths, frozen panes, an
auto-filter, print titles and A4 landscape page setup. The synchronous exports keep openpyxl
(reports.exports); a test reads both files back with openpyxl and compares them cell by cell.

Rows may be appended to several sheets in any order (the workbook writes a province's
communes and its khu dân cư before the next province): each sheet's rows go to a temporary
file, and close() writes the zip, sheet after sheet.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# characters XML 1.0 does not allow (a control character in a name would break the file)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def column_letter(index: int) -> str:
    """1 → A, 27 → AA (openpyxl's, a plain function: no cell objects)."""
    return get_column_letter(index)


def frozen(cell: str | None) -> tuple[int, int] | None:
    """Sheet.freeze for the first cell that scrolls: "D5" → (3, 4), three columns and four
    rows kept in view."""
    if not cell:
        return None
    letters, row = coordinate_from_string(cell)
    return (column_index_from_string(letters) - 1, row - 1)


def _text(value: str) -> str:
    value = escape(_ILLEGAL.sub("", value))
    space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    return f"<t{space}>{value}</t>"


@dataclass(frozen=True)
class Style:
    number_format: str | None = None
    bold: bool = False
    size: int | None = None
    fill: str | None = None  # an RGB colour, e.g. "EEEEEE"
    wrap: bool = False


@dataclass
class Sheet:
    title: str
    index: int
    widths: list[float]
    freeze: tuple[int, int] | None = None  # (columns, rows) kept in view
    fit_to_page: bool = False
    print_title_rows: tuple[int, int] | None = None
    auto_filter: str | None = None  # "A1:GI103000"
    rows: int = 0
    _file: BinaryIO = field(default=None, repr=False)
    _buffer: list[str] = field(default_factory=list, repr=False)


class StreamedWorkbook:
    """workbook = StreamedWorkbook(out); s = workbook.style(Style(bold=True));
    sheet = workbook.add_sheet("Tỉnh", widths=[12, 30]); workbook.append(sheet, values, styles);
    workbook.close(). `styles` gives each column's style index (0: none)."""

    FLUSH_ROWS = 200

    def __init__(self, out: BinaryIO | str, *, compresslevel: int = 1):
        self.out = out
        self.compresslevel = compresslevel  # zlib level 1: about half the time of 6, files ~15 % larger
        self.sheets: list[Sheet] = []
        self._styles: dict[Style, int] = {Style(): 0}

    # --- styles -------------------------------------------------------------------------------------

    def style(self, style: Style) -> int:
        """The index of the cell style (the same style, the same index)."""
        return self._styles.setdefault(style, len(self._styles))

    def _styles_xml(self) -> str:
        formats: dict[str, int] = {}
        fonts: dict[tuple, int] = {(False, None): 0}
        fills: dict[str | None, int] = {None: 0}  # fill 1 is the reserved gray125
        xfs = []
        for style in self._styles:
            num = formats.setdefault(style.number_format, 164 + len(formats)) if style.number_format else 0
            font = fonts.setdefault((style.bold, style.size), len(fonts))
            fill = fills.setdefault(style.fill, len(fills) + 1) if style.fill else 0
            attrs = f'numFmtId="{num}" fontId="{font}" fillId="{fill}" borderId="0" xfId="0"'
            attrs += (' applyNumberFormat="1"' if num else "") + (' applyFont="1"' if font else "") + (' applyFill="1"' if fill else "")
            if style.wrap:
                xfs.append(f'<xf {attrs} applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>')
            else:
                xfs.append(f"<xf {attrs}/>")
        num_xml = "".join(f'<numFmt numFmtId="{i}" formatCode={quoteattr(code)}/>' for code, i in formats.items())
        font_xml = "".join(
            f'<font>{"<b/>" if bold else ""}<sz val="{size or 11}"/><name val="Calibri"/><family val="2"/></font>' for bold, size in fonts
        )
        fill_xml = '<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
        fill_xml += "".join(
            f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/><bgColor indexed="64"/></patternFill></fill>'
            for rgb in list(fills)[1:]
        )
        return (
            f'{HEAD}<styleSheet xmlns="{MAIN}"><numFmts count="{len(formats)}">{num_xml}</numFmts>'
            f'<fonts count="{len(fonts)}">{font_xml}</fonts><fills count="{len(fills) + 1}">{fill_xml}</fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
        )

    # --- sheets and rows ------------------------------------------------------------------------------

    def add_sheet(self, title: str, *, widths: list[float], freeze: str | None = None, fit_to_page: bool = False) -> Sheet:
        """A sheet; `freeze` is the first cell that scrolls ("D5": three columns and four rows
        stay in view)."""
        sheet = Sheet(title=title[:31], index=len(self.sheets) + 1, widths=widths, freeze=frozen(freeze), fit_to_page=fit_to_page)
        sheet._file = tempfile.TemporaryFile()
        self.sheets.append(sheet)
        return sheet

    def append(self, sheet: Sheet, values: list, styles: list[int], numbers: list = (), number_styles: list[str] = ()) -> None:
        """One row: `values` (str as text, int and float as numbers, None as an empty cell still
        carrying its column's style, so a number typed there later takes the format), then
        `numbers`: int, float or None only, with their styles from number_styles() (the fast
        path of a large sheet: no test per cell beyond None)."""
        sheet.rows += 1
        parts = [f'<row r="{sheet.rows}">']
        for value, s in zip(values, styles, strict=False):
            attr = f' s="{s}"' if s else ""
            if value is None or value == "":
                parts.append(f"<c{attr}/>")
            elif value.__class__ is int:
                parts.append(f"<c{attr}><v>{value}</v></c>")
            elif value.__class__ is float:  # 16 significant digits, as openpyxl writes them (0.333, not 0.33299999999999996)
                parts.append(f"<c{attr}><v>{value:.16g}</v></c>")
            elif isinstance(value, bool):
                parts.append(f'<c{attr} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float | Decimal):  # an IntEnum, a Decimal: the number, not its repr
                parts.append(f"<c{attr}><v>{float(value):.16g}</v></c>")
            else:
                parts.append(f'<c{attr} t="inlineStr"><is>{_text(str(value))}</is></c>')
        for value, attr in zip(numbers, number_styles, strict=True):
            parts.append(f"<c{attr}/>" if value is None else f"<c{attr}><v>{value:.16g}</v></c>")
        parts.append("</row>")
        sheet._buffer.append("".join(parts))
        if len(sheet._buffer) >= self.FLUSH_ROWS:
            self._flush(sheet)

    @staticmethod
    def number_styles(styles: list[int]) -> list[str]:
        """The prepared style attribute of each column of `numbers` in append()."""
        return [f' s="{s}"' if s else "" for s in styles]

    def _flush(self, sheet: Sheet) -> None:
        sheet._file.write("".join(sheet._buffer).encode())
        sheet._buffer.clear()

    # --- the file ------------------------------------------------------------------------------------

    def _sheet_head(self, sheet: Sheet) -> str:
        pr = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if sheet.fit_to_page else ""
        view = '<sheetView workbookViewId="0"'
        if sheet.freeze and any(sheet.freeze):
            cols, rows = sheet.freeze
            cell = f"{column_letter(cols + 1)}{rows + 1}"
            pane = {(True, True): "bottomRight", (True, False): "topRight", (False, True): "bottomLeft"}[(cols > 0, rows > 0)]
            split = (f' xSplit="{cols}"' if cols else "") + (f' ySplit="{rows}"' if rows else "")
            view += (
                f'><pane{split} topLeftCell="{cell}" activePane="{pane}" state="frozen"/>'
                f'<selection pane="{pane}" activeCell="{cell}" sqref="{cell}"/></sheetView>'
            )
        else:
            view += "/>"
        cols_xml = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(sheet.widths, start=1))
        return f'{HEAD}<worksheet xmlns="{MAIN}" xmlns:r="{REL}">{pr}<sheetViews>{view}</sheetViews><cols>{cols_xml}</cols><sheetData>'

    @staticmethod
    def _sheet_tail(sheet: Sheet) -> str:
        tail = "</sheetData>"
        if sheet.auto_filter:
            tail += f'<autoFilter ref="{sheet.auto_filter}"/>'
        tail += '<pageMargins left="0.5" right="0.5" top="1" bottom="1" header="0.5" footer="0.5"/>'
        tail += '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        tail += "<headerFooter><oddFooter>&amp;C&amp;P / &amp;N</oddFooter></headerFooter>"
        return tail + "</worksheet>"

    def _workbook_xml(self) -> str:
        sheets = "".join(f'<sheet name={quoteattr(s.title)} sheetId="{s.index}" r:id="rId{s.index}"/>' for s in self.sheets)
        names = []
        for s in self.sheets:
            quoted = "'" + s.title.replace("'", "''") + "'"
            if s.auto_filter:
                first, last = (re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", ref) for ref in s.auto_filter.split(":"))
                names.append(
                    f'<definedName name="_xlnm._FilterDatabase" localSheetId="{s.index - 1}" hidden="1">'
                    f"{escape(quoted)}!{first}:{last}</definedName>"
                )
            if s.print_title_rows:
                top, bottom = s.print_title_rows
                names.append(
                    f'<definedName name="_xlnm.Print_Titles" localSheetId="{s.index - 1}">{escape(quoted)}!${top}:${bottom}</definedName>'
                )
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        return (
            f'{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr/><bookViews><workbookView/></bookViews>'
            f"<sheets>{sheets}</sheets>{defined}</workbook>"
        )

    def _rels(self) -> tuple[str, str]:
        sheet_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
        styles_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
        rels = "".join(f'<Relationship Id="rId{s.index}" Type="{sheet_type}" Target="worksheets/sheet{s.index}.xml"/>' for s in self.sheets)
        rels += f'<Relationship Id="rId{len(self.sheets) + 1}" Type="{styles_type}" Target="styles.xml"/>'
        root = (
            f'{HEAD}<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        )
        return root, f'{HEAD}<Relationships xmlns="{PKG_REL}">{rels}</Relationships>'

    def _content_types(self) -> str:
        ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{s.index}.xml" ContentType="{ct}.worksheet+xml"/>' for s in self.sheets
        )
        return (
            f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>{overrides}</Types>'
        )

    def close(self) -> None:
        root_rels, workbook_rels = self._rels()
        with zipfile.ZipFile(self.out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=self.compresslevel) as z:
            z.writestr("[Content_Types].xml", self._content_types())
            z.writestr("_rels/.rels", root_rels)
            z.writestr("xl/workbook.xml", self._workbook_xml())
            z.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
            z.writestr("xl/styles.xml", self._styles_xml())
            for sheet in self.sheets:
                self._flush(sheet)
                with z.open(f"xl/worksheets/sheet{sheet.index}.xml", "w", force_zip64=True) as member:
                    member.write(self._sheet_head(sheet).encode())
                    sheet._file.seek(0)
                    while chunk := sheet._file.read(1 << 20):
                        member.write(chunk)
                    member.write(self._sheet_tail(sheet).encode())
                sheet._file.close()
