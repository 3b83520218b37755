"""Roll-ups in SQL: one grouped query gives a source's counts at every place level at once
(khu dân cư, xã, tỉnh and the report's root), so Python places each row once instead of
adding it to every level above it.

PostgreSQL: `GROUP BY ROLLUP(province, commune, area)`, with GROUPING() telling a rolled-up
level from a real NULL (a branch of the whole commune has no khu dân cư). SQLite has no
ROLLUP: the same grouped query once per level, UNION ALL, with the level as a literal. Both
give the same rows (reports/tests/test_rollup.py runs both on PostgreSQL and compares them
with the Python roll-up).

A rolled-up row says so in its keys: `{"at": level, <level>: id, …}` names the place it
stands for (`at` is "root" for the report's root), and reports.selectors puts its counts
there once; a row without "at" is summed up the tree in Python as before (sources that have
not moved to SQL, e.g. a new one, or counts that do not add up such as distinct quarters).
It lives in config (the project's shared code) so that community's sources use it too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection

# The place levels of a report, top down (reports.indicators.LEVELS). Here, not in reports, so
# that the sources of lower apps (community) roll up the same way.
LEVELS = ["nation", "province", "commune", "area"]

# How the levels are summed: None picks "rollup" on PostgreSQL and "union" elsewhere. Tests
# set the others to compare them: "union" on PostgreSQL too, and "python" (the grouped rows at
# the grain only, summed up the tree by reports.selectors._roll_up, as before this module).
MODE: str | None = None


def _mode() -> str:
    if MODE is None:
        return "rollup" if connection.vendor == "postgresql" else "union"
    if MODE == "rollup" and connection.vendor != "postgresql":
        return "union"
    return MODE


def rollup_sql(
    inner: str, levels: list[str], sums: list[tuple[str, str]], *, columns: list[str] | None = None, keys: list[str] = ()
) -> str:
    """`SELECT depth, <keys>, <levels>, SUM(expr) AS alias … FROM (inner) GROUP BY` each prefix
    of `levels` (place columns of `inner`, top down), and always by `keys` (e.g. a referral's
    type); `sums` are (alias, expression over inner's columns). `inner` is a CTE, written once
    (its parameters once, whichever form); `columns` names its columns when it does not
    (an ORM query's SQL). `depth` is how many levels the row is grouped by (0: the whole of
    `inner`). A row whose own level is a real NULL is left out (its counts are in the level
    above)."""
    cte = f"WITH src({', '.join(columns)}) AS ({inner})" if columns else f"WITH src AS ({inner})"
    # SUM of a bigint is a numeric in PostgreSQL (a Decimal in Python): back to whole numbers
    total = ", ".join(f"CAST(COALESCE(SUM({expr}), 0) AS BIGINT) AS {alias}" for alias, expr in sums)
    head = "".join(f"{k}, " for k in keys)
    mode = _mode()
    if mode == "python":
        # the grain rows only, real NULLs kept: reports.selectors._roll_up sums them up the tree
        group = f" GROUP BY {', '.join([*keys, *levels])}" if keys or levels else ""
        return f"{cte} SELECT {len(levels)} AS depth, {head}{', '.join(levels)}{', ' if levels else ''}{total} FROM src{group}"
    if mode == "rollup" and levels:
        cols = ", ".join(levels)
        # GROUPING(col) is 1 when the row is rolled up over col: depth = the levels not rolled up
        depth = " + ".join(f"(1 - GROUPING({col}))" for col in levels)
        own = " OR ".join([f"({depth}) = 0"] + [f"(({depth}) = {i + 1} AND {col} IS NOT NULL)" for i, col in enumerate(levels)])
        return f"{cte} SELECT {depth} AS depth, {head}{cols}, {total} FROM src GROUP BY {head}ROLLUP({cols}) HAVING {own}"
    parts = []
    # deepest first: the first SELECT of a UNION fixes the column types (a bare NULL is text)
    for d in range(len(levels), -1, -1):
        kept = levels[:d]
        cols = ", ".join([*kept, *[f"NULL AS {col}" for col in levels[d:]]])
        by = [*keys, *kept]
        group = f" GROUP BY {', '.join(by)}" if by else ""
        having = f" HAVING {kept[-1]} IS NOT NULL" if kept else ""
        parts.append(f"SELECT {d} AS depth, {head}{cols}{', ' if cols else ''}{total} FROM src{group}{having}")
    return cte + " " + " UNION ALL ".join(parts)


# The province order of a streamed read (`streamed_by`); None: rows fetched at once, unordered.
_STREAM_ORDER: ContextVar[tuple[int, ...] | None] = ContextVar("rollup_stream_order", default=None)
STREAM_BATCH = 500


@contextmanager
def streamed_by(provinces: list[int]):
    """Within this block, the queries rolled_up_rows *starts* (a source's generator runs its
    query at its first row) give their rows ordered by province, in the order of `provinces`
    (the row of the whole report and those of other provinces first), and read them as they
    are consumed: a server-side cursor on PostgreSQL, STREAM_BATCH rows at a time, so that a
    national query down to khu dân cư is held by the database, not in Python
    (reports.selectors.province_reports reads one province at a time from every source).
    Only rolled-up queries whose top level is the province are ordered; the caller checks
    the rows it is given. The order holds in this thread only (a context variable)."""
    token = _STREAM_ORDER.set(tuple(int(pid) for pid in provinces))
    try:
        yield
    finally:
        _STREAM_ORDER.reset(token)


def _streamed(query: str, params: list, column: str, order: tuple[int, ...]) -> Iterator[tuple]:
    """The rows of `query` ordered by `column` as `order` lists its values (others and NULL
    first), fetched in batches from a server-side cursor (PostgreSQL; a plain cursor on
    SQLite). The ids are written as integers: `order` holds ints only (streamed_by)."""
    rank = " ".join(f"WHEN {pid} THEN {i}" for i, pid in enumerate(order))
    ordered = f"SELECT * FROM ({query}) streamed ORDER BY CASE streamed.{column} {rank} END NULLS FIRST"
    with connection.chunked_cursor() as cursor:
        cursor.execute(ordered, params)
        while batch := cursor.fetchmany(STREAM_BATCH):
            yield from batch


def rolled_up_rows(
    sql: str, params: list, levels: list[str], sums: list[tuple[str, str]], *, columns=None, keys: list[str] = (), names=None
) -> Iterator[tuple[dict, tuple, tuple]]:
    """Run rollup_sql; yield ({level: id} down to the row's own level and "at": that level,
    key values, sums). Inside `streamed_by`, ordered by province and read as consumed."""
    query = rollup_sql(sql, levels, sums, columns=columns, keys=keys)
    order = _STREAM_ORDER.get()
    if order is not None and levels and (names or levels)[0] == "province" and _mode() != "python":
        rows = _streamed(query, params, levels[0], order)
    else:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            rows = cursor.fetchall()
    nk, nl = len(keys), len(levels)
    python = _mode() == "python"
    names = names or levels  # the level each place column holds
    # per depth: the level names of the place columns, the level the row stands for and the
    # slice of its place columns, made once (a national report down to khu dân cư reads about
    # 100,000 rows per source)
    named = [
        (names[:depth], None if python else (names[depth - 1] if depth else "root"), slice(1 + nk, 1 + nk + depth))
        for depth in range(nl + 1)
    ]
    key_part, sum_part = slice(1, 1 + nk), slice(1 + nk + nl, None)
    for row in rows:
        levels_of, at, place_part = named[row[0]]
        # levels_of and the slice are both `depth` long, by construction (strict costs a quarter)
        places = dict(zip(levels_of, row[place_part], strict=False))
        if at is not None:
            places["at"] = at
        yield places, row[key_part], row[sum_part]


def rolled_up_queryset(qs, root, grain: str, paths: dict[str, str], *, keys: list[str] = ()) -> Iterator[tuple[dict, dict]]:
    """A source's grouped ORM query (`.values(*place fields, *keys).annotate(counts…)`,
    grouped at `grain`), rolled up in SQL to every level below `root`: yields ({level: id},
    {key and count name: value}) per place, already summed. The count annotations must add
    up (COUNT, SUM)."""
    wanted = [level for level in LEVELS[1 : LEVELS.index(grain) + 1] if level in paths]
    fields = [paths[level] for level in wanted]
    counts = list(qs.query.annotation_select)
    sql, params = qs.query.sql_with_params()
    below = [level for level in wanted if LEVELS.index(level) > LEVELS.index(root.level)]
    # the ORM selects the values() fields in the order given, then the annotations
    columns = [f"p_{level}" for level in wanted] + [f"k{i}" for i in range(len(keys))] + [f"n{i}" for i in range(len(counts))]
    if len(qs.query.values_select) != len(fields) + len(keys):
        raise ValueError("values() must list the place fields then the keys")
    sums = [(f"n{i}", f"n{i}") for i in range(len(counts))]
    key_cols = [f"k{i}" for i in range(len(keys))]
    level_cols = [f"p_{level}" for level in below]
    names = [*keys, *counts]
    for places, key_values, values in rolled_up_rows(sql, list(params), level_cols, sums, columns=columns, keys=key_cols, names=below):
        yield places, dict(zip(names, key_values + values, strict=True))


def literal(value: str) -> str:
    """A code constant (a state, a category) as an SQL string literal."""
    if not value.replace("_", "").isalnum():
        raise ValueError(value)
    return f"'{value}'"
