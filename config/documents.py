"""The layout of a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I) on
an A4 page with reportlab: issuing body and number on the left, Quốc hiệu and Tiêu ngữ on the
right, the place-and-date line, the title; at the end "Nơi nhận" and the signature block.

One implementation for every PDF the product issues (the periodic report, reports.exports;
the case history, cases.export). It knows nothing of the domain: what each line says is
decided by the app (reports.document.report_header, cases.export.case_header), which fills an
OfficialHeader. Fonts: DejaVu (fonts-dejavu-core, `make system-deps`), embedded, with every
Vietnamese glyph."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from html import escape

from django.utils.translation import gettext as _

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/TTF", "/usr/share/fonts/dejavu"]
SANS, SANS_BOLD = "DejaVuSans", "DejaVuSans-Bold"
# The document's serif face (NĐ 30/2020 asks for a Times-like font; DejaVu Serif has every
# Vietnamese glyph and ships in fonts-dejavu-core). Italic comes from fonts-dejavu-extra when
# present, else the upright face.
SERIF, SERIF_BOLD, SERIF_ITALIC = "DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic"

# Room for the clerk to write the number by hand ("Số:        /BC-MTTQ"): no-break spaces,
# which a Paragraph keeps (plain spaces collapse into one).
BLANK_NUMBER = "\u00a0" * 10

# NĐ 30: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm (in mm).
MARGINS = {"left": 30, "right": 15, "top": 20, "bottom": 20}


@dataclass
class OfficialHeader:
    parent_body: str  # cơ quan chủ quản (upper case)
    issuing_body: str  # cơ quan ban hành (upper case, bold)
    number: str  # "Số: 12/BC-MTTQ", or "Số:" BLANK_NUMBER "/BC-MTTQ" left for the clerk
    place_name: str  # the place in "Hoàn Sơn, ngày … tháng … năm …"
    day: dt.date
    title: str
    subtitle: str
    recipients: list[str] = field(default_factory=list)
    signing_for: str = ""  # "TM. BAN THƯỜNG TRỰC"
    signer_title: str = ""  # "CHỦ TỊCH"
    signer_name: str = ""

    @property
    def place_and_date(self) -> str:
        # Days under 10 and the months 1–2 take a leading 0 (NĐ 30: "ngày 05 tháng 02").
        d, m = self.day.day, self.day.month
        day = f"{d:02d}" if d < 10 else str(d)
        month = f"{m:02d}" if m < 3 else str(m)
        return _("%(place)s, ngày %(d)s tháng %(m)s năm %(y)s") % {"place": self.place_name, "d": day, "m": month, "y": self.day.year}


def register_fonts() -> None:
    """Register DejaVu Sans and Serif once (settings.DONG_HANH["PDF_FONT_DIR"] first, then the
    usual Debian and Arch folders)."""
    from django.conf import settings
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registered = pdfmetrics.getRegisteredFontNames()
    if SANS in registered and SERIF in registered:
        return
    configured = settings.DONG_HANH.get("PDF_FONT_DIR")
    for folder in ([configured] if configured else []) + FONT_DIRS:
        regular = os.path.join(folder, "DejaVuSans.ttf")
        if not os.path.exists(regular):
            continue

        def face(name: str, fallback: str, folder: str = folder) -> str:
            path = os.path.join(folder, name)
            return path if os.path.exists(path) else fallback

        pdfmetrics.registerFont(TTFont(SANS, regular))
        pdfmetrics.registerFont(TTFont(SANS_BOLD, face("DejaVuSans-Bold.ttf", regular)))
        serif = face("DejaVuSerif.ttf", regular)
        pdfmetrics.registerFont(TTFont(SERIF, serif))
        pdfmetrics.registerFont(TTFont(SERIF_BOLD, face("DejaVuSerif-Bold.ttf", serif)))
        pdfmetrics.registerFont(TTFont(SERIF_ITALIC, face("DejaVuSerif-Italic.ttf", serif)))
        return
    raise RuntimeError("DejaVuSans.ttf not found: install fonts-dejavu-core (make system-deps).")


def page_width() -> float:
    """The width between the NĐ 30 margins on A4, in points."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    return A4[0] - (MARGINS["left"] + MARGINS["right"]) * mm


