"""A commune runs its own people: each manager manages exactly its scope, grants nothing above
it, every change has its history row; temporary passwords work once and expire; every user
changes their own password."""

import datetime as dt

import pytest
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Membership, Role, User
from accounts.selectors import can_grant, manageable_users
from areas.models import Commune, Province, ResidentialArea
from conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _create(world, actor, role, **place):
    return services.create_login(actor=actor, username=f"u{User.objects.count()}", full_name="Người Mới", role=role, **place)


@pytest.mark.parametrize("role", [Role.MENTOR, Role.COMMUNE_POLICE, Role.LABOUR_OFFICER])
def test_the_commune_front_creates_commune_logins_of_their_commune(world, role):
    user, password = _create(world, world.front, role, commune=world.commune)
    assert user.check_password(password) and user.must_change_password
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.commune) == (role, world.commune)
    assert user.history.get().history_user == world.front
    assert membership.history.get().history_user == world.front


def test_the_commune_front_creates_a_committee_head_for_a_khu_dan_cu_of_their_commune(world):
    user, _pw = _create(world, world.front, Role.COMMITTEE_HEAD, area=world.area2)
    assert Membership.objects.get(user=user).area == world.area2


@pytest.mark.parametrize(
    ("role", "place"),
    [
        (Role.COMMUNE_FRONT, "commune"),  # their own role
        (Role.PROVINCE_OFFICER, "commune"),  # above their own
        (Role.ADMIN, "commune"),
        (Role.MENTOR, "other_commune"),  # another commune
        (Role.COMMITTEE_HEAD, "other_area"),
    ],
)
def test_the_commune_front_grants_nothing_above_or_beyond_their_scope(world, role, place):
    target = {
        "commune": {"commune": world.commune},
        "other_commune": {"commune": world.other_commune},
        "other_area": {"area": world.other_area},
    }[place]
    count = User.objects.count()
    with pytest.raises(services.AccountRefused):
        _create(world, world.front, role, **target)
    assert User.objects.count() == count


def test_the_province_officer_manages_the_commune_officers_of_the_province_only(world):
    province = world.users["province"]
    user, _pw = _create(world, province, Role.COMMUNE_FRONT, commune=world.other_commune)
    assert can_grant(province, Role.COMMUNE_POLICE, commune=world.commune)
    assert not can_grant(province, Role.PROVINCE_OFFICER, province=world.province)
    assert not can_grant(province, Role.MENTOR, commune=world.commune)  # the commune front's people
    elsewhere = Commune.objects.create(province=Province.objects.create(code="01", name="Hà Nội"), code="00004", name="Ba Đình")
    assert not can_grant(province, Role.COMMUNE_FRONT, commune=elsewhere)
    managed = set(manageable_users(province))
    assert {user, world.front, world.police, world.labour, world.outsider, world.other_front} <= managed
    assert world.users["mentor"] not in managed and world.head not in managed and province not in managed


def test_each_manager_sees_exactly_their_people(world):
    managed = set(manageable_users(world.front))
    assert managed == {world.head, world.head2, world.police, world.labour, world.users["mentor"], world.users["mentor2"]}
    assert set(manageable_users(world.other_front)) == {world.outsider}
    for persona in ("mentor", "head", "police", "labour", "admin"):
        assert not manageable_users(world.users[persona]).exists()


def test_someone_who_also_works_elsewhere_is_not_managed_here(world):
    Membership.objects.create(user=world.users["mentor"], role=Role.MENTOR, commune=world.other_commune)
    assert world.users["mentor"] not in set(manageable_users(world.front))
    with pytest.raises(services.AccountRefused):
        services.reset_password(world.users["mentor"], actor=world.front)


def test_deactivate_and_reactivate_keep_history_and_stop_sign_in(world, client):
    services.deactivate_login(world.users["mentor"], actor=world.front, reason="Chuyển công tác")
    world.users["mentor"].refresh_from_db()
    assert not world.users["mentor"].is_active
    assert not Membership.objects.filter(user=world.users["mentor"], is_active=True).exists()
    assert not client.login(request=HttpRequest(), username="mentor", password=PASSWORD)
    last = world.users["mentor"].history.order_by("-history_id").first()
    assert (last.history_user, last.history_change_reason) == (world.front, "Chuyển công tác")
    services.reactivate_login(world.users["mentor"], actor=world.front, reason="Quay lại")
    assert client.login(request=HttpRequest(), username="mentor", password=PASSWORD)
    assert User.objects.filter(pk=world.users["mentor"].pk).exists()  # nothing deleted


