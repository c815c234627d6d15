"""`run_review`: ingest, aggregate, score and rank — one code path for DuckDB and Spark."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow as pa

from shuhi.i18n import gettext as _

from .aggregates import Aggregates
from .backend import Backend
from .context import Context, load_context
from .formats import SourceFile, cert_source_files, generic_source_files
from .indicators import (
    INDICATORS,
    WindowSpec,
    dedicated_owners,
    enrich_daily,
    foreign_logons,
    merge_daily,
    window_counts,
)
from .ingest import EventStore, ingest, store_lock
from .scoring import (
    Pending,
    attach_examples,
    dn_of,
    example_rows,
    index_examples,
    rank_windows,
    scoring_reasons,
    without_cyclic_gc,
)
from .zscores import scored_windows

WINDOWS = ("day", "week", "month")


def resolve_source(source: str) -> tuple[list[SourceFile], Path | None]:
    """`cert:DIR` or `generic:MAPPING:PATH` → the files to ingest, and the CERT dir (for LDAP)."""
    scheme, _sep, rest = source.partition(":")
    if scheme == "cert" and rest:
        directory = Path(rest)
        return cert_source_files(directory), directory
    if scheme == "generic" and ":" in rest:
        mapping, _sep, data = rest.partition(":")
        return generic_source_files(Path(mapping), Path(data)), None
    raise ValueError(_("source must be cert:DIR or generic:MAPPING:PATH, not %(source)r") % {"source": source})


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def people_table(ctx: Context) -> pa.Table:
    users = sorted(ctx.people)
    return pa.table(
        {
            "user": pa.array(users, pa.string()),
            "peer": pa.array([ctx.peer_of(u) for u in users], pa.string()),
            "exit_dn": pa.array(
                [dn_of(ctx.people[u].exit) if ctx.people[u].exit else None for u in users], pa.int64()
            ),
            # Who works with whom: the same supervisor, else the same department (team losses).
            "team": pa.array([ctx.team_of(u) for u in users], pa.string()),
        }
    )


def indicator_catalog(ctx: Context) -> list[dict[str, Any]]:
    return [
        {"indicator": i.name, "name_ja": i.ja, "name_en": i.en, "weight": ctx.weight(i.name)}
        for i in INDICATORS
    ]


def wanted_of(pending: Pending) -> pa.Table:
    """(user, wk, feature, peak) of every example the pending reasons can show; `peak` is the day
    number of the worst day a reason was scored on (-1: none), whose events are fetched as well."""
    keys: dict[tuple[str, int, str], int] = {}
    for reason, ind, (user, key) in pending:
        peak = dn_of(dt.date.fromisoformat(reason["day"])) if "day" in reason else -1
        for feature in ind.examples_from:
            keys[(user, key, feature)] = max(keys.get((user, key, feature), -1), peak)
    ordered = sorted(keys)
    return pa.table(
        {
            "user": pa.array([k[0] for k in ordered], pa.string()),
            "wk": pa.array([k[1] for k in ordered], pa.int64()),
            "feature": pa.array([k[2] for k in ordered], pa.string()),
            "peak": pa.array([keys[k] for k in ordered], pa.int64()),
        }
    )


def review_store(store: EventStore, ctx: Context, backend: Backend, spec: WindowSpec) -> dict[str, Any]:
    """Aggregate what is new in the store, then score and rank the review windows."""
    aggregates = Aggregates(store, ctx)
    started = time.perf_counter()
    agg_stats = aggregates.update(backend)
    aggregated = time.perf_counter()
    tables = aggregates.tables(backend)
    roster = people_table(ctx)
    people = backend.table(roster)
    owners = dedicated_owners(tables["hosts"], float(ctx.threshold("dedicated_pc_share")))
    foreign = foreign_logons(tables["hosts"], owners)
    daily = enrich_daily(merge_daily(tables["daily"]), foreign, people, ctx)
    hosts = tables["hosts"].join(owners, "host")
    hosts = hosts.filter(hosts.owner != hosts.user)
    per_reason = int(ctx.threshold("examples"))
    with without_cyclic_gc():
        # Every window's counts (the earlier ones are the baselines), scored in NumPy.
        rows = scored_windows(backend.fetch(window_counts(daily, spec)), roster, ctx, spec)
        scored_at = time.perf_counter()
        # Examples only for the people whose reasons the report gives in full (report.py): a
        # few thousand keys instead of every scoring cell of every window.
        detail = int(ctx.settings["thresholds"].get("report_detail") or 0)
        windows, events, pending = rank_windows(rows, scoring_reasons(rows), spec, detail)
        wanted = backend.table(wanted_of(pending))
        examples = backend.fetch(example_rows(tables["examples"], hosts, spec, per_reason, wanted))
        attach_examples(pending, index_examples(examples), per_reason)
    return {
        "windows": windows,
        "events": events,
        "aggregated_batches": agg_stats.batches,
        "aggregated_rows": agg_stats.rows,
        "phases": {
            "aggregate": round(aggregated - started, 3),
            "score": round(scored_at - aggregated, 3),
            "explain": round(time.perf_counter() - scored_at, 3),
        },
    }


def run_review(
    source: str,
    *,
    context: Context | str | Path | None = None,
    start: dt.date | str,
    end: dt.date | str,
    window: str = "week",
    engine: str = "duckdb",
    store_dir: str | Path | None = None,
) -> dict[str, Any]:
    """Review `source` from `start` to `end` (inclusive) in windows of a day, week or month.

    Returns the report contract: `{"windows": [{"start", "end", "ranking": [{"user", "score",
    "reasons": [{"indicator", "count", "weight", "z_self", "z_peer", "tier_points", "examples"}]}]}], "stats": {...}}`.
    `weight` is the points a reason adds; a user's score is the sum of its reasons' weights.
    With `store_dir`, the event store and its aggregates persist and later runs are incremental.
    """
    if window not in WINDOWS:
        raise ValueError(
            _("window must be one of %(allowed)s, not %(window)r") % {"allowed": ", ".join(WINDOWS), "window": window}
        )
    started = time.perf_counter()
    first, last = _as_date(start), _as_date(end)
    if last < first:
        raise ValueError(_("the review ends before it starts"))
    files, cert_dir = resolve_source(source)
    ctx = context if isinstance(context, Context) else load_context(context, cert_dir=cert_dir)
    with tempfile.TemporaryDirectory(prefix="shuhi-logreview-") as scratch:
        root = Path(store_dir) if store_dir else Path(scratch)
        with store_lock(root):
            store = EventStore(root)
            ingested = ingest(files, store, ctx=ctx, engine=engine)
            backend = Backend(engine)
            spec = WindowSpec(window, dn_of(first), dn_of(last))
            result = review_store(store, ctx, backend, spec)
    return {
        "windows": result["windows"],
        "stats": {
            "events": result["events"],
            "seconds": round(time.perf_counter() - started, 3),
            "engine": engine,
            "window": window,
            "events_in_store": store.event_count(),
            "ingested_rows": ingested.rows,
            "bad_rows": ingested.bad_rows,
            "aggregated_batches": result["aggregated_batches"],
            "aggregated_rows": result["aggregated_rows"],
            "phases": {"ingest": round(ingested.seconds, 3), **result["phases"]},
            "ingest": ingested.as_dict(),
        },
        "indicators": indicator_catalog(ctx),
    }
