"""A forgotten password reset by e-mail where e-mail is configured: Django's reset views in
Vietnamese, a link that works once and expires (PASSWORD_RESET_TIMEOUT), the new password set
through accounts.services with its history row; without e-mail the pages do not exist and
"Quên mật khẩu?" says whom to ask."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db
NEW = "Mat-khau-moi-2026!"


@pytest.fixture
def by_email(settings):
    settings.PASSWORD_RESET_BY_EMAIL = True
    settings.PASSWORD_RESET_TIMEOUT = 3600
    return settings


@pytest.fixture
def officer(world):
    user = world.users["mentor"]
    user.email = "canbo@xa.example.vn"
    user.save()
    return user


def _link(client, email):
    mail.outbox.clear()
    response = client.post(reverse("accounts:password_reset"), {"email": email})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    if not mail.outbox:
        return None
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)


def test_without_email_the_reset_pages_do_not_exist_and_the_page_says_whom_to_ask(client):
    assert client.get(reverse("accounts:password_reset")).status_code == 404
    html = client.get(reverse("accounts:password_forgotten")).content.decode()
    assert "hỏi cán bộ Ủy ban MTTQ xã/phường" in html and reverse("accounts:password_reset") not in html


def test_the_link_works_once(client, by_email, officer):
    html = client.get(reverse("accounts:password_forgotten")).content.decode()
    assert reverse("accounts:password_reset") in html
    link = _link(client, "CanBo@xa.example.vn")
    message = mail.outbox[0]
    assert message.to == ["canbo@xa.example.vn"] and "Đồng Hành" in message.subject and "một lần, trong 60 phút" in message.body
    form = client.get(link, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == reverse("accounts:password_reset_complete")
    officer.refresh_from_db()
    assert officer.check_password(NEW) and not officer.must_change_password
    assert officer.history.first().history_change_reason == "Đặt lại mật khẩu qua thư điện tử"
    again = client.get(link, follow=True)
    assert not again.context["validlink"] and "chỉ dùng được một lần" in again.content.decode()


def test_the_link_expires(client, by_email, officer, settings):
    import datetime as dt

    from django.contrib.auth.tokens import default_token_generator

    link = _link(client, officer.email)
    token = link.rstrip("/").split("/")[-1]
    later = default_token_generator._now() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 1)
    default_token_generator._now = lambda: later
    try:
        expired = client.get(link, follow=True)
        assert not expired.context["validlink"]
        assert not default_token_generator.check_token(officer, token)
        client.post(link, {"new_password1": NEW, "new_password2": NEW}, follow=True)  # sent anyway: refused
    finally:
        del default_token_generator._now
    assert User.objects.get(pk=officer.pk).check_password(NEW) is False


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, by_email, officer):
    assert _link(client, "khongco@example.vn") is None


def test_a_weak_password_is_refused_in_vietnamese_and_the_link_still_works(client, by_email, officer):
    link = _link(client, officer.email)
    form = client.get(link, follow=True)
    url = form.redirect_chain[-1][0]
    refused = client.post(url, {"new_password1": "123", "new_password2": "123"})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert client.post(url, {"new_password1": NEW, "new_password2": NEW}).status_code == 302


def test_a_manager_gives_a_new_login_its_e_mail_address_once_per_account(world):
    from accounts import services
    from accounts.models import Role

    user, _password = services.create_login(
        actor=world.front, username="hoa.le", full_name="Lê Thị Hoa", role=Role.MENTOR, email=" Hoa.Le@Xa.vn ", commune=world.commune
    )
    assert user.email == "hoa.le@xa.vn"
    with pytest.raises(services.AccountRefused, match="đã gắn với một tài khoản khác"):
        services.create_login(
            actor=world.front, username="hoa.le2", full_name="Lê Thị Hoa", role=Role.MENTOR, email="hoa.le@xa.vn", commune=world.commune
        )
