"""Z-scores and points per user and window, in NumPy on the fetched window counts.

The counts per user and window (`indicators.window_counts`) are small next to the events: one row
per active user and window. Everything after them is arithmetic on those rows: running sums over
a user's own past windows, sums over a peer group's window, z-scores and the points of each
indicator. Written as one SQL expression, every use of a z-score repeated its whole formula: the
query ran to 400,000 characters, and compiling it cost more than running it (a second and a half
of a review at CERT r4.2 scale). Here it is a few milliseconds per column, and the same code runs
after DuckDB and after Spark, so their reports cannot drift apart.

The sums are exact integers (int64), as they were in SQL; the floating-point operations are the
same, in the same order, as the SQL they replace. NULL is NaN inside this module and NULL again
in the Arrow table it returns. SQL's GREATEST and LEAST skip NULLs (`np.fmax`, `np.fmin`); a
capped z-score stays NULL (`np.minimum` keeps NaN).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .context import UNKNOWN_GROUP, Context
from .indicators import (
    DAY_COLUMNS,
    INDICATORS,
    PEAK_SHIFT,
    WINDOW_SUMS,
    WindowSpec,
    guard_windows,
)
from .scoring import windows_in_range

SCORED_COLUMNS = tuple(sorted({ind.column for ind in INDICATORS}))
# Columns passed through from the counts, in the order of the scored table.
KEPT = ("user", "wk", "peer", "active_days", "first_dn", "frozen_dn", *sorted(set(WINDOW_SUMS)))


class _Groups:
    """Rows sorted so that each group is contiguous: running and total sums per group."""

    def __init__(self, group_of_row: np.ndarray) -> None:
        n = len(group_of_row)
        self.starts = np.flatnonzero(np.r_[True, group_of_row[1:] != group_of_row[:-1]]) if n else np.zeros(0, int)
        sizes = np.diff(np.r_[self.starts, n])
        self.first_row = np.repeat(self.starts, sizes)
        self.position = np.arange(n) - self.first_row  # 0-based row number within the group
        self.sizes = sizes

    def running(self, values: np.ndarray) -> np.ndarray:
        """Sum of the group's rows up to and including each row."""
        total = np.cumsum(values)
        before = np.r_[0, total][self.first_row]
        return total - before

    def lagged(self, running: np.ndarray, lag: int) -> np.ndarray:
        """`running` `lag` rows earlier within the group; 0 before the group's first row."""
        out = np.zeros_like(running)
        ok = self.position >= lag
        out[ok] = running[np.flatnonzero(ok) - lag]
        return out

    def totals(self, values: np.ndarray) -> np.ndarray:
        """Each row's group total."""
        if not len(values):
            return values
        return np.repeat(np.add.reduceat(values, self.starts), self.sizes)


