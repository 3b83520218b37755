"""Writes of the community registries: each in one transaction, after community.policy has
allowed the actor, leaving a history row with the reason. Nothing is deleted: `end_record`
ends (revokes, cancels) a record with a reason, `correct_record` corrects it with a reason."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import Commune, ResidentialArea
from cases.errors import DomainError
from cases.models import Case, QuarterlyReview
from cases.policy import require
from cases.services import save_with_history
from community import policy
from community.models import (
    AreaCommitment,
    AreaHouseholds,
    Cadre,
    CommunityModel,
    CoreGroupMeeting,
    HouseholdCommitment,
    ModelArea,
    ModelKind,
    Occasion,
    RecipientKind,
    Recognition,
    ReviewMeeting,
    ReviewMeetingItem,
    SafeRecognition,
    TrainingAttendance,
    TrainingSession,
)
from mentors.models import Branch, Mentor

QUARTER_RE = re.compile(r"^(\d{4})Q([1-4])$")


def _save(obj: models.Model, *, actor, reason: str) -> None:
    save_with_history(obj, actor=actor, reason=reason)  # the history row, by the actor, with the reason


def _lock_area(area: ResidentialArea) -> ResidentialArea:
    """Serialise the writes of one khu dân cư (duplicate checks run one at a time)."""
    return ResidentialArea.objects.select_for_update().get(pk=area.pk)


def _lock_commune(commune: Commune) -> Commune:
    return Commune.objects.select_for_update().get(pk=commune.pk)


def _today() -> dt.date:
    return timezone.localdate()


def _past_date(value, field: str, label: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise DomainError(_("Vui lòng nhập %(label)s.") % {"label": label}, field=field)
    if value > _today():
        raise DomainError(_("%(label)s không được sau ngày hôm nay.") % {"label": label.capitalize()}, field=field)
    return value


def _year(value, field: str = "year") -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise DomainError(_("Năm không hợp lệ."), field=field) from None
    if not 2000 <= year <= _today().year + 1:
        raise DomainError(_("Năm phải từ 2000 đến %(max)d.") % {"max": _today().year + 1}, field=field)
    return year


def _text(value, field: str, label: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(_("Vui lòng nhập %(label)s.") % {"label": label}, field=field)
    return value


def _reason(reason: str) -> str:
    return _text(reason, "reason", _("lý do"))


# --- where a record belongs, and who may change it -----------------------------------------------


def place_of(obj: models.Model) -> tuple[Commune, ResidentialArea | None]:
    """The commune and khu dân cư a record belongs to (no khu dân cư: commune-wide)."""
    if isinstance(obj, TrainingAttendance):
        return place_of(obj.cadre)
    if isinstance(obj, CoreGroupMeeting):
        return place_of(obj.community_model)
    if isinstance(obj, ReviewMeetingItem):
        return place_of(obj.meeting)
    area = getattr(obj, "area", None)
    commune = obj.commune if hasattr(obj, "commune_id") else area.commune
    return commune, area


# Records the commune decides (the model khu dân cư, the "An toàn về ANTT" standard): only the
# commune front keeps them, whatever their khu dân cư.
COMMUNE_DECIDES = (ModelArea, SafeRecognition)


def may_change(user, obj: models.Model) -> policy.Decision:
    commune, area = place_of(obj)
    if isinstance(obj, COMMUNE_DECIDES):
        return policy.can_keep_commune(user, commune)
    return policy.can_keep(user, commune=commune, area=area)


# --- commitments ----------------------------------------------------------------------------------


@transaction.atomic
def set_households(area: ResidentialArea, *, actor, households: int, as_of: dt.date | None = None, reason: str = "") -> AreaHouseholds:
    """Record or update the number of households of a khu dân cư."""
    require(policy.can_keep_area(actor, area))
    if households is None or int(households) < 1:
        raise DomainError(_("Số hộ gia đình phải lớn hơn 0."), field="households")
    as_of = _past_date(as_of or _today(), "as_of", _("ngày tính số liệu"))
    _lock_area(area)
    row = AreaHouseholds.objects.select_for_update().filter(area=area).first()
    if row is None:
        row = AreaHouseholds(area=area, households=int(households), as_of=as_of, updated_by=actor)
        _save(row, actor=actor, reason=reason or _("Ghi nhận số hộ"))
        return row
    row.households, row.as_of, row.updated_by = int(households), as_of, actor
    _save(row, actor=actor, reason=reason or _("Cập nhật số hộ"))
    return row


def _validate_area_commitment(obj: AreaCommitment) -> None:
    obj.year = _year(obj.year)
    _past_date(obj.signed_on, "signed_on", _("ngày ký"))
    obj.text_reference = _text(obj.text_reference, "text_reference", _("văn bản cam kết"))
    if AreaCommitment.objects.filter(area_id=obj.area_id, year=obj.year, ended_on__isnull=True).exclude(pk=obj.pk).exists():
        raise DomainError(_("Khu dân cư đã có cam kết năm %(year)d.") % {"year": obj.year}, field="year")


@transaction.atomic
def record_area_commitment(area: ResidentialArea, *, actor, year: int, signed_on: dt.date, text_reference: str) -> AreaCommitment:
    require(policy.can_keep_area(actor, area))
    _lock_area(area)
    obj = AreaCommitment(area=area, year=year, signed_on=signed_on, text_reference=text_reference, recorded_by=actor)
    _validate_area_commitment(obj)
    _save(obj, actor=actor, reason=_("Ghi nhận cam kết của khu dân cư"))
    return obj


def _validate_household_commitment(obj: HouseholdCommitment) -> None:
    obj.year = _year(obj.year)
    obj.household = _text(obj.household, "household", _("hộ gia đình"))
    obj.signed_by = _text(obj.signed_by, "signed_by", _("người ký"))
    _past_date(obj.signed_on, "signed_on", _("ngày ký"))
    if obj.case_id and Case.objects.filter(pk=obj.case_id).values_list("area_id", flat=True).first() != obj.area_id:
        raise DomainError(_("Hồ sơ không thuộc khu dân cư này."), field="case")
    same = HouseholdCommitment.objects.filter(area_id=obj.area_id, year=obj.year, household__iexact=obj.household, ended_on__isnull=True)
    if obj.address:
        same = same.filter(address__iexact=obj.address)
    if same.exclude(pk=obj.pk).exists():
        raise DomainError(
            _("Hộ “%(household)s” đã ký cam kết năm %(year)d.") % {"household": obj.household, "year": obj.year}, field="household"
        )


def _require_visible_case(actor, case) -> None:
    """A record may name only a case the actor may open (cases.selectors.visible_cases): the
    forms offer no other, and a direct call is refused the same way."""
    from cases.selectors import visible_cases

    if case is not None and not visible_cases(actor).filter(pk=case.pk).exists():
        raise DomainError(_("Bạn không được chọn hồ sơ này."), field="case")


@transaction.atomic
def record_household_commitment(
    area: ResidentialArea,
    *,
    actor,
    year: int,
    household: str,
    signed_on: dt.date,
    signed_by: str,
    address: str = "",
    case: Case | None = None,
) -> HouseholdCommitment:
    require(policy.can_keep_area(actor, area))
    _require_visible_case(actor, case)
    _lock_area(area)
    obj = HouseholdCommitment(
        area=area,
        year=year,
        household=household,
        address=(address or "").strip(),
        signed_on=signed_on,
        signed_by=signed_by,
        case=case,
        recorded_by=actor,
    )
    _validate_household_commitment(obj)
    _save(obj, actor=actor, reason=_("Ghi nhận cam kết của hộ gia đình"))
    return obj


# --- cadres and training --------------------------------------------------------------------------


def _validate_cadre(obj: Cadre) -> None:
    obj.full_name = _text(obj.full_name, "full_name", _("họ và tên"))
    if obj.area_id and obj.area.commune_id != obj.commune_id:
        raise DomainError(_("Khu dân cư không thuộc xã/phường này."), field="area")
    if obj.user_id and Cadre.objects.filter(user_id=obj.user_id, ended_on__isnull=True).exclude(pk=obj.pk).exists():
        raise DomainError(_("Tài khoản này đã có trong danh sách cán bộ."), field="user")


@transaction.atomic
def add_cadre(commune: Commune, *, actor, full_name: str, position: str = "", area: ResidentialArea | None = None, user=None) -> Cadre:
    require(policy.can_keep(actor, commune=commune, area=area))
    _lock_commune(commune)
    obj = Cadre(commune=commune, area=area, full_name=full_name, position=(position or "").strip(), user=user, recorded_by=actor)
    _validate_cadre(obj)
    _save(obj, actor=actor, reason=_("Thêm cán bộ"))
    return obj


def _validate_session(obj: TrainingSession) -> None:
    _past_date(obj.held_on, "held_on", _("ngày tập huấn"))
    obj.topic = _text(obj.topic, "topic", _("nội dung tập huấn"))
    obj.organiser = _text(obj.organiser, "organiser", _("đơn vị tổ chức"))
    try:
        hours = Decimal(str(obj.hours))
    except Exception:
        raise DomainError(_("Số giờ không hợp lệ."), field="hours") from None
    if not Decimal("0.5") <= hours <= Decimal("200"):
        raise DomainError(_("Số giờ phải từ 0,5 đến 200."), field="hours")
    obj.hours = hours
    if obj.area_id and obj.area.commune_id != obj.commune_id:
        raise DomainError(_("Khu dân cư không thuộc xã/phường này."), field="area")


@transaction.atomic
def record_training_session(
    commune: Commune, *, actor, held_on: dt.date, topic: str, organiser: str, hours, area: ResidentialArea | None = None
) -> TrainingSession:
    require(policy.can_keep(actor, commune=commune, area=area))
    obj = TrainingSession(commune=commune, area=area, held_on=held_on, topic=topic, organiser=organiser, hours=hours, recorded_by=actor)
    _validate_session(obj)
    _save(obj, actor=actor, reason=_("Ghi nhận buổi tập huấn"))
    return obj


@transaction.atomic
def record_attendance(session: TrainingSession, *, actor, cadre: Cadre) -> TrainingAttendance:
    """A cadre attended a session. Whoever keeps the cadre's record may say so (the head for
    the cadres of his khu dân cư, at a session the commune organised)."""
    if cadre is None:
        raise DomainError(_("Vui lòng chọn cán bộ."), field="cadre")
    require(may_change(actor, cadre))
    cadre = Cadre.objects.select_for_update().get(pk=cadre.pk)
    session = TrainingSession.objects.get(pk=session.pk)
    if session.commune_id != cadre.commune_id:
        raise DomainError(_("Buổi tập huấn không thuộc xã/phường của cán bộ."), field="session")
    if not session.is_active:
        raise DomainError(_("Buổi tập huấn này đã bị hủy."), field="session")
    if not cadre.is_active:
        raise DomainError(_("Cán bộ “%(name)s” không còn trong danh sách.") % {"name": cadre.full_name}, field="cadre")
    if TrainingAttendance.objects.filter(session=session, cadre=cadre, ended_on__isnull=True).exists():
        raise DomainError(_("“%(name)s” đã được ghi nhận dự buổi tập huấn này.") % {"name": cadre.full_name}, field="cadre")
    obj = TrainingAttendance(session=session, cadre=cadre, recorded_by=actor)
    _save(obj, actor=actor, reason=_("Ghi nhận dự tập huấn"))
    return obj


# --- community models -----------------------------------------------------------------------------


def _validate_community_model(obj: CommunityModel) -> None:
    if not obj.kind_id:
        raise DomainError(_("Vui lòng chọn loại mô hình."), field="kind")
    if obj.pk is None and not ModelKind.objects.filter(pk=obj.kind_id, is_active=True).exists():
        raise DomainError(_("Loại mô hình này không còn được dùng."), field="kind")
    obj.name = _text(obj.name, "name", _("tên mô hình"))
    _past_date(obj.founded_on, "founded_on", _("ngày thành lập"))
    if obj.members is None or int(obj.members) < 0:
        raise DomainError(_("Số thành viên không hợp lệ."), field="members")


@transaction.atomic
def record_community_model(
    area: ResidentialArea, *, actor, kind: ModelKind, name: str, founded_on: dt.date, members: int = 0
) -> CommunityModel:
    require(policy.can_keep_area(actor, area))
    obj = CommunityModel(area=area, kind=kind, name=name, founded_on=founded_on, members=members or 0, recorded_by=actor)
    _validate_community_model(obj)
    _save(obj, actor=actor, reason=_("Ghi nhận mô hình"))
    return obj


def _attendee_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _validate_core_meeting(obj: CoreGroupMeeting) -> None:
    _past_date(obj.held_on, "held_on", _("ngày họp"))
    lines = _attendee_lines(obj.attendees)
    if not lines:
        raise DomainError(_("Vui lòng nhập người dự họp (mỗi dòng một người)."), field="attendees")
    obj.attendees, obj.attendee_count = "\n".join(lines), len(lines)
    model = obj.community_model
    if not model.is_active:
        raise DomainError(_("Mô hình “%(name)s” đã ngừng hoạt động.") % {"name": model.name}, field="community_model")
    if obj.held_on < model.founded_on:
        raise DomainError(_("Ngày họp không được trước ngày thành lập mô hình."), field="held_on")


@transaction.atomic
def record_core_group_meeting(
    community_model: CommunityModel, *, actor, held_on: dt.date, attendees: str, notes: str = ""
) -> CoreGroupMeeting:
    require(may_change(actor, community_model))
    community_model = CommunityModel.objects.select_for_update().get(pk=community_model.pk)
    obj = CoreGroupMeeting(
        community_model=community_model, held_on=held_on, attendees=attendees, notes=(notes or "").strip(), recorded_by=actor
    )
    _validate_core_meeting(obj)
    _save(obj, actor=actor, reason=_("Ghi nhận họp giao ban"))
    return obj


# --- model khu dân cư and "An toàn về ANTT" ---------------------------------------------------------


def _validate_model_area(obj: ModelArea) -> None:
    _past_date(obj.designated_on, "designated_on", _("ngày chọn"))
    if ModelArea.objects.filter(area_id=obj.area_id, ended_on__isnull=True).exclude(pk=obj.pk).exists():
        raise DomainError(_("Khu dân cư này đã là mô hình điểm."), field="area")


@transaction.atomic
def designate_model_area(area: ResidentialArea, *, actor, designated_on: dt.date, decision_reference: str = "") -> ModelArea:
    """The commune chooses a khu dân cư as its model ("mô hình điểm")."""
    require(policy.can_keep_commune(actor, area.commune))
    _lock_area(area)
    obj = ModelArea(area=area, designated_on=designated_on, decision_reference=(decision_reference or "").strip(), recorded_by=actor)
    _validate_model_area(obj)
    _save(obj, actor=actor, reason=_("Chọn khu dân cư mô hình điểm"))
    return obj


def _validate_safe(obj: SafeRecognition) -> None:
    obj.year = _year(obj.year)
    _past_date(obj.recognised_on, "recognised_on", _("ngày công nhận"))
    if SafeRecognition.objects.filter(area_id=obj.area_id, year=obj.year, ended_on__isnull=True).exclude(pk=obj.pk).exists():
        raise DomainError(_("Khu dân cư đã được công nhận An toàn về ANTT năm %(year)d.") % {"year": obj.year}, field="year")


@transaction.atomic
def recognise_safe_area(
    area: ResidentialArea, *, actor, year: int, recognised_on: dt.date, decision_reference: str = ""
) -> SafeRecognition:
    require(policy.can_keep_commune(actor, area.commune))
    _lock_area(area)
    obj = SafeRecognition(
        area=area, year=year, recognised_on=recognised_on, decision_reference=(decision_reference or "").strip(), recorded_by=actor
    )
    _validate_safe(obj)
    _save(obj, actor=actor, reason=_("Công nhận An toàn về ANTT"))
    return obj


# --- recognitions ---------------------------------------------------------------------------------


def _validate_recognition(obj: Recognition) -> None:
    if obj.occasion not in Occasion.values:
        raise DomainError(_("Vui lòng chọn dịp biểu dương."), field="occasion")
    _past_date(obj.recognised_on, "recognised_on", _("ngày biểu dương"))
    obj.award = _text(obj.award, "award", _("hình thức biểu dương"))
    if obj.area_id and obj.area.commune_id != obj.commune_id:
        raise DomainError(_("Khu dân cư không thuộc xã/phường này."), field="area")
    kind = obj.recipient_kind
    # Exactly the recipient the kind names; the others are cleared.
    needed = {RecipientKind.SUBJECT: "case", RecipientKind.MENTOR: "mentor", RecipientKind.BRANCH: "branch", RecipientKind.FAMILY: "family"}
    if kind not in needed:
        raise DomainError(_("Vui lòng chọn đối tượng biểu dương."), field="recipient_kind")
    for name in ("case", "mentor", "branch"):
        if name != needed[kind]:
            setattr(obj, name, None)
    if kind != RecipientKind.FAMILY:
        obj.family = ""
    if kind == RecipientKind.SUBJECT:
        if not obj.case_id:
            raise DomainError(_("Vui lòng chọn người được giúp đỡ."), field="case")
        if obj.case.commune_id != obj.commune_id:
            raise DomainError(_("Hồ sơ không thuộc xã/phường này."), field="case")
    elif kind == RecipientKind.MENTOR:
        if not obj.mentor_id:
            raise DomainError(_("Vui lòng chọn người giúp đỡ."), field="mentor")
        if obj.mentor.commune_id != obj.commune_id:
            raise DomainError(_("Người giúp đỡ không thuộc xã/phường này."), field="mentor")
    elif kind == RecipientKind.BRANCH:
        if not obj.branch_id:
            raise DomainError(_("Vui lòng chọn chi hội, chi đoàn."), field="branch")
        if obj.branch.commune_id != obj.commune_id:
            raise DomainError(_("Chi hội, chi đoàn không thuộc xã/phường này."), field="branch")
    else:
        obj.family = _text(obj.family, "family", _("tên gia đình (chủ hộ)"))


@transaction.atomic
def record_recognition(
    commune: Commune,
    *,
    actor,
    occasion: str,
    recognised_on: dt.date,
    recipient_kind: str,
    award: str,
    area: ResidentialArea | None = None,
    case: Case | None = None,
    mentor: Mentor | None = None,
    branch: Branch | None = None,
    family: str = "",
    citation: str = "",
) -> Recognition:
    require(policy.can_keep(actor, commune=commune, area=area))
    _require_visible_case(actor, case)
    obj = Recognition(
        commune=commune,
        area=area,
        occasion=occasion,
        recognised_on=recognised_on,
        recipient_kind=recipient_kind,
        award=award,
        case=case,
        mentor=mentor,
        branch=branch,
        family=(family or "").strip(),
        citation=(citation or "").strip(),
        recorded_by=actor,
    )
    _validate_recognition(obj)
    _save(obj, actor=actor, reason=_("Ghi nhận biểu dương, khen thưởng"))
    return obj


# --- the quarterly review meeting -----------------------------------------------------------------


def _validate_review_meeting(obj: ReviewMeeting) -> None:
    match = QUARTER_RE.match(obj.quarter or "")
    if not match:
        raise DomainError(_("Quý phải có dạng 2026Q4."), field="quarter")
    _past_date(obj.held_on, "held_on", _("ngày họp"))
    lines = _attendee_lines(obj.attendees)
    if not lines:
        raise DomainError(_("Vui lòng nhập thành phần dự họp (mỗi dòng một người)."), field="attendees")
    obj.attendees = "\n".join(lines)
    obj.police_attendee = (obj.police_attendee or "").strip()
    if obj.police_present and not obj.police_attendee:
        raise DomainError(_("Vui lòng nhập tên cán bộ công an dự họp."), field="police_attendee")
    if not obj.police_present:
        obj.police_attendee = ""
    obj.minutes = _text(obj.minutes, "minutes", _("biên bản"))


def _link_reviews(meeting: ReviewMeeting, reviews, *, actor) -> None:
    reviews = list(reviews or [])
    if not reviews:
        return
    ids = [r.pk for r in reviews]
    wrong = QuarterlyReview.objects.filter(pk__in=ids).exclude(case__area_id=meeting.area_id)
    if wrong.exists():
        raise DomainError(_("Có đánh giá quý không thuộc khu dân cư của cuộc họp."), field="reviews")
    linked = set(ReviewMeetingItem.objects.filter(meeting=meeting, ended_on__isnull=True).values_list("review_id", flat=True))
    for review in reviews:
        if review.pk in linked:
            continue
        _save(ReviewMeetingItem(meeting=meeting, review=review, recorded_by=actor), actor=actor, reason=_("Xét tại cuộc họp"))


@transaction.atomic
def record_review_meeting(
    area: ResidentialArea,
    *,
    actor,
    quarter: str,
    held_on: dt.date,
    attendees: str,
    minutes: str,
    police_present: bool = False,
    police_attendee: str = "",
    reviews=(),
) -> ReviewMeeting:
    """The Ban Công tác Mặt trận's quarterly meeting, and the quarterly reviews decided in it."""
    require(policy.can_keep_area(actor, area))
    obj = ReviewMeeting(
        area=area,
        quarter=(quarter or "").strip().upper(),
        held_on=held_on,
        attendees=attendees,
        minutes=minutes,
        police_present=bool(police_present),
        police_attendee=police_attendee,
        recorded_by=actor,
    )
    _validate_review_meeting(obj)
    _save(obj, actor=actor, reason=_("Ghi nhận họp đánh giá quý"))
    _link_reviews(obj, reviews, actor=actor)
    return obj