def document_template(out, *, title: str, author: str, **kwargs):
    """A portrait A4 SimpleDocTemplate with the NĐ 30 margins."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    margins = {f"{side}Margin": kwargs.pop(f"{side}Margin", size * mm) for side, size in MARGINS.items()}
    # initialFontName: the canvas opens each page with this font (default Helvetica, which is
    # not embedded); every font of the document is then an embedded DejaVu face.
    return SimpleDocTemplate(out, pagesize=A4, title=title, author=author, initialFontName=SERIF, **margins, **kwargs)


def official_header_flowables(header: OfficialHeader, width: float) -> list:
    """The top of the document (NĐ 30/2020, Phụ lục I, mẫu 1.x): left, the parent body, the
    issuing body (bold) and the number; right, the Quốc hiệu (bold, upper case), the Tiêu ngữ
    (bold, underlined) and the place-and-date line (italic); then the title and subtitle."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    register_fonts()
    centre = ParagraphStyle("dh-centre", fontName=SERIF, fontSize=11, leading=14, alignment=TA_CENTER)
    centre_bold = ParagraphStyle("dh-centre-bold", parent=centre, fontName=SERIF_BOLD)
    italic = ParagraphStyle("dh-italic", parent=centre, fontName=SERIF_ITALIC)
    left = [
        Paragraph(escape(header.parent_body), centre),
        Paragraph(escape(header.issuing_body), centre_bold),
        Paragraph("———", centre),
        Paragraph(escape(header.number), centre),
    ]
    right = [
        Paragraph(escape(QUOC_HIEU), centre_bold),
        Paragraph(f"<u>{escape(TIEU_NGU)}</u>", centre_bold),
        Spacer(1, 5 * mm),
        Paragraph(escape(header.place_and_date), italic),
    ]
    top = Table([[left, right]], colWidths=[width * 0.42, width * 0.58])
    top.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("FONTNAME", (0, 0), (-1, -1), SERIF),  # else the table sets Helvetica, a font not embedded
            ]
        )
    )
    title = ParagraphStyle("dh-title", parent=centre_bold, fontSize=14, leading=18, spaceBefore=10)
    subtitle = ParagraphStyle("dh-subtitle", parent=centre_bold, fontSize=12, leading=15, spaceAfter=6)
    return [top, Paragraph(escape(header.title), title), Paragraph(escape(header.subtitle), subtitle)]


def closing_flowables(header: OfficialHeader, width: float) -> list:
    """ "Nơi nhận" on the left (bold title, 10 pt list), the signature block on the right: who
    signs for (TM.), the title, room for the signature, the name. Kept together on one page."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    register_fonts()
    base = ParagraphStyle("dh-recipients", fontName=SERIF, fontSize=10, leading=12)
    recipients_title = ParagraphStyle("dh-recipients-title", parent=base, fontName=SERIF_BOLD)
    sign = ParagraphStyle("dh-sign", fontName=SERIF_BOLD, fontSize=12, leading=15, alignment=TA_CENTER)
    left = [Paragraph(escape(_("Nơi nhận:")), recipients_title)] + [Paragraph("- " + escape(r), base) for r in header.recipients]
    right = [
        Paragraph(escape(header.signing_for), sign),
        Paragraph(escape(header.signer_title), sign),
        Spacer(1, 22 * mm),
        Paragraph(escape(header.signer_name or " "), sign),
    ]
    block = Table([[left, right]], colWidths=[width * 0.5, width * 0.5])
    block.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("FONTNAME", (0, 0), (-1, -1), SERIF)])
    )
    return [Spacer(1, 8 * mm), KeepTogether(block)]
