from django.urls import reverse

from cases.models import AccessLog


def test_the_print_view_names_who_printed_it_and_when(world, make_case, login):
    case = make_case("escalated", offence_summary="Đánh bạc")
    response = login(world.police).get(reverse("cases:print", args=[case.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "In bởi Police (Công an xã) lúc" in html
    assert "Đánh bạc" in html and "print-footer" in html
    assert AccessLog.objects.get().action == AccessLog.Action.PRINT


def test_the_pdf_export_is_a_pdf_and_is_logged(world, make_case, login):
    case = make_case("escalated", full_name="Nguyễn Văn Đức")
    response = login(world.front).get(reverse("cases:export_pdf", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert AccessLog.objects.get().action == AccessLog.Action.EXPORT


def test_the_mentors_print_leaves_out_the_offence(world, make_case, login):
    case = make_case("in_review", offence_summary="Đánh bạc")
    html = login(world.users["mentor"]).get(reverse("cases:print", args=[case.pk])).content.decode()
    assert "Đánh bạc" not in html


def test_the_pdf_carries_the_official_header_of_the_communes_front(world, make_case, login, tmp_path):
    """The case history is an administrative document (NĐ 30/2020) issued by the commune's Ủy
    ban MTTQ, whoever exports it: the same layout as the periodic report (config.documents);
    A4, DejaVu embedded. pdftotext (poppler-utils) reads the text back."""
    import os
    import re
    import shutil
    import subprocess

    from django.utils import timezone
    from pypdf import PdfReader

    case = make_case("escalated", full_name="Nguyễn Văn Đức")
    response = login(world.police).get(reverse("cases:export_pdf", args=[case.pk]))
    assert response.status_code == 200
    path = tmp_path / "ho-so.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    today = timezone.localdate()
    day = f"{today.day:02d}" if today.day < 10 else str(today.day)
    month = f"{today.month:02d}" if today.month < 3 else str(today.month)
    for line in (
        "ỦY BAN MTTQ VIỆT NAM",
        "XÃ HOÀN SƠN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"Hoàn Sơn, ngày {day} tháng {month} năm {today.year}",
        "HỒ SƠ GIÚP ĐỠ",
        f"Hồ sơ #{case.pk}: Nguyễn Văn Đức",
        "Nơi nhận:",
        "Lưu: VT, hồ sơ.",
        "TM. BAN THƯỜNG TRỰC",
        "CHỦ TỊCH",
    ):
        assert line in text, line
    assert re.search(r"Số:\s{3,}/HS-MTTQ", text)  # room left for the clerk's number
    # The issuing body and the Quốc hiệu share the first line; the number sits under the body.
    first = next(line for line in text.splitlines() if line.strip())
    assert "ỦY BAN MTTQ VIỆT NAM" in first and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert first.index("ỦY BAN MTTQ") < first.index("CỘNG HÒA")
    reader = PdfReader(path)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all("DejaVu" in f and " yes " in f for f in fonts), fonts  # embedded (emb yes)
    if os.environ.get("DH_KEEP_PDF"):  # to look at it: DH_KEEP_PDF=/tmp/ho-so.pdf, then pdftoppm
        shutil.copy(path, os.environ["DH_KEEP_PDF"])
