"""What mentors adds to the case page and case list (see cases.registry)."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from cases import registry
from cases.models import CaseStatus
from mentors import policy


def _assignment_panel(request, view):
    from mentors.selectors import current_assignment

    return {"assignment": current_assignment(view.case)}


def _can_assign(request, view) -> bool:
    return bool(policy.can_assign(request.user, view.case))


def _annotate(qs):
    from mentors.models import Assignment

    current = Assignment.objects.filter(case=OuterRef("pk"), ended_at__isnull=True)
    return qs.annotate(
        mentor_name=Subquery(current.values("mentor__full_name")[:1]),
        branch_name=Subquery(current.values("branch__name")[:1]),
    )


def _mentor_choices(user):
    from config.vietnamese import sort_key
    from mentors.selectors import mentors_in_scope

    return sorted(((str(m.pk), m.full_name) for m in mentors_in_scope(user)), key=lambda choice: sort_key(choice[1]))


def _filter_by_mentor(qs, value):
    return qs.filter(assignments__mentor_id=value, assignments__ended_at__isnull=True)


def _visit_entries(view, case) -> list[registry.TimelineEntry]:
    """Visits on the case timeline, filtered by the reader's projection: the sensitive note
    only for readers who see sensitive notes and for the user who recorded it."""
    from django.urls import reverse

    from mentors.models import Visit
    from mentors.selectors import case_visits

    labels = {
        name: Visit._meta.get_field(name).verbose_name
        for name in (
            "place",
            "duration_minutes",
            "present",
            "work_study",
            "family_community",
            "health",
            "substance_use",
            "compliance",
            "support_needs",
            "notes",
        )
    }
    entries = []
    for visit, sees_sensitive in case_visits(view, case):
        lines = []
        for name, label in labels.items():
            value = getattr(visit, name)
            if value not in (None, ""):
                lines.append(f"{str(label).capitalize()}: {value}")
        if visit.next_contact_on:
            lines.append(f"{_('Dự kiến tiếp xúc lần sau')}: {visit.next_contact_on:%d/%m/%Y}")
        if sees_sensitive and visit.sensitive_note:
            lines.append(f"{_('Ghi chú hạn chế')}: {visit.sensitive_note}")
        title = f"{_('Tiếp xúc')}: {visit.get_mode_display()}"
        if visit.corrected_at:
            title = f"{title} ({_('đã sửa')})"
        url = ""
        if visit.recorded_by_id == view.user.pk and not case.is_terminal:
            url = reverse("mentors:visit_correct", args=[visit.pk])
        entries.append(
            registry.TimelineEntry(
                at=visit.visited_at,
                kind="visit",
                title=title,
                body="\n".join(lines),
                actor=visit.mentor.full_name,
                url=url,
                extra={"visit_id": visit.pk},
            )
        )
    return entries


def _contact_panel(request, view):
    """Last and next contact with the needs-contact flag, for readers who see contact."""
    from mentors.selectors import cadence_days, needs_contact, with_contact

    case = view.case
    if not view.sees_contact or case.status == CaseStatus.IDENTIFIED:
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


def _can_log_visit(request, view) -> bool:
    return bool(policy.can_log_visit(request.user, view.case))


def _is_mentor(request) -> bool:
    return policy.may_use_mentor_home(request.user)


def _is_supervisor(request) -> bool:
    return policy.may_supervise(request.user)


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
    registry.register_panel(
        registry.Panel(key="assignment", template="mentors/includes/assignment_panel.html", context=_assignment_panel, order=10)
    )
    registry.register_action("assign", _("Phân công / phân công lại"), "lifecycle:assign", _can_assign)
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