def _moments(n: np.ndarray, s: np.ndarray, ss: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance (never below 0) from count, sum and sum of squares; NaN where n is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        nf = n.astype(np.float64)
        mean = s.astype(np.float64) / nf
        return mean, np.fmax(ss.astype(np.float64) / nf - mean * mean, 0)


def _z(count: np.ndarray, n: np.ndarray, s: np.ndarray, ss: np.ndarray) -> np.ndarray:
    """(x − mean) / sqrt(variance + 1) from count, sum and sum of squares: the +1 keeps a first
    event against an empty history at z = its count instead of infinity. NaN (NULL) where n is 0."""
    mean, var = _moments(n, s, ss)
    return np.where(n > 0, (count - mean) / np.sqrt(var + 1), np.nan)


def _anomaly(z_self: np.ndarray, z_peer: np.ndarray, cap: float | None = None) -> np.ndarray:
    """indicators' geometric mean of the own and the peer z-score (see `window_points`)."""
    if cap is not None:
        z_self, z_peer = np.minimum(z_self, cap), np.minimum(z_peer, cap)
    both = np.sqrt(np.fmax(z_self, 0) * np.fmax(z_peer, 0))
    out = np.where(np.isnan(z_self), np.fmax(z_peer, 0), both)
    return np.where(np.isnan(out), 0.0, out)


def _peers(users: list[str], people: pa.Table) -> list[str]:
    known = dict(zip(people.column("user").to_pylist(), people.column("peer").to_pylist(), strict=True))
    return [UNKNOWN_GROUP if (peer := known.get(user)) is None else peer for user in users]


def window_z(counts: pa.Table, people: pa.Table, ctx: Context, spec: WindowSpec | None = None) -> dict[str, np.ndarray]:
    """Per user and window (the rows of `counts`, reordered by user and window), each scored count's
    z-scores on three bases:

    - the window: against the user's own past windows (`<column>__z_self`, NULL with too short a
      history) and against the peer group that window (`<column>__z_peer`);
    - its worst day (`__zd_self`, `__zd_peer`): the highest daily count against the worst days
      of the user's own past windows and against the worst days of the peers that window, so that
      one night is not diluted by six ordinary days, while a single event weighs what it weighs
      in the window (`__day` is that day, `__dmax` its count);
    - a baseline frozen before the latest `drift_guard_days` (`__zf_self`): a drift over weeks
      that the user's recent past has absorbed still stands out against the time before it
      (`frozen_dn`: the first day not in that baseline). It is the lesser of two z-scores against
      that baseline, of the window and of the mean of the latest windows (half the guard), so
      that only a sustained rise scores on it: a single unusual window is the window basis's.
      The frozen baseline must itself be at least as long as the guard.
    """
    # Each user's windows made contiguous and in order; which user comes first does not matter.
    user_codes = pc.dictionary_encode(counts.column("user")).combine_chunks().indices.to_numpy()
    order = np.lexsort((counts.column("wk").to_numpy(), user_codes))

    def column(name: str) -> np.ndarray:
        return counts.column(name).to_numpy(zero_copy_only=False)[order]

    users = column("user")
    wk = column("wk")
    peer = _peers(users, people)
    own = _Groups(user_codes[order])
    guard = guard_windows(spec, ctx)
    recent_n = max(1, guard // 2)
    min_hist = int(ctx.threshold("min_history_windows"))
    n_prev = own.position
    n_frozen = np.maximum(own.position - guard + 1, 0)
    n_recent = np.minimum(own.position + 1, recent_n)
    first_dn = column("first_dn")
    # The first day the frozen baseline leaves out: the first day of the window `guard - 1` rows
    # back (NULL before there is one).
    frozen_known = own.position >= guard - 1
    frozen_dn = first_dn[np.maximum(np.arange(len(users)) - (guard - 1), 0)]

    # Peer groups (window, peer), made contiguous by one stable sort.
    peer_codes = pc.dictionary_encode(pa.array(peer, pa.string())).indices.to_numpy()
    by_peer = np.lexsort((peer_codes, wk))
    back = np.empty_like(by_peer)
    back[by_peer] = np.arange(len(by_peer))
    peers = _Groups((wk * (peer_codes.max(initial=0) + 1) + peer_codes)[by_peer])

    def peer_total(values: np.ndarray) -> np.ndarray:
        return peers.totals(values[by_peer])[back]

    n_peer = peer_total(np.ones(len(users), dtype=np.int64))
    out: dict[str, np.ndarray] = {"user": users, "wk": wk,
                                  "peer": np.asarray(peer, dtype=object), "frozen_dn": frozen_dn,
                                  "frozen_known": frozen_known}
    for name in ("active_days", "first_dn", *sorted(set(WINDOW_SUMS))):
        out[name] = column(name)
    for name in SCORED_COLUMNS:
        c = out[name].astype(np.int64)
        squares = c * c
        mine, mine_sq = own.running(c), own.running(squares)
        z_self = _z(c, n_prev, mine - c, mine_sq - squares)
        out[f"{name}__z_self"] = np.where(n_prev >= min_hist, z_self, np.nan)
        out[f"{name}__z_peer"] = _z(c, n_peer, peer_total(c), peer_total(squares))
        fs, fss = own.lagged(mine, guard), own.lagged(mine_sq, guard)
        rs = mine - own.lagged(mine, recent_n)
        # Against the frozen baseline: the window, and the recent windows' mean over its
        # standard error (NaN without a baseline, which `frozen_ok` leaves out).
        mean, var = _moments(n_frozen, fs, fss)
        z_window = (c - mean) / np.sqrt(var + 1)
        z_recent = (rs.astype(np.float64) / n_recent - mean) / np.sqrt(var / n_recent + 1)
        frozen_ok = n_frozen >= max(min_hist, guard)
        out[f"{name}__zf_self"] = np.where(frozen_ok, np.fmin(z_window, z_recent), np.nan)
    for name in DAY_COLUMNS:
        key, peak = column(f"{name}__dpk"), column(f"{name}__dmax").astype(np.int64)
        squares = peak * peak
        mine, mine_sq = own.running(peak), own.running(squares)
        out[f"{name}__dmax"] = peak
        out[f"{name}__day"] = PEAK_SHIFT - 1 - (key - peak * PEAK_SHIFT)
        own_days = _z(peak, n_prev, mine - peak, mine_sq - squares)
        out[f"{name}__zd_self"] = np.where(n_prev >= min_hist, own_days, np.nan)
        out[f"{name}__zd_peer"] = _z(peak, n_peer, peer_total(peak), peer_total(squares))
    return out


def window_points(z: dict[str, np.ndarray], ctx: Context) -> dict[str, np.ndarray]:
    """Per user and window: each indicator's points and the two z-scores of the basis that gave
    them (`__basis`: 0 the window, 1 its worst day, 2 the frozen baseline).

    The anomaly of a basis is the geometric mean of the own and the peer z-score: unusual for the
    user AND for their peers. A habit (own z ≈ 0) or something the whole group does (peer z ≈ 0)
    scores nothing on its own; without a history of their own, the peers alone. The day and drift
    bases cap each side first, so that one side's enormous z (a first burst after months of
    nothing) cannot make up for peers who do as much."""
    cap = float(ctx.threshold("z_cap"))
    rows = len(z["wk"])
    none = np.full(rows, np.nan)
    out: dict[str, np.ndarray] = {}
    for ind in INDICATORS:
        gate = z[ind.gate or ind.column] > 0
        z_self, z_peer = z[f"{ind.column}__z_self"], z[f"{ind.column}__z_peer"]
        by_window = _anomaly(z_self, z_peer)
        # The drift basis needs its own frozen history: without one it is the window basis again.
        zf_self = z[f"{ind.column}__zf_self"]
        by_drift = np.where(np.isnan(zf_self), 0.0, _anomaly(zf_self, z_peer, cap))
        if ind.column in DAY_COLUMNS:
            zd_self, zd_peer = z[f"{ind.column}__zd_self"], z[f"{ind.column}__zd_peer"]
            by_day = _anomaly(zd_self, zd_peer, cap)
        else:
            zd_self = zd_peer = none
            by_day = np.zeros(rows)
        # Ties go to the window, then the day: the plainest explanation wins.
        basis = np.where((by_window >= by_day) & (by_window >= by_drift), 0, np.where(by_day >= by_drift, 1, 2))
        anomaly = np.minimum(np.maximum(np.maximum(by_window, by_day), by_drift), cap)
        weight = ctx.weight(ind.name)
        if ind.mode == "flat":
            points = np.where(gate, weight, 0.0)
            basis = np.zeros(rows, dtype=np.int64)
        elif ind.mode == "floor1":
            points = np.where(gate, weight * np.maximum(anomaly, 1), 0.0)
        else:
            points = np.where(gate, weight * anomaly, 0.0)
        out[f"{ind.name}__basis"] = basis.astype(np.int64)
        out[f"{ind.name}__zs"] = np.where(basis == 1, zd_self, np.where(basis == 2, zf_self, z_self))
        out[f"{ind.name}__zp"] = np.where(basis == 1, zd_peer, z_peer)
        out[f"{ind.name}__pts"] = points.astype(np.float64)
    return out


def _arrow(values: np.ndarray) -> pa.Array:
    if values.dtype == object:
        return pa.array(values.tolist(), pa.string())
    if values.dtype.kind == "f":
        return pa.array(values, pa.float64(), mask=np.isnan(values))
    return pa.array(values.astype(np.int64), pa.int64())


def scored_windows(counts: pa.Table, people: pa.Table, ctx: Context, spec: WindowSpec) -> pa.Table:
    """The scored rows of the windows in the review's range, from every window's counts (the
    earlier ones are the baselines): the kept counts, each worst day and its count, and each
    indicator's basis, z-scores and points."""
    z = window_z(counts, people, ctx, spec)
    points = window_points(z, ctx)
    keys = [k for k, _, _ in windows_in_range(spec)]
    rows = (z["wk"] >= min(keys)) & (z["wk"] <= max(keys))
    columns: dict[str, pa.Array] = {name: _arrow(z[name][rows]) for name in KEPT}
    columns["frozen_dn"] = pa.array(z["frozen_dn"][rows], pa.int64(), mask=~z["frozen_known"][rows])
    for name in DAY_COLUMNS:
        for part in ("day", "dmax"):
            columns[f"{name}__{part}"] = _arrow(z[f"{name}__{part}"][rows])
    for name, values in points.items():
        columns[name] = _arrow(values[rows])
    return pa.table(columns)
