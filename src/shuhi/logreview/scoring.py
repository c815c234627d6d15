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
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from .features import EPOCH, STAMP_WIDTH
from .indicators import BASES, DAY_COLUMNS, INDICATORS, Indicator, WindowSpec
from .report import detail_count

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
    logons = foreign.filter(foreign.logons > 0)
    files = foreign.filter(foreign.files > 0)
    foreign_rows = ibis.union(
        # The PC's owner only: wording.example_text says "dedicated PC of …" in the reader's language.
        _foreign_examples(logons, "foreign_pc", logons.first_time, "logon", ibis.literal("logon"),
                          ibis.null().cast("string")),
        # features.host_days keeps the first file as "time<TAB>name".
        _foreign_examples(files, "foreign_files", files.first_file_time, "file", ibis.null().cast("string"),
                          files.first_file.substr(STAMP_WIDTH + 1)),
    )
    both = ibis.union(examples.select(*foreign_rows.columns), foreign_rows)
    both = both.filter((both.dn >= spec.from_dn) & (both.dn <= spec.to_dn))
    both = both.mutate(day=both.time.date())
    both = both.mutate(wk=spec.key(both))
    if wanted is not None:
        # One row per key; `peak` is the worst day of a reason scored on it (-1: none).
        keys = wanted.group_by(["user", "wk", "feature"]).aggregate(peak=wanted.peak.max())
        both = both.join(keys, ["user", "wk", "feature"])
    else:
        both = both.mutate(peak=ibis.literal(-1, type="int64"))
    order = [both.time, both.host, both.action, both.object, both.destination]
    rank = ibis.row_number().over(group_by=[both.user, both.wk, both.feature], order_by=order)
    both = both.mutate(_rank=rank)
    # The window's first examples, and those of the worst day when a reason was scored on it.
    both = both.filter((both._rank < per_reason) | (both.dn == both.peak)).drop("_rank", "day", "peak")
    # Formatted by the engine: an Arrow or Python strftime per example cost a tenth of a second
    # per hundred thousand examples on the one Python thread.
    both = both.mutate(time_text=both.time.strftime(TIME_FORMAT))
    return both.order_by(["user", "wk", "feature", *order])


def _foreign_examples(rows: ir.Table, feature: str, time: ir.Value, kind: str, action: ir.Value,
                      obj: ir.Value) -> ir.Table:
    """Examples of the use of someone else's PC, in the shape of the stored examples."""
    return rows.select("user", "dn", feature=ibis.literal(feature), time=time, host="host",
                       kind=ibis.literal(kind), action=action, object=obj, destination=rows.owner)


EXAMPLE_FIELDS = ("time", "host", "kind", "action", "object", "destination")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


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


def index_examples(rows: pa.Table) -> dict[tuple[str, int, str], list[dict[str, Any]]]:
    """The fetched examples (all wanted, see `engine.wanted_of`) by (user, window key, feature),
    in the order they were fetched."""
    index: dict[tuple[str, int, str], list[dict[str, Any]]] = defaultdict(list)
    if not rows.num_rows:
        return index
    keys = zip(*(rows.column(n).to_pylist() for n in ("user", "wk", "feature")), strict=True)
    fields = zip(*(rows.column(n).to_pylist() for n in ("time_text", *EXAMPLE_FIELDS[1:])), strict=True)
    for (user, wk, feature), (time, host, kind, action, obj, destination) in zip(keys, fields, strict=True):
        index[(user, int(wk), feature)].append(
            {"time": time, "host": host, "kind": kind, "action": action, "object": obj, "destination": destination}
        )
    return index


# Points below this round to 0 at ROUND decimals: skipped before paying for round().
_NEGLIGIBLE = 0.4 * 10**-ROUND


@dataclass
class Cell:
    """One indicator's points in one row: the rounded weight and the count shown, and where the
    rest of the reason's figures lie (`hits[position]` is the row) for a reason given in full."""

    ind: Indicator
    weight: float
    count: int
    position: int


