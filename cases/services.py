"""The single write path for cases.

Each public function is one state change: it runs in one transaction, locks the Case row
(select_for_update), checks who may act and whether the state machine allows it, applies the
django-fsm transition, saves (writing a simple-history row with actor and reason) and writes a
CaseEvent. A refusal raises a DomainError with a Vietnamese message and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import User
from cases import policy
from cases.errors import DomainError, PermissionRefused, TransitionRefused
from cases.models import Case, CaseEvent, CaseStatus, CloseReason, EscalationOutcome, Subject
from cases.policy import TRANSITION_LABELS

MENTOR_PERMISSION = "cases.mentor_case"
HISTORY_REASON_MAX = 100


STALE_MESSAGE = _("Hồ sơ vừa được người khác thay đổi. Vui lòng tải lại trang để xem thay đổi mới nhất rồi thực hiện lại.")


def save_with_history(obj: Any, *, actor: User, reason: str) -> None:
    if isinstance(obj, Subject):
        from cases.search import refresh_search_text

        refresh_search_text(obj)  # what the person is found by follows every change (cases.search)
    obj._history_user = actor
    obj._change_reason = (reason or "")[:HISTORY_REASON_MAX]
    try:
        obj.save()
    finally:
        # simple-history does not clear the reason; a later save would reuse it.
        del obj._change_reason


def record_event(
    case: Case,
    *,
    actor: User | None,
    transition: str,
    from_state: str | None = None,
    to_state: str | None = None,
    reason: str = "",
    data=None,
) -> CaseEvent:
    """One line of the case's story. `from_state`/`to_state` default to the case's state (an
    act that does not move the case: a visit, a referral step, a concern)."""
    return CaseEvent.objects.create(
        case=case,
        actor=actor,
        transition=transition,
        from_state=case.status if from_state is None else from_state,
        to_state=case.status if to_state is None else to_state,
        reason=reason or "",
        data=data or {},
    )


def lock_case(case_or_pk: Case | int, *, expected_revision: int | None = None) -> Case:
    """Lock the Case row (every write path locks it first) and refuse a stale form."""
    pk = case_or_pk.pk if isinstance(case_or_pk, Case) else case_or_pk
    case = Case.objects.select_for_update().select_related("subject").get(pk=pk)
    check_revision(case, expected_revision)
    return case


def check_revision(case: Case, expected_revision: int | None) -> None:
    if expected_revision is not None and int(expected_revision) != case.revision:
        raise TransitionRefused(STALE_MESSAGE, field="revision")


def validated_principal(actor: User, acting_for: User | None, case: Case) -> User:
    """Whose authority the actor uses: their own, or that of `acting_for`, which needs an
    active delegation from that person to the actor covering today and the case's place."""
    if acting_for is None or acting_for.pk == actor.pk:
        return actor
    from accounts.selectors import delegation_covers

    if not delegation_covers(principal=acting_for, deputy=actor, case=case):
        raise PermissionRefused(_("Bạn không được %(who)s ủy quyền cho hồ sơ này vào hôm nay.") % {"who": acting_for.display_name})
    return acting_for


