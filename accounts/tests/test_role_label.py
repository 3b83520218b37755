"""The labour officer's role label is a setting (issue 17, item 5): the ministry it was named
after is gone since 2025. Default "Cán bộ Văn hóa - Xã hội"; DONG_HANH["LABOUR_ROLE_LABEL"]
(env DH_LABOUR_ROLE_LABEL) changes it everywhere the role is named: the role's label and the
field's choices, the admin, the people pages, messages and the pages that mention the office."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from accounts.models import Membership, Role, User, labour_role_label, labour_role_noun
from accounts.selectors import labels_of_role_codes

DEFAULT = "Cán bộ Văn hóa - Xã hội"
OTHER = "Công chức Lao động - Xã hội"


def other_label(label=OTHER):
    return override_settings(DONG_HANH={**settings.DONG_HANH, "LABOUR_ROLE_LABEL": label})


def test_the_default_label_is_the_office_as_named_since_2025(db):
    assert labour_role_label() == DEFAULT
    assert str(Role.LABOUR_OFFICER.label) == DEFAULT
    assert dict(Role.choices)["labour_officer"] == DEFAULT
    assert labour_role_noun() == "cán bộ Văn hóa - Xã hội"


def test_the_setting_renames_the_role_wherever_it_is_read(world):
    membership = Membership.objects.get(user=world.labour)
    with other_label():
        assert str(Role.LABOUR_OFFICER.label) == OTHER
        assert dict(Membership._meta.get_field("role").choices)["labour_officer"] == OTHER
        assert membership.get_role_display() == OTHER
        assert labels_of_role_codes("labour_officer,commune_police") == [OTHER, "Công an xã"]
        assert labour_role_noun() == "công chức Lao động - Xã hội"
    assert membership.get_role_display() == DEFAULT


def test_an_abbreviation_keeps_its_capitals_inside_a_sentence(db):
    with other_label("VHXH xã"):
        assert labour_role_noun() == "VHXH xã"


def test_the_admin_lists_and_filters_the_role_by_the_setting(world, client):
    root = User.objects.create_superuser("root", password="x" * 12)
    client.force_login(root)
    with other_label():
        page = client.get("/admin/accounts/membership/").content.decode()
        assert page.count(OTHER) >= 2  # the filter and the labour officer's row
        assert "Cán bộ lao động - xã hội" not in page and DEFAULT not in page
        form = client.get("/admin/accounts/membership/add/").content.decode()
        assert f'<option value="labour_officer">{OTHER}</option>' in form
    page = client.get("/admin/accounts/membership/").content.decode()
    assert DEFAULT in page


def test_the_people_page_and_the_messages_name_the_office_by_the_setting(world, login, make_case):
    from support import services
    from support.tests.conftest import OFFENCE  # noqa: F401  (the support fixtures' module loads)

    front = login(world.front)
    with other_label():
        page = front.get(reverse("accounts:people_detail", args=[world.labour.pk])).content.decode()
        assert OTHER in page
        case = make_case("in_review")
        form = front.get(reverse("support:create", args=[case.pk])).content.decode()
        assert "Đề nghị được gửi đến công chức Lao động - Xã hội của Xã Hoàn Sơn." in form
        forgotten = front.get(reverse("accounts:password_forgotten")).content.decode()
        assert "Công an xã, công chức Lao động - Xã hội: hỏi" in forgotten
        # a commune without a labour officer: the refusal names the office
        Membership.objects.filter(user=world.labour).update(is_active=False)
        with pytest.raises(Exception) as refused:
            services.create_referral(case, actor=world.front, type="job", needs="Việc làm", send=True)
        assert "chưa có công chức Lao động - Xã hội để tiếp nhận" in str(refused.value)
