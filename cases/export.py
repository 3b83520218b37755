"""The printable case history as PDF (reportlab, the project's PDF library; DejaVu fonts for
Vietnamese, from Debian's fonts-dejavu-core, embedded). The HTML print view
(templates/cases/case_print.html) shows the same content.

The PDF is an administrative document (NĐ 30/2020) issued by the commune's Ủy ban MTTQ,
whoever exports it (police included): the layout is config.documents, the same as the
periodic report's; case_header says what each line holds."""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _

from config.documents import (
    BLANK_NUMBER,
    SERIF,
    SERIF_BOLD,
    OfficialHeader,
    closing_flowables,
    document_template,
    official_header_flowables,
    page_width,
    register_fonts,
)

FONT, FONT_BOLD = SERIF, SERIF_BOLD


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


def case_header(case, subject, *, day: dt.date | None = None) -> OfficialHeader:
    """The header of a case history: issued by the Ủy ban MTTQ of the case's commune, numbered
    by the clerk (the number is left blank: exports are not entered in a register here), kept
    in the commune's files, signed for its Ban Thường trực."""
    commune = case.commune
    return OfficialHeader(
        parent_body=_("Ủy ban MTTQ Việt Nam").upper(),
        issuing_body=str(commune).upper(),
        number=_("Số: %(n)s/HS-MTTQ") % {"n": BLANK_NUMBER},
        place_name=commune.name,
        day=day or timezone.localdate(),
        title=_("HỒ SƠ GIÚP ĐỠ"),
        subtitle=_("Hồ sơ #%(pk)d: %(name)s") % {"pk": case.pk, "name": subject.full_name},
        recipients=[_("Lưu: VT, hồ sơ.")],
        signing_for=_("TM. BAN THƯỜNG TRỰC"),
        signer_title=_("CHỦ TỊCH"),
    )


def render_case_pdf(*, case, subject, facts: list[tuple[str, str]], timeline, printed_by: str, day: dt.date | None = None) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)
    bold = ParagraphStyle("bold", parent=body, fontName=FONT_BOLD)
    h2 = ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4)
    now = timezone.localtime().strftime("%d/%m/%Y %H:%M")
    footer = _("In bởi %(who)s lúc %(when)s. Tài liệu chứa dữ liệu cá nhân nhạy cảm.") % {"who": printed_by, "when": now}
    header = case_header(case, subject, day=day)
    width = page_width()

    def on_page(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#5b6670"))
        canvas.drawCentredString(A4[0] / 2, 8 * mm, f"{footer} · {_('Trang')} {doc.page}")
        canvas.restoreState()

    story = official_header_flowables(header, width)
    story += [Paragraph(_p(f"{case.get_status_display()} · {case.area}, {case.commune}"), body), Spacer(1, 4 * mm)]
    short = [(label, value) for label, value in facts if len(str(value or "")) <= TABLE_FACT_CHARS and "\n" not in str(value or "")]
    long = [(label, value) for label, value in facts if (label, value) not in short]
    rows = [[Paragraph(_p(label), bold), Paragraph(_p(value or "—"), body)] for label, value in short]
    table = Table(rows, colWidths=[45 * mm, width - 45 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d9dee3")),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
            ]
        )
    )
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
    story.extend(closing_flowables(header, width))
    buffer = io.BytesIO()
    doc = document_template(
        buffer,
        title=_("Hồ sơ giúp đỡ #%(pk)d") % {"pk": case.pk},
        author=printed_by,
        subject=footer,
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
