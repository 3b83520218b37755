"""The case list's filters: one definition (the page's CaseFilterForm), one path
(cases.selectors.filtered_cases), described in the schema."""

from __future__ import annotations

import pytest
import yaml
from django.urls import reverse

from api.filters import case_filter
from cases import registry
from cases.forms import CaseFilterForm


def test_the_filterset_is_the_pages_form_and_the_extensions():
    names = set(case_filter().base_filters)
    extensions = {ext.filter_name for ext in registry.list_extensions.values() if ext.filter_name}
    assert names == set(CaseFilterForm.base_fields) | extensions
    assert {"q", "status", "category", "area", "mentor"} <= names


def test_the_schema_describes_every_filter(client, world):
    client.force_login(world.users["front"])
    schema = yaml.safe_load(client.get("/api/schema/").content)
    params = {p["name"]: p for p in schema["paths"]["/api/v1/cases/"]["get"]["parameters"]}
    assert set(case_filter().base_filters) <= set(params)
    assert "identified" in params["status"]["schema"]["enum"] and params["area"]["schema"]["type"] == "integer"
    assert params["q"]["description"] == "Tìm theo tên hoặc số định danh"


def test_the_api_filters_through_the_pages_selector(world, scenario, api_for, monkeypatch):
    import api.filters

    calls = []
    real = api.filters.filtered_cases

    def spy(user, data, extensions=()):
        calls.append((user, dict(data or {})))
        return real(user, data, extensions)

    monkeypatch.setattr(api.filters, "filtered_cases", spy)
    rows = api_for("head").get("/api/v1/cases/?q=kiểm&status=in_review").json()["results"]
    assert [r["id"] for r in rows] == [scenario.case.pk]
    assert calls and calls[-1][0] == world.users["head"]
    assert calls[-1][1]["q"] == "kiểm" and calls[-1][1]["status"] == "in_review"


@pytest.mark.parametrize("query", ["status=nope", "category=xyz", "area=999999", "mentor=abc"])
def test_the_same_bad_filter_gets_the_same_message_on_the_page_and_in_the_api(world, scenario, api_for, client, query):
    api = api_for("front").get(f"/api/v1/cases/?{query}")
    assert api.status_code == 400, api.content
    field = query.split("=")[0]
    assert api.json()["field"] == field
    client.force_login(world.users["front"])
    page = client.get(reverse("cases:list") + f"?{query}")
    # the page's form (which the page shows by ignoring the bad filter) holds the same message
    assert page.status_code == 200 and page.context["form"].errors[field] == api.json()["errors"][field]
