"""The legal clocks (cases/legal.py): table-driven, at each boundary (the day before, on, after)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import legal
from cases.models import Category, Subject

D = dt.date
START = D(2026, 1, 15)


def person(**fields) -> Subject:
    data = {"full_name": "Người Thử", "date_of_birth": D(1990, 1, 1), "sex": "male", "category": Category.PRISON_RELEASED}
    data.update(fields)
    return Subject(**data)


# --- expungement (BLHS Điều 70, adults) ------------------------------------------------------------

ADULT = [
    # (main penalty, prison months, expected period in months, rule)
    ("warning", None, 12, "expungement"),
    ("fine", None, 12, "expungement"),
    ("non_custodial", None, 12, "expungement"),
    ("suspended", None, 12, "expungement"),
    ("prison", 59, 24, "expungement"),
    ("prison", 60, 24, "expungement"),  # "đến 05 năm"
    ("prison", 61, 36, "expungement"),  # "trên 05 năm"
    ("prison", 179, 36, "expungement"),
    ("prison", 180, 36, "expungement"),  # "đến 15 năm"
    ("prison", 181, 60, "expungement"),  # "trên 15 năm"
    ("life", None, 60, "expungement"),
    ("death_commuted", None, 60, "expungement"),
]


@pytest.mark.parametrize(("penalty", "months", "expected_months", "rule"), ADULT)
def test_adult_expungement_period_follows_the_penalty_band(penalty, months, expected_months, rule):
    subject = person(main_penalty=penalty, sentence_months=months, clock_start_date=START)
    exp = legal.expungement(subject)
    assert exp.rule.key == rule and not exp.override
    assert exp.date == D(2026 + expected_months // 12, 1 + expected_months % 12, 15)


def test_a_prison_sentence_without_its_length_cannot_be_computed_and_says_what_is_missing():
    clock = legal.legal_clock(person(main_penalty="prison", clock_start_date=START))
    assert clock.end is None and "sentence_months" in clock.missing
    assert clock.running()  # the law still holds them until we know


@pytest.mark.parametrize(
    ("gravity", "no_record"),
    [("less_serious_careless", True), ("serious_careless", True), ("very_serious_careless", False), ("serious", False)],
)
def test_careless_less_serious_and_serious_crimes_leave_no_record_for_adults(gravity, no_record):
    exp = legal.expungement(person(main_penalty="prison", sentence_months=24, offence_gravity=gravity, clock_start_date=START))
    assert exp.no_record is no_record


# --- the additional penalty (Điều 70 khoản 2, last paragraph) ------------------------------------


@pytest.mark.parametrize(
    ("additional_months", "expected"),
    [(23, D(2028, 1, 15)), (24, D(2028, 1, 15)), (25, D(2028, 2, 15)), (60, D(2031, 1, 15))],
)
def test_a_longer_additional_penalty_moves_the_expungement_to_its_end(additional_months, expected):
    subject = person(
        main_penalty="prison",
        sentence_months=36,
        additional_penalty="supervision",
        additional_penalty_months=additional_months,
        clock_start_date=START,
    )
    assert legal.expungement(subject).date == expected  # 2 years, or the end of quản chế if later


# --- minors (Điều 107) -------------------------------------------------------------------------------

BORN = D(2008, 6, 10)  # 16 on 10/06/2024, 18 on 10/06/2026

MINORS = [
    # (offence date, gravity, no record?, period months)
    (D(2024, 6, 9), "especially_serious", True, None),  # the day before 16: 14–16, never a record
    (D(2024, 6, 10), "especially_serious", False, 12),  # on the 16th birthday
    (D(2024, 6, 11), "very_serious", False, 12),
    (D(2024, 6, 11), "very_serious_careless", True, None),  # 16–18, careless very serious
    (D(2024, 6, 11), "serious", True, None),  # 16–18, serious
    (D(2024, 6, 11), "less_serious", True, None),
    (D(2026, 6, 9), "very_serious", False, 12),  # the day before 18: still a minor
    (D(2026, 6, 10), "very_serious", False, 24),  # on the 18th birthday: an adult (Điều 70: 2 years)
    (D(2026, 6, 10), "serious", False, 24),
]


@pytest.mark.parametrize(("offence_date", "gravity", "no_record", "months"), MINORS)
def test_minors_get_the_shorter_periods_or_none(offence_date, gravity, no_record, months, settings):
    subject = person(
        date_of_birth=BORN,
        offence_date=offence_date,
        offence_gravity=gravity,
        main_penalty="prison",
        sentence_months=48,
        clock_start_date=START,
    )
    exp = legal.expungement(subject)
    assert exp.no_record is no_record
    if months is not None:
        assert exp.date == START + legal.relativedelta(months=months)


@pytest.mark.parametrize(
    ("penalty", "months", "expected"), [("suspended", None, 6), ("prison", 60, 12), ("prison", 61, 24), ("prison", 181, 36)]
)
def test_minor_bands_of_article_107(penalty, months, expected):
    subject = person(
        date_of_birth=BORN,
        offence_date=D(2025, 1, 1),
        offence_gravity="very_serious",
        main_penalty=penalty,
        sentence_months=months,
        clock_start_date=START,
    )
    assert legal.expungement(subject).period == legal.relativedelta(months=expected)


def test_a_minor_of_16_to_18_without_the_crimes_gravity_cannot_be_computed():
    subject = person(date_of_birth=BORN, offence_date=D(2025, 1, 1), main_penalty="prison", sentence_months=24, clock_start_date=START)
    assert "offence_gravity" in legal.legal_clock(subject).missing


def test_a_minor_without_a_record_leaves_management_when_the_penalty_ends():
    subject = person(date_of_birth=BORN, offence_date=D(2023, 1, 1), main_penalty="prison", sentence_months=24, clock_start_date=START)
    clock = legal.legal_clock(subject)
    assert clock.no_record and clock.end == START and clock.end_rule.key == "no_record_minor"


# --- an override: kept, shown as such --------------------------------------------------------------


def test_years_entered_by_hand_are_an_override_with_their_reason():
    subject = person(
        main_penalty="prison",
        sentence_months=24,
        expungement_years=4,
        expungement_override_reason="Theo giấy chứng nhận",
        clock_start_date=START,
    )
    exp = legal.expungement(subject)
    assert exp.override and exp.override_reason == "Theo giấy chứng nhận" and exp.date == D(2030, 1, 15)
    assert exp.derived_period == legal.relativedelta(years=2)


@pytest.mark.parametrize(
    ("years", "reason", "sentence", "field"),
    [
        (4, "", None, "expungement_years"),  # not a value Điều 70 gives, no sentence to compare, no reason
        (0, "", None, "expungement_years"),
        (7, "", None, "expungement_years"),
        (3, "", None, None),  # a lawful value without sentence data: accepted as entered
        (3, "", 24, "expungement_override_reason"),  # differs from the 2 years the sentence gives
        (2, "", 24, None),  # agrees with the sentence
        (4, "Theo quyết định của Tòa án", None, None),
    ],
)
def test_hand_entered_years_are_checked_against_the_law(years, reason, sentence, field):
    subject = person(
        expungement_years=years,
        expungement_override_reason=reason,
        main_penalty="prison" if sentence else "",
        sentence_months=sentence,
        clock_start_date=START,
    )
    errors = legal.validate_subject(subject)
    if field is None:
        assert "expungement_years" not in errors and "expungement_override_reason" not in errors
    else:
        assert field in errors and "Điều 70" in errors[field][0]


# --- legal term ranges -------------------------------------------------------------------------------

RANGES = [
    (Category.SUSPENDED_SENTENCE, 11, 12, 60, 61, "Điều 65 Bộ luật Hình sự 2015"),
    (Category.NON_CUSTODIAL_REFORM, 5, 6, 36, 37, "Điều 36 Bộ luật Hình sự 2015"),
    (Category.SUPERVISION, 11, 12, 60, 61, "Điều 43 Bộ luật Hình sự 2015"),
    (Category.RESIDENCE_BAN, 11, 12, 60, 61, "Điều 42 Bộ luật Hình sự 2015"),
    (Category.COMMUNE_EDUCATION, 2, 3, 6, 7, "Điều 89 Luật Xử lý vi phạm hành chính 2012"),
]


@pytest.mark.parametrize(("category", "below", "low", "high", "above", "law"), RANGES)
def test_a_term_outside_its_legal_range_is_refused_naming_the_law(category, below, low, high, above, law):
    for months in (below, above):
        errors = legal.validate_subject(person(category=category, term_months=months, clock_start_date=START))
        assert law in errors["term_months"][0], months
    for months in (low, low + 1, high - 1, high):
        assert "term_months" not in legal.validate_subject(person(category=category, term_months=months, clock_start_date=START))


def test_the_range_is_refused_by_the_model_with_a_vietnamese_message(db, world):
    subject = person(category=Category.SUSPENDED_SENTENCE, term_months=120, clock_start_date=START, area=world.area)
    with pytest.raises(ValidationError) as exc:
        subject.full_clean()
    assert "Thời gian thử thách của án treo phải từ 12 đến 60 tháng" in exc.value.message_dict["term_months"][0]


@pytest.mark.parametrize(("months", "ok"), [(11, False), (12, True), (60, True), (61, False)])
def test_the_additional_penalty_range(months, ok):
    errors = legal.validate_subject(person(additional_penalty="residence_ban", additional_penalty_months=months))
    assert ("additional_penalty_months" not in errors) is ok


@pytest.mark.parametrize(
    ("fields", "field", "ok"),
    [
        # the old combined category may hold the longest of the three terms it merged (240 months)
        ({"category": Category.PROBATION, "term_months": 240}, "term_months", True),
        ({"category": Category.PROBATION, "term_months": 241}, "term_months", False),
        # no legal term of its own: no longer than the longest prison term, 30 years
        ({"category": Category.AT_RISK, "term_months": 360}, "term_months", True),
        ({"category": Category.AT_RISK, "term_months": 999_999}, "term_months", False),
        ({"main_penalty": "prison", "sentence_months": 360}, "sentence_months", True),
        ({"main_penalty": "prison", "sentence_months": 361}, "sentence_months", False),
        # a suspended sentence: a prison term of at most 3 years (Điều 65)
        ({"main_penalty": "suspended", "sentence_months": 36}, "sentence_months", True),
        ({"main_penalty": "suspended", "sentence_months": 37}, "sentence_months", False),
        ({"additional_penalty": "other", "additional_penalty_months": 60}, "additional_penalty_months", True),
        ({"additional_penalty": "other", "additional_penalty_months": 999}, "additional_penalty_months", False),
    ],
)
def test_terms_stay_within_the_longest_the_law_gives(fields, field, ok):
    errors = legal.validate_subject(person(**fields))
    assert (field not in errors) is ok, errors


def test_dates_that_have_happened_are_not_in_the_future_and_a_release_is_within_30_years():
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    errors = legal.validate_subject(person(clock_start_date=tomorrow, prison_notice_date=tomorrow))
    assert errors["clock_start_date"] == ["Ngày bắt đầu tính thời hạn: không được sau ngày hôm nay."]
    assert errors["prison_notice_date"] == ["Ngày nhận thông báo của trại giam: không được sau ngày hôm nay."]
    assert not legal.validate_subject(
        person(clock_start_date=today, prison_notice_date=today, expected_release_date=today.replace(year=today.year + 29))
    )
    assert "expected_release_date" in legal.validate_subject(person(expected_release_date=D(2100, 1, 1)))
    assert legal.validate_subject(person(expected_release_date=D(1980, 1, 1)))["expected_release_date"] == [
        "Ngày dự kiến ra trại: không được trước ngày sinh."
    ]


# --- every category: its clock, at the day before, on and after its end -------------------------------

CLOCKS = [
    # (category, fields, end, rule)
    (Category.PRISON_RELEASED, {"sentence_months": 36}, D(2028, 1, 15), "expungement"),
    (Category.SUSPENDED_SENTENCE, {"term_months": 24}, D(2028, 1, 15), "suspended_term"),
    (Category.NON_CUSTODIAL_REFORM, {"term_months": 6}, D(2026, 7, 15), "non_custodial_term"),
    # conditional release: the test period (10 months), then managed until expungement (2 years)
    (Category.CONDITIONAL_RELEASE, {"term_months": 10, "sentence_months": 48}, D(2028, 11, 15), "expungement"),
    (Category.SUPERVISION, {"term_months": 12}, D(2027, 1, 15), "supervision_term"),
    (Category.RESIDENCE_BAN, {"term_months": 60}, D(2031, 1, 15), "residence_ban_term"),
    (Category.COMMUNE_EDUCATION, {"term_months": 3}, D(2026, 4, 15), "commune_education_term"),
    (Category.PROBATION, {"term_months": 12}, D(2027, 1, 15), "legacy_probation_term"),
]


@pytest.mark.parametrize(("category", "fields", "end", "rule"), CLOCKS)
def test_each_clocked_category_ends_on_its_legal_date(category, fields, end, rule):
    clock = legal.legal_clock(person(category=category, clock_start_date=START, **fields))
    assert clock.has_clock and clock.end == end and clock.end_rule.key == rule
    assert clock.running(end - dt.timedelta(days=1)) and clock.days_left(end - dt.timedelta(days=1)) == 1
    assert clock.ended(end) and clock.days_left(end) == 0
    assert clock.ended(end + dt.timedelta(days=1))


@pytest.mark.parametrize(
    "category",
    [Category.AT_RISK, Category.DELINQUENT_YOUTH, Category.SOCIAL_EVILS, Category.INSTITUTION_RETURNEE],
)
def test_categories_without_a_legal_clock(category):
    clock = legal.legal_clock(person(category=category, clock_start_date=START, term_months=6))
    assert not clock.has_clock and clock.end is None and not clock.running()


def test_a_court_shortening_moves_the_suspended_sentence_clock():
    subject = person(category=Category.SUSPENDED_SENTENCE, clock_start_date=START, term_months=24, court_term_end=D(2027, 6, 1))
    clock = legal.legal_clock(subject)
    assert clock.end == D(2027, 6, 1) and clock.end_rule.key == "suspended_term_shortened"
    assert clock.expungement.date == D(2028, 6, 1)  # 1 year after the (shortened) test period


@pytest.mark.parametrize(
    ("on", "possible"),
    # 24 months from 15/01/2026 = 730 days; half = 365 days → 15/01/2027
    [(D(2027, 1, 14), False), (D(2027, 1, 15), True), (D(2027, 1, 16), True), (D(2028, 1, 15), False)],
)
def test_shortening_is_possible_after_half_the_test_period(on, possible):
    clock = legal.legal_clock(person(category=Category.SUSPENDED_SENTENCE, clock_start_date=START, term_months=24))
    assert clock.shortening_from == D(2027, 1, 15)
    assert clock.shortening_possible(on) is possible


@pytest.mark.parametrize(
    ("category", "ok"), [(Category.PRISON_RELEASED, True), (Category.SUSPENDED_SENTENCE, False), (Category.AT_RISK, False)]
)
def test_the_classification_applies_only_to_the_people_the_circular_covers(category, ok):
    errors = legal.validate_subject(person(category=category, classification="B"))
    assert ("classification" not in errors) is ok
