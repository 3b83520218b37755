"""Report source for the legal evaluations (issue 11, Thông tư 65/2019/TT-BCA): evaluations
falling due in the period, those recorded by their due date, and those not recorded by the
period's end. One grouped query, additive like every source of reports.indicators."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from django.db.models import Count, F, Q


def evaluation_source(period, root, grain) -> Iterator:
    from cases.models import LegalTask, LegalTaskKind, LegalTaskStatus
    from config.rollup import rolled_up_queryset
    from reports.indicators import CASE_PATHS, _prefixed, grain_fields, scope_q

    paths = _prefixed(CASE_PATHS, "case__")
    due = Q(kind=LegalTaskKind.EVALUATION, due_on__gte=period.start, due_on__lte=period.end) & ~Q(status=LegalTaskStatus.CANCELLED)
    on_time = Q(status=LegalTaskStatus.DONE, done_on__lte=F("due_on"))
    not_done_at_end = ~Q(status=LegalTaskStatus.DONE) | Q(done_on__gt=period.end)
    qs = (
        LegalTask.objects.filter(scope_q(root, paths))
        .filter(due)
        .values(*grain_fields(grain, paths))
        .annotate(due=Count("pk"), on_time=Count("pk", filter=on_time), overdue=Count("pk", filter=not_done_at_end))
        .order_by()
    )
    for keys, row in rolled_up_queryset(qs, root, grain, paths):
        yield (
            keys,
            Counter(evaluations_due=row["due"], evaluations_on_time=row["on_time"], evaluations_overdue=row["overdue"]),
        )
