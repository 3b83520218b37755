"""The API's endpoints. Thin, like the pages: fetch through the same selector, read the same
projection (cases.access.read_case writes the access-log row), call the same service, render.
No role is tested here: refusals come from the selectors (404 outside scope), the policy and
the services (api.errors turns them into Vietnamese problem details)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api import concurrency, presenters
from api import serializers as s
from api.errors import CONTENT_TYPE, problem
from api.filters import CaseFilterBackend
from api.pagination import ApiCursor, CaseCursor, CodeCursor, at_and_pk, list_page, page_of
from areas.models import Commune, Province, ResidentialArea
from cases import access, policy
from cases import services as case_services
from cases.audit import Notification
from cases.errors import DomainError
from cases.forms import TimelineFilterForm
from cases.models import AccessLog, Case, QuarterlyReview
from cases.selectors import available_transitions, get_case_for_reading, get_case_for_user, visible_cases
from cases.timeline import build_timeline, kind_choices
from config.http import client_ip

PROBLEM = inline_serializer(
    "Problem",
    {
        "type": serializers.CharField(),
        "title": serializers.CharField(),
        "status": serializers.IntegerField(),
        "detail": serializers.CharField(help_text="Thông báo tiếng Việt cho người dùng / a Vietnamese message."),
        "field": serializers.CharField(allow_null=True),
        "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False),
        "reason_url": serializers.CharField(required=False),
    },
)


def errors(*codes: int) -> dict:
    texts = {
        400: "Dữ liệu không hợp lệ / invalid input",
        401: "Chưa xác thực / not authenticated",
        403: "Không có quyền, hoặc cần nêu lý do truy cập / refused, or a reason must be stated",
        404: "Không tìm thấy (hoặc ngoài phạm vi) / not found or out of scope",
        409: "Trạng thái không cho phép / the state refuses it",
        412: "Hồ sơ đã đổi từ lúc đọc (If-Match hoặc revision cũ); không thay đổi gì / stale revision: nothing changed",
        428: "Thiếu If-Match hoặc revision / the write must carry the case's revision",
        429: "Quá nhiều yêu cầu / throttled",
    }
    return {(code, CONTENT_TYPE): OpenApiResponse(PROBLEM, description=texts[code]) for code in codes}


READ_ERRORS = errors(401, 403, 404, 429)
LIST_ERRORS = errors(400, 401, 403, 404, 429)
WRITE_ERRORS = errors(400, 401, 403, 404, 409, 429)
CASE_WRITE_ERRORS = errors(400, 401, 403, 404, 409, 412, 428, 429)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description=(
        'ETag của hồ sơ đã đọc (GET /api/v1/cases/{id}/ trả về ETag: "<revision>"; dạng yếu W/"<revision>" cũng được). '
        "Bắt buộc nếu không gửi trường revision. / The case's ETag as read; required unless the body carries `revision`."
    ),
)
ETAG_HEADER = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[200, 201],
    description='Phiên bản hồ sơ, dạng "<revision>" / the case revision as an entity tag.',
)
CURSOR_PARAMS = [
    OpenApiParameter("cursor", OpenApiTypes.STR, description="Con trỏ trang (từ next/previous) / page cursor"),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="Số dòng mỗi trang (tối đa 100) / page size"),
]


class ApiView(APIView):
    # Field names of the services' errors that the API calls differently.
    error_field_map: dict[str, str] = {}


def _form_problem(form):
    errs = {(name if name != "__all__" else "non_field_errors"): [str(m) for m in msgs] for name, msgs in form.errors.items()}
    first = next(iter(errs))
    return problem(400, "invalid", errs[first][0], field=None if first == "non_field_errors" else first, errors=errs)


def _read(request, pk: int, action: str = AccessLog.Action.VIEW):
    """One case as this reader sees it; writes its access-log row (cases.access.read_case)."""
    return access.read_case(request.user, pk, action=action, ip_address=client_ip(request))


def _idempotency_key(request, data) -> str | None:
    key = request.headers.get("Idempotency-Key") or data.get("idempotency_key") or ""
    key = key.strip()
    if len(key) > 64:
        raise DomainError(_("Khóa chống gửi trùng quá dài (tối đa 64 ký tự)."), field="idempotency_key")
    return key or None


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- who am I ------------------------------------------------------------------------------------


class MeView(ApiView):
    @extend_schema(
        summary="The caller: name, roles and the token in use",
        description="Người gọi: tên, vai trò và khóa API đang dùng.",
        responses={
            200: inline_serializer(
                "Me",
                {
                    "username": serializers.CharField(),
                    "full_name": serializers.CharField(),
                    "roles": serializers.ListField(child=serializers.CharField()),
                    "token_expires_at": serializers.DateTimeField(allow_null=True),
                },
            ),
            **errors(401, 429),
        },
        tags=["me"],
    )
    def get(self, request):
        from api.selectors import caller_roles

        token = request.auth if hasattr(request.auth, "expires_at") else None
        return Response(
            {
                "username": request.user.username,
                "full_name": request.user.display_name,
                "roles": caller_roles(request.user),
                "token_expires_at": serializers.DateTimeField().to_representation(token.expires_at) if token else None,
            }
        )


# --- places --------------------------------------------------------------------------------------


class ProvinceList(ApiView):
    @extend_schema(
        operation_id="places_provinces_list",
        summary="Provinces",
        description="Tỉnh/thành phố.",
        parameters=CURSOR_PARAMS,
        responses={200: page_of(s.ProvinceSerializer, "ProvincePage"), **errors(400, 401, 429)},
        tags=["places"],
    )
    def get(self, request):
        paginator = CodeCursor()
        page = paginator.paginate_queryset(Province.objects.all(), request, view=self)
        rows = [{"id": p.pk, "code": p.code, "name": p.name} for p in page]
        return paginator.get_paginated_response(s.ProvinceSerializer(rows, many=True).data)


class CommuneList(ApiView):
    @extend_schema(
        operation_id="places_communes_list",
        summary="Communes (xã/phường), optionally of one province",
        description="Xã/phường; lọc theo tỉnh bằng ?province=<mã số id>.",
        parameters=[OpenApiParameter("province", OpenApiTypes.INT), *CURSOR_PARAMS],
        responses={200: page_of(s.CommuneSerializer, "CommunePage"), **errors(400, 401, 429)},
        tags=["places"],
    )
    def get(self, request):
        qs = Commune.objects.all()
        province = request.query_params.get("province")
        if province:
            if not province.isdigit():
                return problem(400, "invalid", _("Mã tỉnh phải là số."), field="province")
            qs = qs.filter(province_id=int(province))
        paginator = CodeCursor()
        page = paginator.paginate_queryset(qs, request, view=self)
        rows = [{"id": c.pk, "code": c.code, "name": str(c), "kind": c.kind, "province_id": c.province_id} for c in page]
        return paginator.get_paginated_response(s.CommuneSerializer(rows, many=True).data)


class AreaList(ApiView):
    @extend_schema(
        operation_id="places_areas_list",
        summary="Residential areas (khu dân cư), optionally of one commune",
        description="Khu dân cư (thôn, tổ dân phố); lọc theo xã bằng ?commune=<mã số id>.",
        parameters=[OpenApiParameter("commune", OpenApiTypes.INT), *CURSOR_PARAMS],
        responses={200: page_of(s.AreaSerializer, "AreaPage"), **errors(400, 401, 429)},
        tags=["places"],
    )
    def get(self, request):
        qs = ResidentialArea.objects.all()
        commune = request.query_params.get("commune")
        if commune:
            if not commune.isdigit():
                return problem(400, "invalid", _("Mã xã/phường phải là số."), field="commune")
            qs = qs.filter(commune_id=int(commune))
        paginator = CodeCursor()
        page = paginator.paginate_queryset(qs, request, view=self)
        rows = [{"id": a.pk, "code": a.code, "name": str(a), "kind": a.kind, "commune_id": a.commune_id} for a in page]
        return paginator.get_paginated_response(s.AreaSerializer(rows, many=True).data)


# --- cases ---------------------------------------------------------------------------------------


class CaseList(ListAPIView):
    """django-filter (api.filters.CaseFilter, built from the page's CaseFilterForm) on
    cases.selectors.filtered_cases, DRF's cursor pagination."""

    error_field_map: dict[str, str] = {}
    filter_backends = [CaseFilterBackend]
    pagination_class = CaseCursor
    serializer_class = s.CaseRowSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the description is made without a user
            return Case.objects.none()
        return visible_cases(self.request.user)

    @extend_schema(
        operation_id="cases_list",
        summary="The case list (same filters as the page)",
        description=(
            "Danh sách hồ sơ trong phạm vi của người gọi, cùng bộ lọc với trang danh sách (cùng một định nghĩa, "
            "cases.forms.CaseFilterForm, cùng một truy vấn, cases.selectors.filtered_cases): q (tên hoặc số định danh), "
            "status, category, area (mã số khu dân cư), mentor (mã số người giúp đỡ). Mới nhất trước, theo trang (cursor). "
            "Giá trị lọc sai: 400 với cùng thông báo như trang danh sách."
        ),
        responses={200: s.CaseRowSerializer(many=True), **errors(400, 401, 403, 429)},
        tags=["cases"],
    )
    def get(self, request):
        if not policy.may_see_case_list(request.user):
            return problem(403, "permission_refused", _("Vai trò của bạn không có danh sách hồ sơ."))
        qs = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.CaseRowSerializer([presenters.case_row(c) for c in page], many=True).data)


