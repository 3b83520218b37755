"""The periodic report as an Excel workbook, a PDF and JSON.

The workbook is written with openpyxl's write_only mode (rows go to disk as they are
written), so a national export with every khu dân cư keeps memory flat; views stream the
resulting temporary file.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import BinaryIO

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from config.documents import (
    SERIF,
    SERIF_BOLD,
    closing_flowables,
    document_template,
    official_header_flowables,
    page_width,
    register_fonts,
)
from reports.indicators import AMOUNT, COUNT, INDICATORS, LEVEL_LABELS, RATIO, SHARE, PlaceRef
from reports.naming import ascii_fold, province_title
from reports.periods import Period
from reports.selectors import Report

# Sheet titles cannot contain "/" and are at most 31 characters.
SHEET_TITLES = {"province": "Tỉnh, thành phố", "commune": "Xã, phường, đặc khu", "area": "Khu dân cư"}

# The figures a PDF shows per place below the root (the full set is in the workbook).
PDF_CHILD_INDICATORS = [
    "active",
    "new",
    "with_mentor_share",
    "contacted_share",
    "progress_share",
    "graduated",
    "escalated",
    "reoffended",
    "ref_sent",
]

# Excel number formats by indicator display type (the figures stay numbers in the cells).
XLSX_FORMATS = {COUNT: "#,##0", SHARE: "0.0%", RATIO: "0.0", AMOUNT: '#,##0" ₫"'}


def _yes_no(met: bool | None) -> str:
    if met is None:
        return ""
    return _("Đạt") if met else _("Chưa đạt")


def report_meta(report: Report) -> list[tuple[str, str]]:
    return [
        (_("Địa bàn"), f"{report.root.name} ({report.root.code})"),
        (_("Kỳ báo cáo"), report.period.label),
        (_("Kỳ trước"), report.previous_period.label),
        (_("Lập lúc"), timezone.localtime().strftime("%d/%m/%Y %H:%M")),
    ]


def export_filename(place: PlaceRef, period: Period, fmt: str) -> str:
    """bao-cao-xa-hoan-son-quy-3-2026.xlsx: Vietnamese without diacritics, no English."""
    name = {"nation": _("Toàn quốc"), "province": province_title(place.name)}.get(place.level, str(place.name))
    return f"{slugify(ascii_fold(_('Báo cáo') + ' ' + name))}-{period.slug}.{fmt}"


def indicator_numbers() -> dict[str, str]:
    """ "Mã chỉ tiêu" as a printed form numbers its lines: I.1, I.2, II.1, … by section."""
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    sections: dict[str, int] = {}
    counters: dict[str, int] = {}
    out = {}
    for ind in INDICATORS:
        section = str(ind.section)
        sections.setdefault(section, len(sections))
        counters[section] = counters.get(section, 0) + 1
        out[ind.key] = f"{roman[sections[section] % len(roman)]}.{counters[section]}"
    return out


def _xlsx_value(value, kind):
    """Shares as real percentages (0,625 shown 62,5 %)."""
    if value is None:
        return None
    return value / 100.0 if kind == SHARE else value


def _print_setup(ws, title_rows: str) -> None:
    ws.page_setup.paperSize = "9"  # A4 (Worksheet.PAPERSIZE_A4)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "&P / &N"


SUMMARY_WIDTHS = [11, 28, 48, 13, 13, 11, 11, 60, 24]  # the "Chỉ tiêu" sheet's columns


def workbook_title() -> str:
    return _("BÁO CÁO KẾT QUẢ CẢM HÓA, GIÁO DỤC, GIÚP ĐỠ NGƯỜI LẦM LỖI TẠI CỘNG ĐỒNG")


def level_columns(level: str, numbers: dict[str, str]) -> list[str]:
    """The headers of a level's sheet: code, name, parent's code, then each indicator and its
    previous period (`numbers`: indicator_numbers())."""
    cols = [_("Mã"), str(LEVEL_LABELS[level]), _("Thuộc (mã)")]
    for ind in INDICATORS:
        cols += [f"{numbers[ind.key]} {ind.label}", _("%(label)s - kỳ trước") % {"label": f"{numbers[ind.key]} {ind.label}"}]
    return cols


def level_widths() -> list[int]:
    return [12, 30, 12] + [16] * (2 * len(INDICATORS))


def summary_columns() -> list[str]:
    """The headers of the workbook's "Chỉ tiêu" sheet (the synchronous export and the streamed
    national job write the same sheet)."""
    return [
        _("Mã chỉ tiêu"),
        _("Nhóm"),
        _("Chỉ tiêu"),
        _("Kỳ này"),
        _("Kỳ trước"),
        _("Mục tiêu"),
        _("Đánh giá"),
        _("Cách tính"),
        _("Mã dữ liệu (cho phần mềm)"),
    ]


def write_xlsx(report: Report, out: BinaryIO | str | Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEEEEE")
    wrap = Alignment(wrap_text=True, vertical="top")

    def header(ws, values):
        cells = []
        for v in values:
            c = WriteOnlyCell(ws, value=v)
            c.font, c.fill, c.alignment = bold, fill, wrap
            cells.append(c)
        ws.append(cells)

    def number(ws, value, kind):
        c = WriteOnlyCell(ws, value=_xlsx_value(value, kind))
        c.number_format = XLSX_FORMATS[kind]
        return c

    def text(ws, value):
        c = WriteOnlyCell(ws, value=value)
        c.alignment = wrap
        return c

    def prepare(ws, widths):
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w

    numbers = indicator_numbers()
    ws = wb.create_sheet(_("Chỉ tiêu"))
    cols = summary_columns()
    prepare(ws, SUMMARY_WIDTHS)
    meta = report_meta(report)
    header_row = 2 + len(meta) + 1
    ws.freeze_panes = f"D{header_row + 1}"
    _print_setup(ws, f"{header_row}:{header_row}")
    title = WriteOnlyCell(ws, value=workbook_title())
    title.font = Font(bold=True, size=13)
    ws.append([title])
    for label, value in meta:
        ws.append([label, value])
    ws.append([])
    header(ws, cols)
    rows = report.root_figures.rows()
    for row in rows:
        target = number(ws, row["target"], SHARE) if row["target"] is not None else None
        ws.append(
            [
                numbers[row["key"]],
                text(ws, row["section"]),
                text(ws, row["label"]),
                number(ws, row["value"], row["kind"]),
                number(ws, row["previous"], row["kind"]),
                target,
                _yes_no(row["met"]),
                text(ws, row["definition"]),
                row["key"],
            ]
        )
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(cols))}{header_row + len(rows)}"

    for level in report.levels():
        ws = wb.create_sheet(SHEET_TITLES[level])
        cols = level_columns(level, numbers)
        prepare(ws, level_widths())
        ws.freeze_panes = "C2"
        _print_setup(ws, "1:1")
        header(ws, cols)
        n = 0
        for f in report.level(level):
            parent = f.parent_key
            parent_code = report.places[parent].place.code if parent in report.places else ""
            values: list = [f.place.code, f.place.name, parent_code]
            for ind in INDICATORS:
                values += [number(ws, ind.value(f.counts), ind.kind), number(ws, ind.value(f.previous), ind.kind)]
            ws.append(values)
            n += 1
        ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{1 + n}"
    wb.save(out)


def report_json(report: Report) -> dict:
    def figures(f):
        return {ind.key: ind.value(f.counts) for ind in INDICATORS}

    def previous(f):
        return {ind.key: ind.value(f.previous) for ind in INDICATORS}

    root = report.root_figures
    return {
        "place": {"level": report.root.level, "code": report.root.code, "name": str(report.root.name)},
        "period": {"code": report.period.code, "start": report.period.start.isoformat(), "end": report.period.end.isoformat()},
        "previous_period": {
            "code": report.previous_period.code,
            "start": report.previous_period.start.isoformat(),
            "end": report.previous_period.end.isoformat(),
        },
        "indicators": [{k: row[k] for k in ("key", "label", "section", "value", "previous", "target", "met")} for row in root.rows()],
        "places": [
            {
                "level": f.place.level,
                "code": f.place.code,
                "name": str(f.place.name),
                "parent": report.places[f.parent_key].place.code if f.parent_key in report.places else None,
                "values": figures(f),
                "previous": previous(f),
            }
            for level in report.levels()
            for f in report.level(level)
        ],
    }


def _fmt(value, kind: str | bool) -> str:
    """The dashboard's formats: 1.234, 62,5 %, 2,5 and 100.000.000 ₫ (kind: an Indicator.kind,
    or True/False for share/count)."""
    if value is None:
        return "—"
    if kind is True or kind == SHARE:
        return f"{value:.1f}".replace(".", ",") + " %"
    if kind == RATIO:
        return f"{value:.1f}".replace(".", ",")
    grouped = f"{int(value):,}".replace(",", ".")
    return grouped + " ₫" if kind == AMOUNT else grouped


def write_pdf(report: Report, out: BinaryIO | str | Path, *, number: int | None = None, signer_name: str = "", day=None) -> None:
    """An A4 report as an administrative document: the official header, the figures (each with
    how it is counted), the figures of each place right below the root, Nơi nhận and signature."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    from reports.document import report_header
    from reports.indicators import INDICATORS_BY_KEY

    register_fonts()
    header = report_header(report, number=number, signer_name=signer_name, day=day)
    doc = document_template(out, title=f"{header.title} {header.subtitle}", author=header.issuing_body)
    width = page_width()
    body = ParagraphStyle("dh-body", fontName=SERIF, fontSize=12, leading=16, firstLineIndent=10 * mm, spaceAfter=4)
    heading = ParagraphStyle("dh-heading", fontName=SERIF_BOLD, fontSize=12, leading=16, spaceBefore=6, spaceAfter=4)
    cell = ParagraphStyle("dh-cell", fontName=SERIF, fontSize=9, leading=11)
    small = ParagraphStyle("dh-small", parent=cell, fontSize=7.5, leading=9, textColor=colors.HexColor("#444444"))
    head_cell = ParagraphStyle("dh-head-cell", parent=cell, fontName=SERIF_BOLD)

    def on_page(canvas, doc_) -> None:
        canvas.saveState()
        canvas.setFont(SERIF, 8)
        canvas.drawCentredString(A4[0] / 2 + 7.5 * mm, 10 * mm, str(doc_.page))
        canvas.restoreState()

    story = official_header_flowables(header, width)
    story.append(
        Paragraph(
            escape(
                _("Địa bàn: %(place)s. Kỳ báo cáo: %(period)s; so sánh với %(previous)s.")
                % {"place": report.root.name, "period": report.period.label, "previous": report.previous_period.label}
            ),
            body,
        )
    )
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
            ("FONTNAME", (0, 0), (-1, -1), SERIF),
            ("FONTSIZE", (0, 0), (-1, -1), 9),
        ]
    )
    numbers = indicator_numbers()
    sections: dict[str, list] = {}
    for row in report.root_figures.rows():
        sections.setdefault(row["section"], []).append(row)
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    for i, (section, rows) in enumerate(sections.items()):
        story.append(Paragraph(escape(f"{roman[i % len(roman)]}. {section}"), heading))
        data = [
            [
                Paragraph(escape(_("Mã")), head_cell),
                Paragraph(escape(_("Chỉ tiêu")), head_cell),
                Paragraph(escape(_("Kỳ này")), head_cell),
                Paragraph(escape(_("Kỳ trước")), head_cell),
                Paragraph(escape(_("Mục tiêu")), head_cell),
            ]
        ]
        for row in rows:
            target = ""
            if row["target"] is not None:
                target = (
                    f"≥ {_fmt(row['target'], True)} · {_yes_no(row['met'])}" if row["met"] is not None else f"≥ {_fmt(row['target'], True)}"
                )
            data.append(
                [
                    numbers[row["key"]],
                    [Paragraph(escape(row["label"]), cell), Paragraph(escape(row["definition"]), small)],
                    _fmt(row["value"], row["kind"]),
                    _fmt(row["previous"], row["kind"]),
                    Paragraph(escape(target), cell),
                ]
            )
        story.append(Table(data, colWidths=[12 * mm, width - 82 * mm, 22 * mm, 22 * mm, 26 * mm], repeatRows=1, style=style))

    levels = report.levels()
    if levels:
        inds = [INDICATORS_BY_KEY[k] for k in PDF_CHILD_INDICATORS]
        story.append(
            Paragraph(
                escape(
                    _("%(n)s. Theo %(level)s") % {"n": roman[len(sections) % len(roman)], "level": str(LEVEL_LABELS[levels[0]]).lower()}
                ),
                heading,
            )
        )
        data = [[Paragraph(escape(_("Tên")), head_cell)] + [Paragraph(escape(f"{numbers[i.key]} {i.label}"), small) for i in inds]]
        for f in report.children():
            data.append([Paragraph(escape(str(f.place.name)), cell)] + [_fmt(i.value(f.counts), i.kind) for i in inds])
        first = 34 * mm
        child_style = TableStyle(style.getCommands() + [("FONTSIZE", (1, 1), (-1, -1), 8), ("ALIGN", (1, 1), (-1, -1), "RIGHT")])
        story.append(Table(data, colWidths=[first] + [(width - first) / len(inds)] * len(inds), repeatRows=1, style=child_style))
    story.extend(closing_flowables(header, width))
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