def apply_transition(
    case_or_pk: Case | int,
    name: str,
    *,
    actor: User,
    acting_for: User | None = None,
    reason: str = "",
    check: Callable[[Case], None] | None = None,
    event_data: dict | None = None,
    expected_revision: int | None = None,
    **kwargs: Any,
) -> Case:
    """Run one transition of the state machine. Must be called inside transaction.atomic
    (the public services are); other apps' services (mentors, support, workflows) call it.

    Who may: `policy.can_act` for the actor, or for the principal they validly act for.
    Where: the state machine (`policy.state_allows`). `check(case)` runs on the locked, fresh
    row before the transition and may raise a DomainError for conditions the state machine
    itself cannot express with a message. The revision the form was loaded against, when
    given, must still be the case's.
    """
    case = lock_case(case_or_pk, expected_revision=expected_revision)
    from_state = case.status
    principal = validated_principal(actor, acting_for, case)
    policy.require(policy.state_allows(case, name))
    policy.require(policy.can_act(principal, case, name))
    if check is not None:
        check(case)
    # Locked and checked above: the transition cannot be refused here.
    getattr(case, name)(**kwargs)
    case.revision += 1
    try:
        save_with_history(case, actor=actor, reason=reason or str(TRANSITION_LABELS[name]))
    except ConcurrentTransition as exc:  # a second guard behind the row lock
        raise TransitionRefused(STALE_MESSAGE) from exc
    data = dict(event_data or {})
    if principal.pk != actor.pk:
        data.update(on_behalf_of=principal.pk, on_behalf_of_name=principal.display_name)
    record_event(case, actor=actor, transition=name, from_state=from_state, to_state=case.status, reason=reason, data=data)
    return case


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Vui lòng nêu lý do."), field="reason")
    return reason


# --- listing a person --------------------------------------------------------------------------


@transaction.atomic
def list_subject(*, actor: User, area, reason: str = "", **subject_fields: Any) -> Case:
    """Lập danh sách: create (or reuse, by identity number) the person and open a case in
    `identified` at their khu dân cư. Only the head, commune front or police of the place."""
    policy.require(policy.can_list_subject_in(actor, area), field="area")
    national_id = (subject_fields.get("national_id") or "").strip()
    subject = Subject.objects.select_for_update().filter(national_id=national_id).first() if national_id else None
    if subject is not None and subject.cases.exclude(status__in=[CaseStatus.GRADUATED, CaseStatus.CLOSED]).exists():
        raise DomainError(_("Người có số định danh này đang có một hồ sơ chưa kết thúc."), field="national_id")
    if subject is None:
        subject = Subject(area=area, **subject_fields)
    else:
        for key, value in subject_fields.items():
            setattr(subject, key, value)
        subject.area = area
    try:
        subject.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], field=None if field == "__all__" else field) from exc
    save_with_history(subject, actor=actor, reason=_("Lập danh sách"))
    if subject.classification and "classification" in subject_fields:
        from cases.legal_services import record_classification

        record_classification(subject, actor=actor, classification=subject.classification)
    case = Case(subject=subject, area=area, commune_id=area.commune_id, opened_by=actor)
    save_with_history(case, actor=actor, reason=reason or _("Lập danh sách"))
    record_event(case, actor=actor, transition="create", from_state="", to_state=case.status, reason=reason)
    return case


# --- assignment (called by mentors.services, which owns branches and mentors) ------------------


def set_case_mentor(
    case_pk: int,
    *,
    actor: User,
    mentor_user: User | None,
    reason: str,
    event_data: dict,
    check=None,
    expected_revision: int | None = None,
    transition: str | None = None,
) -> tuple[Case, User | None]:
    """Assign (from identified) or reassign (keeping the state) and move the mentor's
    object permission in the same transaction: the old mentor loses access at once.
    `transition` forces "assign" or "reassign"; by default the state picks it.
    Returns the case and the previous mentor user (the caller moves what they held)."""
    case = lock_case(case_pk, expected_revision=expected_revision)
    name = transition or ("assign" if case.status == CaseStatus.IDENTIFIED else "reassign")
    old_user = case.mentor_user
    case = apply_transition(case, name, actor=actor, reason=reason, check=check, event_data=event_data, mentor_user=mentor_user)
    if old_user is not None and old_user != mentor_user:
        remove_perm(MENTOR_PERMISSION, old_user, case)
    if mentor_user is not None:
        assign_perm(MENTOR_PERMISSION, mentor_user, case)
    for user in (old_user, mentor_user):
        if user is not None:
            policy.forget_mentor_cache(user)
    return case, old_user


# --- the other transitions --------------------------------------------------------------------


@transaction.atomic
def start_mentoring(case: Case | int, *, actor: User, reason: str = "", expected_revision: int | None = None) -> Case:
    return apply_transition(case, "start_mentoring", actor=actor, reason=reason, expected_revision=expected_revision)


