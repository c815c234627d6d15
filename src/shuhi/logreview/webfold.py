"""Folding ordinary web requests into per-user-per-day counts while the CSV is read.

Web requests are most of the events (28 of the 33 million in CERT r4.2), and almost all of them
are ordinary browsing: apart from the total and the after-hours count, no indicator looks at
them and no example is drawn from them. Rewriting them into the store was most of the cost of a
review. So, in the one pass of DuckDB's CSV reader over a CERT `http.csv`:

- a request that could carry any other flag (its URL mentions a listed domain or keyword, or it
  is a download or upload) is kept as an event, as before; the cheap test here only has to be a
  superset of what `features.classify` flags, which still decides exactly;
- every other request is only counted, per user and day: `events` and `after_hours`.

The kept rows depend on the context (domain and keyword lists, working hours), so the store
remembers the context fingerprint the file was folded under and re-reads the file when it
changes; appends under the same context stay incremental.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from .context import Context
from .formats import PARQUET_OPTIONS, SourceFile, host_of_url, lit

# Only CERT files: there the destination is derived from the URL, so testing the URL alone is a
# superset of the host tests. A generic mapping may name its own destination column.
FOLDABLE_SETS = ("r4.2", "r6.2")
CATEGORIES = ("cloud_storage", "leak_sites", "job_sites", "competitors")


def foldable(source: SourceFile, ctx: Context | None) -> bool:
    return ctx is not None and source.kind == "http" and source.column_set in FOLDABLE_SETS


def fold_key(ctx: Context) -> str:
    return ctx.feature_fingerprint()


def _escape(text: str) -> str:
    # RE2 accepts a backslash before any ASCII punctuation; letters, digits and non-ASCII stay.
    return "".join("\\" + ch if ch.isascii() and not (ch.isalnum() or ch == "_") else ch for ch in text)


def mentioned_sql(ctx: Context, column: str) -> str:
    """True when the column mentions any listed domain or keyword, case-insensitively. One RE2
    alternation: several times cheaper per row than lower() followed by a contains() per item."""
    items = sorted({d for c in CATEGORIES for d in ctx.domains(c)} | set(ctx.keywords("suspicious")))
    if not items:
        return "false"
    pattern = "(?i)(" + "|".join(_escape(i) for i in items) + ")"
    return f"coalesce(regexp_matches({column}, {lit(pattern)}), false)"


def after_hours_sql(ctx: Context, column: str) -> str:
    """The same test as `features._after_hours` (weekdays counted from Monday = 0)."""
    hours = ctx.settings["working_hours"]
    test = f"(hour({column}) < {int(hours['start'])} OR hour({column}) >= {int(hours['end'])}"
    if hours.get("weekend"):
        days = ", ".join(str(int(d)) for d in hours["weekend"])
        test += f" OR isodow({column}) - 1 IN ({days})"
    return test + ")"


def fold_copy(
    con: duckdb.DuckDBPyConnection, typed: str, ctx: Context, out: Path, counts_out: Path
) -> int:
    """Write the kept rows of `typed` (the normalised SELECT) to `out` and the counts of the
    folded rest to `counts_out`; returns the number of rows folded (the kept ones are counted
    from `out`, as for every other part of the store)."""
    invalid = 'time IS NULL OR "user" IS NULL OR "user" = \'\' OR kind IS NULL'
    # Invalid rows are kept so that ingest counts them as bad rows exactly as before.
    keep = (
        f"{invalid} OR coalesce(action IN ('download', 'upload'), false) OR {mentioned_sql(ctx, 'object')}"
    )
    # Only the columns that vary are collected: a foldable source is a CERT `http.csv`, whose
    # normalising SELECT gives kind 'http' and no size or attributes, and the user is the group's.
    # Packing the whole event cost more than a second at r4.2 scale. The destination (the URL's
    # host) is derived again for the kept rows only, for the same reason.
    row = "struct_pack(time, host, action, object)"
    unpacked = (
        'k.time, "user", k.host, \'http\' AS kind, k.action, k.object, '
        f"{host_of_url('k.object')} AS destination, CAST(NULL AS BIGINT) AS size, CAST(NULL AS VARCHAR) AS attrs"
    )

    table = f"fold_{out.stem.replace('-', '_').replace('.', '_')}"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS "  # noqa: S608 - identifiers quoted by q(), values by lit()
        'SELECT "user", CAST(time AS DATE) AS day, count(*) FILTER (WHERE NOT keep) AS events, '
        "count(*) FILTER (WHERE NOT keep AND after) AS after_hours, "
        # CASE: DuckDB then builds the struct for the few kept rows only.
        f"list(CASE WHEN keep THEN {row} END) FILTER (WHERE keep) AS kept "
        f"FROM (SELECT *, ({keep}) AS keep, {after_hours_sql(ctx, 'time')} AS after "
        f"FROM (SELECT * EXCLUDE (destination) FROM ({typed}))) "
        "GROUP BY ALL"
    )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        rows = f'SELECT {unpacked} FROM (SELECT "user", unnest(kept) AS k FROM {table})'  # noqa: S608 - identifiers quoted by q(), values by lit()
        con.execute(f"COPY ({rows}) TO {lit(str(out))} {PARQUET_OPTIONS}")
        con.execute(
            f'COPY (SELECT "user", day, CAST(events AS BIGINT) AS events, '  # noqa: S608 - identifiers quoted by q(), values by lit()
            f"CAST(after_hours AS BIGINT) AS after_hours FROM {table} WHERE events > 0) "
            f"TO {lit(str(counts_out))} {PARQUET_OPTIONS}"
        )
        row = con.execute(f"SELECT coalesce(sum(events), 0) FROM {table}").fetchone()  # noqa: S608 - identifiers quoted by q(), values by lit()
    finally:
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return int(row[0]) if row else 0
