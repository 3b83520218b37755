"""The legal clocks, computed from the law (issue 11).

Pure functions over a Subject (and, for graduation, its Case): when the legal term ends, when
the criminal record is expunged, and so when management ends by law. Every number comes from
settings.DONG_HANH, where each has its legal source in a comment; the rules and their sources
shown to users are in RULES below.

Dates: a clock that runs N months from `start` ends on `start + N months` (the same day of the
month, dateutil's arithmetic); on that day and after, it has ended.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from cases.models import Case, Subject


def _conf(key: str):
    return settings.DONG_HANH[key]


def _d(value: dt.date | None) -> str:
    return date_format(value, "d/m/Y") if value else "—"


@dataclass(frozen=True)
class LegalRule:
    key: str
    label: str
    source: str


def _rule(key: str, label, source) -> LegalRule:
    return LegalRule(key, label, source)


# The rules a case can end by, with their sources (checked against the texts cited in
# notes/issue-11.md). Lazy strings: rendered in the reader's language.
RULES: dict[str, LegalRule] = {
    r.key: r
    for r in (
        _rule(
            "progress",
            gettext_lazy("Tiến bộ qua các kỳ đánh giá hằng quý liên tiếp đã được duyệt"),
            gettext_lazy("Đánh giá hằng quý của Ban Công tác Mặt trận (Đề án 01/138)"),
        ),
        _rule(
            "expungement",
            gettext_lazy("Đương nhiên được xóa án tích"),
            gettext_lazy("Điều 70 Bộ luật Hình sự 2015 (sửa đổi 2017)"),
        ),
        _rule(
            "expungement_minor",
            gettext_lazy("Đương nhiên được xóa án tích (người dưới 18 tuổi khi phạm tội)"),
            gettext_lazy("Điều 107 khoản 2 Bộ luật Hình sự 2015"),
        ),
        _rule(
            "no_record_minor",
            gettext_lazy("Không bị coi là có án tích (người dưới 18 tuổi khi phạm tội)"),
            gettext_lazy("Điều 107 khoản 1 Bộ luật Hình sự 2015"),
        ),
        _rule(
            "no_record_careless",
            gettext_lazy("Không bị coi là có án tích (tội ít nghiêm trọng, nghiêm trọng do vô ý)"),
            gettext_lazy("Điều 69 khoản 2 Bộ luật Hình sự 2015"),
        ),
        _rule(
            "expungement_override",
            gettext_lazy("Thời hạn xóa án tích nhập tay"),
            gettext_lazy("Điều 70 Bộ luật Hình sự 2015; số năm do người dùng nhập"),
        ),
        _rule("suspended_term", gettext_lazy("Hết thời gian thử thách của án treo"), gettext_lazy("Điều 65 Bộ luật Hình sự 2015")),
        _rule(
            "suspended_term_shortened",
            gettext_lazy("Hết thời gian thử thách án treo đã được Tòa án rút ngắn"),
            gettext_lazy("Điều 65 khoản 4 Bộ luật Hình sự 2015; Nghị quyết 02/2018/NQ-HĐTP"),
        ),
        _rule(
            "non_custodial_term",
            gettext_lazy("Chấp hành xong hình phạt cải tạo không giam giữ"),
            gettext_lazy("Điều 36 Bộ luật Hình sự 2015"),
        ),
        _rule(
            "conditional_release_term",
            gettext_lazy("Hết thời gian thử thách của tha tù trước thời hạn có điều kiện"),
            gettext_lazy("Điều 66 Bộ luật Hình sự 2015"),
        ),
        _rule("supervision_term", gettext_lazy("Chấp hành xong hình phạt quản chế"), gettext_lazy("Điều 43 Bộ luật Hình sự 2015")),
        _rule("residence_ban_term", gettext_lazy("Chấp hành xong hình phạt cấm cư trú"), gettext_lazy("Điều 42 Bộ luật Hình sự 2015")),
        _rule(
            "commune_education_term",
            gettext_lazy("Chấp hành xong biện pháp giáo dục tại xã, phường"),
            gettext_lazy("Điều 89 Luật Xử lý vi phạm hành chính 2012; Nghị định 120/2021/NĐ-CP"),
        ),
        _rule(
            "legacy_probation_term",
            gettext_lazy("Hết thời hạn (diện cũ, cần xác định lại)"),
            gettext_lazy("Điều 65, 36, 66 Bộ luật Hình sự 2015 (diện gộp cũ)"),
        ),
    )
}

# Category → (the rule of its legal term, what the term is called in messages).
TERM_RULES = {
    "suspended_sentence": ("suspended_term", gettext_lazy("thời gian thử thách của án treo")),
    "non_custodial_reform": ("non_custodial_term", gettext_lazy("thời hạn cải tạo không giam giữ")),
    "conditional_release": ("conditional_release_term", gettext_lazy("thời gian thử thách của tha tù có điều kiện")),
    "supervision": ("supervision_term", gettext_lazy("thời hạn quản chế")),
    "residence_ban": ("residence_ban_term", gettext_lazy("thời hạn cấm cư trú")),
    "commune_education": ("commune_education_term", gettext_lazy("thời hạn giáo dục tại xã, phường")),
    "probation": ("legacy_probation_term", gettext_lazy("thời hạn thử thách / chấp hành (diện cũ)")),
}
# Categories whose management ends with the expungement of the record (Thông tư 10/2024/TT-BCA:
# managed until xóa án tích). A conditional release counts as a completed prison sentence once
# its test period ends (BLHS Điều 73 khoản 4), so it runs on to the expungement too.
EXPUNGEMENT_MANAGED = frozenset({"prison_released", "conditional_release"})
CLOCKED_CATEGORIES = frozenset(TERM_RULES) | EXPUNGEMENT_MANAGED
# The people Thông tư 10/2024/TT-BCA covers (A/B/C/D classification).
CLASSIFIED_CATEGORIES = frozenset({"prison_released"})
# Light penalties of Điều 70 khoản 2 điểm a (and Điều 107 khoản 2 điểm a).
LIGHT_PENALTIES = frozenset({"warning", "fine", "non_custodial", "suspended"})
CARELESS_NO_RECORD = frozenset({"less_serious_careless", "serious_careless"})
MINOR_NO_RECORD_GRAVITIES = frozenset({"less_serious_careless", "serious_careless", "very_serious_careless", "less_serious", "serious"})
MINOR_RECORD_GRAVITIES = frozenset({"very_serious", "especially_serious"})
DEFAULT_PENALTY = {
    "prison_released": "prison",
    "conditional_release": "prison",
    "suspended_sentence": "suspended",
    "non_custodial_reform": "non_custodial",
}


def age_on(date_of_birth: dt.date, on: dt.date) -> int:
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


@dataclass
class Expungement:
    """When the record is expunged, and why. `date` None: unknown (see `missing`) or no record."""

    base: dt.date | None = None
    date: dt.date | None = None
    period: relativedelta | None = None
    no_record: bool = False
    override: bool = False
    override_reason: str = ""
    rule: LegalRule | None = None
    band: str = ""
    derived_period: relativedelta | None = None  # what the law gives, even when overridden
    missing: list[str] = field(default_factory=list)

    @property
    def period_label(self) -> str:
        return period_label(self.period)


def period_label(period: relativedelta | None) -> str:
    if period is None:
        return "—"
    months = period.years * 12 + period.months
    if months % 12 == 0:
        return _("%(n)d năm") % {"n": months // 12}
    return _("%(n)d tháng") % {"n": months}


def penalty_band(main_penalty: str, sentence_months: int | None) -> str | None:
    """The band of Điều 70 khoản 2 (a–d) for a main penalty; None when it cannot be told."""
    if main_penalty in LIGHT_PENALTIES:
        return "light"
    if main_penalty in ("life", "death_commuted"):
        return "prison_over_15"
    if main_penalty == "prison":
        if not sentence_months:
            return None
        if sentence_months <= _conf("PRISON_BAND_UP_TO_MONTHS"):
            return "prison_up_to_5"
        if sentence_months <= _conf("PRISON_BAND_MIDDLE_UP_TO_MONTHS"):
            return "prison_5_to_15"
        return "prison_over_15"
    return None


def derive_expungement_period(subject: Subject) -> tuple[relativedelta | None, LegalRule | None, str, bool, list[str]]:
    """(period, rule, band, no_record, missing) from the sentence entered, by Điều 69, 70, 107."""
    missing: list[str] = []
    penalty = subject.main_penalty or DEFAULT_PENALTY.get(subject.category, "")
    gravity = subject.offence_gravity
    age = None
    if subject.offence_date and subject.date_of_birth:
        age = age_on(subject.date_of_birth, subject.offence_date)
    minor = age is not None and age < _conf("MINOR_AGE")
    if minor and age < _conf("MINOR_NO_RECORD_BELOW_AGE"):
        return None, RULES["no_record_minor"], "", True, []
    if minor and gravity in MINOR_NO_RECORD_GRAVITIES:
        return None, RULES["no_record_minor"], "", True, []
    if not minor and gravity in CARELESS_NO_RECORD:
        return None, RULES["no_record_careless"], "", True, []
    band = penalty_band(penalty, subject.sentence_months)
    if band is None:
        missing.append("sentence_months" if penalty == "prison" else "main_penalty")
    if minor and gravity not in MINOR_RECORD_GRAVITIES:
        missing.append("offence_gravity")
    if missing:
        return None, None, band or "", False, missing
    if minor:
        return relativedelta(months=_conf("EXPUNGEMENT_MINOR_MONTHS")[band]), RULES["expungement_minor"], band, False, []
    return relativedelta(years=_conf("EXPUNGEMENT_YEARS")[band]), RULES["expungement"], band, False, []


def main_penalty_end(subject: Subject) -> dt.date | None:
    """Where the expungement period starts: the end of the main penalty, or of the test period
    (Điều 70 khoản 2, Điều 107 khoản 2). For a released prisoner: the completion date; for a
    conditional release or a suspended sentence: the end of the test period."""
    if subject.category in ("conditional_release", "suspended_sentence", "non_custodial_reform"):
        return term_end(subject)
    return subject.clock_start_date


def expungement(subject: Subject) -> Expungement:
    base = main_penalty_end(subject)
    period, rule, band, no_record, missing = derive_expungement_period(subject)
    result = Expungement(base=base, period=period, rule=rule, band=band, no_record=no_record, derived_period=period, missing=list(missing))
    if subject.expungement_years is not None:
        # Entered by hand: kept as such (and shown as such), with its reason.
        result.period = relativedelta(years=subject.expungement_years)
        result.override = True
        result.override_reason = subject.expungement_override_reason
        result.rule = RULES["expungement_override"]
        result.no_record = False
        result.missing = []
    if base is None:
        result.missing.append("clock_start_date")
        return result
    if result.no_record or result.period is None:
        return result
    date = base + result.period
    # Điều 70 khoản 2 (last paragraph): a longer additional penalty (quản chế, cấm cư trú…)
    # moves the expungement to the day it has been served.
    if subject.additional_penalty and subject.additional_penalty_months:
        additional_end = base + relativedelta(months=subject.additional_penalty_months)
        if additional_end > date:
            date = additional_end
    result.date = date
    return result


def term_end(subject: Subject) -> dt.date | None:
    """The end of the legal term (test period, penalty, measure); a court's shortening wins."""
    if subject.category not in TERM_RULES or not subject.clock_start_date:
        return None
    if subject.category == "suspended_sentence" and subject.court_term_end:
        return subject.court_term_end
    if not subject.term_months:
        return None
    return subject.clock_start_date + relativedelta(months=subject.term_months)


