"""The place picker's look-up: khu dân cư matching what the user types, as JSON."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from areas.selectors import area_label, search_areas


@login_required
@require_GET
def place_search(request: HttpRequest) -> JsonResponse:
    # Places are not personal data; any signed-in user may look them up.
    areas = search_areas(request.GET.get("q", "")[:100])
    return JsonResponse({"results": [{"code": a.code, "label": area_label(a)} for a in areas]})