@transaction.atomic
def link_meeting_reviews(meeting: ReviewMeeting, *, actor, reviews) -> ReviewMeeting:
    require(may_change(actor, meeting))
    meeting = ReviewMeeting.objects.select_for_update().get(pk=meeting.pk)
    _link_reviews(meeting, reviews, actor=actor)
    return meeting


# --- corrections and ends (every record) --------------------------------------------------------------

# What a correction may change, and the check it runs again, per record type.
CORRECTABLE: dict[type, tuple[tuple[str, ...], Any]] = {
    AreaCommitment: (("year", "signed_on", "text_reference"), _validate_area_commitment),
    HouseholdCommitment: (("year", "household", "address", "case", "signed_on", "signed_by"), _validate_household_commitment),
    Cadre: (("full_name", "position", "area", "user"), _validate_cadre),
    TrainingSession: (("held_on", "topic", "organiser", "hours"), _validate_session),
    CommunityModel: (("kind", "name", "founded_on", "members"), _validate_community_model),
    CoreGroupMeeting: (("held_on", "attendees", "notes"), _validate_core_meeting),
    ModelArea: (("designated_on", "decision_reference"), _validate_model_area),
    SafeRecognition: (("year", "recognised_on", "decision_reference"), _validate_safe),
    Recognition: (
        ("occasion", "recognised_on", "recipient_kind", "award", "case", "mentor", "branch", "family", "citation"),
        _validate_recognition,
    ),
    ReviewMeeting: (("quarter", "held_on", "attendees", "police_present", "police_attendee", "minutes"), _validate_review_meeting),
}
ENDABLE = (*CORRECTABLE, TrainingAttendance, ReviewMeetingItem)