@dataclass
class Reasons:
    """Row index → the indicators whose points survive rounding, and per indicator the rows
    where it scores (`scoring_reasons`)."""

    by_row: dict[int, list[Cell]]
    hits: dict[str, pa.Array]


Pending = list[tuple[dict[str, Any], Indicator, tuple[str, int]]]


def _taken(scored: pa.Table, name: str, hits: pa.Array) -> list[Any]:
    return pc.take(scored.column(name), hits).to_pylist()


def _scoring_cells(scored: pa.Table, ind: Indicator) -> pa.Array:
    """Row indices where `ind` gives points that may survive rounding."""
    return pc.indices_nonzero(pc.fill_null(pc.greater_equal(scored.column(f"{ind.name}__pts"), _NEGLIGIBLE), False))


def scoring_reasons(scored: pa.Table) -> Reasons:
    """The cells that score, worked per indicator column with Arrow: most users score nothing on
    most indicators in most windows, and converting or testing every cell in Python was most of
    the time of explaining. Only the points and the count are read here; the other figures are
    read for the reasons the report gives in full (`rank_windows`)."""
    by_row: dict[int, list[Cell]] = defaultdict(list)
    hits_of: dict[str, pa.Array] = {}
    for ind in INDICATORS:
        hits = _scoring_cells(scored, ind)
        if not len(hits):
            continue
        hits_of[ind.name] = hits
        points, shown = _taken(scored, f"{ind.name}__pts", hits), _taken(scored, ind.shown, hits)
        for n, (i, raw) in enumerate(zip(hits.to_pylist(), points, strict=True)):
            rounded = round(float(raw), ROUND)
            if rounded >= MIN_POINTS:
                by_row[i].append(Cell(ind, rounded, int(shown[n]), n))
    return Reasons(by_row, hits_of)


def _full_reasons(scored: pa.Table, reasons: Reasons, wanted: list[Cell]) -> dict[int, dict[str, Any]]:
    """id(cell) → the reason in full as figures (see wording.py), its examples still empty (see
    `attach_examples`), for the `wanted` cells; the figures are taken per indicator by Arrow."""
    by_ind: dict[str, list[Cell]] = defaultdict(list)
    for cell in wanted:
        by_ind[cell.ind.name].append(cell)
    out: dict[int, dict[str, Any]] = {}
    for name, cells in by_ind.items():
        ind = cells[0].ind
        rows = pc.take(reasons.hits[name], pa.array([c.position for c in cells], pa.int64()))
        z_self, z_peer = _taken(scored, f"{name}__zs", rows), _taken(scored, f"{name}__zp", rows)
        tier = _taken(scored, "removable_points", rows) if name == "removable_copies" else None
        basis = _taken(scored, f"{name}__basis", rows)
        on_days = ind.column in DAY_COLUMNS
        peak_day = _taken(scored, f"{ind.column}__day", rows) if on_days else None
        peak = _taken(scored, f"{ind.column}__dmax", rows) if on_days else None
        frozen = _taken(scored, "frozen_dn", rows)
        for n, cell in enumerate(cells):
            zs, zp = z_self[n], z_peer[n]
            reason = {
                "indicator": name,
                "name_ja": ind.ja,
                "name_en": ind.en,
                "count": cell.count,
                "weight": cell.weight,
                "z_self": None if zs is None else round(float(zs), ROUND),
                "z_peer": None if zp is None else round(float(zp), ROUND),
                "tier_points": None if tier is None else int(tier[n]),
                "examples": [],
            }
            # The two z-scores are those of the basis that gave the points; a reason scored on
            # its worst day names the day and its count, one scored against the frozen baseline
            # the first day that baseline leaves out.
            if basis[n] == 1 and peak is not None and peak_day is not None:
                reason.update(basis=BASES[1], day=day_of(peak_day[n]).isoformat(), day_count=int(peak[n]))
            elif basis[n] == 2 and frozen[n] is not None:
                reason.update(basis=BASES[2], baseline_before=day_of(frozen[n]).isoformat())
            out[id(cell)] = reason
    return out