@transaction.atomic
def open_support(case: Case | int, *, actor: User, reason: str = "", event_data: dict | None = None) -> Case:
    return apply_transition(case, "open_support", actor=actor, reason=reason, event_data=event_data)


@transaction.atomic
def close_support(case: Case | int, *, actor: User, reason: str = "", event_data: dict | None = None) -> Case:
    return apply_transition(case, "close_support", actor=actor, reason=reason, event_data=event_data)


def _check_graduation(case: Case) -> None:
    if case.graduation_basis_available() is None:
        from cases.legal import graduation_refusal_message

        raise TransitionRefused(graduation_refusal_message(case))


@transaction.atomic
def graduate(case: Case | int, *, actor: User, reason: str, acting_for: User | None = None, expected_revision: int | None = None) -> Case:
    """The case leaves management. Callers end what hangs on the case in the same transaction
    (workflows.lifecycle.graduate_case: open referrals, open reviews)."""
    return apply_transition(
        case,
        "graduate",
        actor=actor,
        acting_for=acting_for,
        reason=_require_reason(reason),
        check=_check_graduation,
        expected_revision=expected_revision,
    )


@transaction.atomic
def escalate(case: Case | int, *, actor: User, reason: str, acting_for: User | None = None, expected_revision: int | None = None) -> Case:
    return apply_transition(
        case, "escalate", actor=actor, acting_for=acting_for, reason=_require_reason(reason), expected_revision=expected_revision
    )


@transaction.atomic
def resolve_escalation(case: Case | int, *, actor: User, outcome: str, reason: str, expected_revision: int | None = None) -> Case:
    if outcome not in EscalationOutcome.values:
        raise DomainError(_("Vui lòng chọn kết quả xử lý."), field="outcome")
    return apply_transition(
        case,
        "resolve_escalation",
        actor=actor,
        reason=_require_reason(reason),
        event_data={"outcome": outcome},
        outcome=outcome,
        expected_revision=expected_revision,
    )


@transaction.atomic
def close_case(case: Case | int, *, actor: User, reason_code: str, reason: str = "", expected_revision: int | None = None) -> Case:
    """Close with a reason code. Callers end what hangs on the case in the same transaction
    (workflows.lifecycle.close_case)."""
    if reason_code not in CloseReason.values or reason_code == CloseReason.TRANSFERRED:
        raise DomainError(_("Vui lòng chọn lý do kết thúc hợp lệ."), field="reason_code")
    if reason_code == CloseReason.OTHER:
        _require_reason(reason)
    return apply_transition(
        case,
        "close",
        actor=actor,
        reason=reason or str(CloseReason(reason_code).label),
        event_data={"reason_code": reason_code},
        reason_code=reason_code,
        expected_revision=expected_revision,
    )


@transaction.atomic
def transfer_case(case: Case | int, *, actor: User, to_area, reason: str, expected_revision: int | None = None) -> Case:
    """The person moves: close here (transferred) and open a linked case, identified, at the
    destination. Returns the new case. Callers end what hangs on the old case in the same
    transaction (workflows.lifecycle.transfer_case)."""
    reason = _require_reason(reason)
    pk = case.pk if isinstance(case, Case) else case

    def _check(locked: Case) -> None:
        if to_area is None:
            raise DomainError(_("Vui lòng chọn khu dân cư nơi đến."), field="to_area")
        if to_area.pk == locked.area_id:
            raise DomainError(_("Khu dân cư nơi đến phải khác nơi hiện tại."), field="to_area")

    old = apply_transition(
        pk,
        "transfer",
        actor=actor,
        reason=reason,
        check=_check,
        event_data={"to_area": to_area.pk if to_area else None, "to_area_name": str(to_area)},
        expected_revision=expected_revision,
    )
    if old.mentor_user_id:
        remove_perm(MENTOR_PERMISSION, old.mentor_user, old)
    subject = old.subject
    subject.area = to_area
    save_with_history(subject, actor=actor, reason=_("Chuyển nơi cư trú"))
    new = Case(subject=subject, area=to_area, commune_id=to_area.commune_id, opened_by=actor, transferred_from=old)
    save_with_history(new, actor=actor, reason=reason)
    record_event(
        new,
        actor=actor,
        transition="transfer_in",
        from_state="",
        to_state=new.status,
        reason=reason,
        data={"from_case": old.pk, "from_area_name": str(old.area)},
    )
    return new


