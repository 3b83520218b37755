"""INSERT … SELECT for a model: many rows written by one statement that the database fills
from rows it already has, instead of a model instance per row (Django's bulk_create prepares
every field of every instance in Python: about 1 ms per case for the quarter opening's seven
rows, most of the opening's time at 700,000 cases).

`insert_select(model, template, computed, source, params)` writes one row of `model` per row
of `source` (a FROM … WHERE … clause): every concrete column but the automatic primary key
takes the `template` instance's value, prepared by its field once for all rows as bulk_create
would (defaults, auto_now_add, JSON, viewflow's reference fields), unless `computed` gives an
SQL expression over `source` for that column. Portable between PostgreSQL and SQLite.
"""

from __future__ import annotations

from django.db import connection


def insert_select(
    model,
    template,
    computed: dict[str, str],
    source: str,
    params: list,
    *,
    on_conflict_ignore: bool = False,
    returning: str | tuple[str, ...] = "",
):
    """Returns the number of rows written, or with `returning` (a column) the list of its
    values for the rows written (with a tuple of columns, a tuple per row), in no promised
    order. With `on_conflict_ignore`, the rows skipped are not written, so not returned."""
    quote = connection.ops.quote_name
    columns, select, values = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.column not in computed and field.get_internal_type() in ("AutoField", "BigAutoField"):
            continue
        columns.append(quote(field.column))
        if field.column in computed:
            select.append(computed[field.column])
        else:
            select.append("%s")
            values.append(field.get_db_prep_save(field.pre_save(template, add=True), connection))
    unknown = set(computed) - {f.column for f in model._meta.concrete_fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no column {sorted(unknown)}")
    # "WHERE true" lets SQLite's parser read ON CONFLICT after a SELECT (source has its WHERE)
    tail = " ON CONFLICT DO NOTHING" if on_conflict_ignore else ""
    if returning:
        tail += " RETURNING " + ", ".join(quote(c) for c in ((returning,) if isinstance(returning, str) else returning))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)}) SELECT {', '.join(select)} {source}{tail}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *params])
        if not returning:
            return cursor.rowcount
        return [row[0] for row in cursor.fetchall()] if isinstance(returning, str) else [tuple(row) for row in cursor.fetchall()]


def in_ids(column: str, ids: list[int]) -> tuple[str, list]:
    """`column IN (the ids)` as SQL and its parameters: one array parameter on PostgreSQL
    (`= ANY(%s)`: the driver then formats one value, not a placeholder per id, which was a
    tenth of the quarter opening's Python time), a placeholder per id elsewhere."""
    if not ids:
        return "1 = 0", []
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(ids)]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)
