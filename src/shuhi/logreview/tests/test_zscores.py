"""The z-scores and points of zscores.py on window counts small enough to work out by hand."""

from __future__ import annotations

import math
import random

import numpy as np
import pyarrow as pa
import pytest

from shuhi.logreview.context import UNKNOWN_GROUP, load_context
from shuhi.logreview.indicators import DAY_COLUMNS, PEAK_SHIFT, WINDOW_SUMS, WindowSpec
from shuhi.logreview.zscores import scored_windows, window_points, window_z


def counts(rows: list[dict]) -> pa.Table:
    """Window counts as `indicators.window_counts` gives them: zero where a row says nothing,
    each scored count's worst day the window's first day."""
    columns: dict[str, list] = {"user": [], "wk": [], "active_days": [], "first_dn": []}
    for name in sorted(set(WINDOW_SUMS)):
        columns[name] = []
    for name in DAY_COLUMNS:
        columns[f"{name}__dpk"], columns[f"{name}__dmax"] = [], []
    for row in rows:
        first_dn = 14000 + 7 * row["wk"]
        columns["user"].append(row["user"])
        columns["wk"].append(row["wk"])
        columns["active_days"].append(5)
        columns["first_dn"].append(first_dn)
        for name in sorted(set(WINDOW_SUMS)):
            columns[name].append(row.get(name, 0))
        for name in DAY_COLUMNS:
            peak = row.get(f"{name}__dmax", row.get(name, 0))
            columns[f"{name}__dmax"].append(peak)
            columns[f"{name}__dpk"].append(peak * PEAK_SHIFT + (PEAK_SHIFT - 1 - first_dn))
    return pa.table({k: pa.array(v, pa.string() if k == "user" else pa.int64()) for k, v in columns.items()})


def people(peers: dict[str, str]) -> pa.Table:
    return pa.table({"user": list(peers), "peer": list(peers.values())})


def context(**thresholds: int):
    ctx = load_context(None)
    ctx.settings["thresholds"].update(thresholds)
    return ctx


def by_key(z: dict[str, np.ndarray], column: str) -> dict[tuple[str, int], float]:
    return {(u, int(w)): float(v) for u, w, v in zip(z["user"], z["wk"], z[column], strict=True)}


def test_a_users_own_z_score_is_against_their_earlier_windows_only() -> None:
    rows = [{"user": "A", "wk": k, "after_hours": n} for k, n in enumerate([2, 4, 6, 20])]
    z = by_key(window_z(counts(rows), people({"A": "sales"}), context(min_history_windows=3)), "after_hours__z_self")
    mean, var = 4.0, (4 + 16 + 36) / 3 - 16.0
    assert z[("A", 3)] == pytest.approx((20 - mean) / math.sqrt(var + 1))
    # Fewer than three earlier windows: no own baseline.
    assert all(math.isnan(z[("A", k)]) for k in range(3))


def test_the_peer_z_score_compares_the_window_with_the_peer_groups_same_window() -> None:
    rows = [
        {"user": "A", "wk": 0, "after_hours": 9},
        {"user": "B", "wk": 0, "after_hours": 1},
        {"user": "C", "wk": 0, "after_hours": 2},
        {"user": "D", "wk": 0, "after_hours": 50},  # another group: not A's peer
        {"user": "A", "wk": 1, "after_hours": 0},
    ]
    groups = {"A": "sales", "B": "sales", "C": "sales", "D": "it"}
    z = window_z(counts(rows), people(groups), context())
    peer = by_key(z, "after_hours__z_peer")
    mean = 12 / 3
    var = (81 + 1 + 4) / 3 - mean * mean
    assert peer[("A", 0)] == pytest.approx((9 - mean) / math.sqrt(var + 1))
    # Alone in its group that week: its own mean, z = 0.
    assert peer[("A", 1)] == 0.0
    assert peer[("D", 0)] == 0.0
    assert dict(zip(z["user"], z["peer"], strict=True))["D"] == "it"


def test_a_user_the_people_table_does_not_know_is_in_the_unknown_group() -> None:
    z = window_z(counts([{"user": "X", "wk": 0}]), people({"A": "sales"}), context())
    assert z["peer"].tolist() == [UNKNOWN_GROUP]