def _access_rows(case_ids, *, user: User, action: str, reason: str = "", ip_address: str | None = None) -> list:
    """One access-log row per case, with the user's roles at that moment (the one writer of
    AccessLog rows: a look, a lookup, an export)."""
    from accounts.selectors import user_scope
    from cases.models import AccessLog

    roles = ",".join(sorted(user_scope(user).roles))
    now = timezone.now()
    return AccessLog.objects.bulk_create(
        AccessLog(user=user, roles=roles, case_id=pk, action=action, ip_address=ip_address, reason=reason, at=now) for pk in case_ids
    )


def _stated_reason(reason_code: str, reason_text: str, *, choose: str, explain: str) -> str:
    """The reason text, checked: a known reason code, and words for "other" (`choose` and
    `explain` are the refusals)."""
    from cases.audit import AccessReason

    reason_text = (reason_text or "").strip()
    if reason_code not in AccessReason.values:
        raise DomainError(choose, field="reason_code")
    if reason_code == AccessReason.OTHER and not reason_text:
        raise DomainError(explain, field="reason_text")
    return reason_text


@transaction.atomic
def record_access(case: Case, *, user: User, action: str, ip_address: str | None = None, reason: str = ""):
    return _access_rows([case.pk], user=user, action=action, reason=reason, ip_address=ip_address)[0]


@transaction.atomic
def record_lookup(cases, *, user: User, reason_code: str, reason_text: str = "", ip_address: str | None = None):
    """The province lookup lists people only with a stated reason: one access-log row
    (action "lookup", carrying the reason) per case shown."""
    from cases.audit import AccessGrant
    from cases.models import AccessLog

    reason_text = _stated_reason(
        reason_code, reason_text, choose=_("Vui lòng chọn lý do tra cứu."), explain=_("Vui lòng ghi rõ lý do tra cứu.")
    )
    reason = AccessGrant(reason_code=reason_code, reason_text=reason_text).reason
    return _access_rows([c.pk for c in cases], user=user, action=AccessLog.Action.LOOKUP, reason=reason, ip_address=ip_address)


def record_exports(case_ids, *, user: User, reason: str, ip_address: str | None = None) -> None:
    """One access-log row (action "export") per case written into a file the user downloads
    (the case list's Excel export calls this per chunk of rows)."""
    from cases.models import AccessLog

    _access_rows(case_ids, user=user, action=AccessLog.Action.EXPORT, reason=reason, ip_address=ip_address)


# --- accountability: stated reasons, concerns, notifications ---------------------------------


@transaction.atomic
def grant_access(case: Case, *, user: User, reason_code: str, reason_text: str = "", ip_address: str | None = None):
    """Record the reason an officer gives to open a case outside their own active work.
    The grant lasts DONG_HANH["ACCESS_GRANT_HOURS"] hours."""
    import datetime as dt

    from django.conf import settings

    from cases.audit import AccessGrant

    reason_text = _stated_reason(
        reason_code, reason_text, choose=_("Vui lòng chọn lý do truy cập."), explain=_("Vui lòng ghi rõ lý do truy cập.")
    )
    hours = settings.DONG_HANH.get("ACCESS_GRANT_HOURS", 4)
    now = timezone.now()
    return AccessGrant.objects.create(
        user=user,
        case=case,
        reason_code=reason_code,
        reason_text=reason_text,
        ip_address=ip_address,
        granted_at=now,
        expires_at=now + dt.timedelta(hours=hours),
    )


