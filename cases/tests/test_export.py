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