@dataclass
class LegalClock:
    category: str
    has_clock: bool
    start: dt.date | None = None
    term_end: dt.date | None = None
    term_rule: LegalRule | None = None
    term_label: str = ""
    expungement: Expungement | None = None
    end: dt.date | None = None
    end_rule: LegalRule | None = None
    missing: list[str] = field(default_factory=list)
    shortened: bool = False
    no_record: bool = False

    def ended(self, on: dt.date | None = None) -> bool:
        return self.has_clock and self.end is not None and self.end <= (on or timezone.localdate())

    def running(self, on: dt.date | None = None) -> bool:
        """The law still holds the person (or the clock cannot be computed yet)."""
        return self.has_clock and not self.ended(on)

    def days_left(self, on: dt.date | None = None) -> int | None:
        if self.end is None:
            return None
        return (self.end - (on or timezone.localdate())).days

    @property
    def shortening_from(self) -> dt.date | None:
        """Án treo only: the day half of the test period has been served (BLHS Điều 65 khoản 4)."""
        if self.category != "suspended_sentence" or not self.start or not self.term_end or self.shortened:
            return None
        total = (self.term_end - self.start).days
        return self.start + dt.timedelta(days=int(total * float(_conf("SHORTENING_AFTER_FRACTION")) + 0.999999))

    def shortening_possible(self, on: dt.date | None = None) -> bool:
        start = self.shortening_from
        on = on or timezone.localdate()
        return start is not None and start <= on < self.term_end

    @property
    def missing_labels(self) -> list[str]:
        from cases.models import Subject

        return [str(Subject._meta.get_field(name).verbose_name) for name in dict.fromkeys(self.missing)]


