"""Drift detection compared: the engine's two-window test, CUSUM, EWMA, and none at all.

    python benchmarks/logreview_drift_study.py [--seeds-per-set 2] [--sets tuning,held_out]
                                               [--formats r4.2,r5.2] [--data DIR]

Issue 17 asks for a study of CUSUM- or EWMA-style change detection against the engine's drift
basis (a window and the mean of the latest windows against a baseline frozen before them). For
each dataset of `logreview_quality_sets.yaml` this script runs the engine's own aggregation and
z-scores (`zscores.window_z`), then re-scores every user and week four ways, changing only the drift
basis of each indicator and keeping the window and worst-day bases, the weights, the caps and
the peer side of the geometric mean exactly as the engine has them:

- `engine`: the engine's drift basis (checked first: the re-scored total must equal the
  engine's own `window_points` total for every user and week);
- `none`: no drift basis (what the other two bases find alone);
- `cusum`: one-sided CUSUM of the window's z-score against the same frozen baseline,
  S = max(0, S_prev + z - k), k = 0.5 (the usual choice for a shift of one standard deviation);
- `ewma`: exponentially weighted mean of the same z-scores, lambda = 0.3, divided by its
  asymptotic standard deviation sqrt(lambda / (2 - lambda)) so that it reads as a z-score.

It prints recall per scenario and the workload of `logreview_quality.py` for each method. It
tunes nothing: the held-out seeds may be run, and the result is reported as measured.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from logreview_quality import _combine, _print_block, evaluate, load_sets  # noqa: E402

from shuhi.logreview.aggregates import Aggregates  # noqa: E402
from shuhi.logreview.backend import Backend  # noqa: E402
from shuhi.logreview.context import load_context  # noqa: E402
from shuhi.logreview.engine import people_table, resolve_source  # noqa: E402
from shuhi.logreview.indicators import (  # noqa: E402
    DAY_COLUMNS,
    INDICATORS,
    WindowSpec,
    dedicated_owners,
    enrich_daily,
    foreign_logons,
    guard_windows,
    merge_daily,
    window_counts,
)
from shuhi.logreview.ingest import EventStore, ingest, store_lock  # noqa: E402
from shuhi.logreview.scoring import dn_of, windows_in_range  # noqa: E402
from shuhi.logreview.synth import generate  # noqa: E402
from shuhi.logreview.zscores import window_points, window_z  # noqa: E402

METHODS = ("engine", "none", "cusum", "ewma")
CUSUM_K = 0.5
EWMA_LAMBDA = 0.3


def _anomaly(z_self: np.ndarray, z_peer: np.ndarray, cap: float | None = None) -> np.ndarray:
    """indicators._anomaly in NumPy: NaN is the engine's NULL."""
    if cap is not None:
        z_self, z_peer = np.minimum(z_self, cap), np.minimum(z_peer, cap)
    both = np.sqrt(np.maximum(z_self, 0) * np.maximum(z_peer, 0))
    out = np.where(np.isnan(z_self), np.maximum(z_peer, 0), both)
    return np.nan_to_num(out, nan=0.0)


def _frozen_z(frame: pd.DataFrame, column: str, guard: int, min_windows: int) -> np.ndarray:
    """Each window's z-score against the user's windows before the latest `guard` (NaN when
    that baseline is shorter than `min_windows`), as the engine's frozen baseline is built."""
    out = np.full(len(frame), np.nan)
    for _user, rows in frame.groupby("user", sort=False).indices.items():
        x = frame[column].to_numpy(dtype=float)[rows]
        s = np.concatenate([[0.0], np.cumsum(x)])
        ss = np.concatenate([[0.0], np.cumsum(x * x)])
        for i in range(len(rows)):
            n = i - guard + 1  # windows 0 .. i-guard
            if n < min_windows:
                continue
            mean = s[n] / n
            var = max(ss[n] / n - mean * mean, 0.0)
            out[rows[i]] = (x[i] - mean) / math.sqrt(var + 1.0)
    return out


def _recursive(frame: pd.DataFrame, z: np.ndarray, method: str) -> np.ndarray:
    out = np.full(len(frame), np.nan)
    scale = math.sqrt(EWMA_LAMBDA / (2 - EWMA_LAMBDA))
    for _user, rows in frame.groupby("user", sort=False).indices.items():
        state = 0.0
        for i in rows:
            if np.isnan(z[i]):
                continue
            if method == "cusum":
                state = max(0.0, state + z[i] - CUSUM_K)
                out[i] = state
            else:
                state = EWMA_LAMBDA * z[i] + (1 - EWMA_LAMBDA) * state
                out[i] = state / scale
    return out


def rescore(frame: pd.DataFrame, ctx, guard: int, method: str) -> np.ndarray:
    """The total points per row with the drift basis replaced by `method`."""
    cap = float(ctx.threshold("z_cap"))
    min_hist = int(ctx.threshold("min_history_windows"))
    total = np.zeros(len(frame))
    for ind in INDICATORS:
        c = ind.column
        z_peer = frame[f"{c}__z_peer"].to_numpy(dtype=float)
        by_window = _anomaly(frame[f"{c}__z_self"].to_numpy(dtype=float), z_peer)
        if c in DAY_COLUMNS:
            by_day = _anomaly(frame[f"{c}__zd_self"].to_numpy(dtype=float),
                              frame[f"{c}__zd_peer"].to_numpy(dtype=float), cap)
        else:
            by_day = np.zeros(len(frame))
        if method == "engine":
            zf = frame[f"{c}__zf_self"].to_numpy(dtype=float)
            by_drift = np.where(np.isnan(zf), 0.0, _anomaly(zf, z_peer, cap))
        elif method == "none":
            by_drift = np.zeros(len(frame))
        else:
            zf = _recursive(frame, _frozen_z(frame, c, guard, max(min_hist, guard)), method)
            by_drift = np.where(np.isnan(zf), 0.0, _anomaly(zf, z_peer, cap))
        anomaly = np.minimum(np.maximum.reduce([by_window, by_day, by_drift]), cap)
        gate = frame[ind.gate or c].to_numpy(dtype=float) > 0
        weight = ctx.weight(ind.name)
        if ind.mode == "flat":
            points = np.where(gate, weight, 0.0)
        elif ind.mode == "floor1":
            points = np.where(gate, weight * np.maximum(anomaly, 1.0), 0.0)
        else:
            points = np.where(gate, weight * anomaly, 0.0)
        total += points
    return total


