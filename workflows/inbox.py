"""The task inbox ("Việc cần làm") of every role: the open viewflow tasks of a user (the
quarterly reviews), described per flow, and the open referrals of the user's labour office,
read straight from the referrals (support.selectors; their status is their one state).

Each flow registers a describer: `describe(tasks) -> {task_pk: TaskInfo}` that loads whatever
it needs for the whole list in one query (the inbox query count stays constant). A flow may
also name nodes whose tasks an active deputy receives (workflows.models.Delegation), and a
queue: `queue(user) -> Q | None`, the open tasks of that flow the user shares with others
(e.g. every labour officer of the receiving office sees the office's referral tasks, whoever
the task is assigned to). A queue adds no query of its own: it is a condition (or subquery)
ORed into the one task query; None when the user has no share in the flow.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

OPEN_STATUSES = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)
# The statuses of a task in someone's inbox; the partial index (migration 0005) has the same list.
OPEN_TASK_STATUSES = [STATUS.ASSIGNED, STATUS.STARTED]


@dataclass
class TaskInfo:
    title: str
    url: str = ""
    subtitle: str = ""
    due_on: dt.date | None = None
    case_id: int | None = None


@dataclass
class InboxEntry:
    task: Any
    info: TaskInfo
    on_behalf_of: Any = None
    assigned_to: Any = None  # a shared-queue task currently assigned to someone else

    @property
    def overdue(self) -> bool:
        return self.info.due_on is not None and timezone.localdate() > self.info.due_on


_describers: dict[Any, Callable[[list], dict[int, TaskInfo]]] = {}
_delegable_nodes: list[Any] = []
_queues: dict[Any, Callable[[Any], Q | None]] = {}


def register_flow(
    flow_class,
    describe: Callable[[list], dict[int, TaskInfo]],
    delegable_nodes: Iterable = (),
    queue: Callable[[Any], Q | None] | None = None,
) -> None:
    _describers[flow_class] = describe
    if queue is not None:
        _queues[flow_class] = queue
    else:
        _queues.pop(flow_class, None)
    for node in delegable_nodes:
        if node not in _delegable_nodes:
            _delegable_nodes.append(node)


def delegable_nodes() -> list:
    return list(_delegable_nodes)


def _principal_ids(user) -> list[int]:
    """The heads who named the user deputy for today, resolved first (one small indexed query,
    delegation_deputy_period): a list of ids, so that the task query is plain index lookups
    instead of an `owner_id IN (subquery)` ORed into it, which PostgreSQL can only answer by
    scanning every task ever created."""
    from accounts.models import Delegation

    return list(Delegation.objects.active_on().filter(deputy=user).values_list("principal_id", flat=True).distinct())


def open_tasks_query(user):
    """Open human tasks the user owns, plus the delegable tasks of the heads who named them
    deputy for today, plus the tasks of the flows' shared queues the user belongs to.

    Index-backed at any size: the condition matches the partial index on the open human tasks
    by (owner, node) (workflows migration 0005, PostgreSQL and SQLite), so the query reads the
    user's open tasks only, however many done tasks the table holds. The principals are
    resolved first (one small query when the user has delegable nodes to inherit, at most once
    per request: the inbox page hands its count to the menu); a queue, if any flow registers one, is ORed in as its own condition."""
    q = Q(owner_id=user.pk)
    if _delegable_nodes:
        principals = _principal_ids(user)
        if principals:
            q |= Q(owner_id__in=principals, flow_task__in=_delegable_nodes)
    for queue in _queues.values():
        shared = queue(user)
        if shared is not None:
            q |= shared
    return Task.objects.filter(q, flow_task_type="HUMAN", status__in=OPEN_TASK_STATUSES)


def open_task_count(user) -> int:
    """The menu's badge: the user's open tasks and their office's open referrals (two indexed
    counts). The inbox page, which lists them anyway, gives the menu their number instead
    (workflows.views.inbox, workflows.hooks): the count is paid once per request."""
    from support.selectors import office_open_referrals

    return open_tasks_query(user).count() + office_open_referrals(user).count()


def _generic(task) -> TaskInfo:
    flow_class = task.flow_task.flow_class
    return TaskInfo(title=f"{flow_class.process_title}: {task.flow_task}")


def inbox_entries(user) -> list[InboxEntry]:
    """Soonest due first (overdue at the top), then tasks without a due date, newest first."""
    tasks = list(open_tasks_query(user).select_related("owner").order_by("-created", "-pk"))
    by_flow: dict[Any, list] = defaultdict(list)
    for task in tasks:
        by_flow[task.flow_task.flow_class].append(task)
    infos: dict[int, TaskInfo] = {}
    for flow_class, flow_tasks in by_flow.items():
        describe = _describers.get(flow_class)
        if describe is not None:
            infos.update(describe(flow_tasks))
    entries = _referral_entries(user) + [
        InboxEntry(
            task=t,
            info=infos.get(t.pk) or _generic(t),
            # a deputy acts for the owner; a shared (office) task is only assigned to a colleague
            on_behalf_of=t.owner if t.owner_id != user.pk and t.flow_task in _delegable_nodes else None,
            assigned_to=t.owner if t.owner_id not in (None, user.pk) and t.flow_task not in _delegable_nodes else None,
        )
        for t in tasks
    ]
    far = dt.date.max
    # Overdue and soonest due first; then the rest, newest first (the order built above).
    entries.sort(key=lambda e: (e.info.due_on is None, e.info.due_on or far))
    return entries


def _referral_entries(user) -> list[InboxEntry]:
    """The office's open referrals, need-to-know lines only (name, commune, type, next step):
    every active labour officer of the receiving commune sees them, whoever handled them last.
    Two queries (the referrals with their people, the open follow-ups)."""
    from django.urls import reverse

    from support.selectors import office_open_referrals, referral_next_step

    out = []
    for referral in office_open_referrals(user).select_related("case__subject", "commune", "officer"):
        step, due_on = referral_next_step(referral)
        out.append(
            InboxEntry(
                task=None,
                info=TaskInfo(
                    title=f"{step}: {referral.get_type_display()}",
                    subtitle=f"{referral.case.subject.full_name} · {referral.commune}",
                    url=reverse("support:detail", args=[referral.pk]),
                    due_on=due_on,
                ),
                assigned_to=referral.officer if referral.officer_id not in (None, user.pk) else None,
            )
        )
    return out
