"""The registries' screens: the head's (his khu dân cư, phone first) and the commune front's
(the commune, a table of what each khu dân cư still lacks against each target). Thin views:
a selector fetches the place (refusing outsiders), a form validates, one service writes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cases.errors import DomainError, PermissionRefused
from community import forms as f
from community import indicators, policy, selectors, services
from community.models import (
    AreaCommitment,
    Cadre,
    CommunityModel,
    CoreGroupMeeting,
    HouseholdCommitment,
    ModelArea,
    Recognition,
    ReviewMeeting,
    ReviewMeetingItem,
    SafeRecognition,
    TrainingAttendance,
    TrainingSession,
)
from config.http import form_error


@dataclass(frozen=True)
class Kind:
    """One kind of record a screen creates: its form, the service that writes it, where."""

    slug: str
    title: str
    form: type
    create: Callable  # (place, actor, **cleaned) -> record
    form_kwargs: Callable = lambda place, user: {}  # the form's choices, for `user` (who is asking)
    initial: Callable = lambda place: {}
    scope: str = "area"  # "area": a khu dân cư's page; "commune": the commune's page; "both"


def _year_initial(place) -> dict:
    return {"year": selectors.today().year}


def _date_initial(name: str) -> Callable:
    return lambda place: {name: selectors.today()}


def _area_of(place):
    return place if hasattr(place, "commune_id") else None


def _commune_of(place):
    return place.commune if hasattr(place, "commune_id") else place


def _create_cadre(place, actor, *, area=None, **data):
    return services.add_cadre(_commune_of(place), actor=actor, area=_area_of(place) or area, **data)


def _cadre_kwargs(place, user) -> dict:
    area = _area_of(place)
    commune = _commune_of(place)
    return {"areas": None if area else commune.areas.all(), "users": selectors.place_users(commune, area)}


def _create_recognition(place, actor, **data):
    return services.record_recognition(_commune_of(place), actor=actor, area=_area_of(place), **data)


def _review_meeting_kwargs(place, user) -> dict:
    quarters = selectors.recent_quarters(selectors.today())
    return {"quarters": quarters, "reviews": selectors.area_reviews(place, quarters)}


KINDS: dict[str, Kind] = {
    k.slug: k
    for k in [
        Kind(
            "households",
            gettext_lazy("Cập nhật số hộ gia đình"),
            f.HouseholdsForm,
            lambda place, actor, **d: services.set_households(place, actor=actor, **d),
            initial=_date_initial("as_of"),
        ),
        Kind(
            "area-commitment",
            gettext_lazy("Cam kết của khu dân cư"),
            f.AreaCommitmentForm,
            lambda place, actor, **d: services.record_area_commitment(place, actor=actor, **d),
            initial=lambda p: {**_year_initial(p), "signed_on": selectors.today()},
        ),
        Kind(
            "household-commitment",
            gettext_lazy("Cam kết của hộ gia đình"),
            f.HouseholdCommitmentForm,
            lambda place, actor, **d: services.record_household_commitment(place, actor=actor, **d),
            form_kwargs=lambda p, user: {"cases": selectors.area_cases(p, user)},
            initial=lambda p: {**_year_initial(p), "signed_on": selectors.today()},
        ),
        Kind("cadre", gettext_lazy("Thêm cán bộ vào danh sách"), f.CadreForm, _create_cadre, form_kwargs=_cadre_kwargs, scope="both"),
        Kind(
            "session",
            gettext_lazy("Buổi tập huấn"),
            f.SessionForm,
            lambda place, actor, **d: services.record_training_session(_commune_of(place), actor=actor, area=_area_of(place), **d),
            initial=_date_initial("held_on"),
            scope="both",
        ),
        Kind(
            "attendance",
            gettext_lazy("Ghi nhận cán bộ dự tập huấn"),
            f.AttendanceForm,
            lambda place, actor, *, session, cadre: services.record_attendance(session, actor=actor, cadre=cadre),
            form_kwargs=lambda p, user: selectors.attendance_choices(_commune_of(p), _area_of(p)),
            scope="both",
        ),
        Kind(
            "community-model",
            gettext_lazy("Mô hình ở khu dân cư"),
            f.CommunityModelForm,
            lambda place, actor, **d: services.record_community_model(place, actor=actor, **d),
        ),
        Kind(
            "core-meeting",
            gettext_lazy("Họp giao ban của mô hình"),
            f.CoreMeetingForm,
            lambda place, actor, *, community_model, **d: services.record_core_group_meeting(community_model, actor=actor, **d),
            form_kwargs=lambda p, user: {"models": selectors.area_models(p)},
            initial=_date_initial("held_on"),
        ),
        Kind(
            "review-meeting",
            gettext_lazy("Họp đánh giá quý của Ban Công tác Mặt trận"),
            f.ReviewMeetingForm,
            lambda place, actor, **d: services.record_review_meeting(place, actor=actor, **d),
            form_kwargs=_review_meeting_kwargs,
            initial=_date_initial("held_on"),
        ),
        Kind(
            "recognition",
            gettext_lazy("Biểu dương, khen thưởng"),
            f.RecognitionForm,
            _create_recognition,
            form_kwargs=lambda p, user: selectors.recognition_choices(_commune_of(p), _area_of(p), user),
            initial=_date_initial("recognised_on"),
            scope="both",
        ),
        Kind(
            "safe",
            gettext_lazy("Công nhận khu dân cư An toàn về ANTT"),
            f.SafeRecognitionForm,
            lambda place, actor, *, area, **d: services.recognise_safe_area(area, actor=actor, **d),
            form_kwargs=lambda p, user: {"areas": p.areas.all()},
            initial=lambda p: {**_year_initial(p), "recognised_on": selectors.today()},
            scope="commune",
        ),
        Kind(
            "model-area",
            gettext_lazy("Chọn khu dân cư mô hình điểm"),
            f.ModelAreaForm,
            lambda place, actor, *, area, **d: services.designate_model_area(area, actor=actor, **d),
            form_kwargs=lambda p, user: {"areas": p.areas.all()},
            initial=_date_initial("designated_on"),
            scope="commune",
        ),
    ]
}

# Records that can be ended or corrected from a screen, by URL slug.
RECORDS: dict[str, type] = {
    "area-commitment": AreaCommitment,
    "household-commitment": HouseholdCommitment,
    "cadre": Cadre,
    "session": TrainingSession,
    "attendance": TrainingAttendance,
    "community-model": CommunityModel,
    "core-meeting": CoreGroupMeeting,
    "review-meeting": ReviewMeeting,
    "review-item": ReviewMeetingItem,
    "recognition": Recognition,
    "safe": SafeRecognition,
    "model-area": ModelArea,
}
SLUG_OF = {model: slug for slug, model in RECORDS.items()}


@dataclass
class Action:
    slug: str
    title: str
    url: str
    primary: bool = False
    extra: dict = field(default_factory=dict)


def _actions(place, kinds: list[str], primary: tuple[str, ...] = ()) -> list[Action]:
    name = "community:area_new" if hasattr(place, "commune_id") else "community:commune_new"
    return [Action(k, str(KINDS[k].title), reverse(name, args=[place.pk, k]), k in primary) for k in kinds]


def _place_url(commune, area) -> str:
    return reverse("community:area", args=[area.pk]) if area is not None else reverse("community:commune", args=[commune.pk])


# --- pages --------------------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    place = selectors.home_place(request.user)
    if place is None:
        raise PermissionDenied(_("Bạn không có quyền xem sổ theo dõi phong trào."))
    return redirect(f"community:{place[0]}", pk=place[1])


@login_required
def area_page(request: HttpRequest, pk: int) -> HttpResponse:
    area = selectors.get_area_for_user(request.user, pk)
    gaps, counts, period = indicators.area_summary(area)
    may_keep = bool(policy.can_keep_area(request.user, area))
    is_front = bool(policy.can_keep_commune(request.user, area.commune))
    context = {
        "area": area,
        "gaps": gaps,
        "counts": counts,
        "year": period.end.year,
        "may_keep": may_keep,
        "is_front": is_front,
        "actions": _actions(area, ["household-commitment", "attendance"], primary=("household-commitment", "attendance"))
        if may_keep
        else [],
        "more_actions": _actions(
            area, ["households", "area-commitment", "cadre", "session", "community-model", "core-meeting", "review-meeting", "recognition"]
        )
        if may_keep
        else [],
        **selectors.area_registry(area, year=period.end.year),
    }
    return render(request, "community/area_detail.html", context)


@login_required
def commune_page(request: HttpRequest, pk: int) -> HttpResponse:
    commune = selectors.get_commune_for_user(request.user, pk)
    rows, totals, period = indicators.commune_table(commune)
    may_keep = bool(policy.can_keep_commune(request.user, commune))
    columns = [g.label for g in rows[0].gaps] if rows else []
    context = {
        "commune": commune,
        "rows": rows,
        "columns": columns,
        "totals": totals,
        "year": period.end.year,
        "may_keep": may_keep,
        "targets": [(str(g.label), g.target) for g in rows[0].gaps] if rows else [],
        "actions": _actions(commune, ["session", "attendance", "cadre", "recognition", "model-area", "safe"]) if may_keep else [],
        **selectors.commune_registry(commune, year=period.end.year),
    }
    return render(request, "community/commune_detail.html", context)


# --- creating, ending, correcting ------------------------------------------------------------------------


def _record_new(request: HttpRequest, place, kind: Kind, *, back: str) -> HttpResponse:
    form = kind.form(request.POST or None, place=place, initial=kind.initial(place), **kind.form_kwargs(place, request.user))
    if request.method == "POST" and form.is_valid():
        try:
            kind.create(place, request.user, **form.service_kwargs())
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã lưu: %(what)s.") % {"what": kind.title})
            return redirect(back + "?saved=" + kind.slug)
    return render(request, "community/record_form.html", {"form": form, "title": kind.title, "place": place, "back": back})


@login_required
@require_http_methods(["GET", "POST"])
def area_record_new(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    area = selectors.get_area_for_user(request.user, pk)
    spec = KINDS.get(kind)
    if spec is None or spec.scope == "commune":
        raise Http404(_("Không tìm thấy trang."))
    decision = policy.can_keep_area(request.user, area)
    if not decision:
        raise PermissionDenied(decision.reason)
    return _record_new(request, area, spec, back=reverse("community:area", args=[area.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def commune_record_new(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    commune = selectors.get_commune_for_user(request.user, pk)
    spec = KINDS.get(kind)
    if spec is None or spec.scope == "area":
        raise Http404(_("Không tìm thấy trang."))
    decision = policy.can_keep_commune(request.user, commune)
    if not decision:
        raise PermissionDenied(decision.reason)
    return _record_new(request, commune, spec, back=reverse("community:commune", args=[commune.pk]))


def _record_or_404(request: HttpRequest, kind: str, pk: int):
    model = RECORDS.get(kind)
    obj = model.objects.filter(pk=pk).first() if model else None
    if obj is None:
        raise Http404(_("Không tìm thấy bản ghi."))
    commune, area = services.place_of(obj)
    decision = services.may_change(request.user, obj)
    if not decision:
        # Outsiders learn nothing of the record; a reader of the place is told why.
        readable = policy.can_read_area(request.user, area) if area is not None else policy.can_read_commune(request.user, commune)
        if not readable:
            raise Http404(_("Không tìm thấy bản ghi."))
        raise PermissionDenied(decision.reason)
    return obj, commune, area


@login_required
@require_http_methods(["GET", "POST"])
def record_end(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    obj, commune, area = _record_or_404(request, kind, pk)
    back = _place_url(commune, area)
    form = f.EndForm(request.POST or None, initial={"ended_on": selectors.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.end_record(obj, actor=request.user, reason=form.cleaned_data["reason"], ended_on=form.cleaned_data["ended_on"])
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã kết thúc bản ghi; bản ghi và lịch sử vẫn được lưu."))
            return redirect(back)
    return render(request, "community/record_end.html", {"form": form, "record": obj, "back": back})


# Correction forms: the creation form of the kind, its fields that a correction may change.
def _correction_form(kind: str, obj, data, user):
    spec = KINDS.get(kind)
    fields, _validate = services.CORRECTABLE[type(obj)]
    commune, area = services.place_of(obj)
    place = area if spec.scope != "commune" and area is not None else commune
    initial = {name: getattr(obj, name) for name in fields}
    form = spec.form(data, place=place, initial=initial, **spec.form_kwargs(place, user))
    for name in list(form.fields):
        if name not in fields:
            del form.fields[name]
    form.fields["reason"] = f.ReasonField()
    return form


@login_required
@require_http_methods(["GET", "POST"])
def record_correct(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    obj, commune, area = _record_or_404(request, kind, pk)
    if kind not in KINDS or type(obj) not in services.CORRECTABLE:
        raise Http404(_("Không tìm thấy trang."))
    back = _place_url(commune, area)
    form = _correction_form(kind, obj, request.POST or None, request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            services.correct_record(obj, actor=request.user, reason=reason, **data)
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã sửa bản ghi; bản cũ vẫn được lưu trong lịch sử."))
            return redirect(back)
    return render(
        request,
        "community/record_form.html",
        {"form": form, "title": _("Sửa: %(what)s") % {"what": KINDS[kind].title}, "back": back, "is_correction": True},
    )