class CaseDetail(ApiView):
    @extend_schema(
        summary="One case as the caller sees it (writes an access-log row)",
        description=(
            "Một hồ sơ theo những gì người gọi được xem (cùng phép chiếu với trang hồ sơ): trường không được xem thì vắng mặt. "
            "Mỗi lần đọc ghi một dòng nhật ký truy cập. Người cần nêu lý do nhận 403 (type …:reason_required) "
            "và nêu lý do tại POST /api/v1/cases/{id}/access-reason/."
        ),
        parameters=[ETAG_HEADER],
        responses={200: s.CaseDetailSerializer, **READ_ERRORS},
        tags=["cases"],
    )
    def get(self, request, pk: int):
        from mentors.selectors import current_assignment

        view = _read(request, pk)
        data = presenters.case_detail(
            view, assignment=current_assignment(view.case), transitions=available_transitions(request.user, view.case)
        )
        return Response(s.CaseDetailSerializer(data).data, headers={"ETag": concurrency.etag(view.case.revision)})


class CaseTimeline(ApiView):
    @extend_schema(
        summary="The case timeline as the caller sees it (writes an access-log row)",
        description=(
            "Diễn biến hồ sơ (cases.timeline.build_timeline), mới nhất trước, theo trang (cursor); "
            "lọc theo kind (lặp lại được), date_from, date_to."
        ),
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, many=True),
            OpenApiParameter("date_from", OpenApiTypes.DATE),
            OpenApiParameter("date_to", OpenApiTypes.DATE),
            *CURSOR_PARAMS,
        ],
        responses={200: page_of(s.TimelineEntrySerializer, "TimelinePage"), **errors(400, 401, 403, 404, 429)},
        tags=["cases"],
    )
    def get(self, request, pk: int):
        params = request.query_params.copy()
        for name in ("cursor", "page_size"):
            params.pop(name, None)
        form = TimelineFilterForm(params or None, kinds=kind_choices())
        kinds = date_from = date_to = None
        if params:
            if not form.is_valid():
                return _form_problem(form)
            kinds = set(form.cleaned_data["kind"]) or None
            date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        view = _read(request, pk, AccessLog.Action.TIMELINE)
        entries = build_timeline(view, kinds=kinds, date_from=date_from, date_to=date_to)
        return list_page(
            entries,
            request,
            key=lambda e: (e.at.timestamp(),),
            serializer_class=s.TimelineEntrySerializer,
            present=presenters.timeline_entry,
        )


