"""Django's, its admin's and django-axes' own strings that their catalogues leave in English or
word badly are Vietnamese (locale_overrides/): the administrator's pages and the standard form
messages a user meets."""

from __future__ import annotations

import re
from pathlib import Path

import axes
import django
import pytest
from django import forms
from django.utils import translation

from accounts.installation import ensure_group
from conftest import make_user

OVERRIDES = Path(__file__).resolve().parents[2] / "locale_overrides" / "vi" / "LC_MESSAGES" / "django.po"
DJANGO = Path(django.__file__).parent
ENGLISH_CATALOGUES = [DJANGO / part / "locale" / "en" / "LC_MESSAGES" / "django.po" for part in ("conf", "contrib/admin", "contrib/auth")]


def _msgids(text: str) -> set[str]:
    """The msgids (singular) of a .po text, continuation lines joined."""
    out = set()
    for match in re.finditer(r'^msgid ((?:".*"\n)+)', text, flags=re.M):
        out.add("".join(re.findall(r'"(.*)"', match.group(1))).replace('\\"', '"'))
    return out - {""}


def test_every_override_is_a_string_the_packages_still_use():
    """A msgid that a release of Django or django-axes no longer has would silently stop
    translating anything: each one must be in Django's English catalogues or in axes' source."""
    used = set().union(*(_msgids(p.read_text(encoding="utf-8")) for p in ENGLISH_CATALOGUES))
    axes_source = "".join(p.read_text(encoding="utf-8") for p in Path(axes.__file__).parent.rglob("*.py"))
    used |= set(re.findall(r'_\(\s*"([^"]+)"', axes_source))
    missing = sorted(_msgids(OVERRIDES.read_text(encoding="utf-8")) - used)
    assert not missing, missing


def test_the_standard_form_messages_read_as_vietnamese():
    class Form(forms.Form):
        contacts = forms.IntegerField(min_value=1, max_value=240)

    with translation.override("vi"):
        assert Form({"contacts": "ba"}).errors["contacts"] == ["Nhập một số nguyên."]
        assert Form({"contacts": "0"}).errors["contacts"] == ["Giá trị phải lớn hơn hoặc bằng 1."]
        assert Form({"contacts": "241"}).errors["contacts"] == ["Giá trị phải nhỏ hơn hoặc bằng 240."]
        # Django's own catalogue says "Nhập một số tổng thể." and puts a space before the full stop
        assert "tổng thể" not in str(Form({"contacts": "ba"}).errors)


@pytest.fixture
def installer(world):
    user = make_user("caidat")
    user.is_staff = True
    user.save()
    user.groups.add(ensure_group())
    return user


def test_the_admin_pages_of_users_and_of_login_attempts_are_vietnamese(client, installer, world):
    client.force_login(installer)
    index = client.get("/admin/").content.decode()
    assert "Đăng nhập sai và khóa tài khoản" in index and ">Axes<" not in index
    attempts = client.get("/admin/axes/accessattempt/").content.decode()
    assert "Theo Thời điểm" in attempts and "Attempt Time" not in attempts
    assert "Show counts" not in attempts
    user_page = client.get(f"/admin/accounts/user/{world.mentor.user.pk}/change/").content.decode()
    assert "Đặt lại mật khẩu" in user_page
    assert "Reset password" not in user_page and "Raw passwords are not stored" not in user_page