def _ordered(cells: list[Cell]) -> list[Cell]:
    return sorted(cells, key=lambda c: (-c.weight, c.ind.name))


def rank_windows(
    scored: pa.Table, reasons: Reasons, spec: WindowSpec, detail: int = 0
) -> tuple[list[dict[str, Any]], int, Pending]:
    """The contract's `windows` list, the number of events in the reviewed windows, and the
    reasons still waiting for their examples (see `attach_examples`); `reasons` is
    `scoring_reasons(scored)`. The first people of each window (`report.detail_count` with the
    `detail` setting) have their reasons in full; the others, per reason, the indicator, its
    count and its points. Examples come last, fetched for the reasons given in full only."""
    users, weeks = scored.column("user").to_pylist(), scored.column("wk").to_pylist()
    peers, counts = scored.column("peer").to_pylist(), scored.column("events").to_pylist()
    by_window: dict[int, list[int]] = defaultdict(list)
    for i, wk in enumerate(weeks):
        if counts[i]:
            by_window[int(wk)].append(i)
    windows, events = [], 0
    full: list[tuple[dict[str, Any], list[Cell], tuple[str, int]]] = []
    for key, start, end in windows_in_range(spec):
        ranking = []
        cells_of: dict[int, list[Cell]] = {}
        for i in by_window.get(key, []):
            count = int(counts[i])
            events += count
            cells = reasons.by_row.get(i)
            if cells:
                cells = _ordered(cells)
                listed = [{"indicator": c.ind.name, "count": c.count, "weight": c.weight} for c in cells]
                score = round(sum(c.weight for c in cells), ROUND)
            else:
                listed, score = [], 0
            entry = {"user": users[i], "score": score, "peer_group": peers[i], "events": count, "reasons": listed}
            if cells:
                cells_of[id(entry)] = cells
            ranking.append(entry)
        ranking.sort(key=lambda r: (-r["score"], r["user"]))
        for entry in ranking[: detail_count(detail, len(ranking))]:
            if id(entry) in cells_of:
                full.append((entry, cells_of[id(entry)], (entry["user"], key)))
        windows.append({"start": start.isoformat(), "end": end.isoformat(), "ranking": ranking})
    given = _full_reasons(scored, reasons, [c for _, cells, _ in full for c in cells])
    pending: Pending = []
    for entry, cells, user_key in full:
        entry["reasons"] = [given[id(c)] for c in cells]
        pending.extend((given[id(c)], c.ind, user_key) for c in cells)
    return windows, events, pending


Examples = dict[tuple[str, int, str], list[dict[str, Any]]]


def attach_examples(pending: Pending, examples: Examples, per_reason: int) -> None:
    """Give each pending reason its first examples over all the features it draws them from,
    shown in order of time, host and object."""
    for reason, ind, (user, key) in pending:
        by_feature = [list(examples.get((user, key, f), ())) for f in ind.examples_from]
        if "day" in reason:
            # Scored on its worst day: that day's events first.
            day = reason["day"]
            by_feature = [
                [e for e in events if e["time"].startswith(day)][:per_reason]
                or [e for e in events if not e["time"].startswith(day)][:per_reason]
                for events in by_feature
            ]
        else:
            by_feature = [events[:per_reason] for events in by_feature]
        # The first of each feature before the second of any: a chain (a colleague's PC, a file
        # on it, the mail home) shows every link, not three logons.
        found, rank = [], 0
        while len(found) < per_reason and any(len(events) > rank for events in by_feature):
            batch = [events[rank] for events in by_feature if len(events) > rank]
            batch.sort(key=lambda e: (e["time"], e["host"] or "", e["object"] or ""))
            found.extend(batch)
            rank += 1
        found = found[:per_reason]
        found.sort(key=lambda e: (e["time"], e["host"] or "", e["object"] or ""))
        reason["examples"] = found
