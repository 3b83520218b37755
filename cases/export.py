"""The printable case history as PDF (reportlab, the project's PDF library; DejaVu fonts for
Vietnamese, from Debian's fonts-dejavu-core). The HTML print view
(templates/cases/case_print.html) shows the same content."""

from __future__ import annotations

import io
import os
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/TTF", "/usr/share/fonts/dejavu"]
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    configured = settings.DONG_HANH.get("PDF_FONT_DIR")
    for folder in ([configured] if configured else []) + FONT_DIRS:
        if folder and os.path.exists(os.path.join(folder, "DejaVuSans.ttf")):
            pdfmetrics.registerFont(TTFont(FONT, os.path.join(folder, "DejaVuSans.ttf")))
            pdfmetrics.registerFont(TTFont(FONT_BOLD, os.path.join(folder, "DejaVuSans-Bold.ttf")))
            return
    raise RuntimeError("DejaVuSans.ttf not found: install fonts-dejavu-core (make system-deps).")


def _p(text: str) -> str:
    return escape(str(text or "")).replace("\n", "<br/>")


# Long texts are laid out as many small paragraphs: reportlab wraps a paragraph whole each time
# it tries to fit it in a frame, so one paragraph of tens of thousands of characters running over
# many pages costs time quadratic in its length (minutes for a case full of long notes), and a
# table row cannot run over a page at all (a long offence summary in the facts table stopped the
# export with a LayoutError).
CHUNK_CHARS = 1000
# A fact longer than this is printed under its label instead of in the facts table.
TABLE_FACT_CHARS = 200


def _chunks(line: str, size: int = CHUNK_CHARS):
    """Cut a line into pieces of at most `size` characters, at a sentence end where there is one
    in the second half of the window, else at a space, else anywhere."""
    while len(line) > size:
        window = line[:size]
        cut = max(window.rfind(". "), window.rfind("; ")) + 1
        if cut <= size // 2:
            cut = window.rfind(" ")
        if cut <= size // 2:
            cut = size
        yield line[:cut].rstrip()
        line = line[cut:].lstrip()
    if line:
        yield line


def _paragraphs(text: str, style) -> list:
    from reportlab.platypus import Paragraph

    return [Paragraph(escape(piece), style) for line in str(text or "").splitlines() for piece in _chunks(line.strip())]


def render_case_pdf(*, case, subject, facts: list[tuple[str, str]], timeline, printed_by: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)
    bold = ParagraphStyle("bold", parent=body, fontName=FONT_BOLD)
    title = ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=14, leading=18, spaceAfter=4)
    h2 = ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4)
    now = timezone.localtime().strftime("%d/%m/%Y %H:%M")
    footer = _("In bởi %(who)s lúc %(when)s. Tài liệu chứa dữ liệu cá nhân nhạy cảm.") % {"who": printed_by, "when": now}

    def on_page(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#5b6670"))
        canvas.drawCentredString(A4[0] / 2, 8 * mm, f"{footer} · {_('Trang')} {doc.page}")
        canvas.restoreState()

    story = [
        Paragraph(_p(_("HỒ SƠ GIÚP ĐỠ #%(pk)d: %(name)s") % {"pk": case.pk, "name": subject.full_name}), title),
        Paragraph(_p(f"{case.get_status_display()} · {case.area}, {case.commune}"), body),
        Spacer(1, 4 * mm),
    ]
    short = [(label, value) for label, value in facts if len(str(value or "")) <= TABLE_FACT_CHARS and "\n" not in str(value or "")]
    long = [(label, value) for label, value in facts if (label, value) not in short]
    rows = [[Paragraph(_p(label), bold), Paragraph(_p(value or "—"), body)] for label, value in short]
    table = Table(rows, colWidths=[50 * mm, 120 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d9dee3"))]))
    story.append(table)
    for label, value in long:
        story += [Spacer(1, 2 * mm), Paragraph(_p(label), bold), *_paragraphs(value, body)]
    story.append(Paragraph(_p(_("Diễn biến")), h2))
    for entry in timeline:
        when = timezone.localtime(entry.at).strftime("%d/%m/%Y %H:%M")
        earlier = entry.extra.get("earlier_case")
        head = f"{when} · {entry.title}" + (f" · {entry.actor}" if entry.actor else "") + (f" [{earlier}]" if earlier else "")
        story.append(Paragraph(_p(head), bold))
        for change in entry.extra.get("changes", []):
            story += _paragraphs(f"{change['field']}: {change['old']} → {change['new']}", body)
        if entry.body:
            story += _paragraphs(entry.body, body)
        story.append(Spacer(1, 2 * mm))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=_("Hồ sơ giúp đỡ #%(pk)d") % {"pk": case.pk},
        author=printed_by,
        subject=footer,
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