class CaseAccessReason(ApiView):
    @extend_schema(
        summary="State the reason for opening a case outside one's own work",
        description=(
            'Nêu lý do truy cập (cases.services.grant_access): mở hồ sơ cho người gọi trong DONG_HANH["ACCESS_GRANT_HOURS"] giờ. '
            "201 khi vừa nêu; 200 khi đã có lý do còn hiệu lực."
        ),
        request=s.AccessReasonInputSerializer,
        responses={201: s.AccessGrantSerializer, 200: s.AccessGrantSerializer, **WRITE_ERRORS},
        tags=["cases"],
    )
    def post(self, request, pk: int):
        case = get_case_for_reading(request.user, pk)
        if not policy.needs_reason(request.user, case):
            return problem(400, "refused", _("Hồ sơ này thuộc công việc của bạn: không cần nêu lý do truy cập."))
        grant = access.active_grant(request.user, case)
        code = status.HTTP_200_OK
        if grant is None:
            data = _valid(s.AccessReasonInputSerializer, request)
            grant = case_services.grant_access(
                case,
                user=request.user,
                reason_code=data["reason_code"],
                reason_text=data.get("reason_text", ""),
                ip_address=client_ip(request),
            )
            code = status.HTTP_201_CREATED
        return Response(
            s.AccessGrantSerializer({"case_id": case.pk, "reason": grant.reason, "expires_at": grant.expires_at}).data, status=code
        )


CASE_STATE = inline_serializer(
    "CaseState",
    {
        "id": serializers.IntegerField(),
        "status": serializers.CharField(),
        "status_label": serializers.CharField(),
        "revision": serializers.IntegerField(),
        "new_case_id": serializers.IntegerField(required=False, help_text="Hồ sơ mới ở nơi đến (chuyển địa bàn)."),
    },
)


def _case_state(case, **extra) -> Response:
    case.refresh_from_db(fields=["status", "revision"])
    body = {"id": case.pk, "status": case.status, "status_label": case.get_status_display(), "revision": case.revision, **extra}
    return Response(body, headers={"ETag": concurrency.etag(case.revision)})