def tables(data: Path, store_root: Path, key: dict) -> tuple[pd.DataFrame, pd.DataFrame, object, WindowSpec]:
    files, cert_dir = resolve_source(f"cert:{data}")
    ctx = load_context(data / "context.yaml", cert_dir=cert_dir)
    spec = WindowSpec("week", dn_of(pd.Timestamp(key["start"]).date()), dn_of(pd.Timestamp(key["end"]).date()))
    with store_lock(store_root):
        store = EventStore(store_root)
        ingest(files, store, ctx=ctx, engine="duckdb")
        backend = Backend("duckdb")
        aggregates = Aggregates(store, ctx)
        aggregates.update(backend)
        t = aggregates.tables(backend)
        roster = people_table(ctx)
        people = backend.table(roster)
        owners = dedicated_owners(t["hosts"], float(ctx.threshold("dedicated_pc_share")))
        daily = enrich_daily(merge_daily(t["daily"]), foreign_logons(t["hosts"], owners), people, ctx)
        z = window_z(backend.fetch(window_counts(daily, spec)), roster, ctx, spec)
        points = window_points(z, ctx)
    z_frame = pd.DataFrame(z)
    p_frame = pd.DataFrame({"user": z["user"], "wk": z["wk"], **{f"{i.name}__pts": points[f"{i.name}__pts"]
                                                                for i in INDICATORS}})
    return z_frame, p_frame, ctx, spec


def report_of(frame: pd.DataFrame, scores: np.ndarray, spec: WindowSpec) -> dict:
    frame = frame.assign(score=np.round(scores, 4))
    windows = []
    for key, start, end in windows_in_range(spec):
        week = frame[(frame.wk == key) & (frame.events > 0)].sort_values(["score", "user"], ascending=[False, True])
        ranking = [{"user": u, "score": s, "reasons": []} for u, s in zip(week.user, week.score, strict=True)]
        windows.append({"start": start.isoformat(), "end": end.isoformat(), "ranking": ranking})
    return {"windows": windows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=400)
    parser.add_argument("--days", type=int, default=200)
    parser.add_argument("--seeds-per-set", type=int, default=2)
    parser.add_argument("--sets", default="tuning,held_out")
    parser.add_argument("--formats", default="r4.2,r5.2")
    parser.add_argument("--data", type=Path, default=None,
                        help="generate into (or reuse from) this directory instead of a temporary one")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    sets = load_sets()
    print(f"{args.users} users x {args.days} days per dataset, {args.seeds_per_set} seed(s) per set; "
          f"cusum k={CUSUM_K}, ewma lambda={EWMA_LAMBDA}", flush=True)
    with tempfile.TemporaryDirectory(prefix="shuhi-drift-") as scratch:
        root = args.data or Path(scratch)
        for set_name in args.sets.split(","):
            spec_set = sets[set_name]
            for fmt in args.formats.split(","):
                results: dict[str, list] = {m: [] for m in METHODS}
                cut = 1
                for seed in spec_set["seeds"][: args.seeds_per_set]:
                    data = root / f"{set_name}-{fmt}-{seed}"
                    began = time.perf_counter()
                    if not (data / "answers.json").exists():
                        generate(data, users=args.users, days=args.days, seed=seed, start=spec_set["start"],
                                 fmt=fmt, params=spec_set.get("params"), insiders_per_scenario=2)
                    key = json.loads((data / "answers.json").read_text(encoding="utf-8"))
                    z_frame, p_frame, ctx, spec = tables(data, root / f"store-{set_name}-{fmt}-{seed}", key)
                    z_frame = z_frame.sort_values(["user", "wk"], kind="stable").reset_index(drop=True)
                    guard = guard_windows(spec, ctx)
                    engine_total = p_frame.set_index(["user", "wk"]).sum(axis=1)
                    mine = pd.Series(rescore(z_frame, ctx, guard, "engine"),
                                     index=pd.MultiIndex.from_frame(z_frame[["user", "wk"]]))
                    gap = float((mine - engine_total.reindex(mine.index)).abs().max())
                    if gap > 1e-6:
                        raise SystemExit(f"re-scoring does not reproduce the engine (largest gap {gap})")
                    for method in METHODS:
                        report = report_of(z_frame, rescore(z_frame, ctx, guard, method), spec)
                        results[method].append(evaluate(report, key, 0.01))
                        cut = results[method][-1]["cut"]
                    print(f"  {set_name} {fmt} seed {seed}: {time.perf_counter() - began:.0f}s "
                          f"(re-scoring reproduces the engine to {gap:.1e})", flush=True)
                combined = {m: _combine(r) for m, r in results.items()}
                _print_block(f"{set_name} seeds {spec_set['seeds'][: args.seeds_per_set]}, {fmt}", combined, cut,
                             quiet=True)
                for method in METHODS:
                    missed = [f"s{r['scenario']} {r['variant']} (rank {r['best']['rank'] if r['best'] else '-'})"
                              for r in combined[method]["rows"] if not r["found"]]
                    print(f"  {method} missed: {', '.join(missed) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
