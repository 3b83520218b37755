"""The menu's task count and the inbox at scale: index lookups (the partial index on open human
tasks by owner, migration 0005), the principals resolved first, the count paid once per page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.plans import plan_of, seqscans_priced_out
from workflows import services
from workflows.inbox import inbox_entries, open_task_count


def _queries_of(fn, *args):
    with CaptureQueriesContext(connection) as ctx:
        fn(*args)
    return [q["sql"] for q in ctx.captured_queries]


def test_the_count_and_the_inbox_make_a_constant_number_of_queries(world, make_case, open_review, django_assert_num_queries):
    world.mentor.caseload_limit = 50
    world.mentor.save()
    open_review(make_case("in_review"))
    user = world.mentor.user
    open_task_count(user)  # warm up: the user's scope is cached on the user object
    count_queries = len(_queries_of(open_task_count, user))
    assert count_queries == 2  # the principals, the open tasks (no labour office: no referral count)
    entries_queries = len(_queries_of(inbox_entries, user))
    for _ in range(4):
        open_review(make_case("in_review"))
    with django_assert_num_queries(count_queries):
        assert open_task_count(user) == 5
    with django_assert_num_queries(entries_queries):
        assert len(inbox_entries(user)) == 5


def test_the_inbox_page_pays_the_count_once(world, make_case, open_review, login):
    open_review(make_case("in_review"))
    client = login(world.mentor.user)
    client.get(reverse("workflows:inbox"))  # warm up
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("workflows:inbox"))
    assert response.status_code == 200
    task_queries = [q["sql"] for q in ctx.captured_queries if '"viewflow_task"' in q["sql"] and "COUNT(" in q["sql"].upper()]
    assert task_queries == []  # the badge reads the inbox's own number
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("cases:list"))
    assert len([q for q in ctx.captured_queries if '"viewflow_task"' in q["sql"]]) == 1  # other pages: one count


@pytest.mark.postgres
def test_the_task_queries_use_the_partial_index_not_a_scan_of_the_task_table(world, make_case, open_review):
    """On PostgreSQL with sequential scans priced out (as they are on a table of millions of
    done tasks), every query of the count and the inbox reading viewflow_task is an index scan
    of the partial index, also for a deputy (the delegated decide tasks of their head)."""
    open_review(make_case("in_review"))
    today = timezone.localdate()
    services.create_delegation(actor=world.head, deputy=world.head2, starts_on=today, ends_on=today + dt.timedelta(days=3))
    for user in (world.mentor.user, world.head2):
        sqls = _queries_of(open_task_count, user) + _queries_of(inbox_entries, user)
        task_sqls = [sql for sql in sqls if 'FROM "viewflow_task"' in sql]
        assert task_sqls, sqls
        with seqscans_priced_out():
            for sql in task_sqls:
                plan = plan_of(sql)
                assert "Seq Scan on viewflow_task" not in plan, plan
                assert "workflows_open_human_task_owner" in plan, plan