class CaseTransition(ApiView):
    @extend_schema(
        summary="Make a transition of the case (start_mentoring, graduate, escalate, resolve_escalation, close, transfer)",
        description=(
            "Chuyển trạng thái hồ sơ qua workflows.lifecycle (cùng hệ quả như trên trang). Gửi kèm phiên bản đã đọc "
            "(If-Match hoặc revision): nếu hồ sơ đã đổi, trả về 412 và không thay đổi gì; thiếu cả hai: 428."
        ),
        parameters=[
            OpenApiParameter("name", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(policy.MANUAL_TRANSITIONS)),
            IF_MATCH,
            ETAG_HEADER,
        ],
        request=s.TransitionInputSerializer,
        responses={200: CASE_STATE, **CASE_WRITE_ERRORS},
        tags=["cases"],
    )
    def post(self, request, pk: int, name: str):
        from workflows import lifecycle

        if name not in policy.MANUAL_TRANSITIONS:
            raise Http404(_("Không có thao tác này."))
        case = get_case_for_user(request.user, pk, action=name)
        data = _valid(s.TransitionInputSerializer, request)
        # no "revision": case_unchanged compares it, after the policy's answer
        payload = {
            "reason": data.get("reason", ""),
            "reason_code": data.get("reason_code", ""),
            "outcome": data.get("outcome", ""),
            "to_area": None,
        }
        if name == "transfer":
            payload["to_area"] = ResidentialArea.objects.select_related("commune").filter(code=data.get("to_area") or "").first()
            if payload["to_area"] is None:
                return problem(400, "invalid", _("Không có khu dân cư nào mang mã này."), field="to_area")
        with concurrency.case_unchanged(request, case.pk, data.get("revision")):
            result = lifecycle.run_transition(name, case, actor=request.user, data=payload)
        extra = {"new_case_id": result.pk} if name == "transfer" else {}
        return _case_state(case, **extra)


class CaseAssignment(ApiView):
    @extend_schema(
        summary="Assign or reassign the case to a mentor",
        description=(
            "Phân công / phân công lại (workflows.lifecycle.assign_case). Gửi kèm phiên bản đã đọc (If-Match hoặc revision): "
            "hồ sơ đã đổi → 412, thiếu → 428."
        ),
        parameters=[IF_MATCH, ETAG_HEADER],
        request=s.AssignmentInputSerializer,
        responses={200: CASE_STATE, **CASE_WRITE_ERRORS},
        tags=["cases"],
    )
    def post(self, request, pk: int):
        from mentors import policy as mentor_policy
        from mentors.models import Branch, Mentor
        from workflows import lifecycle

        case = get_case_for_user(request.user, pk)
        policy.require(mentor_policy.can_assign(request.user, case))
        data = _valid(s.AssignmentInputSerializer, request)
        mentor = Mentor.objects.select_related("branch").filter(pk=data["mentor"], commune_id=case.commune_id).first()
        branch = None
        if data.get("branch") is not None:
            branch = Branch.objects.filter(pk=data["branch"], commune_id=case.commune_id).first()
        elif mentor is not None:
            branch = mentor.branch
        with concurrency.case_unchanged(request, case.pk, data.get("revision")):
            lifecycle.assign_case(case, actor=request.user, branch=branch, mentor=mentor, reason=data.get("reason", ""))
        return _case_state(case)


# --- visits --------------------------------------------------------------------------------------


class CaseVisits(ApiView):
    error_field_map = {"visit_date": "visited_at", "visit_time": "visited_at"}

    @extend_schema(
        summary="The visits of a case (writes an access-log row)",
        description="Các lần tiếp xúc, mới nhất trước, theo trang; ghi chú hạn chế chỉ có với người ghi và người được xem ghi chú hạn chế.",
        parameters=CURSOR_PARAMS,
        responses={200: page_of(s.VisitSerializer, "VisitPage"), **LIST_ERRORS},
        tags=["visits"],
    )
    def get(self, request, pk: int):
        from mentors.selectors import case_visits

        view = _read(request, pk)
        return list_page(
            case_visits(view, view.case),
            request,
            key=lambda row: at_and_pk(row[0].visited_at, row[0].pk),
            serializer_class=s.VisitSerializer,
            present=lambda row: presenters.visit(row[0], sees_sensitive=row[1], user=request.user),
        )

    @extend_schema(
        summary="Record a visit (idempotent with an Idempotency-Key)",
        description=(
            "Ghi nhận tiếp xúc (mentors.services.log_visit). Gửi cùng một Idempotency-Key (tiêu đề hoặc trường idempotency_key) "
            "lần nữa trả về lần tiếp xúc đã ghi (200), không tạo thêm (kể cả khi hồ sơ đã đổi). Gửi kèm phiên bản hồ sơ đã đọc "
            "(If-Match hoặc revision): hồ sơ đã đổi → 412, thiếu → 428."
        ),
        parameters=[OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, location=OpenApiParameter.HEADER), IF_MATCH],
        request=s.VisitInputSerializer,
        responses={201: s.VisitSerializer, 200: s.VisitSerializer, **CASE_WRITE_ERRORS},
        tags=["visits"],
    )
    def post(self, request, pk: int):
        from mentors import services as mentor_services
        from mentors.models import Visit
        from mentors.selectors import visit_by_key
        from mentors.services import VISIT_FIELDS

        case = get_case_for_user(request.user, pk)
        data = _valid(s.VisitInputSerializer, request)
        key = _idempotency_key(request, data)
        # the phone's resend is answered with the first visit, whatever the case's revision now
        # (the same lookup as the page's outbox: mentors.selectors.visit_by_key)
        earlier = visit_by_key(request.user, key)
        replay = earlier is not None
        if earlier is None:
            fields = {name: data[name] for name in VISIT_FIELDS if name in data}
            with concurrency.case_unchanged(request, case.pk, data.get("revision")):
                earlier = mentor_services.log_visit(case, actor=request.user, visited_at=data["visited_at"], idempotency_key=key, **fields)
        visit = Visit.objects.select_related("mentor").get(pk=earlier.pk)
        body = s.VisitSerializer(presenters.visit(visit, sees_sensitive=True, user=request.user)).data
        return Response(body, status=status.HTTP_200_OK if replay else status.HTTP_201_CREATED)


