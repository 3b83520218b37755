"""VBSP loan eligibility, Quyết định 22/2023/QĐ-TTg. Every number is a setting
(settings.DONG_HANH); a refusal names the rule it breaks, in Vietnamese."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import DomainError
from support.models import LoanPurpose

RULE = "Quyết định 22/2023/QĐ-TTg"


def _conf(key: str):
    return settings.DONG_HANH[key]


def loan_limit(purpose: str, training_months: int | None) -> int | None:
    if purpose == LoanPurpose.PRODUCTION:
        return _conf("LOAN_MAX_PRODUCTION_VND")
    if purpose == LoanPurpose.TRAINING:
        return _conf("LOAN_MAX_TRAINING_VND_PER_MONTH") * (training_months or 0)
    return None


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " ₫"


def check_loan_eligibility(
    subject,
    *,
    purpose: str,
    amount: int | None,
    training_months: int | None = None,
    on: dt.date | None = None,
    amount_field: str = "loan_amount_requested",
) -> None:
    """Raise DomainError naming the broken rule; return None when the loan may be requested."""
    on = on or timezone.localdate()
    categories = _conf("LOAN_ELIGIBLE_CATEGORIES")
    if subject.category not in categories:
        raise DomainError(
            _(
                "Không đủ điều kiện vay vốn (%(rule)s): chỉ người đã chấp hành xong án phạt tù hoặc được đặc xá mới được vay; "
                "diện của người này không thuộc đối tượng của quyết định."
            )
            % {"rule": RULE},
            field="type",
        )
    years = _conf("LOAN_WINDOW_YEARS")
    if subject.clock_start_date is None:
        raise DomainError(
            _(
                "Không đủ điều kiện vay vốn (%(rule)s): chưa có ngày chấp hành xong án phạt tù trong hồ sơ, "
                "không xác định được thời hạn %(years)d năm."
            )
            % {"rule": RULE, "years": years},
            field="type",
        )
    deadline = subject.clock_start_date + relativedelta(years=years)
    if on > deadline:
        raise DomainError(
            _(
                "Không đủ điều kiện vay vốn (%(rule)s): đã quá %(years)d năm kể từ ngày chấp hành xong án phạt tù "
                "(%(done)s; hạn cuối %(deadline)s)."
            )
            % {
                "rule": RULE,
                "years": years,
                "done": subject.clock_start_date.strftime("%d/%m/%Y"),
                "deadline": deadline.strftime("%d/%m/%Y"),
            },
            field="type",
        )
    if purpose not in LoanPurpose.values:
        raise DomainError(_("Vui lòng chọn mục đích vay."), field="loan_purpose")
    if purpose == LoanPurpose.TRAINING and not training_months:
        raise DomainError(_("Vui lòng nhập số tháng học nghề."), field="loan_training_months")
    if not amount:
        raise DomainError(_("Vui lòng nhập số tiền vay."), field=amount_field)
    limit = loan_limit(purpose, training_months)
    if amount > limit:
        if purpose == LoanPurpose.PRODUCTION:
            msg = _("Vượt mức cho vay (%(rule)s): tối đa %(limit)s cho sản xuất, kinh doanh, tạo việc làm; đề nghị %(amount)s.")
        else:
            msg = _(
                "Vượt mức cho vay (%(rule)s): tối đa %(per)s mỗi tháng học nghề, tức %(limit)s cho %(months)d tháng; đề nghị %(amount)s."
            )
        raise DomainError(
            msg
            % {
                "rule": RULE,
                "limit": _vnd(limit),
                "amount": _vnd(amount),
                "months": training_months or 0,
                "per": _vnd(_conf("LOAN_MAX_TRAINING_VND_PER_MONTH")),
            },
            field=amount_field,
        )
