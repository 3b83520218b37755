"""What the case page, print and PDF show of the legal end (issue 11): one summary, read by the
include templates/cases/includes/legal_dates.html and by the print/PDF facts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases import legal
from cases.models import Case, Classification, ClassificationRecord, GraduationBasis, LegalTask, LegalTaskStatus, ShorteningStatus


def _d(value: dt.date | None) -> str:
    return date_format(value, "d/m/Y") if value else "—"


@dataclass
class LegalSummary:
    case: Case
    clock: legal.LegalClock
    rows: list[tuple[str, str]] = field(default_factory=list)
    check_reasons: list[str] = field(default_factory=list)
    basis: str = ""
    basis_rule: legal.LegalRule | None = None
    what_next: str = ""
    can_shorten: bool = False
    shortenings: list = field(default_factory=list)
    pending_shortening: object = None
    tasks: list = field(default_factory=list)
    classification: ClassificationRecord | None = None
    clock_ended: bool = False
    today: dt.date | None = None


def check_reasons(subject) -> list[str]:
    reasons = []
    if not subject.category_needs_check:
        return reasons
    if subject.category in ("probation",):
        reasons.append(_("Diện cũ gộp án treo, cải tạo không giam giữ, tha tù có điều kiện: vui lòng chọn đúng diện mới."))
    if subject.expungement_override_reason and subject.category == "prison_released":
        reasons.append(
            _("Thời hạn xóa án tích nhập tay trước đây cần đối chiếu với bản án: %(why)s.") % {"why": subject.expungement_override_reason}
        )
    if subject.classification and subject.category not in legal.CLASSIFIED_CATEGORIES:
        reasons.append(
            _("Phân loại A, B, C, D chỉ áp dụng cho người chấp hành xong án phạt tù hoặc được đặc xá (Thông tư 10/2024/TT-BCA).")
        )
    return reasons or [_("Cần kiểm tra lại diện đối tượng.")]


def legal_summary(case: Case, on: dt.date | None = None) -> LegalSummary:
    on = on or timezone.localdate()
    subject = case.subject
    clock = legal.legal_clock(subject)
    s = LegalSummary(case=case, clock=clock, today=on, check_reasons=check_reasons(subject))
    rows = s.rows
    if clock.has_clock:
        if subject.expected_release_date and (not subject.clock_start_date or subject.clock_start_date > on):
            rows.append((_("Ngày dự kiến ra trại"), _d(subject.expected_release_date)))
        if subject.prison_notice_date:
            rows.append((_("Ngày nhận thông báo của trại giam"), _d(subject.prison_notice_date)))
        if subject.category in ("prison_released",):
            rows.append((_("Ngày chấp hành xong án phạt tù"), _d(subject.clock_start_date)))
        else:
            rows.append((_("Ngày bắt đầu tính thời hạn"), _d(subject.clock_start_date)))
        if clock.term_label:
            term = _("%(n)s tháng") % {"n": subject.term_months} if subject.term_months else "—"
            rows.append((_("Thời hạn"), f"{term} ({clock.term_label})"))
            end = _d(clock.term_end)
            if clock.shortened:
                end = _("%(end)s (Tòa án đã rút ngắn)") % {"end": end}
            rows.append((_("Ngày chấp hành xong / hết thời hạn"), end))
        exp = clock.expungement
        if exp is not None:
            if exp.no_record:
                value = str(exp.rule.label)
            elif exp.date:
                value = _("%(date)s (%(period)s; %(source)s)") % {
                    "date": _d(exp.date),
                    "period": exp.period_label,
                    "source": exp.rule.source,
                }
                if exp.override:
                    value += " · " + _("nhập tay: %(why)s") % {"why": exp.override_reason or _("không nêu lý do")}
            else:
                value = "—"
            rows.append((_("Xóa án tích"), value))
        if clock.end:
            left = clock.days_left(on)
            if left > 0:
                when = _("còn %(n)d ngày") % {"n": left}
            elif left == 0:
                when = _("hết thời hạn hôm nay")
            else:
                when = _("đã hết thời hạn %(n)d ngày") % {"n": -left}
            rows.append((_("Hết thời hạn quản lý"), f"{_d(clock.end)} · {when}"))
            if clock.end_rule:
                rows.append((_("Căn cứ"), f"{clock.end_rule.label} ({clock.end_rule.source})"))
        else:
            rows.append((_("Hết thời hạn quản lý"), _("chưa tính được, còn thiếu: %(m)s") % {"m": ", ".join(clock.missing_labels)}))
        if clock.shortening_from:
            rows.append((_("Có thể đề nghị rút ngắn thử thách từ"), _d(clock.shortening_from)))
    else:
        rows.append((_("Thời hạn theo luật"), _("Không có (diện không có thời hạn luật định: đưa ra khỏi diện khi tiến bộ)")))
    s.clock_ended = clock.ended(on)
    if case.graduation_basis:
        s.basis = str(GraduationBasis(case.graduation_basis).label)
        s.basis_rule = legal.RULES.get(case.graduation_rule)
    elif not case.is_terminal and clock.running(on):
        s.what_next = legal.what_next(case, on)
    s.shortenings = list(case.term_shortenings.all()) if case.pk else []
    s.pending_shortening = next((x for x in s.shortenings if x.status == ShorteningStatus.PROPOSED), None)
    s.can_shorten = not case.is_terminal and clock.shortening_possible(on) and s.pending_shortening is None
    s.tasks = list(case.legal_tasks.filter(status=LegalTaskStatus.OPEN).order_by("due_on")) if case.pk else []
    s.classification = subject.classifications.order_by("-set_on", "-pk").select_related("set_by").first() if subject.pk else None
    return s


def legal_facts(case: Case, *, with_classification: bool = True) -> list[tuple[str, str]]:
    """The same legal dates as (label, value) pairs, for the print page and the PDF (through
    the reader's projection, cases.policy.CaseView.facts, which says whether the reader sees
    the classification)."""
    s = legal_summary(case)
    facts = list(s.rows)
    if s.basis:
        rule = f" — {s.basis_rule.label} ({s.basis_rule.source})" if s.basis_rule else ""
        facts.append((_("Căn cứ đưa ra khỏi diện"), f"{s.basis}{rule}"))
    if s.classification and with_classification:
        facts.append((_("Phân loại (ngày)"), f"{Classification(s.classification.classification).label} · {_d(s.classification.set_on)}"))
    if s.check_reasons:
        facts.append((_("Cần kiểm tra lại"), " ".join(s.check_reasons)))
    return facts


def open_task_is_overdue(task: LegalTask, on: dt.date | None = None) -> bool:
    return task.is_overdue(on)