# --- quarterly reviews ---------------------------------------------------------------------------


def _open_task_of(review):
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from workflows.models import ReviewProcess
    from workflows.review_flow import QuarterlyReviewFlow

    return (
        Task.objects.filter(
            process__in=ReviewProcess.objects.filter(review_id=review.pk).values("pk"),
            process__flow_class=QuarterlyReviewFlow,
            flow_task_type="HUMAN",
            status__in=[STATUS.ASSIGNED, STATUS.STARTED],
        )
        .select_related("owner")
        .order_by("-created")
        .first()
    )


def _task_info(user, task) -> tuple[dict | None, bool]:
    from workflows.selectors import acting_for

    if task is None:
        return None, False
    mine = acting_for(user, task) is not None
    return {"step": task.flow_task.name, "owner_name": task.owner.display_name if task.owner_id else None, "mine": mine}, mine


def _review_for(user, pk: int):
    """A review the user may reach: its case is in their scope, or they hold (or are deputy
    for) its open task, as on the task pages. 404 otherwise."""
    review = QuarterlyReview.objects.select_related("case", "decided_by", "decided_on_behalf_of").filter(pk=pk).first()
    if review is None:
        raise Http404(_("Không tìm thấy đánh giá."))
    task = _open_task_of(review)
    info, mine = _task_info(user, task)
    if not mine and not visible_cases(user).filter(pk=review.case_id).exists():
        raise Http404(_("Không tìm thấy đánh giá."))
    return review, task, info, mine


def _review_body(user, pk: int) -> dict:
    review, _task, info, mine = _review_for(user, pk)
    return s.ReviewSerializer(presenters.review(review, open_task=info, with_assessment=mine)).data


class CaseReviews(ApiView):
    @extend_schema(
        summary="The quarterly reviews of a case (writes an access-log row)",
        description="Các kỳ đánh giá hằng quý của hồ sơ (như khung trên trang hồ sơ) và việc đang mở, quý mới nhất trước, theo trang.",
        parameters=CURSOR_PARAMS,
        responses={200: page_of(s.ReviewSerializer, "ReviewPage"), **LIST_ERRORS},
        tags=["reviews"],
    )
    def get(self, request, pk: int):
        from workflows.models import ReviewProcess
        from workflows.selectors import case_reviews, open_review_task

        view = _read(request, pk)
        reviews, info, open_review = [], None, None
        if view.sees("reviews"):
            task = open_review_task(view.case)
            info, _mine = _task_info(request.user, task)
            open_review = ReviewProcess.objects.filter(pk=task.process_id).values_list("review_id", flat=True).first() if task else None
            reviews = case_reviews(view.case)
        return list_page(
            reviews,
            request,
            key=lambda r: (r.quarter, r.pk),
            serializer_class=s.ReviewSerializer,
            present=lambda r: presenters.review(r, open_task=info if r.pk == open_review else None, with_assessment=False),
        )


class ReviewDetail(ApiView):
    @extend_schema(
        summary="One quarterly review (the assessment for whoever holds its open task)",
        description="Một kỳ đánh giá; nội dung đánh giá có với người đang giữ việc soạn/duyệt (như trang việc cần làm).",
        responses={200: s.ReviewSerializer, **READ_ERRORS},
        tags=["reviews"],
    )
    def get(self, request, pk: int):
        return Response(_review_body(request.user, pk))


class ReviewDraft(ApiView):
    @extend_schema(
        summary="The mentor saves the assessment (submit=true sends it for approval)",
        description="Người giúp đỡ lưu nháp hoặc gửi duyệt (workflows.services.save_assessment).",
        request=s.ReviewDraftInputSerializer,
        responses={200: s.ReviewSerializer, **WRITE_ERRORS},
        tags=["reviews"],
    )
    def post(self, request, pk: int):
        from cases.models import ReviewRating, ReviewRecommendation
        from workflows import services as review_services

        review, _task, _info, _mine = _review_for(request.user, pk)
        data = dict(_valid(s.ReviewDraftInputSerializer, request))
        submit = data.pop("submit", False)
        if data.get("rating") and data["rating"] not in ReviewRating.values:
            return problem(400, "invalid", _("Vui lòng chọn mức đánh giá."), field="rating")
        if data.get("recommendation") and data["recommendation"] not in ReviewRecommendation.values:
            return problem(400, "invalid", _("Vui lòng chọn đề xuất."), field="recommendation")
        review_services.save_assessment(review, actor=request.user, data=data, submit=submit)
        return Response(_review_body(request.user, pk))