def test_another_commune_cannot_touch_a_login(world):
    for action in (
        lambda: services.deactivate_login(world.users["mentor"], actor=world.other_front, reason="x"),
        lambda: services.reset_password(world.users["mentor"], actor=world.other_front),
        lambda: services.add_membership(world.users["mentor"], actor=world.other_front, role=Role.MENTOR, commune=world.other_commune),
    ):
        with pytest.raises(services.AccountRefused):
            action()
    world.users["mentor"].refresh_from_db()
    assert world.users["mentor"].is_active and world.users["mentor"].check_password(PASSWORD)


def test_a_manager_cannot_deactivate_themselves(world):
    with pytest.raises(services.AccountRefused):
        services.deactivate_login(world.front, actor=world.front, reason="x")


def test_a_reset_password_works_then_must_be_changed_and_the_temporary_one_stops_working(world, client):
    temporary = services.reset_password(world.users["mentor"], actor=world.front)
    assert not client.login(request=HttpRequest(), username="mentor", password=PASSWORD)  # the old one stops at once
    assert client.login(request=HttpRequest(), username="mentor", password=temporary)
    assert client.get(reverse("cases:list"))["Location"] == reverse("accounts:password_change")
    page = client.get(reverse("accounts:password_change"))
    assert "Bạn đang dùng mật khẩu tạm" in page.content.decode()
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": temporary, "new_password1": "Hoa-moi-2026!", "new_password2": "Hoa-moi-2026!"},
    )
    assert response.status_code == 302
    assert client.get(reverse("cases:list")).status_code == 200
    client.logout()
    assert not client.login(request=HttpRequest(), username="mentor", password=temporary)
    assert client.login(request=HttpRequest(), username="mentor", password="Hoa-moi-2026!")


