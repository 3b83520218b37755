"""The registries' screens: outsiders refused, heads kept to their khu dân cư, lists in a
constant number of queries, bad input answered in Vietnamese with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from community import services
from community.models import AreaCommitment, HouseholdCommitment, TrainingAttendance
from community.views import KINDS

pytestmark = pytest.mark.django_db
YEAR = dt.date.today().year


def area_url(world, area=None):
    return reverse("community:area", args=[(area or world.area).pk])


def commune_url(world):
    return reverse("community:commune", args=[world.commune.pk])


def test_the_menu_shows_the_registries_to_heads_front_and_police_only(world, login):
    assert "Phong trào khu dân cư" in login(world.head).get(area_url(world)).content.decode()
    for user in (world.users["mentor"], world.labour, world.users["province"]):
        client = login(user)
        page = client.get(reverse("community:index"))
        assert page.status_code == 403
        assert "Phong trào khu dân cư" not in page.content.decode()


def test_index_takes_the_head_to_his_area_and_the_front_to_the_commune(world, login):
    assert login(world.head).get(reverse("community:index")).url == area_url(world)
    assert login(world.front).get(reverse("community:index")).url == commune_url(world)
    # the police of another commune is taken to his own commune, never to this one
    assert login(world.outsider).get(reverse("community:index")).url == reverse("community:commune", args=[world.other_commune.pk])


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("community:area", args=[w.area.pk]),
        lambda w: reverse("community:commune", args=[w.commune.pk]),
        lambda w: reverse("community:area_new", args=[w.area.pk, "household-commitment"]),
        lambda w: reverse("community:commune_new", args=[w.commune.pk, "session"]),
    ],
)
def test_an_outsider_is_refused_every_page(world, login, url):
    page = login(world.outsider).get(url(world))
    assert page.status_code in (403, 404)
    assert "Đông Sơn" not in page.content.decode()


def test_an_outsider_is_refused_ending_or_correcting_a_record_and_nothing_changes(world, login):
    c = services.record_area_commitment(world.area, actor=world.head, year=YEAR, signed_on=dt.date.today(), text_reference="Số 01")
    client = login(world.outsider)
    assert client.get(reverse("community:end", args=["area-commitment", c.pk])).status_code == 404
    assert (
        client.post(reverse("community:end", args=["area-commitment", c.pk]), {"reason": "x", "ended_on": "01/01/2026"}).status_code == 404
    )
    assert client.post(reverse("community:correct", args=["area-commitment", c.pk]), {"reason": "x"}).status_code == 404
    c.refresh_from_db()
    assert c.is_active and c.text_reference == "Số 01"


def test_a_head_may_not_open_another_areas_page_the_police_reads_without_keeping(world, login):
    assert login(world.head).get(area_url(world, world.area2)).status_code == 403
    page = login(world.police).get(area_url(world))
    assert page.status_code == 200
    assert 'data-action="household-commitment"' not in page.content.decode()
    assert login(world.police).get(reverse("community:area_new", args=[world.area.pk, "household-commitment"])).status_code == 403


def test_every_form_of_the_head_and_of_the_front_renders(world, login):
    head = login(world.head)
    for slug, kind in KINDS.items():
        if kind.scope != "commune":
            assert head.get(reverse("community:area_new", args=[world.area.pk, slug])).status_code == 200, slug
    front = login(world.front)
    for slug, kind in KINDS.items():
        if kind.scope != "area":
            assert front.get(reverse("community:commune_new", args=[world.commune.pk, slug])).status_code == 200, slug
    assert front.get(reverse("community:area_new", args=[world.area.pk, "safe"])).status_code == 404


def test_the_head_records_a_household_commitment_and_sees_it(world, login):
    client = login(world.head)
    url = reverse("community:area_new", args=[world.area.pk, "household-commitment"])
    page = client.post(
        url, {"household": "Hộ ông Nguyễn Văn An", "signed_by": "Nguyễn Văn An", "signed_on": "02/03/2026", "year": "2026"}, follow=True
    )
    assert page.status_code == 200
    assert "Hộ ông Nguyễn Văn An" in page.content.decode()
    h = HouseholdCommitment.objects.get()
    assert (h.area, h.signed_on, h.recorded_by) == (world.area, dt.date(2026, 3, 2), world.head)


def test_bad_input_names_the_field_in_vietnamese_and_writes_nothing(world, login):
    client = login(world.head)
    url = reverse("community:area_new", args=[world.area.pk, "area-commitment"])
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    page = client.post(url, {"year": str(YEAR), "signed_on": tomorrow, "text_reference": "Số 1"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Ngày ký không được sau ngày hôm nay." in text
    page = client.post(url, {"year": "abc", "signed_on": "31/02/2026", "text_reference": ""})
    text = page.content.decode()
    assert "Chưa lưu được" in text and "Traceback" not in text
    assert not AreaCommitment.objects.exists()


def test_the_head_ends_and_corrects_a_record_through_the_pages_with_a_reason(world, login):
    c = services.record_area_commitment(world.area, actor=world.head, year=YEAR, signed_on=dt.date.today(), text_reference="Số 01")
    client = login(world.head)
    page = client.post(
        reverse("community:correct", args=["area-commitment", c.pk]),
        {"year": str(YEAR), "signed_on": dt.date.today().strftime("%d/%m/%Y"), "text_reference": "Số 02", "reason": "Sai số"},
    )
    assert page.status_code == 302
    c.refresh_from_db()
    assert c.text_reference == "Số 02" and c.history.count() == 2
    page = client.post(
        reverse("community:end", args=["area-commitment", c.pk]), {"ended_on": dt.date.today().strftime("%d/%m/%Y"), "reason": ""}
    )
    assert page.status_code == 200 and "Lý do" in page.content.decode()
    client.post(
        reverse("community:end", args=["area-commitment", c.pk]), {"ended_on": dt.date.today().strftime("%d/%m/%Y"), "reason": "Ghi nhầm"}
    )
    c.refresh_from_db()
    assert not c.is_active and AreaCommitment.objects.count() == 1
    # the head of another khu dân cư learns nothing of it
    assert login(world.head2).get(reverse("community:end", args=["area-commitment", c.pk])).status_code == 404


def test_the_head_records_an_attendance_of_his_cadre_at_the_communes_session(world, login, cadre, session):
    s = session()
    c = cadre(area=world.area, actor=world.head)
    client = login(world.head)
    client.post(reverse("community:area_new", args=[world.area.pk, "attendance"]), {"session": s.pk, "cadre": c.pk})
    assert TrainingAttendance.objects.filter(session=s, cadre=c).exists()
    page = client.get(area_url(world))
    assert "Đã tập huấn năm" in page.content.decode()


def _fill(world, n: int, cadre, session, kind, make_case, open_review):
    s = session()
    for i in range(n):
        c = cadre(area=world.area, name=f"Cán bộ {n}-{i}")
        services.record_attendance(s, actor=world.front, cadre=c)
        services.record_household_commitment(
            world.area, actor=world.head, year=YEAR, household=f"Hộ {n}-{i}", signed_on=dt.date.today(), signed_by="x"
        )
        m = services.record_community_model(
            world.area, actor=world.head, kind=kind("to_tu_quan"), name=f"Tổ {n}-{i}", founded_on=dt.date.today()
        )
        services.record_core_group_meeting(m, actor=world.head, held_on=dt.date.today(), attendees="A\nB")
        services.record_recognition(
            world.commune,
            actor=world.head,
            area=world.area,
            occasion="19_8",
            recognised_on=dt.date.today(),
            recipient_kind="family",
            family=f"Hộ {i}",
            award="Giấy khen",
        )
        services.record_review_meeting(
            world.area,
            actor=world.head,
            quarter=f"{YEAR}Q1",
            held_on=dt.date.today(),
            attendees="A",
            minutes="m",
            reviews=[open_review(make_case("in_review"), quarter=f"{YEAR}Q1")],
        )
        services.record_area_commitment(
            world.area2, actor=world.front, year=YEAR - 10 - i - n, signed_on=dt.date.today(), text_reference="x"
        )


def test_the_area_page_runs_a_constant_number_of_queries(
    world, login, cadre, session, kind, make_case, open_review, django_assert_max_num_queries
):
    client = login(world.head)
    _fill(world, 1, cadre, session, kind, make_case, open_review)
    client.get(area_url(world))
    with django_assert_max_num_queries(40) as small:
        assert client.get(area_url(world)).status_code == 200
    _fill(world, 4, cadre, session, kind, make_case, open_review)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(area_url(world)).status_code == 200


def test_the_commune_page_runs_a_constant_number_of_queries(
    world, login, cadre, session, kind, make_case, open_review, django_assert_max_num_queries
):
    from areas.models import ResidentialArea

    client = login(world.front)
    _fill(world, 1, cadre, session, kind, make_case, open_review)
    client.get(commune_url(world))
    with django_assert_max_num_queries(40) as small:
        assert client.get(commune_url(world)).status_code == 200
    for i in range(6):
        ResidentialArea.objects.create(commune=world.commune, code=f"10001-5{i}", name=f"Thôn mới {i}")
    _fill(world, 4, cadre, session, kind, make_case, open_review)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(commune_url(world))
    assert page.content.decode().count("<tr data-area=") == 8


def test_the_commune_table_shows_what_each_area_lacks(world, login, kind):
    services.set_households(world.area, actor=world.head, households=10)
    for i in range(8):
        services.record_household_commitment(
            world.area, actor=world.head, year=YEAR, household=f"Hộ {i}", signed_on=dt.date.today(), signed_by="x"
        )
    services.record_community_model(
        world.area2, actor=world.head2, kind=kind("to_hoa_giai"), name="Tổ hòa giải", founded_on=dt.date.today()
    )
    text = login(world.front).get(commune_url(world)).content.decode()
    assert "Thiếu 1 hộ" in text  # 8 of 10, 90% asks for 9
    assert "Chưa có số hộ" in text  # area2 has no households count
    assert "✓ Đạt" in text  # area2's tổ hòa giải
    assert "Chưa có tổ hòa giải" in text


def test_every_record_has_its_correction_and_end_pages(world, login, cadre, session, kind, make_case):
    today = dt.date.today()
    c = cadre(area=world.area, actor=world.head)
    s = session()
    model = services.record_community_model(world.area, actor=world.head, kind=kind("nhom_nong_cot"), name="Nhóm", founded_on=today)
    records = {
        "area-commitment": services.record_area_commitment(world.area, actor=world.head, year=YEAR, signed_on=today, text_reference="x"),
        "household-commitment": services.record_household_commitment(
            world.area, actor=world.head, year=YEAR, household="Hộ A", signed_on=today, signed_by="A"
        ),
        "cadre": c,
        "session": s,
        "attendance": services.record_attendance(s, actor=world.front, cadre=c),
        "community-model": model,
        "core-meeting": services.record_core_group_meeting(model, actor=world.head, held_on=today, attendees="A"),
        "review-meeting": services.record_review_meeting(
            world.area, actor=world.head, quarter=f"{YEAR}Q1", held_on=today, attendees="A", minutes="m"
        ),
        "recognition": services.record_recognition(
            world.commune,
            actor=world.front,
            occasion="other",
            recognised_on=today,
            recipient_kind="family",
            family="Hộ B",
            award="Giấy khen",
        ),
        "safe": services.recognise_safe_area(world.area, actor=world.front, year=YEAR, recognised_on=today),
        "model-area": services.designate_model_area(world.area, actor=world.front, designated_on=today),
    }
    client = login(world.front)
    for slug, obj in records.items():
        assert client.get(reverse("community:end", args=[slug, obj.pk])).status_code == 200, slug
        if slug in KINDS and type(obj) in services.CORRECTABLE:
            page = client.get(reverse("community:correct", args=[slug, obj.pk]))
            assert page.status_code == 200, slug
            assert "Lý do sửa" in page.content.decode(), slug
    # A correction through the page of a commune-wide session, with its reason.
    client.post(
        reverse("community:correct", args=["session", s.pk]),
        {"held_on": today.strftime("%d/%m/%Y"), "topic": "Chủ đề mới", "organiser": "Ủy ban MTTQ xã", "hours": "2", "reason": "Sai chủ đề"},
    )
    s.refresh_from_db()
    assert s.topic == "Chủ đề mới" and s.history.first().history_change_reason == "Sai chủ đề"


def test_the_household_form_offers_only_cases_the_user_may_open(world, login, make_case):
    """The forms' case choices go through cases.selectors.visible_cases: a case the rule does not
    give the user is not offered, even when it points at the khu dân cư (here a row left pointing
    at Đông Sơn while recorded in another commune), and posting its id saves nothing."""
    from cases.models import Case
    from cases.selectors import visible_cases

    shown = make_case("identified", full_name="Nguyễn Văn Thấy")
    hidden = make_case("identified", full_name="Trần Văn Khuất")
    Case.objects.filter(pk=hidden.pk).update(commune=world.other_commune)
    assert Case.objects.filter(area=world.area, pk=hidden.pk).exists()  # the place filter alone would offer it
    assert not visible_cases(world.front).filter(pk=hidden.pk).exists()
    client = login(world.front)
    url = reverse("community:area_new", args=[world.area.pk, "household-commitment"])
    html = client.get(url).content.decode()
    assert "Nguyễn Văn Thấy" in html and "Trần Văn Khuất" not in html
    data = {"household": "Hộ ông Trần Văn Khuất", "signed_by": "Trần Văn Khuất", "signed_on": "02/03/2026", "year": "2026"}
    page = client.post(url, {**data, "case": hidden.pk})
    assert page.status_code == 200 and "case" in page.context["form"].errors
    assert not HouseholdCommitment.objects.exists()
    assert client.post(url, {**data, "case": shown.pk}).status_code == 302
    assert HouseholdCommitment.objects.get().case == shown


def test_the_services_refuse_a_case_the_actor_may_not_open_whatever_calls_them(world, make_case):
    """The same rule as the forms, in the services themselves (a direct call, an import)."""
    import datetime as dt

    from cases.errors import DomainError
    from cases.models import Case

    hidden = make_case("identified", full_name="Trần Văn Khuất")
    Case.objects.filter(pk=hidden.pk).update(commune=world.other_commune)
    hidden.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        services.record_household_commitment(
            world.area,
            actor=world.front,
            year=2026,
            household="Hộ ông Khuất",
            signed_on=dt.date(2026, 3, 2),
            signed_by="Khuất",
            case=hidden,
        )
    assert refused.value.field == "case" and "Bạn không được chọn hồ sơ này." in str(refused.value)
    assert not HouseholdCommitment.objects.exists()
    shown = make_case("identified", full_name="Nguyễn Văn Thấy")
    kept = services.record_household_commitment(
        world.area, actor=world.front, year=2026, household="Hộ ông Thấy", signed_on=dt.date(2026, 3, 2), signed_by="Thấy", case=shown
    )
    with pytest.raises(DomainError):
        services.correct_record(kept, actor=world.front, reason="Sửa hồ sơ", case=hidden)
    kept.refresh_from_db()
    assert kept.case == shown