class ReviewDecision(ApiView):
    @extend_schema(
        summary="The head decides the review (approve, otherwise, return)",
        description=(
            "Trưởng Ban (hoặc người được ủy quyền, tự động thay cho người giao việc) quyết định (workflows.services.decide_review). "
            "Người soạn không tự duyệt."
        ),
        request=s.ReviewDecisionInputSerializer,
        responses={200: s.ReviewSerializer, **WRITE_ERRORS},
        tags=["reviews"],
    )
    def post(self, request, pk: int):
        from workflows import services as review_services
        from workflows.selectors import acting_for

        review, task, _info, _mine = _review_for(request.user, pk)
        data = _valid(s.ReviewDecisionInputSerializer, request)
        principal = acting_for(request.user, task) if task is not None else None
        on_behalf_of = principal if principal is not None and principal.pk != request.user.pk else None
        review_services.decide_review(
            review,
            actor=request.user,
            acting_for=on_behalf_of,
            decision=data["decision"],
            outcome=data.get("outcome", ""),
            comment=data.get("comment", ""),
        )
        return Response(_review_body(request.user, pk))


# --- referrals -----------------------------------------------------------------------------------


def _referral_qs():
    from support.models import Referral

    return Referral.objects.select_related("case__subject", "case__commune", "officer", "referred_by", "outcome__partner").prefetch_related(
        "follow_ups"
    )


def _office_referral(user, pk: int):
    from support import selectors

    referral = selectors.get_referral_for_officer(user, pk)
    return _referral_qs().get(pk=referral.pk)


def _referrer_referral(user, pk: int):
    from support import selectors

    referral = selectors.get_referral_for_referrer(user, pk)
    return _referral_qs().get(pk=referral.pk)


def _referral_body(referral, *, for_office: bool) -> dict:
    referral = _referral_qs().get(pk=referral.pk)
    return s.ReferralSerializer(presenters.referral(referral, for_office=for_office)).data


class CaseReferrals(ApiView):
    @extend_schema(
        summary="The referrals of a case (writes an access-log row)",
        description="Các đề nghị hỗ trợ của hồ sơ (phía người đề nghị), mới nhất trước, theo trang.",
        parameters=CURSOR_PARAMS,
        responses={200: page_of(s.ReferralSerializer, "CaseReferralPage"), **LIST_ERRORS},
        tags=["referrals"],
    )
    def get(self, request, pk: int):
        view = _read(request, pk)
        referrals = []
        if view.sees("referral_details"):
            referrals = list(_referral_qs().filter(case=view.case).order_by("-created_at", "-pk"))
        return list_page(
            referrals,
            request,
            key=lambda r: at_and_pk(r.created_at, r.pk),
            serializer_class=s.ReferralSerializer,
            present=lambda r: presenters.referral(r, for_office=False),
        )

    @extend_schema(
        summary="Create a referral (send=true sends it to the labour office)",
        description=(
            "Lập đề nghị hỗ trợ (support.services.create_referral); Idempotency-Key chống gửi trùng. Gửi kèm phiên bản hồ sơ "
            "đã đọc (If-Match hoặc revision): hồ sơ đã đổi → 412, thiếu → 428."
        ),
        parameters=[OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, location=OpenApiParameter.HEADER), IF_MATCH],
        request=s.ReferralCreateInputSerializer,
        responses={201: s.ReferralSerializer, 200: s.ReferralSerializer, **CASE_WRITE_ERRORS},
        tags=["referrals"],
    )
    def post(self, request, pk: int):
        from support import services as support_services
        from support.models import Referral

        case = get_case_for_user(request.user, pk)
        data = dict(_valid(s.ReferralCreateInputSerializer, request))
        key = _idempotency_key(request, data)
        data.pop("idempotency_key", None)
        revision = data.pop("revision", None)
        replay = bool(key) and Referral.objects.filter(referred_by=request.user, idempotency_key=key).exists()
        data["loan_purpose"] = data.get("loan_purpose") or ""
        if replay:
            referral = support_services.create_referral(case, actor=request.user, idempotency_key=key, **data)
        else:
            with concurrency.case_unchanged(request, case.pk, revision):
                referral = support_services.create_referral(case, actor=request.user, idempotency_key=key, **data)
        return Response(_referral_body(referral, for_office=False), status=status.HTTP_200_OK if replay else status.HTTP_201_CREATED)


class OfficeReferralList(ApiView):
    @extend_schema(
        operation_id="referrals_list",
        summary="The labour office's referrals (open by default; show=all for every one)",
        description="Hộp đề nghị của cán bộ tiếp nhận đề nghị hỗ trợ (support.selectors.inbox).",
        parameters=[OpenApiParameter("show", OpenApiTypes.STR, enum=["open", "all"]), *CURSOR_PARAMS],
        responses={200: page_of(s.ReferralSerializer, "ReferralPage"), **errors(400, 401, 403, 429)},
        tags=["referrals"],
    )
    def get(self, request):
        from support import policy as support_policy
        from support import selectors

        if not support_policy.may_use_office(request.user):
            from accounts.models import labour_role_noun

            return problem(403, "permission_refused", _("Chỉ %(role)s có hộp đề nghị hỗ trợ.") % {"role": labour_role_noun()})
        show = "all" if request.query_params.get("show") == "all" else "open"
        qs = selectors.inbox(request.user, show=show).select_related("referred_by", "outcome__partner").prefetch_related("follow_ups")
        paginator = ApiCursor()
        page = paginator.paginate_queryset(qs, request, view=self)
        rows = [presenters.referral(r, for_office=True) for r in page]
        return paginator.get_paginated_response(s.ReferralSerializer(rows, many=True).data)


