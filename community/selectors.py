"""Reads of the registries, each list one query (or a fixed few), whatever its length."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import user_scope
from areas.models import Commune, ResidentialArea
from cases.models import QuarterlyReview
from cases.selectors import visible_cases
from community import policy
from community.models import (
    AreaCommitment,
    AreaHouseholds,
    Cadre,
    CommunityModel,
    CoreGroupMeeting,
    HouseholdCommitment,
    ModelArea,
    Recognition,
    ReviewMeeting,
    SafeRecognition,
    TrainingAttendance,
    TrainingSession,
)
from mentors.models import Branch, Mentor


def today() -> dt.date:
    return timezone.localdate()


def get_area_for_user(user, pk: int) -> ResidentialArea:
    area = ResidentialArea.objects.select_related("commune").filter(pk=pk).first()
    if area is None:
        raise Http404(_("Không tìm thấy khu dân cư."))
    decision = policy.can_read_area(user, area)
    if not decision:
        raise PermissionDenied(decision.reason)
    return area


def get_commune_for_user(user, pk: int) -> Commune:
    commune = Commune.objects.filter(pk=pk).first()
    if commune is None:
        raise Http404(_("Không tìm thấy xã/phường."))
    decision = policy.can_read_commune(user, commune)
    if not decision:
        raise PermissionDenied(decision.reason)
    return commune


def home_place(user) -> tuple[str, int] | None:
    """Where a user's registries open: the commune of a front officer or police officer, else
    the (first) khu dân cư of a head."""
    scope = user_scope(user)
    communes = sorted(scope.front_commune_ids | scope.police_commune_ids)
    if communes:
        return "commune", communes[0]
    if scope.head_area_ids:
        return "area", sorted(scope.head_area_ids)[0]
    return None


def _trained_this_year(year: int):
    return Exists(
        TrainingAttendance.objects.filter(
            cadre=OuterRef("pk"), ended_on__isnull=True, session__ended_on__isnull=True, session__held_on__year=year
        )
    )


def cadres_of(*, commune: Commune, area: ResidentialArea | None, year: int):
    """The cadres on the list (of a khu dân cư, or of the whole commune), with `trained` this year."""
    qs = Cadre.objects.filter(commune=commune, ended_on__isnull=True)
    qs = qs.filter(area=area) if area is not None else qs.filter(area__isnull=True)
    return qs.annotate(trained=_trained_this_year(year)).order_by("full_name")


def sessions_of(commune: Commune, *, since: dt.date | None = None):
    qs = TrainingSession.objects.filter(commune=commune, ended_on__isnull=True)
    if since:
        qs = qs.filter(held_on__gte=since)
    return qs.annotate(attendees=Count("attendances", filter=Q(attendances__ended_on__isnull=True))).order_by("-held_on", "-pk")


def area_registry(area: ResidentialArea, *, year: int) -> dict:
    """Everything the head's page lists for his khu dân cư: a fixed number of queries."""
    return {
        "households": AreaHouseholds.objects.filter(area=area).first(),
        "commitments": list(AreaCommitment.objects.filter(area=area).order_by("-year", "-signed_on")[:10]),
        "families": list(HouseholdCommitment.objects.filter(area=area, year=year).select_related("case__subject").order_by("household")),
        "cadres": list(cadres_of(commune=area.commune, area=area, year=year)),
        "attendances": list(
            TrainingAttendance.objects.filter(cadre__area=area, session__held_on__year=year)
            .select_related("cadre", "session")
            .order_by("-session__held_on", "cadre__full_name")
        ),
        "models": list(CommunityModel.objects.filter(area=area).select_related("kind").order_by("ended_on", "kind__order", "name")),
        "core_meetings": list(CoreGroupMeeting.objects.filter(community_model__area=area).select_related("community_model")[:20]),
        "review_meetings": list(
            ReviewMeeting.objects.filter(area=area).annotate(decided=Count("items", filter=Q(items__ended_on__isnull=True)))[:12]
        ),
        "recognitions": list(Recognition.objects.filter(area=area).select_related("case__subject", "mentor", "branch")[:20]),
        "safe": list(SafeRecognition.objects.filter(area=area)[:10]),
        "model_area": ModelArea.objects.filter(area=area, ended_on__isnull=True).first(),
    }


def commune_registry(commune: Commune, *, year: int) -> dict:
    return {
        "sessions": list(sessions_of(commune, since=dt.date(year, 1, 1))),
        "cadres": list(cadres_of(commune=commune, area=None, year=year)),
        "recognitions": list(
            Recognition.objects.filter(commune=commune, recognised_on__year=year).select_related(
                "case__subject", "mentor", "branch", "area"
            )
        ),
        "model_areas": list(ModelArea.objects.filter(area__commune=commune).select_related("area")),
        "safe": list(SafeRecognition.objects.filter(area__commune=commune, year=year).select_related("area")),
    }


# --- choices for the forms --------------------------------------------------------------------------


def area_cases(area: ResidentialArea, user):
    """The people of khu dân cư `area` a form may offer `user`: only cases the user may open
    (cases.selectors.visible_cases, the one rule), never the whole table filtered by place."""
    return visible_cases(user).filter(area=area).select_related("subject").order_by("subject__full_name")


def commune_cases(commune: Commune, user):
    """As area_cases, for the whole commune."""
    return visible_cases(user).filter(commune=commune).select_related("subject").order_by("subject__full_name")


def place_users(commune: Commune, area: ResidentialArea | None):
    q = Q(memberships__commune=commune) | Q(memberships__area__commune=commune) if area is None else Q(memberships__area=area)
    return User.objects.filter(q, memberships__is_active=True, is_active=True).distinct().order_by("full_name")


def attendance_choices(commune: Commune, area: ResidentialArea | None) -> dict:
    since = today() - dt.timedelta(days=366)
    cadres = Cadre.objects.filter(commune=commune, ended_on__isnull=True).order_by("full_name")
    if area is not None:
        cadres = cadres.filter(area=area)
    return {
        "sessions": TrainingSession.objects.filter(commune=commune, ended_on__isnull=True, held_on__gte=since).order_by("-held_on"),
        "cadres": cadres,
    }


def area_models(area: ResidentialArea):
    return CommunityModel.objects.filter(area=area, ended_on__isnull=True).order_by("name")


def area_reviews(area: ResidentialArea, quarters: list[str]):
    return (
        QuarterlyReview.objects.filter(case__area=area, quarter__in=quarters, cancelled_at__isnull=True)
        .select_related("case__subject")
        .order_by("case__subject__full_name")
    )


def recognition_choices(commune: Commune, area: ResidentialArea | None, user) -> dict:
    cases = area_cases(area, user) if area is not None else commune_cases(commune, user)
    mentors = Mentor.objects.filter(commune=commune, is_active=True).order_by("full_name")
    branches = Branch.objects.filter(commune=commune, is_active=True)
    if area is not None:
        branches = branches.filter(Q(area=area) | Q(area__isnull=True))
    return {"cases": cases, "mentors": mentors, "branches": branches.order_by("name")}


def recent_quarters(day: dt.date, count: int = 4) -> list[str]:
    """The current quarter and the ones before it, latest first."""
    year, q = day.year, (day.month - 1) // 3 + 1
    out = []
    for _i in range(count):
        out.append(f"{year}Q{q}")
        year, q = (year - 1, 4) if q == 1 else (year, q - 1)
    return out
