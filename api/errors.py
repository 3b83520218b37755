"""Errors as JSON problem details (RFC 9457) with Vietnamese messages:

    {"type": "urn:dong-hanh:error:<code>", "title": …, "status": …, "detail": …, "field": …, "errors": {…}}

`detail` is the message a person reads, `field` the input at fault (or null), `errors` every
field's messages for a bad input. A refusal of a service carries the service's own message
(the same as on the screens): PermissionRefused → 403, TransitionRefused (a state that does
not allow it) → 409, a stale `revision` or If-Match → 412, a write on a case without either
→ 428 (api.concurrency), any other DomainError → 400. An unexpected
error is logged and answered with a generic Vietnamese 500: never a traceback."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.response import Response

from api.concurrency import PreconditionRequired
from cases.errors import DomainError, PermissionRefused, ReasonRequired, TransitionRefused

logger = logging.getLogger(__name__)

PROBLEM_TYPE = "urn:dong-hanh:error:"
CONTENT_TYPE = "application/problem+json"

# DRF's own validation messages by error code (its Vietnamese catalogue is nearly empty).
FIELD_MESSAGES = {
    "required": gettext_lazy("Trường này là bắt buộc."),
    "null": gettext_lazy("Trường này không được để trống."),
    "blank": gettext_lazy("Trường này không được để trống."),
    "invalid": gettext_lazy("Giá trị không hợp lệ."),
    "invalid_choice": gettext_lazy("Lựa chọn không hợp lệ."),
    "max_length": gettext_lazy("Nội dung quá dài."),
    "min_length": gettext_lazy("Nội dung quá ngắn."),
    "max_value": gettext_lazy("Giá trị quá lớn."),
    "min_value": gettext_lazy("Giá trị quá nhỏ."),
    "max_string_length": gettext_lazy("Giá trị quá lớn."),
    "date": gettext_lazy("Ngày không hợp lệ (dạng YYYY-MM-DD)."),
    "datetime": gettext_lazy("Thời điểm không hợp lệ (dạng ISO 8601, ví dụ 2026-12-01T08:30:00+07:00)."),
    "make_aware": gettext_lazy("Thời điểm không hợp lệ."),
    "not_a_list": gettext_lazy("Cần một danh sách."),
    "empty": gettext_lazy("Danh sách không được để trống."),
    "does_not_exist": gettext_lazy("Không tìm thấy đối tượng được chọn."),
    "incorrect_type": gettext_lazy("Kiểu dữ liệu không đúng."),
    "surrogate_characters_not_allowed": gettext_lazy("Nội dung có ký tự không hợp lệ."),
    "null_characters_not_allowed": gettext_lazy("Nội dung có ký tự không hợp lệ."),
}
TITLES = {
    400: gettext_lazy("Dữ liệu không hợp lệ"),
    401: gettext_lazy("Chưa xác thực"),
    403: gettext_lazy("Không có quyền"),
    404: gettext_lazy("Không tìm thấy"),
    405: gettext_lazy("Phương thức không được hỗ trợ"),
    406: gettext_lazy("Định dạng không được hỗ trợ"),
    409: gettext_lazy("Xung đột trạng thái"),
    412: gettext_lazy("Hồ sơ đã thay đổi"),
    415: gettext_lazy("Kiểu nội dung không được hỗ trợ"),
    428: gettext_lazy("Thiếu phiên bản hồ sơ"),
    429: gettext_lazy("Quá nhiều yêu cầu"),
    500: gettext_lazy("Lỗi hệ thống"),
}


def problem(status_code: int, code: str, detail: str, *, field: str | None = None, errors: dict | None = None, **extra) -> Response:
    data = {
        "type": PROBLEM_TYPE + code,
        "title": str(TITLES.get(status_code, TITLES[400])),
        "status": status_code,
        "detail": str(detail),
        "field": field,
    }
    if errors:
        data["errors"] = errors
    data.update(extra)
    return Response(data, status=status_code, content_type=CONTENT_TYPE)


def _messages(detail, codes) -> list[str]:
    """Flatten one field's ErrorDetail(s) to Vietnamese messages."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            out += _messages(value, codes.get(key) if isinstance(codes, dict) else codes)
        return out
    if isinstance(detail, list):
        out = []
        for i, item in enumerate(detail):
            code = codes[i] if isinstance(codes, list) and i < len(codes) else codes
            out += _messages(item, code)
        return out
    code = getattr(detail, "code", None) or (codes if isinstance(codes, str) else None)
    text = str(detail)
    # A message with Vietnamese letters is ours (a service's or a field's own): kept. DRF's own
    # (English: its Vietnamese catalogue is nearly empty) are replaced by code.
    if not text.isascii():
        return [text]
    if text.startswith("Datetime has wrong format"):
        code = "datetime"
    elif text.startswith("Date has wrong format"):
        code = "date"
    return [str(FIELD_MESSAGES.get(code, FIELD_MESSAGES["invalid"]))]