@transaction.atomic
def correct_record(obj: models.Model, *, actor, reason: str, **changes) -> models.Model:
    """Correct a record's fields, with a reason; the previous version stays in its history."""
    spec = CORRECTABLE.get(type(obj))
    if spec is None:
        raise DomainError(_("Bản ghi này không sửa được; hãy kết thúc và ghi nhận lại."))
    fields, validate = spec
    unknown = set(changes) - set(fields)
    if unknown:
        raise DomainError(_("Không sửa được trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    reason = _reason(reason)
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    require(may_change(actor, obj))
    if not obj.is_active:
        raise DomainError(_("Bản ghi đã kết thúc, không sửa được."))
    for name, value in changes.items():
        setattr(obj, name, value)
    # A correction cannot move a record out of the actor's reach (e.g. a cadre to another area).
    require(may_change(actor, obj))
    if "case" in changes:
        _require_visible_case(actor, changes["case"])
    validate(obj)
    _save(obj, actor=actor, reason=reason)
    return obj


@transaction.atomic
def end_record(obj: models.Model, *, actor, reason: str, ended_on: dt.date | None = None) -> models.Model:
    """End a record (a model stopped working, a recognition revoked, a row recorded by
    mistake), with the date and the reason. The row stays, with its history."""
    if not isinstance(obj, ENDABLE):
        raise DomainError(_("Bản ghi này không kết thúc được."))
    reason = _reason(reason)
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    require(may_change(actor, obj))
    if not obj.is_active:
        raise DomainError(_("Bản ghi đã kết thúc từ trước."))
    obj.ended_on = _past_date(ended_on or _today(), "ended_on", _("ngày kết thúc"))
    obj.end_reason = reason
    _save(obj, actor=actor, reason=reason)
    return obj
