"""From indicator rows to the ranked, explained windows of the report contract.

The analytics are done by then (in Ibis); this module only turns fetched rows into the JSON
contract: per window, every active user, score = sum of the points of its reasons (each rounded
to 4 decimals so that DuckDB and Spark print the same), highest first, ties by user id.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from .features import EPOCH
from .indicators import INDICATORS, WindowSpec

ROUND = 4
MIN_POINTS = 10**-ROUND


def day_of(dn: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(dn))


def dn_of(day: dt.date) -> int:
    return (day - EPOCH).days


def windows_in_range(spec: WindowSpec) -> list[tuple[int, dt.date, dt.date]]:
    """(window key, first day, last day) of every window of the review, clipped to its range."""
    first, last = day_of(spec.from_dn), day_of(spec.to_dn)
    if spec.kind == "day":
        return [(dn, day_of(dn), day_of(dn)) for dn in range(spec.from_dn, spec.to_dn + 1)]
    if spec.kind == "week":
        count = (spec.to_dn - spec.from_dn) // 7 + 1
        return [
            (k, day_of(spec.from_dn + 7 * k), min(day_of(spec.from_dn + 7 * k + 6), last))
            for k in range(count)
        ]
    out = []
    key, stop = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
    while key <= stop:
        start = dt.date(key // 12, key % 12 + 1, 1)
        following = dt.date((key + 1) // 12, (key + 1) % 12 + 1, 1)
        out.append((key, max(start, first), min(following - dt.timedelta(days=1), last)))
        key += 1
    return out


def example_rows(
    examples: ir.Table, foreign: ir.Table, spec: WindowSpec, per_reason: int, wanted: ir.Table | None = None
) -> ir.Table:
    """The first examples per user, window and feature within the review range; with `wanted`
    (user, wk, feature), only for those: most users score nothing on most indicators, and
    fetching and indexing every example was a third of the time of explaining."""
    foreign_rows = foreign.select(
        "user",
        "dn",
        feature=ibis.literal("foreign_pc"),
        time=foreign.first_time,
        host="host",
        kind=ibis.literal("logon"),
        action=ibis.literal("logon"),
        object=ibis.null().cast("string"),
        destination=("dedicated PC of " + foreign.owner),
    )
    both = ibis.union(examples.select(*foreign_rows.columns), foreign_rows)
    both = both.filter((both.dn >= spec.from_dn) & (both.dn <= spec.to_dn))
    both = both.mutate(day=both.time.date())
    both = both.mutate(wk=spec.key(both))
    if wanted is not None:
        both = both.semi_join(wanted, ["user", "wk", "feature"])
    order = [both.time, both.host, both.action, both.object, both.destination]
    rank = ibis.row_number().over(group_by=[both.user, both.wk, both.feature], order_by=order)
    both = both.mutate(_rank=rank)
    return both.filter(both._rank < per_reason).drop("_rank", "day")


def _example(row: dict[str, Any]) -> dict[str, Any]:
    when = row["time"]
    return {
        "time": when.strftime("%Y-%m-%d %H:%M:%S") if hasattr(when, "strftime") else str(when),
        "host": row["host"],
        "kind": row["kind"],
        "action": row["action"],
        "object": row["object"],
        "destination": row["destination"],
    }


def _time_texts(column: pa.ChunkedArray) -> list[str]:
    """The times as `_example` prints them, formatted by Arrow in one call: a Python strftime
    per example was most of the cost of explaining a long review."""
    if pa.types.is_timestamp(column.type) and column.type.tz is None:
        seconds = pc.cast(column, pa.timestamp("s"), safe=False)
        return [str(t) for t in pc.strftime(seconds, format="%Y-%m-%d %H:%M:%S").to_pylist()]
    return [_example({"time": t, **dict.fromkeys(EXAMPLE_FIELDS[1:])})["time"] for t in column.to_pylist()]


EXAMPLE_FIELDS = ("time", "host", "kind", "action", "object", "destination")


@contextlib.contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Explaining a long review allocates millions of small dicts and lists, none in a cycle;
    the cyclic collector kept rescanning them and took about a third of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class ExampleIndex:
    """Examples by (user, window key, feature), turned into dicts only when a reason asks:
    most fetched examples belong to indicators that score nothing that window."""

    def __init__(self, rows: pa.Table) -> None:
        self.rows = rows
        self.positions: dict[tuple[str, int, str], list[int]] = defaultdict(list)
        keys = zip(*(rows.column(n).to_pylist() for n in ("user", "wk", "feature")), strict=True)
        for i, (user, wk, feature) in enumerate(keys):
            self.positions[(user, int(wk), feature)].append(i)
        self.fields: list[list[Any]] | None = None
        self.built: dict[tuple[str, int, str], list[dict[str, Any]]] = {}

    def get(self, key: tuple[str, int, str], default: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if key in self.built:
            return self.built[key]
        if key not in self.positions:
            return default
        if self.fields is None:
            times = _time_texts(self.rows.column("time"))
            self.fields = [times, *(self.rows.column(n).to_pylist() for n in EXAMPLE_FIELDS[1:])]
        time, host, kind, action, obj, destination = self.fields
        found = [
            {
                "time": time[i],
                "host": host[i],
                "kind": kind[i],
                "action": action[i],
                "object": obj[i],
                "destination": destination[i],
            }
            for i in self.positions[key]
        ]
        self.built[key] = found
        return found


def index_examples(rows: pa.Table) -> ExampleIndex:
    return ExampleIndex(rows)


class _Columns(dict):
    """A fetched table's columns as Python lists, each converted on first use: the explanation
    reads the points of every indicator but the other hundred columns only for a few rows."""

    def __init__(self, table: pa.Table) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, name: str) -> list[Any]:
        values = self.table.column(name).to_pylist()
        self[name] = values
        return values


# Points below this round to 0 at ROUND decimals: skipped before paying for round().
_NEGLIGIBLE = 0.4 * 10**-ROUND


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def scoring_cells(scored: pa.Table) -> dict[int, list[tuple[Any, float]]]:
    """Row index → its (indicator, points) with points that survive rounding.

    Found per indicator column by Arrow: most users score nothing on most indicators in most
    windows, and a Python test of every cell was a third of the time of explaining."""
    found: dict[int, list[tuple[Any, float]]] = defaultdict(list)
    for ind in INDICATORS:
        column = scored.column(f"{ind.name}__pts")
        hits = pc.indices_nonzero(pc.fill_null(pc.greater_equal(column, _NEGLIGIBLE), False))
        points = pc.take(column, hits).to_pylist()
        for i, raw in zip(hits.to_pylist(), points, strict=True):
            rounded = round(float(raw), ROUND)
            if rounded >= MIN_POINTS:
                found[i].append((ind, rounded))
    return found


def wanted_examples(scored: pa.Table, scoring: dict[int, list[tuple[Any, float]]]) -> pa.Table:
    """(user, wk, feature) of every example a reason of `scoring` will show."""
    users, weeks = scored.column("user").to_pylist(), scored.column("wk").to_pylist()
    wanted = {(users[i], int(weeks[i]), f) for i, found in scoring.items() for ind, _ in found for f in ind.examples_from}
    user, wk, feature = zip(*sorted(wanted), strict=True) if wanted else ((), (), ())
    return pa.table(
        {"user": pa.array(user, pa.string()), "wk": pa.array(wk, pa.int64()), "feature": pa.array(feature, pa.string())}
    )


def _reason(ind: Any, points: float, cols: _Columns, i: int, examples: Any, key: tuple[str, int],
            per_reason: int) -> dict[str, Any]:
    zs, zp = cols[f"{ind.name}__zs"][i], cols[f"{ind.name}__zp"][i]
    found = [e for f in ind.examples_from for e in examples.get((*key, f), [])]
    found.sort(key=lambda e: (e["time"], e["host"] or "", e["object"] or ""))
    count = int(cols[ind.shown][i])
    detail = f"{ind.en}: {count} (z against own past {_fmt(zs)}, against peers {_fmt(zp)})"
    if ind.name == "removable_copies":
        detail += f"; tier points {int(cols['removable_points'][i])}"
    return {
        "indicator": ind.name,
        "name_ja": ind.ja,
        "name_en": ind.en,
        "count": count,
        "weight": points,
        "z_self": None if zs is None else round(float(zs), ROUND),
        "z_peer": None if zp is None else round(float(zp), ROUND),
        "detail": detail,
        "examples": found[:per_reason],
    }


def rank_windows(
    scored: pa.Table,
    scoring: dict[int, list[tuple[Any, float]]],
    examples: Any,
    spec: WindowSpec,
    per_reason: int,
) -> tuple[list[dict[str, Any]], int]:
    """The contract's `windows` list, and the number of events in the reviewed windows;
    `scoring` is `scoring_cells(scored)`."""
    cols = _Columns(scored)
    users, weeks, peers, counts = cols["user"], cols["wk"], cols["peer"], cols["events"]
    by_window: dict[int, list[int]] = defaultdict(list)
    for i, wk in enumerate(weeks):
        if counts[i]:
            by_window[int(wk)].append(i)
    windows, events = [], 0
    for key, start, end in windows_in_range(spec):
        ranking = []
        for i in by_window.get(key, []):
            events += int(counts[i])
            user_key = (users[i], key)
            reasons = [_reason(ind, pts, cols, i, examples, user_key, per_reason) for ind, pts in scoring.get(i, ())]
            reasons.sort(key=lambda r: (-r["weight"], r["indicator"]))
            ranking.append(
                {
                    "user": users[i],
                    "score": round(sum(r["weight"] for r in reasons), ROUND),
                    "peer_group": peers[i],
                    "events": int(counts[i]),
                    "reasons": reasons,
                }
            )
        ranking.sort(key=lambda r: (-r["score"], r["user"]))
        windows.append({"start": start.isoformat(), "end": end.isoformat(), "ranking": ranking})
    return windows, events