@transaction.atomic
def flag_concern(case: Case | int, *, actor: User, kind: str, note: str) -> CaseEvent:
    """A mentor (or the head, or the front) flags a concern: possible reoffence, lost
    contact… The state does not change; a CaseEvent `concern_flagged` is written and the
    head of the khu dân cư and the commune police are notified in the application."""
    from accounts.models import Membership, Role
    from cases.audit import ConcernKind, Notification

    locked = lock_case(case)
    policy.require(policy.can_flag_concern(actor, locked))
    if kind not in ConcernKind.values:
        raise DomainError(_("Vui lòng chọn loại dấu hiệu."), field="kind")
    note = _require_reason(note)
    event = record_event(
        locked,
        actor=actor,
        transition="concern_flagged",
        from_state=locked.status,
        to_state=locked.status,
        reason=note,
        data={"kind": kind},
    )
    recipients = (
        Membership.objects.active()
        .filter(Q(role=Role.COMMITTEE_HEAD, area_id=locked.area_id) | Q(role=Role.COMMUNE_POLICE, commune_id=locked.commune_id))
        .exclude(user=actor)
        .values_list("user_id", flat=True)
        .distinct()
    )
    message = _("%(who)s phản ánh dấu hiệu vi phạm ở hồ sơ #%(pk)d (%(name)s): %(kind)s.") % {
        "who": actor.display_name,
        "pk": locked.pk,
        "name": locked.subject.full_name,
        "kind": ConcernKind(kind).label,
    }
    Notification.objects.bulk_create(
        [Notification(recipient_id=uid, case=locked, kind="concern_flagged", message=message) for uid in set(recipients)]
    )
    return event


def mark_notification_read(notification, *, user) -> None:
    if notification.recipient_id != user.pk:
        raise PermissionRefused(_("Thông báo này không dành cho bạn."))
    if notification.read_at is None:
        type(notification).objects.filter(pk=notification.pk).update(read_at=timezone.now())


# --- correcting a person's profile --------------------------------------------------------------


@transaction.atomic
def update_subject(case: Case | int, *, actor: User, reason: str, expected_revision: int | None = None, **changes: Any) -> Subject:
    """Correct the profile of the person of an open case. The old values stay in history;
    the case gets a `subject_updated` event naming the fields that changed (not their values:
    the history diff shows those to whoever may read them)."""
    reason = _require_reason(reason)
    locked = lock_case(case, expected_revision=expected_revision)
    policy.require(policy.can_edit_subject(actor, locked))
    subject = Subject.objects.select_for_update().get(pk=locked.subject_id)
    if "classification" in changes and changes["classification"] != subject.classification:
        policy.require(policy.can_classify(actor, locked), field="classification")
    changes.pop("area", None)  # a move is a transfer, never an edit
    changed = [name for name, value in changes.items() if getattr(subject, name) != value]
    if not changed:
        raise DomainError(_("Không có thông tin nào thay đổi."))
    before = {name: getattr(subject, name) for name in changed}
    for name in changed:
        setattr(subject, name, changes[name])
    try:
        subject.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], field=None if field == "__all__" else field) from exc
    # What the model's checks normalise ("0912 345 678" is the stored 0912345678) is no change.
    changed = [name for name in changed if getattr(subject, name) != before[name]]
    if not changed:
        raise DomainError(_("Không có thông tin nào thay đổi."))
    save_with_history(subject, actor=actor, reason=reason)
    if "classification" in changed:
        from cases.legal_services import record_classification

        record_classification(subject, actor=actor, classification=subject.classification, note=reason)
    bump_revision(locked)
    record_event(locked, actor=actor, transition="subject_updated", reason=reason, data={"fields": changed})
    return subject


def bump_revision(case: Case) -> None:
    """A change of the case's record outside a transition (the person's profile): forms
    loaded before it are stale."""
    Case.objects.filter(pk=case.pk).update(revision=F("revision") + 1)
    case.revision += 1
