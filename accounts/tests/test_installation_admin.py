"""The installation administrator: administration without case content, four eyes for roles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from django.utils import timezone

from accounts import memberships
from accounts.installation import GROUP_NAME, ensure_group, is_installation_admin
from accounts.models import Membership, Role, User
from areas.models import ResidentialArea
from conftest import make_user
from mentors.models import Branch


@pytest.fixture
def installer(world) -> User:
    user = make_user("caidat")
    user.is_staff = True
    user.save()
    user.groups.add(ensure_group())
    return user


@pytest.fixture
def second_installer(world) -> User:
    user = make_user("caidat2")
    user.is_staff = True
    user.save()
    user.groups.add(ensure_group())
    return user


def test_the_group_has_no_case_workflow_or_history_permission(db):
    group = ensure_group()
    labels = {p.content_type.app_label for p in group.permissions.select_related("content_type")}
    assert {"accounts", "areas", "mentors", "support"} <= labels
    assert not labels & {"cases", "workflows", "viewflow", "guardian", "reports"}
    models = {p.content_type.model for p in group.permissions.select_related("content_type")}
    assert not [m for m in models if m.startswith("historical")]
    assert not models & {"assignment", "visit", "referral", "referraloutcome", "followup", "partnerlink", "group", "permission"}


def test_the_group_is_there_after_migrate(db):
    from django.contrib.auth.models import Group

    assert Group.objects.filter(name=GROUP_NAME).exists()


def test_the_installation_admin_sees_users_places_and_organisations_only(installer, client):
    client.force_login(installer)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    apps = {app["app_label"]: {m["object_name"] for m in app["models"]} for app in index.context["app_list"]}
    assert set(apps) <= {"accounts", "areas", "mentors", "support", "axes"}
    assert apps["areas"] == {"Province", "Commune", "ResidentialArea"}
    assert "support" in apps and apps["support"] == {"Partner"}
    for path in (
        "/admin/cases/accesslog/",
        "/admin/cases/accessgrant/",
        "/admin/viewflow/process/",
        "/admin/viewflow/task/",
        "/admin/auth/group/",
    ):
        assert client.get(path).status_code in (403, 404), path


def test_the_viewflow_models_are_not_in_the_admin_even_for_a_superuser(world, client):
    root = User.objects.create_superuser("root", password="x" * 12)
    client.force_login(root)
    assert client.get("/admin/viewflow/process/").status_code == 404
    assert client.get("/admin/viewflow/task/").status_code == 404


def test_an_installation_admin_cannot_make_himself_superuser(installer, client):
    client.force_login(installer)
    url = reverse("admin:accounts_user_change", args=[installer.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "is_superuser" not in form.fields and "groups" not in form.fields
    client.post(
        url,
        {
            "username": installer.username,
            "is_superuser": "on",
            "is_staff": "on",
            "full_name": "X",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    installer.refresh_from_db()
    assert not installer.is_superuser


def test_granting_oneself_a_case_role_is_refused(installer, world, client):
    client.force_login(installer)
    response = client.post(
        reverse("admin:accounts_membership_add"), {"user": installer.pk, "role": Role.COMMUNE_POLICE, "commune": world.commune.pk}
    )
    assert response.status_code == 200
    assert "Không ai được tự cấp vai trò cho chính mình." in response.content.decode()
    assert not Membership.objects.filter(user=installer).exists()
    # nor through the inline on one's own user page
    inline = client.get(reverse("admin:accounts_user_change", args=[installer.pk]))
    assert not inline.context["inline_admin_formsets"][0].has_add_permission


def test_a_role_granted_in_the_admin_waits_for_a_second_person(installer, second_installer, world, client):
    clerk = make_user("canbo-moi")
    client.force_login(installer)
    response = client.post(
        reverse("admin:accounts_membership_add"), {"user": clerk.pk, "role": Role.COMMUNE_POLICE, "commune": world.commune.pk}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=clerk)
    assert membership.is_pending and not membership.is_active and membership.requested_by == installer
    from accounts.selectors import user_scope

    assert not user_scope(clerk).police_commune_ids
    # the requester cannot approve it
    client.post(reverse("admin:accounts_membership_changelist"), {"action": "approve", "_selected_action": [membership.pk]})
    membership.refresh_from_db()
    assert membership.is_pending
    # a second administrator can
    client.force_login(second_installer)
    client.post(reverse("admin:accounts_membership_changelist"), {"action": "approve", "_selected_action": [membership.pk]})
    membership.refresh_from_db()
    assert membership.is_active and membership.approved_by == second_installer and membership.approved_at
    reasons = list(membership.history.order_by("history_id").values_list("history_change_reason", "is_active"))
    assert reasons == [("request", False), ("approve", True)]


def test_editing_a_role_in_the_admin_makes_it_a_request_again(installer, world, client):
    client.force_login(installer)
    membership = Membership.objects.get(user=world.police)
    client.post(
        reverse("admin:accounts_membership_change", args=[membership.pk]),
        {"user": world.police.pk, "role": Role.COMMUNE_POLICE, "commune": world.other_commune.pk},
    )
    membership.refresh_from_db()
    assert membership.commune == world.other_commune and membership.is_pending


def test_the_commune_officer_or_the_province_officer_can_approve(installer, world):
    clerk = make_user("canbo-moi")
    membership = memberships.request_membership(Membership(user=clerk, role=Role.MENTOR, commune=world.commune), actor=installer)
    assert memberships.approval_refusal(membership, world.outsider)  # police of another commune
    assert memberships.approval_refusal(membership, world.mentor)
    assert memberships.approval_refusal(membership, world.front) is None
    assert memberships.approval_refusal(membership, world.users["province"]) is None
    assert membership in memberships.pending_for(world.police)
    memberships.approve_membership(membership, actor=world.police)
    membership.refresh_from_db()
    assert membership.is_active and membership.approved_by == world.police


def test_nobody_approves_a_role_for_themselves(installer, world):
    membership = memberships.request_membership(
        Membership(user=world.front, role=Role.COMMUNE_POLICE, commune=world.commune), actor=installer
    )
    with pytest.raises(memberships.PermissionDenied):
        memberships.approve_membership(membership, actor=world.front)
    with pytest.raises(memberships.PermissionDenied):
        memberships.request_membership(Membership(user=installer, role=Role.MENTOR, commune=world.commune), actor=installer)


def test_the_installation_admin_cannot_set_the_password_of_someone_holding_a_case_role(installer, world, client):
    client.force_login(installer)
    assert client.get(reverse("admin:auth_user_password_change", args=[world.police.pk])).status_code == 403
    newcomer = make_user("chua-co-vai-tro")
    assert client.get(reverse("admin:auth_user_password_change", args=[newcomer.pk])).status_code == 200


def test_the_installation_admin_cannot_touch_a_superuser(installer, client):
    root = User.objects.create_superuser("root", password="x" * 12)
    client.force_login(installer)
    page = client.get(reverse("admin:accounts_user_change", args=[root.pk]))
    assert page.status_code == 200 and page.context["has_change_permission"] is False  # read-only
    client.post(reverse("admin:accounts_user_change", args=[root.pk]), {"username": "root2"})
    assert User.objects.filter(username="root").exists()
    assert client.post(reverse("admin:accounts_user_delete", args=[root.pk]), {"post": "yes"}).status_code in (302, 403)
    assert User.objects.filter(pk=root.pk).exists()


def test_deleting_a_place_with_cases_is_refused_and_lists_no_name(installer, world, make_case, client):
    make_case(full_name="Đỗ Văn Bí Mật")
    client.force_login(installer)
    url = reverse("admin:areas_residentialarea_delete", args=[world.area.pk])
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Đỗ Văn Bí Mật" not in body
    assert "Hồ sơ giúp đỡ: 1" in body  # only a count of what protects it
    client.post(url, {"post": "yes"})
    assert ResidentialArea.objects.filter(pk=world.area.pk).exists()


def test_deleting_an_organisation_or_a_user_with_cases_is_refused(installer, world, make_case, client):
    make_case("assigned", full_name="Đỗ Văn Bí Mật")
    client.force_login(installer)
    for url in (
        reverse("admin:mentors_branch_delete", args=[world.branch.pk]),
        reverse("admin:mentors_mentor_delete", args=[world.mentor.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200 and "Đỗ Văn Bí Mật" not in page.content.decode()
        client.post(url, {"post": "yes"})
    assert Branch.objects.filter(pk=world.branch.pk).exists()
    root = User.objects.create_superuser("root", password="x" * 12)
    client.force_login(root)
    url = reverse("admin:accounts_user_delete", args=[world.front.pk])
    page = client.get(url)
    assert "Đỗ Văn Bí Mật" not in page.content.decode()
    client.post(url, {"post": "yes"})
    assert User.objects.filter(pk=world.front.pk).exists()


def test_is_installation_admin(installer, world):
    assert is_installation_admin(installer)
    assert not is_installation_admin(world.admin)  # a role, not staff


@pytest.mark.django_db
def test_a_system_check_warns_when_a_superuser_logged_in_recently(settings):
    User.objects.create_superuser("root", password="x" * 12, last_login=timezone.now() - dt.timedelta(days=2))
    from accounts.checks import superuser_recent_login

    warnings = superuser_recent_login(None)
    assert [w.id for w in warnings] == ["dong_hanh.W001"] and "root" in warnings[0].msg
    with pytest.raises(SystemCheckError):
        call_command("check", "--fail-level", "WARNING")
    settings.DONG_HANH = {**settings.DONG_HANH, "SUPERUSER_LOGIN_WARNING_DAYS": 1}
    assert superuser_recent_login(None) == []
