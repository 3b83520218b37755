"""Editing a draft referral before it is sent: the service and the page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role
from cases.errors import DomainError, PermissionRefused, TransitionRefused
from support import services
from support.models import ReferralStatus

TODAY = timezone.localdate()


@pytest.fixture
def review_draft(world, released_case):
    """The draft a review's "refer for support" decision makes: type job, the review's needs."""
    return services.create_referral(released_case, actor=world.head, type="job", needs="Muốn học nghề hàn")


def test_the_mentor_corrects_the_type_and_needs_of_a_review_draft_with_a_history_row(world, review_draft):
    referral = services.update_draft_referral(review_draft, actor=world.users["mentor"], type="training", needs=" Học nghề hàn điện ")
    referral.refresh_from_db()
    assert (referral.status, referral.type, referral.needs, referral.referred_by) == (
        ReferralStatus.DRAFT,
        "training",
        "Học nghề hàn điện",
        world.head,
    )
    assert referral.history.count() == 2
    row = referral.history.first()
    assert row.history_user == world.users["mentor"]
    assert row.history_change_reason == "Sửa đề nghị hỗ trợ (nháp): loại hỗ trợ, nhu cầu"


def test_fields_not_given_keep_their_values_and_an_unchanged_draft_writes_no_history(world, review_draft):
    services.update_draft_referral(review_draft, actor=world.head, skills="Đã làm thợ phụ")
    review_draft.refresh_from_db()
    assert (review_draft.type, review_draft.needs, review_draft.skills) == ("job", "Muốn học nghề hàn", "Đã làm thợ phụ")
    services.update_draft_referral(review_draft, actor=world.head, needs="Muốn học nghề hàn")
    assert review_draft.history.count() == 2


def test_a_sent_referral_can_no_longer_be_edited(world, sent_referral):
    referral = sent_referral()
    with pytest.raises(TransitionRefused) as err:
        services.update_draft_referral(referral, actor=world.users["mentor"], needs="Khác")
    assert "Sửa đề nghị" in err.value.message and "Đã gửi" in err.value.message
    referral.refresh_from_db()
    assert referral.needs == "Cần việc làm ổn định" and referral.history.count() == 2


def test_a_withdrawn_draft_can_no_longer_be_edited(world, review_draft):
    services.withdraw_referral(review_draft, actor=world.head, reason="Không cần nữa")
    with pytest.raises(TransitionRefused):
        services.update_draft_referral(review_draft, actor=world.head, needs="Khác")


@pytest.mark.parametrize("who", ["labour", "outsider", "police", "mentor2", "head2"])
def test_only_those_who_may_refer_for_the_case_can_edit_its_draft(world, review_draft, who):
    with pytest.raises(PermissionRefused):
        services.update_draft_referral(review_draft, actor=world.users[who], needs="Khác")
    review_draft.refresh_from_db()
    assert review_draft.needs == "Muốn học nghề hàn" and review_draft.history.count() == 1


def test_loan_eligibility_is_checked_when_a_draft_becomes_a_loan(world, review_draft):
    mentor = world.users["mentor"]
    with pytest.raises(DomainError) as err:
        services.update_draft_referral(review_draft, actor=mentor, type="loan")
    assert err.value.field == "loan_purpose"
    with pytest.raises(DomainError) as err:
        services.update_draft_referral(
            review_draft, actor=mentor, type="loan", loan_purpose="production", loan_amount_requested=150_000_000
        )
    assert err.value.field == "loan_amount_requested" and "Quyết định 22/2023/QĐ-TTg" in err.value.message
    with pytest.raises(DomainError) as err:
        services.update_draft_referral(review_draft, actor=mentor, type="loan", loan_purpose="training", loan_amount_requested=10_000_000)
    assert err.value.field == "loan_training_months"
    review_draft.refresh_from_db()
    assert (review_draft.type, review_draft.loan_purpose, review_draft.loan_amount_requested) == ("job", "", None)
    assert review_draft.history.count() == 1

    services.update_draft_referral(
        review_draft, actor=mentor, type="loan", loan_purpose="training", loan_amount_requested=12_000_000, loan_training_months=3
    )
    review_draft.refresh_from_db()
    assert (review_draft.type, review_draft.loan_purpose, review_draft.loan_amount_requested, review_draft.loan_training_months) == (
        "loan",
        "training",
        12_000_000,
        3,
    )
    # back to a job: the loan details go
    services.update_draft_referral(review_draft, actor=mentor, type="job")
    review_draft.refresh_from_db()
    assert (review_draft.loan_purpose, review_draft.loan_amount_requested, review_draft.loan_training_months) == ("", None, None)


def test_a_person_outside_the_five_year_window_cannot_have_a_draft_turned_into_a_loan(world, make_case):
    case = make_case("in_review", clock_start_date=TODAY - dt.timedelta(days=6 * 366))
    draft = services.create_referral(case, actor=world.head, type="job", needs="Vay vốn")
    with pytest.raises(DomainError) as err:
        services.update_draft_referral(draft, actor=world.head, type="loan", loan_purpose="production", loan_amount_requested=20_000_000)
    assert err.value.field == "type" and "5 năm" in err.value.message
    draft.refresh_from_db()
    assert draft.type == "job"


def test_editing_and_sending_at_once_sends_it_to_the_office(world, review_draft):
    services.update_draft_referral(review_draft, actor=world.head, type="counselling", send=True)
    review_draft.refresh_from_db()
    assert (review_draft.type, review_draft.status, review_draft.officer) == ("counselling", ReferralStatus.SENT, world.labour)
    assert review_draft.case.events.filter(transition="referral_sent", data__referral=review_draft.pk).exists()
    assert review_draft.case.status == "supported"


def test_when_sending_fails_the_edit_is_not_saved_either(world, review_draft):
    Membership.objects.filter(role=Role.LABOUR_OFFICER, commune=world.commune).update(is_active=False)
    with pytest.raises(DomainError):
        services.update_draft_referral(review_draft, actor=world.head, needs="Khác", send=True)
    review_draft.refresh_from_db()
    assert (review_draft.needs, review_draft.status, review_draft.history.count()) == ("Muốn học nghề hàn", ReferralStatus.DRAFT, 1)


# --- the page ----------------------------------------------------------------------------------------


def test_the_case_panel_links_a_draft_to_its_edit_page_and_the_page_saves_the_changes(world, login, review_draft):
    client = login(world.users["mentor"])
    url = reverse("support:edit", args=[review_draft.pk])
    case_page = client.get(reverse("cases:detail", args=[review_draft.case_id])).content.decode()
    assert url in case_page and "Muốn học nghề hàn" in case_page
    form = client.get(url).content.decode()
    assert "Sửa đề nghị hỗ trợ" in form and "Muốn học nghề hàn" in form and 'value="job" selected' in form
    response = client.post(url, {"type": "training", "needs": "Học nghề hàn điện", "save_draft": "1"})
    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[review_draft.case_id]) + "#referrals"
    review_draft.refresh_from_db()
    assert (review_draft.type, review_draft.needs, review_draft.status) == ("training", "Học nghề hàn điện", ReferralStatus.DRAFT)


def test_the_edit_page_can_save_and_send(world, login, review_draft):
    response = login(world.head).post(
        reverse("support:edit", args=[review_draft.pk]), {"type": "job", "needs": "Việc làm gần nhà", "send": "1"}
    )
    assert response.status_code == 302
    review_draft.refresh_from_db()
    assert (review_draft.needs, review_draft.status) == ("Việc làm gần nhà", ReferralStatus.SENT)


def test_the_edit_page_of_a_sent_referral_goes_back_to_the_case_and_changes_nothing(world, login, sent_referral):
    referral = sent_referral()
    client = login(world.users["mentor"])
    url = reverse("support:edit", args=[referral.pk])
    assert url not in client.get(reverse("cases:detail", args=[referral.case_id])).content.decode()
    response = client.post(url, {"type": "counselling", "needs": "Khác"}, follow=True)
    assert "Chỉ sửa được đề nghị hỗ trợ khi còn là nháp" in response.content.decode()
    referral.refresh_from_db()
    assert (referral.type, referral.needs) == ("job", "Cần việc làm ổn định")


def test_outsiders_and_the_labour_officer_get_404_and_the_commune_police_403_on_the_edit_page(world, login, review_draft):
    url = reverse("support:edit", args=[review_draft.pk])
    for user in (world.outsider, world.labour, world.users["mentor2"]):
        assert login(user).get(url).status_code == 404, user
        assert login(user).post(url, {"type": "counselling", "needs": "Khác"}).status_code == 404, user
    assert login(world.police).post(url, {"type": "counselling", "needs": "Khác"}).status_code == 403
    review_draft.refresh_from_db()
    assert (review_draft.type, review_draft.needs) == ("job", "Muốn học nghề hàn")


def test_the_edit_page_shows_the_loan_refusal_at_its_field_and_saves_nothing(world, login, review_draft):
    response = login(world.users["mentor"]).post(
        reverse("support:edit", args=[review_draft.pk]),
        {"type": "loan", "loan_purpose": "production", "loan_amount_requested": "150000000", "needs": "Vay vốn nuôi bò"},
    )
    assert response.status_code == 200
    assert "Vượt mức cho vay" in response.context["form"].errors["loan_amount_requested"][0]
    review_draft.refresh_from_db()
    assert (review_draft.type, review_draft.needs) == ("job", "Muốn học nghề hàn")
