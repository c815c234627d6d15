"""Folding ordinary web requests and mail into per-user-per-day counts while the CSV is read.

Web requests are most of the events (28 of the 33 million in CERT r4.2), and almost all of them
are ordinary browsing: apart from the total and the after-hours count, no indicator looks at
them and no example is drawn from them. Rewriting them into the store was most of the cost of a
review. Mail is the next largest (2.7 million), and most of it is internal mail without
attachments sent in working hours, which again only adds to the total. So, in the one pass of
DuckDB's CSV reader over a CERT `http.csv` or `email.csv`:

- an event that could carry any other flag is kept as an event, as before; the cheap test here
  only has to be a superset of what `features.classify` flags, which still decides exactly:
  - a web request whose URL mentions a listed domain or keyword, or that is a download or upload;
  - a message with attachments, sent after hours (an example of after-hours work), to at least
    the mass-mail number of recipients, or whose recipients mention a competitor's domain;
- every other event is only counted, per user and day: `events` and `after_hours`.

The kept rows depend on the context (domain and keyword lists, working hours, the mass-mail
threshold), so the store remembers the context fingerprint the file was folded under and re-reads
the file when it changes; appends under the same context stay incremental.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from .context import Context
from .formats import PARQUET_OPTIONS, SourceFile, host_of_url, lit

# Only CERT files: there the destination is derived from the URL, so testing the URL alone is a
# superset of the host tests. A generic mapping may name its own destination column.
FOLDABLE_SETS = ("r4.2", "r6.2")
FOLDABLE_KINDS = ("http", "email")
CATEGORIES = ("cloud_storage", "leak_sites", "job_sites", "competitors")


def foldable(source: SourceFile, ctx: Context | None) -> bool:
    if ctx is None or source.kind not in FOLDABLE_KINDS or source.column_set not in FOLDABLE_SETS:
        return False
    # With a threshold of zero every message is mass mail: none could be folded.
    return source.kind != "email" or int(ctx.threshold("mass_email_recipients")) > 0


def fold_key(ctx: Context) -> str:
    return ctx.feature_fingerprint()


def _escape(text: str) -> str:
    # RE2 accepts a backslash before any ASCII punctuation; letters, digits and non-ASCII stay.
    return "".join("\\" + ch if ch.isascii() and not (ch.isalnum() or ch == "_") else ch for ch in text)


def mentioned_sql(ctx: Context, column: str) -> str:
    """True when the column mentions any listed domain or keyword, case-insensitively. One RE2
    alternation: several times cheaper per row than lower() followed by a contains() per item."""
    return _mentions(sorted({d for c in CATEGORIES for d in ctx.domains(c)} | set(ctx.keywords("suspicious"))), column)


def _mentions(items: list[str], column: str) -> str:
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


INVALID = 'time IS NULL OR "user" IS NULL OR "user" = \'\' OR kind IS NULL'


def keep_sql(kind: str, ctx: Context) -> str:
    """True for the events of `kind` that are kept (see the module's docstring). Invalid rows are
    kept too, so that ingest counts them as bad rows exactly as before."""
    if kind == "http":
        return f"{INVALID} OR coalesce(action IN ('download', 'upload'), false) OR {mentioned_sql(ctx, 'object')}"
    # Mail: `object` is the attachments (a count in r4.2, a list of files in r6.2), `destination`
    # the recipients as written (to;cc;bcc). Each recipient has one @.
    recipients = "length(destination) - length(replace(destination, '@', ''))"
    mass = int(ctx.threshold("mass_email_recipients"))
    return (
        f"{INVALID} OR {after_hours_sql(ctx, 'time')} OR coalesce(object NOT IN ('', '0'), false) "
        f"OR coalesce({recipients} >= {mass}, false) OR {_mentions(ctx.domains('competitors'), 'destination')}"
    )


# What a kept event packs into the per-user-day list: only the columns that vary. A foldable
# source is a CERT file whose normalising SELECT gives one kind, and the user is the group's.
# Packing the whole web request cost more than a second at r4.2 scale; its destination (the
# URL's host) is derived again for the kept rows only.
PACKED = {
    "http": "struct_pack(time, host, action, object)",
    "email": "struct_pack(time, host, action, object, destination, size, attrs)",
}


def _unpacked(kind: str) -> str:
    if kind == "http":
        return (
            'k.time, "user", k.host, \'http\' AS kind, k.action, k.object, '
            f"{host_of_url('k.object')} AS destination, CAST(NULL AS BIGINT) AS size, CAST(NULL AS VARCHAR) AS attrs"
        )
    return 'k.time, "user", k.host, \'email\' AS kind, k.action, k.object, k.destination, k.size, k.attrs'


# How the kept rows are gathered in the one pass. Web requests are kept about once in a hundred:
# a list per user-day holds them cheaply. Mail is kept about once in four (attachments), and a
# list aggregate costs about a microsecond per kept row: grouping by the kept row itself, with
# the folded rest grouped under a NULL row, reads CERT r4.2-sized mail in half the time.
GROUPED_KINDS = ("email",)


def fold_copy(
    con: duckdb.DuckDBPyConnection, kind: str, typed: str, ctx: Context, out: Path, counts_out: Path
) -> int:
    """Write the kept rows of `typed` (the normalised SELECT of a foldable `kind`) to `out` and
    the counts of the folded rest to `counts_out`; returns the number of rows folded (the kept
    ones are counted from `out`, as for every other part of the store)."""
    # The web request's destination is not read at all (see PACKED).
    source = f"SELECT * EXCLUDE (destination) FROM ({typed})" if kind == "http" else typed  # noqa: S608 - typed is built by formats.py
    flagged = f"SELECT *, ({keep_sql(kind, ctx)}) AS keep, {after_hours_sql(ctx, 'time')} AS after FROM ({source})"  # noqa: S608 - typed is built by formats.py
    table = f"fold_{out.stem.replace('-', '_').replace('.', '_')}"
    # CASE: DuckDB then builds the struct for the kept rows only.
    packed = f"CASE WHEN keep THEN {PACKED[kind]} END"
    if kind in GROUPED_KINDS:
        # One group per distinct kept row (n counts exact duplicates, which stay rows of their
        # own) and one per user-day of folded rows, whose kept row is NULL.
        aggregate = (
            f'SELECT "user", CAST(time AS DATE) AS day, {packed} AS k, count(*) AS n, '  # noqa: S608 - identifiers quoted by q(), values by lit()
            f"count(*) FILTER (WHERE after) AS after_hours FROM ({flagged}) GROUP BY ALL"
        )
        kept = f'SELECT "user", k FROM (SELECT "user", k, unnest(range(n)) FROM {table} WHERE k IS NOT NULL)'  # noqa: S608 - identifiers quoted by q(), values by lit()
        counts = f'SELECT "user", day, n AS events, after_hours FROM {table} WHERE k IS NULL'  # noqa: S608 - identifiers quoted by q(), values by lit()
    else:
        aggregate = (
            'SELECT "user", CAST(time AS DATE) AS day, count(*) FILTER (WHERE NOT keep) AS events, '  # noqa: S608 - identifiers quoted by q(), values by lit()
            "count(*) FILTER (WHERE NOT keep AND after) AS after_hours, "
            f"list({packed}) FILTER (WHERE keep) AS kept FROM ({flagged}) GROUP BY ALL"
        )
        kept = f'SELECT "user", unnest(kept) AS k FROM {table}'  # noqa: S608 - identifiers quoted by q(), values by lit()
        counts = f'SELECT "user", day, events, after_hours FROM {table} WHERE events > 0'  # noqa: S608 - identifiers quoted by q(), values by lit()
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {aggregate}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"COPY (SELECT {_unpacked(kind)} FROM ({kept})) TO {lit(str(out))} {PARQUET_OPTIONS}")  # noqa: S608 - identifiers quoted by q(), values by lit()
        con.execute(
            f'COPY (SELECT "user", day, CAST(events AS BIGINT) AS events, '  # noqa: S608 - identifiers quoted by q(), values by lit()
            f"CAST(after_hours AS BIGINT) AS after_hours FROM ({counts})) "
            f"TO {lit(str(counts_out))} {PARQUET_OPTIONS}"
        )
        counted = con.execute(f"SELECT coalesce(sum(events), 0) FROM ({counts})").fetchone()  # noqa: S608 - identifiers quoted by q(), values by lit()
    finally:
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return int(counted[0]) if counted else 0