class ReferralDetail(ApiView):
    @extend_schema(
        summary="One referral (the office's view, or the referrer's through the case)",
        description="Một đề nghị: cán bộ tiếp nhận thấy những gì cần để hỗ trợ; người đề nghị đọc qua hồ sơ (ghi nhật ký).",
        responses={200: s.ReferralSerializer, **READ_ERRORS},
        tags=["referrals"],
    )
    def get(self, request, pk: int):
        from support import policy as support_policy

        if support_policy.may_use_office(request.user):
            try:
                return Response(_referral_body(_office_referral(request.user, pk), for_office=True))
            except Http404:
                pass
        referral = _referrer_referral(request.user, pk)
        view = _read(request, referral.case_id)
        if not view.sees("referral_details"):
            raise Http404(_("Không tìm thấy đề nghị."))
        return Response(_referral_body(referral, for_office=False))


IF_MATCH_OPTIONAL = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description=(
        'Tùy chọn: ETag của hồ sơ đã đọc ("<revision>"); hồ sơ đã đổi → 412, không thay đổi gì. '
        "/ Optional: the case's ETag as read; stale → 412."
    ),
)


def _referral_action(summary: str, description: str, request_serializer=None):
    return extend_schema(
        summary=summary,
        description=description + " If-Match (tùy chọn): ETag của hồ sơ; đã đổi → 412.",
        parameters=[IF_MATCH_OPTIONAL],
        request=request_serializer,
        responses={200: s.ReferralSerializer, **errors(400, 401, 403, 404, 409, 412, 429)},
        tags=["referrals"],
    )


def _step(request, referral, call):
    """A step of a referral with the case's revision checked when If-Match is sent."""
    with concurrency.case_unchanged(request, referral.case_id, None, required=False):
        return call()


class ReferralSend(ApiView):
    @_referral_action("The referrer sends a draft referral", "Gửi đề nghị hỗ trợ (support.services.send_referral).")
    def post(self, request, pk: int):
        from support import services as support_services

        referral = _referrer_referral(request.user, pk)
        _step(request, referral, lambda: support_services.send_referral(referral, actor=request.user))
        return Response(_referral_body(referral, for_office=False))


class ReferralWithdraw(ApiView):
    @_referral_action("Withdraw a referral", "Rút lại đề nghị (support.services.withdraw_referral).", s.ReasonInputSerializer)
    def post(self, request, pk: int):
        from support import policy as support_policy
        from support import services as support_services

        referral, for_office = None, False
        if support_policy.may_use_office(request.user):
            try:
                referral, for_office = _office_referral(request.user, pk), True
            except Http404:
                pass
        if referral is None:
            referral = _referrer_referral(request.user, pk)
        data = _valid(s.ReasonInputSerializer, request)
        _step(request, referral, lambda: support_services.withdraw_referral(referral, actor=request.user, reason=data.get("reason", "")))
        return Response(_referral_body(referral, for_office=for_office))


class ReferralAccept(ApiView):
    @_referral_action("The labour office accepts a referral", "Tiếp nhận đề nghị (support.services.accept_referral).")
    def post(self, request, pk: int):
        from support import services as support_services

        referral = _office_referral(request.user, pk)
        _step(request, referral, lambda: support_services.accept_referral(referral, actor=request.user))
        return Response(_referral_body(referral, for_office=True))


class ReferralDecline(ApiView):
    @_referral_action("The labour office declines a referral", "Từ chối đề nghị, nêu lý do.", s.ReasonInputSerializer)
    def post(self, request, pk: int):
        from support import services as support_services

        referral = _office_referral(request.user, pk)
        data = _valid(s.ReasonInputSerializer, request)
        _step(request, referral, lambda: support_services.decline_referral(referral, actor=request.user, reason=data.get("reason", "")))
        return Response(_referral_body(referral, for_office=True))


class ReferralOutcome(ApiView):
    @_referral_action(
        "The labour office records the outcome", "Ghi kết quả hỗ trợ (support.services.record_outcome).", s.OutcomeInputSerializer
    )
    def post(self, request, pk: int):
        from support import services as support_services
        from support.models import Partner

        referral = _office_referral(request.user, pk)
        data = dict(_valid(s.OutcomeInputSerializer, request))
        result = data.pop("result")
        confirmed = data.pop("partner_confirmed", False)
        if data.get("partner") is not None:
            data["partner"] = Partner.objects.filter(pk=data["partner"], is_active=True).first()
        fields = {k: v for k, v in data.items() if v not in (None, "") and k in support_services.OUTCOME_FIELDS}
        _step(
            request,
            referral,
            lambda: support_services.record_outcome(referral, actor=request.user, result=result, partner_confirmed=confirmed, **fields),
        )
        return Response(_referral_body(referral, for_office=True))


