"""The CSRF failure page is Vietnamese and leads back; the Vietnamese catalogue has no
fuzzy guess and no empty entry (issue 17)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from django.test import Client

from conftest import PASSWORD

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_a_stale_login_form_gets_a_vietnamese_page_that_leads_back(db, world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/login/", {"username": "mentor", "password": PASSWORD}, HTTP_REFERER="http://testserver/accounts/login/"
    )
    body = response.content.decode()
    assert response.status_code == 403
    assert "Chưa gửi được biểu mẫu" in body and "đăng nhập ở một thẻ khác" in body
    assert 'href="http://testserver/accounts/login/"' in body
    assert "CSRF" not in body and "Forbidden" not in body


def test_a_stale_visit_form_says_nothing_was_saved_and_the_draft_is_kept(db, world, make_case):
    case = make_case("in_review")
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.mentor.user)
    url = f"/mentor/cases/{case.pk}/visit/"
    response = client.post(url, {"visit_date": "01/12/2026", "mode": "home", "notes": "x"}, HTTP_REFERER=f"http://testserver{url}")
    body = response.content.decode()
    assert response.status_code == 403
    assert "Chưa có gì được lưu" in body and "vẫn được giữ trên máy" in body
    assert f'href="http://testserver{url}"' in body
    assert case.visits.count() == 0


def test_the_back_link_never_leads_to_another_site(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {}, HTTP_REFERER="https://evil.example/phish")
    assert response.status_code == 403
    assert "evil.example" not in response.content.decode()


def test_the_catalogue_has_no_fuzzy_and_no_untranslated_entry():
    assert shutil.which("msgfmt"), "msgfmt (gettext) is missing: make install-dev installs it"
    run = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)], capture_output=True, text=True, check=True
    )
    stats = run.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ translated messages\.", stats), stats
    assert "#, fuzzy" not in CATALOGUE.read_text(encoding="utf-8").partition('msgid ""\nmsgstr ""\n')[2]


# Wording that reads as a translation or says something else (issue 17): what each became.
RETIRED = {
    "lo ngại": "phản ánh dấu hiệu vi phạm",
    "ghi chú mật": "ghi chú hạn chế ('mật' is a state-secret grade)",
    "người đang quản lý": "người đang được quản lý",
    "mở hỗ trợ": "bắt đầu hỗ trợ",
    "danh vị": "vai trò trong cộng đồng",
    "tái phạm, đi tù": "phạm tội mới, phải chấp hành án phạt tù",
    "khác đề xuất": "khác với đề xuất",
    "lao động - xã hội": "the labour role's label, a setting (accounts.models.labour_role_label)",
}
# Nothing is left on purpose: the import template's old header "Danh vị" is only an alias that
# imports/kinds.py still accepts in the files people fill in (not a text shown).
KEPT: set[str] = set()


def test_no_translation_shown_to_people_uses_the_retired_wording():
    body = CATALOGUE.read_text(encoding="utf-8").partition('msgid ""\nmsgstr ""\n')[2]
    shown = re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', body, flags=re.M)
    assert len(shown) > 1000
    found = {(text, old) for text in shown for old in RETIRED if old in text.lower() and text not in KEPT}
    assert found == set(), sorted(found)