def legal_clock(subject: Subject) -> LegalClock:
    category = subject.category
    clock = LegalClock(category=category, has_clock=category in CLOCKED_CATEGORIES, start=subject.clock_start_date)
    if not clock.has_clock:
        return clock
    if category in TERM_RULES:
        rule_key, label = TERM_RULES[category]
        clock.term_label = str(label)
        clock.term_end = term_end(subject)
        clock.shortened = category == "suspended_sentence" and bool(subject.court_term_end)
        clock.term_rule = RULES["suspended_term_shortened" if clock.shortened else rule_key]
        if clock.term_end is None:
            clock.missing.extend(n for n in ("clock_start_date", "term_months") if not getattr(subject, n))
    if category in EXPUNGEMENT_MANAGED or category in ("suspended_sentence", "non_custodial_reform"):
        clock.expungement = expungement(subject)
    if category in EXPUNGEMENT_MANAGED:
        exp = clock.expungement
        if exp.no_record:
            # No record to expunge: management ends with the penalty itself.
            clock.no_record = True
            clock.end = clock.term_end if category in TERM_RULES else subject.clock_start_date
            clock.end_rule = exp.rule
        else:
            clock.end = exp.date
            clock.end_rule = exp.rule
            clock.missing.extend(n for n in exp.missing if n not in clock.missing)
    else:
        clock.end = clock.term_end
        clock.end_rule = clock.term_rule
    if clock.end is None and not clock.missing:
        clock.missing.append("clock_start_date")
    return clock


