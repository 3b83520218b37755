"""One line per indicator saying what is counted, shown on the dashboard and in the workbook.

Indicators without their own line (the plan's registries, families like "Diện: …") get one
built from what they count: a share reads "numerator / denominator"."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.indicators import INDICATORS_BY_KEY, RATIO, SHARE, Indicator

DEFINITIONS = {
    "active": gettext_lazy("Người trong danh sách chưa kết thúc vào ngày cuối kỳ (trạng thái tại ngày đó)."),
    "new": gettext_lazy("Người được lập danh sách từ ngày đầu đến ngày cuối kỳ."),
    "with_mentor": gettext_lazy("Người đang được quản lý có phân công người giúp đỡ còn hiệu lực vào ngày cuối kỳ."),
    "with_mentor_share": gettext_lazy("Có người giúp đỡ cuối kỳ / đang được quản lý cuối kỳ."),
    "reviews_approved": gettext_lazy("Bản đánh giá quý được duyệt trong kỳ."),
    "reviews_due": gettext_lazy("Bản đánh giá quý có hạn nộp rơi vào kỳ."),
    "reviews_overdue": gettext_lazy("Bản đánh giá đến hạn trong kỳ nhưng chưa được duyệt vào ngày cuối kỳ."),
    "reviews_backlog": gettext_lazy("Mọi bản đánh giá đã quá hạn và chưa duyệt vào ngày cuối kỳ, kể cả của kỳ trước."),
    "rated": gettext_lazy("Người có bản đánh giá được duyệt trong kỳ (lấy bản mới nhất)."),
    "not_rated": gettext_lazy("Người được quản lý, giúp đỡ trong kỳ mà chưa có bản đánh giá nào được duyệt trong kỳ."),
    "progress_share": gettext_lazy(
        "Người được đánh giá “tiến bộ” trong kỳ / mọi người được quản lý, giúp đỡ trong kỳ (đang được quản lý cuối kỳ "
        "và kết thúc trong kỳ); người chưa được đánh giá vẫn tính vào mẫu số."
    ),
    "graduated": gettext_lazy("Người kết thúc trong kỳ vì đã tiến bộ, hết thời hạn."),
    "closed": gettext_lazy("Người kết thúc trong kỳ vì lý do khác (chuyển đi, tái phạm, qua đời, …)."),
    "escalated": gettext_lazy("Người được chuyển công an xử lý trong kỳ."),
    "reoffended": gettext_lazy("Người kết thúc trong kỳ vì bị đưa vào trại giam (tái phạm)."),
    "reoffending_rate": gettext_lazy("Tái phạm trong kỳ / mọi người được quản lý, giúp đỡ trong kỳ."),
    "branches": gettext_lazy("Chi hội, chi đoàn đang hoạt động trên địa bàn."),
    "branches_adopting": gettext_lazy(
        "Chi hội, chi đoàn có ít nhất một phân công giúp đỡ còn hiệu lực vào bất kỳ ngày nào trong kỳ (kể cả người nhận từ kỳ trước)."
    ),
    "branches_adopting_share": gettext_lazy("Chi hội, chi đoàn đang giúp đỡ ít nhất 1 người trong kỳ / chi hội, chi đoàn."),
    "mentors": gettext_lazy("Người giúp đỡ đang hoạt động của xã."),
    "mentors_with_cases": gettext_lazy("Người giúp đỡ có ít nhất một phân công còn hiệu lực vào ngày cuối kỳ."),
    "contacted": gettext_lazy("Người đang được quản lý cuối kỳ có ít nhất một lần tiếp xúc trong kỳ."),
    "contacted_share": gettext_lazy("Được tiếp xúc trong kỳ / đang được quản lý cuối kỳ."),
    "visits": gettext_lazy("Lần tiếp xúc, thăm hỏi ghi nhận trong kỳ."),
    "visits_per_mentor": gettext_lazy("Lần tiếp xúc trong kỳ / người giúp đỡ đang giúp đỡ ít nhất 1 người."),
    "needs_contact": gettext_lazy("Người đang được giúp đỡ mà lần tiếp xúc gần nhất đã quá hạn vào ngày cuối kỳ."),
    "ref_sent": gettext_lazy("Đề nghị hỗ trợ gửi đi trong kỳ."),
    "loans": gettext_lazy("Khoản vay NHCSXH có ngày giải ngân trong kỳ."),
    "loan_amount": gettext_lazy("Tổng số tiền được duyệt của các khoản vay giải ngân trong kỳ."),
}

FAMILIES = {
    "state:": gettext_lazy("Người đang được quản lý cuối kỳ ở trạng thái này."),
    "cat:": gettext_lazy("Người đang được quản lý cuối kỳ thuộc diện này."),
    "cls:": gettext_lazy("Người đang được quản lý cuối kỳ theo phân loại của hồ sơ."),
    "ref_sent:": gettext_lazy("Đề nghị loại này gửi đi trong kỳ."),
    "ref_out:": gettext_lazy("Đề nghị có kết quả này trong kỳ (ngày ghi nhận kết quả)."),
    "rec:": gettext_lazy("Biểu dương, khen thưởng ghi nhận trong kỳ theo dịp này."),
}


def _label_of(count_key: str) -> str | None:
    ind = INDICATORS_BY_KEY.get(count_key)
    if ind is not None:
        return str(ind.label)
    if count_key == "managed":
        return _("người được quản lý, giúp đỡ trong kỳ")
    return None


def definition(indicator: Indicator) -> str:
    if indicator.key in DEFINITIONS:
        return str(DEFINITIONS[indicator.key])
    for prefix, text in FAMILIES.items():
        if indicator.key.startswith(prefix):
            return str(text)
    if indicator.den is not None and indicator.kind in (SHARE, RATIO):
        num, den = _label_of(indicator.num), _label_of(indicator.den)
        if num and den:
            return str(format_lazy("{} / {}.", num, den[:1].lower() + den[1:]))
    return str(indicator.label) + "."
