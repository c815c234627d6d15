"""What a user actually touched in a period: the classified locations their file and web events hit.

Used at exit, so that the exit pledge names the storage locations the leaver really worked in,
not only those their department and projects reach. It reads the Parquet event store that the
reviews keep for a source (see ingest.py); `refresh_store` first brings that store up to date, so
the last days before the exit count even when no review has run since.

Location patterns are the ledger's (`\\\\fileserver\\secret\\**`, `https://plm.example/*`), matched
as the engine matches its own context locations (`context.glob_to_regex`): lower-cased, `/`-separated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .context import Context, glob_to_regex
from .formats import SourceFile, lit
from .ingest import EventStore, ingest, store_lock

# Only events that name a resource: a file path, a URL, an attachment's path.
RESOURCE_KINDS = ("file", "http", "device", "email")
MAX_EXAMPLES = 3


@dataclass(frozen=True)
class Touch:
    """One location a user touched: how often, first and last time, and a few of the paths."""

    user: str
    location: str
    events: int
    first: dt.datetime
    last: dt.datetime
    examples: tuple[str, ...]


def refresh_store(files: list[SourceFile], store_dir: Path | str, ctx: Context | None = None) -> None:
    """Ingest what was appended to the source since the last run (incremental; cheap when nothing was)."""
    root = Path(store_dir)
    with store_lock(root):
        ingest(files, EventStore(root), ctx=ctx)


def _parts(store_dir: Path | str) -> list[str]:
    root = Path(store_dir)
    if not (root / "manifest.json").exists():
        return []
    store = EventStore(root)
    return [str(store.root / p) for paths in store.batch_parts().values() for p in paths]


def resources_touched(store_dir: Path | str, *, users: list[str], start: dt.date, end: dt.date,
                      locations: dict[str, list[str]],
                      con: duckdb.DuckDBPyConnection | None = None) -> list[Touch]:
    """The locations (name → path patterns) that `users` touched from `start` to `end` inclusive.

    One DuckDB scan of the store, whatever the number of users and locations. Users are compared
    case-insensitively (CERT ids are upper case, HR registers may not be). An empty store, no users
    or no patterns give an empty list.
    """
    parts = _parts(store_dir)
    wanted = sorted({u.strip().lower() for u in users if u and u.strip()})
    patterns = [(name, glob_to_regex(p)) for name, pats in locations.items() for p in pats if p.strip()]
    if not parts or not wanted or not patterns:
        return []
    connection = con or duckdb.connect()
    # One row per (location, pattern) in a VALUES list: every name and regex passes through lit().
    values = ", ".join(f"({lit(name)}, {lit(regex)})" for name, regex in patterns)
    kinds = ", ".join(lit(k) for k in RESOURCE_KINDS)
    people = ", ".join(lit(u) for u in wanted)
    sql = f"""
        WITH e AS (
            SELECT lower("user") AS u, "time" AS t, object,
                   lower(replace(object, '\\', '/')) AS norm
            FROM read_parquet(?, union_by_name=true)
            WHERE lower("user") IN ({people}) AND kind IN ({kinds}) AND object IS NOT NULL
              AND "time" >= ? AND "time" < ?
        ), loc(name, regex) AS (VALUES {values})
        SELECT e.u, loc.name, count(*), min(e.t), max(e.t), list(DISTINCT e.object)[1:{MAX_EXAMPLES}]
        FROM e JOIN loc ON regexp_matches(e.norm, loc.regex)
        GROUP BY e.u, loc.name ORDER BY e.u, loc.name
    """  # noqa: S608 - every value is quoted by lit() or bound
    first = dt.datetime.combine(start, dt.time.min)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)
    rows = connection.execute(sql, [parts, first, after]).fetchall()
    return [Touch(user=u, location=name, events=int(n), first=lo, last=hi, examples=tuple(ex or ()))
            for u, name, n, lo, hi, ex in rows]