# --- validation (Subject.clean) -------------------------------------------------------------

# The longest fixed prison term: 20 years for one crime (BLHS 2015 Điều 38 khoản 1), 30 years
# when several sentences are combined (Điều 55 khoản 1 điểm b). Life is its own main penalty.
LONGEST_TERM_SOURCE = gettext_lazy("tù có thời hạn tối đa 20 năm, 30 năm khi tổng hợp hình phạt; Điều 38, 55 Bộ luật Hình sự 2015")
# A suspended sentence is given for a prison term of at most 3 years (BLHS 2015 Điều 65 khoản 1).
SUSPENDED_PRISON_SOURCE = gettext_lazy("án treo chỉ cho hưởng khi bị phạt tù không quá 03 năm; Điều 65 Bộ luật Hình sự 2015")
# Cấm đảm nhiệm chức vụ, cấm hành nghề (Điều 41) and tước một số quyền công dân (Điều 44): 01–05 năm.
OTHER_ADDITIONAL_SOURCE = gettext_lazy("Điều 41, 44 Bộ luật Hình sự 2015")


def prison_term_max_months() -> int:
    return int(settings.DONG_HANH.get("PRISON_TERM_MAX_MONTHS", 360))


def suspended_prison_max_months() -> int:
    return int(settings.DONG_HANH.get("SUSPENDED_PRISON_MAX_MONTHS", 36))


def other_additional_penalty_range() -> tuple[int, int]:
    low, high = settings.DONG_HANH.get("OTHER_ADDITIONAL_PENALTY_RANGE_MONTHS", (12, 60))
    return int(low), int(high)


def legal_term_range(category: str) -> tuple[int, int] | None:
    """The lawful range of `term_months` (inclusive) for a category with a legal term. The old
    combined category may hold any of the three terms it merged."""
    ranges = _conf("TERM_RANGES_MONTHS")
    if category in ranges:
        return tuple(ranges[category])
    if category == "probation":
        merged = [ranges[c] for c in ("suspended_sentence", "non_custodial_reform", "conditional_release") if c in ranges]
        if merged:
            return min(low for low, _high in merged), max(high for _low, high in merged)
    return None


def _field_label(name: str) -> str:
    from cases.models import Subject

    return capfirst(str(Subject._meta.get_field(name).verbose_name))