def test_the_frozen_baseline_leaves_out_the_latest_windows() -> None:
    # A slow drift: 1 a week for eight weeks, then 3, 5, 7, 9. With a guard of four weeks the
    # baseline of week 11 is weeks 0-7 only, and the latest two weeks' mean is 8.
    series = [1] * 8 + [3, 5, 7, 9]
    rows = [{"user": "A", "wk": k, "after_hours": n} for k, n in enumerate(series)]
    ctx = context(min_history_windows=3, drift_guard_days=28)
    z = window_z(counts(rows), people({"A": "sales"}), ctx, WindowSpec("week", 14000, 14000 + 7 * 12 - 1))
    frozen = by_key(z, "after_hours__zf_self")
    window_z_score = (9 - 1) / math.sqrt(0 + 1)
    recent_z_score = (8 - 1) / math.sqrt(0 / 2 + 1)
    assert frozen[("A", 11)] == pytest.approx(min(window_z_score, recent_z_score))
    # The baseline must be at least as long as the guard: week 6 has 3 windows before the guard.
    assert math.isnan(frozen[("A", 6)])
    assert not math.isnan(frozen[("A", 7)])
    first_left_out = dict(zip(z["wk"].tolist(), z["frozen_dn"].tolist(), strict=True))
    assert first_left_out[11] == 14000 + 7 * 8


def test_the_worst_day_is_scored_against_the_worst_days_of_the_users_past() -> None:
    rows = [{"user": "A", "wk": k, "after_hours": 10, "after_hours__dmax": 2} for k in range(4)]
    rows[3]["after_hours__dmax"] = 10  # the whole week's activity on one night
    z = window_z(counts(rows), people({"A": "sales"}), context(min_history_windows=3))
    assert by_key(z, "after_hours__z_self")[("A", 3)] == 0.0
    assert by_key(z, "after_hours__zd_self")[("A", 3)] == pytest.approx((10 - 2) / 1.0)
    assert by_key(z, "after_hours__dmax")[("A", 3)] == 10
    assert by_key(z, "after_hours__day")[("A", 3)] == 14000 + 21


def test_points_take_the_basis_with_the_highest_anomaly_and_name_it() -> None:
    rows = [{"user": u, "wk": k, "after_hours": 10, "after_hours__dmax": 2} for u in "ABC" for k in range(4)]
    rows[3]["after_hours__dmax"] = 10
    ctx = context(min_history_windows=3)
    z = window_z(counts(rows), people(dict.fromkeys("ABC", "sales")), ctx)
    points = window_points(z, ctx)
    row = next(i for i, (u, w) in enumerate(zip(z["user"], z["wk"], strict=True)) if (u, w) == ("A", 3))
    assert points["after_hours__basis"][row] == 1
    assert points["after_hours__zs"][row] == pytest.approx(8.0)
    zd_peer = z["after_hours__zd_peer"][row]
    assert zd_peer > 0
    anomaly = min(math.sqrt(min(8.0, 10) * min(zd_peer, 10)), 10)
    assert points["after_hours__pts"][row] == pytest.approx(ctx.weight("after_hours") * anomaly)
    # Nothing unusual for B: no points.
    other = next(i for i, (u, w) in enumerate(zip(z["user"], z["wk"], strict=True)) if (u, w) == ("B", 3))
    assert points["after_hours__pts"][other] == 0.0


def test_the_order_of_the_fetched_counts_does_not_change_any_score() -> None:
    rng = random.Random(5)
    rows = [
        {"user": f"U{u}", "wk": k, "after_hours": rng.randint(0, 30), "device": rng.randint(0, 3)}
        for u in range(12)
        for k in range(10)
    ]
    groups = {f"U{u}": "ab"[u % 2] for u in range(12)}
    spec = WindowSpec("week", 14000, 14000 + 7 * 10 - 1)
    ctx = context()
    by_user = [("user", "ascending"), ("wk", "ascending")]
    ordered = scored_windows(counts(rows), people(groups), ctx, spec).sort_by(by_user)
    rng.shuffle(rows)
    shuffled = scored_windows(counts(rows), people(groups), ctx, spec).sort_by(by_user)
    assert shuffled.equals(ordered)
    assert ordered.num_rows == 120


def test_only_the_windows_of_the_review_are_returned() -> None:
    rows = [{"user": "A", "wk": k, "after_hours": k} for k in range(-3, 2)]
    table = scored_windows(counts(rows), people({"A": "sales"}), context(), WindowSpec("week", 14000, 14013))
    assert table.column("wk").to_pylist() == [0, 1]
