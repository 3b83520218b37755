import pytest


@pytest.mark.urls("config.tests.urls_boom")
def test_an_unexpected_error_shows_a_vietnamese_page_never_a_traceback(client, db, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in body and "Dữ liệu của bạn chưa bị thay đổi" in body
    assert "Traceback" not in body and "RuntimeError" not in body


def test_an_unknown_page_is_a_vietnamese_404(client, db, settings):
    settings.DEBUG = False
    response = client.get("/khong-co/")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.content.decode()