def _validation_problem(exc: exceptions.ValidationError, field_map: dict) -> Response:
    detail = exc.detail
    if not isinstance(detail, dict):
        detail = {"non_field_errors": detail if isinstance(detail, list) else [detail]}
    errors = {}
    for name, value in detail.items():
        key = None if name in ("non_field_errors", "__all__") else field_map.get(name, name)
        errors[key or "non_field_errors"] = _messages(value, getattr(value, "code", None))
    first_field = next(iter(errors))
    return problem(
        400,
        "invalid",
        errors[first_field][0] if errors[first_field] else _("Dữ liệu không hợp lệ."),
        field=None if first_field == "non_field_errors" else first_field,
        errors=errors,
    )


def domain_problem(exc: DomainError, field_map: dict | None = None) -> Response:
    field = (field_map or {}).get(exc.field, exc.field) if exc.field else None
    if isinstance(exc, ReasonRequired):
        return problem(
            403,
            "reason_required",
            exc.message,
            field=field,
            reason_url=reverse("api:case-access-reason", args=[exc.case_pk]),
        )
    if isinstance(exc, PermissionRefused):
        return problem(403, "permission_refused", exc.message, field=field)
    if isinstance(exc, PreconditionRequired):
        return problem(428, "precondition_required", exc.message, field=field)
    if isinstance(exc, TransitionRefused):
        if exc.field == "revision":  # the case changed since it was read (api.concurrency)
            return problem(412, "stale", exc.message, field=field)
        return problem(409, "transition_refused", exc.message, field=field)
    return problem(400, "refused", exc.message, field=field)


def exception_handler(exc, context):
    view = context.get("view")
    field_map = getattr(view, "error_field_map", {}) or {}
    if isinstance(exc, DomainError):
        return domain_problem(exc, field_map)
    if isinstance(exc, Http404 | exceptions.NotFound):
        message = str(exc.args[0]) if isinstance(exc, Http404) and exc.args else ""
        if isinstance(exc, exceptions.NotFound):
            text = str(exc.detail)
            if text == "Invalid cursor":  # DRF's cursor pagination
                return problem(
                    400, "invalid_cursor", _("Con trỏ trang không hợp lệ; hãy dùng liên kết next/previous của trang trước."), field="cursor"
                )
            message = "" if text.isascii() else text
        return problem(404, "not_found", message or _("Không tìm thấy."))
    if isinstance(exc, DjangoPermissionDenied):
        return problem(403, "permission_refused", str(exc.args[0]) if exc.args else _("Bạn không có quyền thực hiện thao tác này."))
    if isinstance(exc, exceptions.ValidationError):
        return _validation_problem(exc, field_map)
    if isinstance(exc, exceptions.NotAuthenticated):
        response = problem(
            401, "not_authenticated", _("Bạn cần đăng nhập, hoặc gửi khóa API trong tiêu đề “Authorization: Bearer <khóa>”.")
        )
        if getattr(exc, "auth_header", None):
            response["WWW-Authenticate"] = exc.auth_header
        return response
    if isinstance(exc, exceptions.AuthenticationFailed):
        response = problem(401, "authentication_failed", str(exc.detail))
        if getattr(exc, "auth_header", None):
            response["WWW-Authenticate"] = exc.auth_header
        return response
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait) if exc.wait is not None else None
        message = (
            _("Quá nhiều yêu cầu. Vui lòng thử lại sau %(n)d giây.") % {"n": wait}
            if wait
            else _("Quá nhiều yêu cầu. Vui lòng thử lại sau.")
        )
        response = problem(429, "throttled", message)
        if wait:
            response["Retry-After"] = str(wait)
        return response
    if isinstance(exc, exceptions.PermissionDenied):
        text = str(exc.detail)
        if text.startswith("CSRF Failed"):
            return problem(403, "csrf", _("Thiếu hoặc sai mã CSRF: khi dùng phiên đăng nhập, gửi kèm tiêu đề X-CSRFToken."))
        if text.isascii():  # DRF's own (English) message
            text = _("Bạn không có quyền thực hiện thao tác này.")
        return problem(403, "permission_refused", text)
    if isinstance(exc, exceptions.MethodNotAllowed):
        return problem(405, "method_not_allowed", _("Phương thức này không được hỗ trợ ở địa chỉ này."))
    if isinstance(exc, exceptions.NotAcceptable):
        return problem(406, "not_acceptable", _("Chỉ hỗ trợ định dạng JSON."))
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return problem(415, "unsupported_media_type", _("Nội dung gửi lên phải là JSON (Content-Type: application/json)."))
    if isinstance(exc, exceptions.ParseError):
        return problem(400, "parse_error", _("Nội dung JSON gửi lên không hợp lệ."))
    if isinstance(exc, exceptions.APIException):
        return problem(exc.status_code, "error", _("Yêu cầu không thực hiện được."))
    logger.exception("Unexpected error in the API", exc_info=exc)
    return problem(500, "server_error", _("Đã có lỗi ngoài ý muốn. Lỗi đã được ghi lại; vui lòng thử lại sau."))
