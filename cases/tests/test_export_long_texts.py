"""The case PDF of a case whose texts are at the form limits (config/forms.py): complete, every
word kept, long texts laid out as small paragraphs (see tests/bench/test_case_pdf_bench.py)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from reportlab.platypus import Paragraph

from cases.export import CHUNK_CHARS, _chunks, _paragraphs

SENTENCE = "Bị cáo chấp hành xong hình phạt tù, đã bồi thường cho bị hại. "


def test_an_offence_summary_and_sentence_at_the_limit_export_as_a_pdf_instead_of_a_500(world, make_case, login):
    limit = settings.DONG_HANH["TEXT_MAX_CHARS"]
    text = (SENTENCE * (limit // len(SENTENCE) + 1))[:limit]
    case = make_case("escalated", offence_summary=text, sentence_details=text)
    response = login(world.front).get(reverse("cases:export_pdf", args=[case.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF") and response.content.count(b"/Type /Page") >= 3


def test_a_long_line_is_cut_into_small_pieces_at_sentence_ends_without_losing_a_word():
    text = "Một câu dài có dấu chấm. " * 400 + "x" * 2500
    pieces = list(_chunks(text))
    assert all(len(p) <= CHUNK_CHARS for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")  # nothing lost (a word without spaces is cut anywhere)
    assert all(not p.startswith(" ") and not p.endswith(" ") for p in pieces)
    assert pieces[0].endswith(".")


def test_line_breaks_become_separate_paragraphs_and_markup_is_escaped():
    from reportlab.lib.styles import ParagraphStyle

    paragraphs = _paragraphs("dòng một\n\n<b>dòng</b> & hai\n", ParagraphStyle("x"))
    assert len(paragraphs) == 2 and all(isinstance(p, Paragraph) for p in paragraphs)
    assert "&lt;b&gt;" in paragraphs[1].text or "<b>" not in paragraphs[1].text
