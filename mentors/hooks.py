"""What mentors adds to the case page and case list (see cases.registry)."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from accounts.selectors import user_scope
from cases import registry
from cases.models import CaseStatus
from cases.permissions import may


def _assignment_panel(request, case):
    from mentors.selectors import current_assignment

    return {"assignment": current_assignment(case)}


def _can_assign(request, case) -> bool:
    if case.is_terminal:
        return False
    name = "assign" if case.status == CaseStatus.IDENTIFIED else "reassign"
    return may(request.user, case, name)


def _annotate(qs):
    from mentors.models import Assignment

    current = Assignment.objects.filter(case=OuterRef("pk"), ended_at__isnull=True)
    return qs.annotate(
        mentor_name=Subquery(current.values("mentor__full_name")[:1]),
        branch_name=Subquery(current.values("branch__name")[:1]),
    )


def _mentor_choices(user):
    from mentors.models import Mentor

    scope = user_scope(user)
    communes = scope.front_commune_ids | scope.police_commune_ids
    qs = Mentor.objects.filter(commune_id__in=communes) | Mentor.objects.filter(
        commune__areas__in=scope.head_area_ids
    )
    return [(str(m.pk), m.full_name) for m in qs.distinct().order_by("full_name")]


def _filter_by_mentor(qs, value):
    return qs.filter(assignments__mentor_id=value, assignments__ended_at__isnull=True)


def _visit_entries(user, case) -> list[registry.TimelineEntry]:
    """Visits on the case timeline, filtered for the viewer: the sensitive note only for the
    committee head, commune front, police and the user who recorded it."""
    from django.urls import reverse

    from mentors.models import Visit
    from mentors.selectors import case_visits

    labels = {name: Visit._meta.get_field(name).verbose_name for name in (
        "place", "duration_minutes", "present", "work_study", "family_community", "health", "substance_use",
        "compliance", "support_needs", "notes",
    )}
    entries = []
    for visit, sees_sensitive in case_visits(user, case):
        lines = []
        for name, label in labels.items():
            value = getattr(visit, name)
            if value not in (None, ""):
                lines.append(f"{str(label).capitalize()}: {value}")
        if visit.next_contact_on:
            lines.append(f"{_('Dự kiến tiếp xúc lần sau')}: {visit.next_contact_on:%d/%m/%Y}")
        if sees_sensitive and visit.sensitive_note:
            lines.append(f"{_('Ghi chú mật')}: {visit.sensitive_note}")
        title = f"{_('Tiếp xúc')}: {visit.get_mode_display()}"
        if visit.corrected_at:
            title = f"{title} ({_('đã sửa')})"
        url = ""
        if visit.recorded_by_id == user.pk and not case.is_terminal:
            url = reverse("mentors:visit_correct", args=[visit.pk])
        entries.append(
            registry.TimelineEntry(
                at=visit.visited_at, kind="visit", title=title, body="\n".join(lines), actor=visit.mentor.full_name, url=url,
                extra={"visit_id": visit.pk},
            )
        )
    return entries


def _contact_panel(request, case):
    """Last and next contact with the needs-contact flag: for the mentor and the supervisors,
    not for labour officers."""
    from cases.permissions import FRONT, HEAD, MENTOR, POLICE, case_roles
    from mentors.selectors import cadence_days, needs_contact, with_contact

    roles = case_roles(request.user, case)
    if not roles & {MENTOR, HEAD, FRONT, POLICE} or case.status == CaseStatus.IDENTIFIED:
        return None
    annotated = with_contact(type(case).objects.filter(pk=case.pk)).values("last_contact", "next_contact_on").first()
    case.last_contact = annotated["last_contact"]
    case.next_contact_on = annotated["next_contact_on"]
    return {
        "last_contact": case.last_contact,
        "next_contact_on": case.next_contact_on,
        "needs_contact": needs_contact(case),
        "cadence_days": cadence_days(case.subject.category),
        # after a visit is saved, the draft kept on the phone is cleared (static/js/visit_draft.js)
        "saved_draft": request.GET.get("saved", "")[:40],
    }


def _can_log_visit(request, case) -> bool:
    from mentors.selectors import may_log_visit

    return may_log_visit(request.user, case)


def _is_mentor(request) -> bool:
    from accounts.models import Role

    return Role.MENTOR in user_scope(request.user).roles


def _is_supervisor(request) -> bool:
    scope = user_scope(request.user)
    return bool(scope.head_area_ids or scope.front_commune_ids)


def register() -> None:
    from accounts import navigation

    navigation.register(
        navigation.NavItem(key="mentor_home", label=_("Người tôi giúp đỡ"), url_name="mentors:home", order=15, visible=_is_mentor)
    )
    navigation.register(
        navigation.NavItem(key="caseload", label=_("Người giúp đỡ"), url_name="mentors:caseload", order=30, visible=_is_supervisor)
    )
    registry.register_timeline_source(registry.TimelineSource(kind="visit", entries=_visit_entries))
    registry.register_panel(registry.Panel(key="contact", template="mentors/includes/contact_panel.html", context=_contact_panel, order=12))
    registry.register_action("log_visit", _("Ghi nhận tiếp xúc"), "mentors:visit_log", _can_log_visit)
    registry.register_panel(registry.Panel(key="assignment", template="mentors/includes/assignment_panel.html", context=_assignment_panel, order=10))
    registry.register_action("assign", _("Phân công / phân công lại"), "mentors:assign", _can_assign)
    registry.register_list_extension(
        registry.ListExtension(
            key="mentor",
            annotate=_annotate,
            filter_name="mentor",
            filter_label=_("Người giúp đỡ"),
            filter_choices=_mentor_choices,
            filter_apply=_filter_by_mentor,
            column=(_("Người giúp đỡ"), "mentor_name"),
        )
    )
