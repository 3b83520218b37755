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


def register() -> None:
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
