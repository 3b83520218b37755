"""The case list's first page comes from an index in its order (migration cases 0018): at
national scale a commune has hundreds of cases and sorting them all for 25 rows cost 4 ms of
the page's SQL at 1,000,000 cases (0.8 ms from the index)."""

from __future__ import annotations

import pytest

from cases import registry
from cases.selectors import filtered_cases
from tests.plans import plan_of, seqscans_priced_out

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _first_page_plan(user) -> str:
    qs = filtered_cases(user, None, list(registry.list_extensions.values()))[:25]
    sql, params = qs.query.sql_with_params()
    with seqscans_priced_out("sort"):
        return plan_of(sql, params)


@pytest.mark.parametrize(
    ("role", "index"), [("front", "case_commune_opened"), ("police", "case_commune_opened"), ("head", "case_area_opened")]
)
def test_the_first_page_of_a_place_is_read_in_order_from_its_index(world, make_case, role, index):
    for _ in range(3):
        make_case("assigned")
    plan = _first_page_plan(getattr(world, role))
    assert index in plan, plan
    assert "Sort" not in plan, plan
