"""Persisted per-batch aggregates: the baselines that make a review incremental.

For each ingest batch the engine stores, under `<store>/agg/<context fingerprint>/<batch>/`:
`daily.parquet` (feature counts per user and day), `hosts.parquet` (logons per user, day and PC)
and `examples.parquet` (a few example events per user, day and feature). A review only
aggregates batches it has not aggregated before (or whose files changed), so appending a week of
logs costs in proportion to that week. Changing the domain lists, keywords, locations or working
hours changes the fingerprint, and the aggregates are rebuilt once under the new one.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from shuhi.i18n import gettext as _

from .backend import Backend
from .context import Context
from .features import (
    DAILY_FEATURES,
    classify,
    daily_counts,
    examples,
    flagged_events,
    folded_daily,
    host_days,
)
from .ingest import EventStore

TABLES = ("daily", "hosts", "examples")
# Bump when the shape or meaning of the persisted aggregates changes, so old ones are rebuilt.
VERSION = 5


@dataclass
class AggregateStats:
    batches: int  # batches aggregated in this run
    rows: int  # event rows read to do so


class Aggregates:
    def __init__(self, store: EventStore, ctx: Context) -> None:
        self.store = store
        self.ctx = ctx
        self.root = store.root / "agg" / f"v{VERSION}-{ctx.feature_fingerprint()}"
        self.state_path = self.root / "state.json"

    def _state(self) -> dict[str, list[str]]:
        if self.state_path.exists():
            return json.loads(self.state_path.read_text(encoding="utf-8"))
        return {}

    def update(self, backend: Backend) -> AggregateStats:
        """Aggregate every batch that is new or whose files changed since the last run."""
        state = self._state()
        parts = self.store.batch_parts()
        for batch, files in self.store.batch_parts(counts=True).items():
            parts[batch] = sorted([*parts.get(batch, []), *files])
        rows_by_path = {
            p["path"]: p["rows"] for e in self.store.manifest["files"].values() for p in e.get("parts", [])
        }
        done = 0
        rows = 0
        for batch, files in parts.items():
            if state.get(batch) == files:
                continue
            self._aggregate_batch(backend, batch, files)
            state[batch] = files
            done += 1
            rows += sum(rows_by_path.get(f, 0) for f in files)
        for stale in set(state) - set(parts):
            shutil.rmtree(self.root / stale, ignore_errors=True)
            del state[stale]
        self.root.mkdir(parents=True, exist_ok=True)
        self.state_path.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
        self._prune_other_fingerprints()
        return AggregateStats(batches=done, rows=rows)

    def _aggregate_batch(self, backend: Backend, batch: str, files: list[str]) -> None:
        counted = set(self.store.batch_parts(counts=True).get(batch, []))
        events = backend.read_parquet([self.store.root / f for f in files if f not in counted])
        # Classified once and kept: with ordinary web requests folded away at ingest, nearly
        # every stored event is a candidate example, so classifying again for the examples
        # (as `example_candidates` did) would double the work.
        columns = ["user", "dn", "day", "time", "host", "kind", "action", "object", "destination"]
        classified = classify(events, self.ctx).select(*columns, *DAILY_FEATURES[1:])
        out = self.root / batch
        with backend.materialized(classified) as kept:
            daily = daily_counts(kept)
            if counted:
                folded = backend.read_parquet([self.store.root / f for f in sorted(counted)])
                daily = ibis.union(daily, folded_daily(folded))
            backend.write(daily, out / "daily.parquet")
            backend.write(host_days(kept), out / "hosts.parquet")
            # Straight from the kept table: its flag columns make each feature's filter cheap, and
            # copying the candidates into a second table cost more than it saved.
            picked = examples(flagged_events(kept), int(self.ctx.threshold("examples")))
            backend.write(picked, out / "examples.parquet")

    def _prune_other_fingerprints(self) -> None:
        # Aggregates under an old context are never read again; keep the store from growing.
        for other in (self.store.root / "agg").iterdir():
            if other.is_dir() and other != self.root:
                shutil.rmtree(other, ignore_errors=True)

    def tables(self, backend: Backend) -> dict[str, ir.Table]:
        """The union over all batches of each aggregate table."""
        batches = sorted(self._state())
        if not batches:
            raise ValueError(_("the event store holds no events: ingest a source first"))
        return {
            name: backend.read_parquet([self.root / b / f"{name}.parquet" for b in batches])
            for name in TABLES
        }