def validate_subject(subject: Subject) -> dict[str, list[str]]:
    """Legal ranges and consistency; each message names the law. Returns {field: [messages]}."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    ranges = _conf("TERM_RANGES_MONTHS")
    category = subject.category
    today = timezone.localdate()
    longest = prison_term_max_months()
    term_range = legal_term_range(category)
    if subject.term_months is not None and term_range is not None:
        low, high = term_range
        if not low <= subject.term_months <= high:
            rule_key, label = TERM_RULES[category]
            add(
                "term_months",
                _("%(what)s phải từ %(low)d đến %(high)d tháng (%(source)s).")
                % {
                    "what": str(label).capitalize(),
                    "low": low,
                    "high": high,
                    "source": RULES[rule_key].source,
                },
            )
    elif subject.term_months is not None and subject.term_months > longest:
        # A category without a legal term of its own: no term is longer than the longest prison term.
        add(
            "term_months",
            _("Thời hạn (tháng): tối đa %(high)d tháng (%(source)s).") % {"high": longest, "source": LONGEST_TERM_SOURCE},
        )
    penalty = subject.main_penalty or DEFAULT_PENALTY.get(category, "")
    if subject.sentence_months is not None and penalty in ("prison", "suspended"):
        high = longest if penalty == "prison" else suspended_prison_max_months()
        if subject.sentence_months > high:
            add(
                "sentence_months",
                _("Mức án tù: tối đa %(high)d tháng (%(source)s).")
                % {"high": high, "source": LONGEST_TERM_SOURCE if penalty == "prison" else SUSPENDED_PRISON_SOURCE},
            )
    if subject.additional_penalty and subject.additional_penalty_months is not None:
        low, high = ranges.get(subject.additional_penalty) or other_additional_penalty_range()
        if not low <= subject.additional_penalty_months <= high:
            rule = RULES.get(f"{subject.additional_penalty}_term")
            add(
                "additional_penalty_months",
                _("Thời hạn hình phạt bổ sung phải từ %(low)d đến %(high)d tháng (%(source)s).")
                % {
                    "low": low,
                    "high": high,
                    "source": rule.source if rule else OTHER_ADDITIONAL_SOURCE,
                },
            )
    # Dates that have happened (a completion, the start of a test period, a decision, a notice)
    # are not in the future; the one date still ahead, a release, is within the longest term.
    for name in ("clock_start_date", "prison_notice_date"):
        value = getattr(subject, name)
        if value and value > today:
            add(name, _("%(field)s: không được sau ngày hôm nay.") % {"field": _field_label(name)})
    latest_release = today + relativedelta(months=longest)
    if subject.expected_release_date and subject.expected_release_date > latest_release:
        add(
            "expected_release_date",
            _("%(field)s: không được sau ngày %(date)s (%(n)d năm kể từ hôm nay, %(source)s).")
            % {
                "field": _field_label("expected_release_date"),
                "date": _d(latest_release),
                "n": longest // 12,
                "source": LONGEST_TERM_SOURCE,
            },
        )
    if subject.date_of_birth:
        for name in ("prison_notice_date", "expected_release_date"):
            value = getattr(subject, name)
            if value and value < subject.date_of_birth and name not in errors:
                add(name, _("%(field)s: không được trước ngày sinh.") % {"field": _field_label(name)})
    if subject.additional_penalty_months and not subject.additional_penalty:
        add("additional_penalty", _("Vui lòng chọn hình phạt bổ sung khi nhập thời hạn của nó."))
    if subject.offence_date:
        if subject.offence_date > timezone.localdate():
            add("offence_date", _("Ngày phạm tội không được sau ngày hôm nay."))
        elif subject.date_of_birth and subject.offence_date < subject.date_of_birth:
            add("offence_date", _("Ngày phạm tội không được trước ngày sinh."))
    if subject.expungement_years is not None:
        period, _rule_, _band, no_record, missing = derive_expungement_period(subject)
        reason = (subject.expungement_override_reason or "").strip()
        lawful = sorted(set(_conf("EXPUNGEMENT_YEARS").values()))
        if not reason:
            if period is not None and period != relativedelta(years=subject.expungement_years):
                add(
                    "expungement_override_reason",
                    _(
                        "Số năm xóa án tích nhập tay (%(n)d) khác với thời hạn tính theo bản án (%(derived)s, Điều 70, 107 Bộ luật "
                        "Hình sự 2015): vui lòng nêu lý do, hoặc để trống để hệ thống tự tính."
                    )
                    % {"n": subject.expungement_years, "derived": period_label(period)},
                )
            elif no_record:
                add(
                    "expungement_override_reason",
                    _(
                        "Theo bản án đã nhập, người này không bị coi là có án tích (Điều 69, 107 Bộ luật Hình sự 2015): vui lòng "
                        "nêu lý do nếu vẫn nhập thời hạn xóa án tích."
                    ),
                )
            elif subject.expungement_years not in lawful:
                add(
                    "expungement_years",
                    _("Thời hạn xóa án tích theo Điều 70 Bộ luật Hình sự 2015 là %(values)s năm; nếu khác, vui lòng nêu lý do nhập tay.")
                    % {"values": ", ".join(str(v) for v in lawful)},
                )
    if subject.classification and category not in CLASSIFIED_CATEGORIES:
        add(
            "classification",
            _("Phân loại A, B, C, D theo Thông tư 10/2024/TT-BCA chỉ áp dụng cho người chấp hành xong án phạt tù hoặc được đặc xá."),
        )
    return errors


# --- the two ends (graduation) ------------------------------------------------------------------


def graduation_basis(case: Case, on: dt.date | None = None) -> str | None:
    """LEGAL_CLOCK once the clock has ended, for a category with a legal clock; PROGRESS by
    the progress rule for a category without one; None otherwise."""
    from cases.models import GraduationBasis
    from cases.rules import progress_rule_met

    clock = legal_clock(case.subject)
    if clock.has_clock:
        return GraduationBasis.LEGAL_CLOCK if clock.ended(on) else None
    return GraduationBasis.PROGRESS if progress_rule_met(case) else None


def graduation_rule_key(case: Case, basis: str) -> str:
    from cases.models import GraduationBasis

    if basis == GraduationBasis.PROGRESS:
        return "progress"
    if basis == GraduationBasis.LEGAL_CLOCK:
        rule = legal_clock(case.subject).end_rule
        return rule.key if rule else ""
    return ""


def progress_blocked_by_law(case: Case, on: dt.date | None = None) -> bool:
    """A legal term still runs: progress is recorded but cannot end management."""
    return legal_clock(case.subject).running(on)


def what_next(case: Case, on: dt.date | None = None) -> str:
    """What the head can do instead of a graduation the law does not allow yet (Vietnamese)."""
    on = on or timezone.localdate()
    clock = legal_clock(case.subject)
    if clock.end is None:
        return _(
            "Chưa tính được thời hạn quản lý theo quy định vì hồ sơ còn thiếu: %(missing)s. Vui lòng bổ sung thông tin "
            "bản án/quyết định; tiến bộ của người này vẫn được ghi nhận."
        ) % {"missing": ", ".join(clock.missing_labels) or "—"}
    parts = [
        _(
            "Người này còn trong thời hạn quản lý theo quy định đến ngày %(end)s (%(rule)s, %(source)s); tiến bộ được ghi "
            "nhận nhưng chưa thể đưa ra khỏi diện quản lý trước ngày đó."
        )
        % {
            "end": _d(clock.end),
            "rule": clock.end_rule.label if clock.end_rule else "",
            "source": clock.end_rule.source if clock.end_rule else "",
        },
        _("Anh/chị có thể tiếp tục giúp đỡ và ghi nhận tiến bộ ở các kỳ đánh giá sau."),
    ]
    if clock.category == "suspended_sentence" and clock.shortening_from:
        if clock.shortening_possible(on):
            parts.append(
                _(
                    "Người này đã chấp hành được một nửa thời gian thử thách: có thể lập đề nghị Tòa án rút ngắn thời gian "
                    "thử thách (Điều 65 khoản 4 Bộ luật Hình sự 2015)."
                )
            )
        elif on < clock.shortening_from:
            parts.append(
                _(
                    "Từ ngày %(date)s (đủ một nửa thời gian thử thách) có thể đề nghị Tòa án rút ngắn thời gian thử thách "
                    "(Điều 65 khoản 4 Bộ luật Hình sự 2015)."
                )
                % {"date": _d(clock.shortening_from)}
            )
    parts.append(_("Khi hết thời hạn, hệ thống tạo việc cần làm để xác nhận kết thúc quản lý theo căn cứ pháp luật."))
    return " ".join(str(p) for p in parts)


def graduation_refusal_message(case: Case, on: dt.date | None = None) -> str:
    from cases.rules import required_progress_reviews

    if legal_clock(case.subject).has_clock:
        return what_next(case, on)
    return _("Chưa đủ điều kiện đưa ra khỏi diện quản lý: cần %(n)d kỳ đánh giá hằng quý gần nhất đã duyệt đều xếp loại “Tiến bộ”.") % {
        "n": required_progress_reviews()
    }
