"""The printable case history as PDF (fpdf2, pure Python, DejaVu fonts for Vietnamese).
The HTML print view (templates/cases/case_print.html) shows the same content."""

from __future__ import annotations

import os

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/TTF", "/usr/share/fonts/dejavu"]


def _font_dir() -> str:
    configured = settings.DONG_HANH.get("PDF_FONT_DIR")
    for candidate in ([configured] if configured else []) + FONT_DIRS:
        if candidate and os.path.exists(os.path.join(candidate, "DejaVuSans.ttf")):
            return candidate
    raise RuntimeError("DejaVuSans.ttf not found: install fonts-dejavu-core (make system-deps).")


class CasePDF(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, f"{self.footer_text} · {_('Trang')} {self.page_no()}/{{nb}}", align="C")


def render_case_pdf(*, case, subject, national_id: str, facts: list[tuple[str, str]], timeline, printed_by: str) -> bytes:
    font_dir = _font_dir()
    pdf = CasePDF(format="A4")
    pdf.add_font("DejaVu", "", os.path.join(font_dir, "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", os.path.join(font_dir, "DejaVuSans-Bold.ttf"))
    now = timezone.localtime().strftime("%d/%m/%Y %H:%M")
    pdf.footer_text = _("In bởi %(who)s lúc %(when)s. Tài liệu chứa dữ liệu cá nhân nhạy cảm.") % {"who": printed_by, "when": now}
    pdf.set_title(_("Hồ sơ giúp đỡ #%(pk)d") % {"pk": case.pk})
    pdf.set_author(printed_by)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(width, 8, _("HỒ SƠ GIÚP ĐỠ #%(pk)d: %(name)s") % {"pk": case.pk, "name": subject.full_name})
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(width, 6, f"{case.get_status_display()} · {case.area}, {case.commune}")
    pdf.ln(2)
    for label, value in facts:
        pdf.set_font("DejaVu", "B", 9)
        pdf.cell(55, 5, label)
        pdf.set_font("DejaVu", "", 9)
        pdf.multi_cell(width - 55, 5, value or "—")
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(width, 7, _("Diễn biến"))
    for entry in timeline:
        pdf.set_font("DejaVu", "B", 9)
        when = timezone.localtime(entry.at).strftime("%d/%m/%Y %H:%M")
        earlier = entry.extra.get("earlier_case")
        head = f"{when} · {entry.title}" + (f" · {entry.actor}" if entry.actor else "") + (f" [{earlier}]" if earlier else "")
        pdf.multi_cell(width, 5, head)
        pdf.set_font("DejaVu", "", 9)
        for change in entry.extra.get("changes", []):
            pdf.multi_cell(width, 5, f"   {change['field']}: {change['old']} → {change['new']}")
        if entry.body:
            pdf.multi_cell(width, 5, f"   {entry.body}")
        pdf.ln(1)
    return bytes(pdf.output())