def test_an_expired_temporary_password_ends_the_session(world, client):
    temporary = services.reset_password(world.users["mentor"], actor=world.front)
    User.objects.filter(pk=world.users["mentor"].pk).update(temporary_password_expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert client.login(request=HttpRequest(), username="mentor", password=temporary)
    response = client.get(reverse("cases:list"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Mật khẩu tạm đã hết hạn" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_screens_create_a_login_and_show_the_temporary_password_once(world, login):
    client = login(world.front)
    assert client.get(reverse("accounts:people")).status_code == 200
    form = client.get(reverse("accounts:people_create"))
    assert "Xã Hoàn Sơn" in form.content.decode() and "Phường Từ Sơn" not in form.content.decode()
    response = client.post(
        reverse("accounts:people_create"),
        {"full_name": "Lò Văn Pằng", "username": "pang.lo", "phone": "", "role": Role.MENTOR, "place": f"commune:{world.commune.pk}"},
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    password = response.context["password"]
    assert User.objects.get(username="pang.lo").check_password(password)
    bad = client.post(
        reverse("accounts:people_create"),
        {"full_name": "X", "username": "Có Dấu", "role": Role.MENTOR, "place": f"commune:{world.commune.pk}"},
    )
    assert "Tên đăng nhập gồm 3–40 ký tự" in bad.content.decode()


def test_the_new_account_form_refuses_a_phone_number_that_is_not_one_and_creates_nothing(world, login):
    client = login(world.front)
    data = {"full_name": "Lò Văn Pằng", "username": "pang.lo", "role": Role.MENTOR, "place": f"commune:{world.commune.pk}"}
    bad = client.post(reverse("accounts:people_create"), {**data, "phone": "gọi cho tôi"})
    assert bad.status_code == 200
    assert bad.context["form"].errors["phone"][0].startswith("Số điện thoại: không đúng dạng số điện thoại Việt Nam.")
    assert not User.objects.filter(username="pang.lo").exists()
    client.post(reverse("accounts:people_create"), {**data, "phone": "+84 912-345-678"})
    assert User.objects.get(username="pang.lo").phone == "+84912345678"


def test_the_screens_refuse_outsiders_and_people_out_of_scope(world, login):
    assert login(world.users["mentor"]).get(reverse("accounts:people")).status_code == 404
    client = login(world.other_front)
    assert client.get(reverse("accounts:people_detail", args=[world.users["mentor"].pk])).status_code == 404
    assert client.post(reverse("accounts:people_reset_password", args=[world.users["mentor"].pk])).status_code == 404
    assert (
        client.post(
            reverse("accounts:people_create"),
            {"full_name": "X", "username": "xyz", "role": Role.PROVINCE_OFFICER, "place": f"commune:{world.commune.pk}"},
        ).status_code
        == 200
    )
    assert not User.objects.filter(username="xyz").exists()


def test_the_detail_screen_deactivates_with_a_reason_and_shows_the_history(world, login):
    client = login(world.front)
    url = reverse("accounts:people_deactivate", args=[world.labour.pk])
    client.post(url, {"reason": ""})
    world.labour.refresh_from_db()
    assert world.labour.is_active
    client.post(url, {"reason": "Nghỉ hưu"})
    world.labour.refresh_from_db()
    assert not world.labour.is_active
    page = client.get(reverse("accounts:people_detail", args=[world.labour.pk])).content.decode()
    assert "Nghỉ hưu" in page


def test_every_user_changes_their_own_password_in_vietnamese(world, login):
    client = login(world.police)
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "Mật khẩu hiện tại" in page
    wrong = client.post(
        reverse("accounts:password_change"), {"old_password": "sai", "new_password1": "abcdefgh-12", "new_password2": "abcdefgh-12"}
    )
    assert "Mật khẩu hiện tại không đúng." in wrong.content.decode()
    short = client.post(reverse("accounts:password_change"), {"old_password": PASSWORD, "new_password1": "ab1", "new_password2": "ab1"})
    assert short.status_code == 200 and not User.objects.get(pk=world.police.pk).check_password("ab1")


def test_the_login_page_says_whom_to_ask_for_a_forgotten_password(client):
    page = client.get(reverse("login")).content.decode()
    assert "Quên mật khẩu?" in page
    help_page = client.get(reverse("accounts:password_forgotten")).content.decode()
    assert "cán bộ Ủy ban MTTQ xã/phường" in help_page


def test_a_head_can_be_given_a_second_khu_dan_cu(world):
    area3 = ResidentialArea.objects.create(commune=world.commune, code="10001-03", name="Tam Sơn")
    services.add_membership(world.head, actor=world.front, role=Role.COMMITTEE_HEAD, area=area3)
    assert set(Membership.objects.filter(user=world.head, is_active=True).values_list("area", flat=True)) == {world.area.pk, area3.pk}
    assert make_user  # personas come from conftest


def test_the_commune_front_sets_a_mentors_phone_and_email_with_a_history_row(world, client):
    mentor, _pw = _create(world, world.front, Role.MENTOR, commune=world.commune)
    client.force_login(world.front)
    url = reverse("accounts:people_contact", args=[mentor.pk])
    response = client.post(url, {"phone": " 0912  345 678 ", "email": "Hoa@Example.vn"})
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert (mentor.phone, mentor.email) == ("0912345678", "hoa@example.vn")  # in digits, as SMS and Zalo send to it
    latest = mentor.history.order_by("-history_date").first()
    assert latest.history_user == world.front and latest.history_change_reason == "Đổi số điện thoại, thư điện tử"
    page = client.get(reverse("accounts:people_detail", args=[mentor.pk])).content.decode()
    assert 'value="0912345678"' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"phone": "goi-cho-toi", "email": ""}, "Số điện thoại: không đúng dạng số điện thoại Việt Nam."),
        ({"phone": "0912 345", "email": ""}, "Số điện thoại: không đúng dạng số điện thoại Việt Nam."),
        ({"phone": "", "email": "khong-phai-thu"}, "Nhập một địa chỉ email hợp lệ."),
        ({"phone": "", "email": "taken@example.vn"}, "Địa chỉ thư điện tử này đã gắn với một tài khoản khác."),
    ],
)
def test_bad_contact_details_are_refused_in_vietnamese_and_nothing_changes(world, client, data, message):
    User.objects.filter(pk=make_user("taken").pk).update(email="taken@example.vn")
    mentor, _pw = _create(world, world.front, Role.MENTOR, commune=world.commune)
    rows = mentor.history.count()
    client.force_login(world.front)
    response = client.post(reverse("accounts:people_contact", args=[mentor.pk]), data)
    assert response.status_code == 400 and message in response.content.decode()
    mentor.refresh_from_db()
    assert (mentor.phone, mentor.email, mentor.history.count()) == ("", "", rows)


def test_nobody_sets_the_contact_of_someone_outside_their_scope(world):
    target = make_user("far_mentor", role=Role.MENTOR, commune=world.other_commune)
    with pytest.raises(services.AccountRefused):
        services.update_contact(target, actor=world.front, phone="0912345678", email="")
    target.refresh_from_db()
    assert target.phone != "0912345678"
