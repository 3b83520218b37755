"""The periodic report as an Excel workbook, a PDF and JSON.

The workbook is written with openpyxl's write_only mode (rows go to disk as they are
written), so a national export with every khu dân cư keeps memory flat; views stream the
resulting temporary file.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from reports.indicators import AMOUNT, COUNT, INDICATORS, LEVEL_LABELS, RATIO, SHARE
from reports.selectors import Report

# Sheet titles cannot contain "/" and are at most 31 characters.
SHEET_TITLES = {"province": "Tỉnh, thành phố", "commune": "Xã, phường, đặc khu", "area": "Khu dân cư"}

# The figures a PDF shows per place below the root (the full set is in the workbook).
PDF_CHILD_INDICATORS = [
    "active", "new", "with_mentor_share", "contacted_share", "progress_share", "graduated", "escalated", "reoffended", "ref_sent",
    "loan_amount",
]

# Excel number formats by indicator display type (the figures stay numbers in the cells).
XLSX_FORMATS = {COUNT: "#,##0", SHARE: '0.0" %"', RATIO: "0.0", AMOUNT: '#,##0" ₫"'}


def _yes_no(met: bool | None) -> str:
    if met is None:
        return ""
    return _("Đạt") if met else _("Chưa đạt")


def report_meta(report: Report) -> list[tuple[str, str]]:
    return [
        (_("Địa bàn"), f"{report.root.name} ({report.root.code})"),
        (_("Kỳ báo cáo"), report.period.label),
        (_("Kỳ trước"), report.previous_period.label),
        (_("Lập lúc"), dt.datetime.now().strftime("%d/%m/%Y %H:%M")),
    ]


def write_xlsx(report: Report, out: BinaryIO | str | Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    bold = Font(bold=True)

    def header(ws, values):
        cells = []
        for v in values:
            c = WriteOnlyCell(ws, value=v)
            c.font = bold
            cells.append(c)
        ws.append(cells)

    ws = wb.create_sheet(_("Chỉ tiêu"))
    ws.append([_("BÁO CÁO KẾT QUẢ CẢM HÓA, GIÁO DỤC, GIÚP ĐỠ NGƯỜI LẦM LỖI TẠI CỘNG ĐỒNG")])
    for label, value in report_meta(report):
        ws.append([label, value])
    ws.append([])
    header(ws, [_("Nhóm"), _("Chỉ tiêu"), _("Kỳ này"), _("Kỳ trước"), _("Mục tiêu"), _("Đánh giá"), _("Mã chỉ tiêu")])
    def number(ws, value, kind):
        c = WriteOnlyCell(ws, value=value)
        c.number_format = XLSX_FORMATS[kind]
        return c

    for row in report.root_figures.rows():
        target = number(ws, row["target"], SHARE) if row["target"] is not None else None
        ws.append([row["section"], row["label"], number(ws, row["value"], row["kind"]), number(ws, row["previous"], row["kind"]),
                   target, _yes_no(row["met"]), row["key"]])

    for level in report.levels():
        ws = wb.create_sheet(SHEET_TITLES[level])
        cols = [_("Mã"), str(LEVEL_LABELS[level]), _("Thuộc (mã)")]
        for ind in INDICATORS:
            cols += [str(ind.label), _("%(label)s - kỳ trước") % {"label": ind.label}]
        header(ws, cols)
        for f in report.level(level):
            parent = f.parent_key
            parent_code = report.places[parent].place.code if parent in report.places else ""
            values: list = [f.place.code, f.place.name, parent_code]
            for ind in INDICATORS:
                values += [number(ws, ind.value(f.counts), ind.kind), number(ws, ind.value(f.previous), ind.kind)]
            ws.append(values)
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
        "indicators": [
            {k: row[k] for k in ("key", "label", "section", "value", "previous", "target", "met")} for row in root.rows()
        ],
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


FONT_DIRS = ["/usr/share/fonts/truetype/dejavu"]


def _register_fonts() -> str:
    """DejaVu Sans has every Vietnamese glyph (Makefile system-deps installs fonts-dejavu-core)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DejaVuSans" in pdfmetrics.getRegisteredFontNames():
        return "DejaVuSans"
    for folder in FONT_DIRS:
        regular, bold = Path(folder) / "DejaVuSans.ttf", Path(folder) / "DejaVuSans-Bold.ttf"
        if regular.exists():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold if bold.exists() else regular)))
            return "DejaVuSans"
    raise RuntimeError("fonts-dejavu-core is not installed")


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


def write_pdf(report: Report, out: BinaryIO | str | Path) -> None:
    """The summary table and one table of key figures per place right below the root."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _register_fonts()
    styles = getSampleStyleSheet()
    for s in styles.byName.values():
        s.fontName = font
    title_style = styles["Title"]
    title_style.fontName = "DejaVuSans-Bold"
    cell = styles["BodyText"]
    cell.fontSize = 8
    cell.leading = 10

    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm,
                            title=_("Báo cáo chỉ tiêu"))
    story = [Paragraph(_("BÁO CÁO KẾT QUẢ CẢM HÓA, GIÁO DỤC, GIÚP ĐỠ NGƯỜI LẦM LỖI TẠI CỘNG ĐỒNG"), title_style)]
    for label, value in report_meta(report):
        story.append(Paragraph(f"<b>{escape(label)}:</b> {escape(value)}", styles["Normal"]))
    story.append(Spacer(1, 4 * mm))
    style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("FONTNAME", (0, 0), (-1, 0), "DejaVuSans-Bold"),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ]
    )
    data = [[_("Nhóm"), _("Chỉ tiêu"), _("Kỳ này"), _("Kỳ trước"), _("Mục tiêu"), _("Đánh giá")]]
    for row in report.root_figures.rows():
        target = _fmt(row["target"], True) if row["target"] is not None else ""
        data.append([Paragraph(row["section"], cell), Paragraph(row["label"], cell), _fmt(row["value"], row["kind"]),
                     _fmt(row["previous"], row["kind"]), target, _yes_no(row["met"])])
    story.append(Table(data, colWidths=[55 * mm, 110 * mm, 25 * mm, 25 * mm, 20 * mm, 25 * mm], repeatRows=1, style=style))

    levels = report.levels()
    if levels:
        from reports.indicators import INDICATORS_BY_KEY

        inds = [INDICATORS_BY_KEY[k] for k in PDF_CHILD_INDICATORS]
        story.append(Spacer(1, 6 * mm))
        story.append(Paragraph(str(LEVEL_LABELS[levels[0]]), styles["Heading2"]))
        data = [[_("Mã"), _("Tên")] + [Paragraph(str(i.label), cell) for i in inds]]
        for f in report.children():
            data.append([f.place.code, Paragraph(escape(str(f.place.name)), cell)] + [_fmt(i.value(f.counts), i.kind) for i in inds])
        story.append(Table(data, repeatRows=1, style=style))
    doc.build(story)