class ReferralFollowUp(ApiView):
    @_referral_action("The labour office records the follow-up", "Ghi kết quả theo dõi sau hỗ trợ.", s.FollowUpInputSerializer)
    def post(self, request, pk: int):
        from support import services as support_services

        referral = _office_referral(request.user, pk)
        data = _valid(s.FollowUpInputSerializer, request)
        _step(
            request,
            referral,
            lambda: support_services.record_follow_up(
                referral, actor=request.user, still_active=data.get("still_active"), notes=data.get("notes", "")
            ),
        )
        return Response(_referral_body(referral, for_office=True))


class ReferralClose(ApiView):
    @_referral_action("The labour office closes a referral", "Kết thúc đề nghị (support.services.close_referral).", s.NoteInputSerializer)
    def post(self, request, pk: int):
        from support import services as support_services

        referral = _office_referral(request.user, pk)
        data = _valid(s.NoteInputSerializer, request)
        _step(request, referral, lambda: support_services.close_referral(referral, actor=request.user, note=data.get("note", "")))
        return Response(_referral_body(referral, for_office=True))


# --- notifications -------------------------------------------------------------------------------


class NotificationList(ApiView):
    @extend_schema(
        operation_id="notifications_list",
        summary="The caller's notifications (unread=1 for the unread ones)",
        description="Thông báo của người gọi, mới nhất trước.",
        parameters=[OpenApiParameter("unread", OpenApiTypes.BOOL), *CURSOR_PARAMS],
        responses={200: page_of(s.NotificationSerializer, "NotificationPage"), **errors(400, 401, 429)},
        tags=["notifications"],
    )
    def get(self, request):
        qs = Notification.objects.filter(recipient=request.user)
        if request.query_params.get("unread") in ("1", "true"):
            qs = qs.filter(read_at__isnull=True)
        paginator = ApiCursor()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(s.NotificationSerializer([presenters.notification(n) for n in page], many=True).data)


class NotificationRead(ApiView):
    @extend_schema(
        summary="Mark one notification read",
        description="Đánh dấu đã xem.",
        request=None,
        responses={200: s.NotificationSerializer, **errors(401, 404, 429)},
        tags=["notifications"],
    )
    def post(self, request, pk: int):
        notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
        case_services.mark_notification_read(notification, user=request.user)
        notification.refresh_from_db()
        return Response(s.NotificationSerializer(presenters.notification(notification)).data)


# --- indicators ----------------------------------------------------------------------------------


class PlaceReport(ApiView):
    @extend_schema(
        summary="The indicators of a place for a period (the reports' figures)",
        description=(
            "Các chỉ tiêu của một địa bàn (nation/province/commune/area, theo mã) trong một kỳ (period: 2026Q3, 2026H1, 2026, "
            "hoặc 2026-01-01:2026-03-31; mặc định 6 tháng hiện tại) — reports.selectors.build_report, cùng quy tắc truy cập "
            "với trang báo cáo. Mỗi lần lấy ghi một dòng nhật ký xuất báo cáo."
        ),
        parameters=[
            OpenApiParameter("level", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["nation", "province", "commune", "area"]),
            OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH, description="Mã địa bàn (VN cho toàn quốc)."),
            OpenApiParameter("period", OpenApiTypes.STR),
        ],
        responses={200: s.ReportSerializer, **errors(400, 401, 403, 404, 429)},
        tags=["reports"],
    )
    def get(self, request, level: str, code: str):
        from reports.models import ReportExportLog
        from reports.periods import PeriodError, current_half, parse_period
        from reports.selectors import build_report, may_see_reports, place_allowed, resolve_place
        from reports.services import log_export

        if not may_see_reports(request.user):
            return problem(403, "permission_refused", _("Bạn không có quyền xem báo cáo."))
        place = resolve_place(level, code)
        if place is None or not place_allowed(request.user, place):
            raise Http404(_("Không tìm thấy địa bàn."))
        raw = request.query_params.get("period", "").strip()
        try:
            period = parse_period(raw) if raw else current_half()
        except PeriodError as exc:
            return problem(400, "invalid", str(exc), field="period")
        report = build_report(place, period)
        log_export(
            user=request.user,
            place=place,
            period=period,
            fmt=ReportExportLog.Format.JSON,
            channel=ReportExportLog.Channel.API,
            ip_address=client_ip(request),
        )
        return Response(s.ReportSerializer(presenters.report(report)).data)


# --- unknown API addresses -----------------------------------------------------------------------


class NotFoundView(ApiView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes: list = []
    schema = None  # not part of the description

    def _not_found(self, request, *args, **kwargs):
        return problem(404, "not_found", _("Không có địa chỉ API này."))

    get = post = put = patch = delete = _not_found
