"""The registry indicators on hand-built data, at each target's boundary (targets from
settings.DONG_HANH["REPORT_TARGETS"]), computed in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from areas.models import ResidentialArea
from community import indicators, services
from community.indicators import Place, YearToDate

pytestmark = pytest.mark.django_db
LAST = dt.date.today().year - 1
END = dt.date(LAST, 12, 31)
PERIOD = YearToDate(END)  # 1 January to 31 December of last year


def d(month: int, day: int = 15, year: int = LAST) -> dt.date:
    return dt.date(year, month, day)


def counts_for(place: Place, period=PERIOD, sources=None) -> Counter:
    total: Counter = Counter()
    for source in sources or indicators.SOURCES:
        for _place, c in source(period, place, place.level):
            total.update(c)
    return total


def share(counts: Counter, num: str, den: str) -> float | None:
    return indicators.share(counts[num], counts[den])


def met(key: str, value) -> bool:
    return value >= indicators.target(key)


def more_areas(world, n: int) -> list[ResidentialArea]:
    return [ResidentialArea.objects.create(commune=world.commune, code=f"10001-9{i}", name=f"Thôn {i}") for i in range(n)]


def sign_families(world, n: int, year: int = LAST):
    for i in range(n):
        services.record_household_commitment(
            world.area, actor=world.head, year=year, household=f"Hộ số {i}", signed_on=d(3), signed_by=f"Chủ hộ {i}"
        )


@pytest.mark.parametrize(("signed", "is_met"), [(89, False), (90, True)])
def test_families_signed_at_the_90_percent_boundary(world, signed, is_met):
    services.set_households(world.area, actor=world.head, households=100)
    sign_families(world, signed)
    c = counts_for(Place("area", world.area.pk))
    assert (c["families_signed"], c["households"]) == (signed, 100)
    assert share(c, "families_signed", "households") == float(signed)
    assert met("families_signed_share", share(c, "families_signed", "households")) is is_met


def test_a_family_of_another_year_or_ended_or_signed_after_the_end_does_not_count(world):
    services.set_households(world.area, actor=world.head, households=10)
    sign_families(world, 2)
    sign_families(world, 1, year=LAST - 1)
    ended = services.record_household_commitment(world.area, actor=world.head, year=LAST, household="Hộ Z", signed_on=d(4), signed_by="Z")
    services.end_record(ended, actor=world.head, reason="Ghi nhầm")
    assert counts_for(Place("area", world.area.pk))["families_signed"] == 2
    assert counts_for(Place("area", world.area.pk), YearToDate(d(2)))["families_signed"] == 0  # signed in March


@pytest.mark.parametrize(("signed", "is_met"), [(8, False), (9, True)])
def test_areas_signed_at_the_90_percent_boundary(world, signed, is_met):
    areas = [world.area, world.area2, *more_areas(world, 8)]  # 10 khu dân cư
    for area in areas[:signed]:
        services.record_area_commitment(area, actor=world.front, year=LAST, signed_on=d(2), text_reference="Cam kết")
    c = counts_for(Place("commune", world.commune.pk))
    assert c["areas"] == 10
    assert met("areas_signed_share", share(c, "areas_signed", "areas")) is is_met


@pytest.mark.parametrize(("cadres", "is_met"), [(2, True), (3, False)])
def test_cadres_trained_in_the_year_at_the_50_percent_boundary(world, cadre, session, cadres, is_met):
    people = [cadre(area=world.area, name=f"Cán bộ {i}") for i in range(cadres)]
    this_year = session(held_on=d(5))
    last_year = session(held_on=d(5, year=LAST - 1))
    services.record_attendance(this_year, actor=world.front, cadre=people[0])
    services.record_attendance(last_year, actor=world.front, cadre=people[1])  # trained the year before: not this year
    c = counts_for(Place("commune", world.commune.pk))
    assert (c["cadres"], c["cadres_trained"]) == (cadres, 1)
    assert met("cadres_trained_share", share(c, "cadres_trained", "cadres")) is is_met


def test_a_cadre_trained_twice_counts_once_and_a_cancelled_session_trains_nobody(world, cadre, session):
    c1 = cadre(area=world.area)
    s1, s2, s3 = session(held_on=d(3)), session(held_on=d(6)), session(held_on=d(9))
    services.record_attendance(s1, actor=world.front, cadre=c1)
    services.record_attendance(s2, actor=world.front, cadre=c1)
    c2 = cadre(area=world.area, name="B")
    services.record_attendance(s3, actor=world.front, cadre=c2)
    services.end_record(s3, actor=world.front, reason="Hủy")
    c = counts_for(Place("area", world.area.pk))
    assert (c["cadres"], c["cadres_trained"]) == (2, 1)


def test_a_cadre_ended_before_the_period_end_is_off_the_list(world, cadre):
    gone = cadre(area=world.area)
    cadre(area=world.area, name="B")
    services.end_record(gone, actor=world.front, reason="Chuyển công tác", ended_on=d(6))
    assert counts_for(Place("area", world.area.pk))["cadres"] == 1
    assert counts_for(Place("area", world.area.pk), YearToDate(d(5)))["cadres"] == 2


def test_mediation_and_self_management_shares_read_the_models_working_at_the_end(world, kind):
    services.record_community_model(world.area, actor=world.head, kind=kind("to_hoa_giai"), name="Tổ hòa giải", founded_on=d(1))
    services.record_community_model(world.area2, actor=world.head2, kind=kind("to_hoa_giai"), name="Tổ hòa giải 2", founded_on=d(1))
    own = services.record_community_model(
        world.area, actor=world.head, kind=kind("to_lien_gia_an_toan"), name="Tổ liên gia", founded_on=d(1)
    )
    services.record_community_model(
        world.area2, actor=world.head2, kind=kind("cau_lac_bo"), name="CLB", founded_on=d(1)
    )  # not self-managed
    c = counts_for(Place("commune", world.commune.pk))
    assert share(c, "areas_mediation", "areas") == 100.0 and met("areas_mediation_share", 100.0)
    assert share(c, "areas_self_managed", "areas") == 50.0 and not met("areas_self_managed_share", 50.0)
    services.end_record(own, actor=world.head, reason="Ngừng hoạt động", ended_on=d(11))
    assert counts_for(Place("commune", world.commune.pk))["areas_self_managed"] == 0
    assert counts_for(Place("commune", world.commune.pk), YearToDate(d(10)))["areas_self_managed"] == 1
    assert counts_for(Place("commune", world.commune.pk), YearToDate(d(1, 1)))["areas_mediation"] == 0  # not founded yet


@pytest.mark.parametrize(("safe", "is_met"), [(8, False), (9, True)])
def test_areas_recognised_safe_at_the_90_percent_boundary(world, safe, is_met):
    areas = [world.area, world.area2, *more_areas(world, 8)]
    for area in areas[:safe]:
        services.recognise_safe_area(area, actor=world.front, year=LAST, recognised_on=d(12, 1))
    services.recognise_safe_area(areas[-1], actor=world.front, year=LAST - 1, recognised_on=d(12, 1, year=LAST - 1))  # last year's
    c = counts_for(Place("commune", world.commune.pk))
    assert c["areas_safe"] == safe
    assert met("areas_safe_share", share(c, "areas_safe", "areas")) is is_met


def test_model_areas_count_per_commune_and_the_share_of_communes_with_one(world):
    c = counts_for(Place("province", world.province.pk))
    assert (c["communes"], c["communes_with_model_area"]) == (2, 0)
    services.designate_model_area(world.area, actor=world.front, designated_on=d(4))
    services.designate_model_area(world.area2, actor=world.front, designated_on=d(4))
    c = counts_for(Place("province", world.province.pk))
    assert (c["communes"], c["communes_with_model_area"], c["model_areas"]) == (2, 1, 2)
    assert share(c, "communes_with_model_area", "communes") == 50.0 and not met("communes_model_area_share", 50.0)
    services.designate_model_area(world.other_area, actor=world.other_front, designated_on=d(4))
    c = counts_for(Place("province", world.province.pk))
    assert met("communes_model_area_share", share(c, "communes_with_model_area", "communes"))


def test_recognitions_are_counted_by_occasion_in_the_period(world):
    for occasion, day in [("19_8", d(8, 19)), ("18_11", d(11, 18)), ("18_11", d(11, 18)), ("other", d(2, 3))]:
        services.record_recognition(
            world.commune,
            actor=world.front,
            occasion=occasion,
            recognised_on=day,
            recipient_kind="family",
            family="Hộ A",
            award="Giấy khen",
        )
    services.record_recognition(
        world.commune,
        actor=world.front,
        occasion="19_8",
        recognised_on=d(8, 19, year=LAST - 1),
        recipient_kind="branch",
        branch=world.branch,
        award="Giấy khen",
    )
    c = counts_for(Place("commune", world.commune.pk))
    assert (c["recognitions"], c["rec:19_8"], c["rec:18_11"], c["rec:other"]) == (4, 1, 2, 1)


def test_review_meetings_count_the_quarters_each_area_met(world):
    for quarter in (f"{LAST}Q1", f"{LAST}Q2", f"{LAST}Q2"):  # Q2 twice: one quarter met
        services.record_review_meeting(world.area, actor=world.head, quarter=quarter, held_on=d(7), attendees="A", minutes="m")
    services.record_review_meeting(
        world.area2,
        actor=world.head2,
        quarter=f"{LAST}Q1",
        held_on=d(7),
        attendees="A",
        minutes="m",
        police_present=True,
        police_attendee="Công an xã",
    )
    c = counts_for(Place("commune", world.commune.pk))
    assert (c["review_meetings"], c["review_meeting_quarters"], c["area_quarters"], c["review_meetings_with_police"]) == (4, 3, 8, 1)
    assert share(c, "review_meeting_quarters", "area_quarters") == 37.5


def test_the_sources_run_a_constant_number_of_queries(world, cadre, session, django_assert_num_queries):
    c = cadre(area=world.area)
    services.record_attendance(session(held_on=d(3)), actor=world.front, cadre=c)
    services.record_area_commitment(world.area, actor=world.front, year=LAST, signed_on=d(2), text_reference="x")
    with django_assert_num_queries(len(indicators.SOURCES)):
        counts_for(Place("province", world.province.pk))
    more_areas(world, 5)
    for i in range(5):
        cadre(area=world.area2, name=f"Cán bộ {i}")
    with django_assert_num_queries(len(indicators.SOURCES)):
        counts_for(Place("province", world.province.pk))
