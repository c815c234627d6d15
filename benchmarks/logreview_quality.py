"""Quality of the log review on real-shaped synthetic CERT data: recall at a reviewer's workload.

    python benchmarks/logreview_quality.py [--scale 1] [--seeds-per-set 1] [--formats r4.2,r5.2]

For the tuning seeds and the held-out seeds of `logreview_quality_sets.yaml` separately, and
for CERT r4.2- and r5.2-shaped data, it generates datasets with `shuhi.logreview.synth`
(insider variants and hard negatives included), reviews each week by week with
`shuhi.logreview.engine.run_review` and the dataset's own `context.yaml`, reviews the same files
with the 60-line baseline of `logreview_baseline.py`, and prints for both:

- recall per scenario: insiders ranked within the top 1% of the workforce (ceil(1% of the users)
  slots a week) in some week that contains one of their malicious events;
- workload: distinct non-insiders who took a top-1% slot, per calendar month (mean), and over
  the whole period;
- the share of the top-1% slots taken by insiders in a week of their malicious activity;
- the hard negatives (job hunters, drive surges, new night workers, leavers) who took a slot
  during their change of habit or the week after.

The held-out set must never be used for tuning (see docs/logreview.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from logreview_baseline import review as baseline_review  # noqa: E402

from shuhi.logreview.synth import generate  # noqa: E402
from shuhi.logreview.synth_insiders import SCENARIOS  # noqa: E402

SETS_FILE = Path(__file__).resolve().parent / "logreview_quality_sets.yaml"
REVIEWERS = ("engine", "baseline")


def load_sets(path: Path = SETS_FILE) -> dict[str, dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=400)
    parser.add_argument("--days", type=int, default=200)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiply users and days (days at most 500) and insiders per scenario")
    parser.add_argument("--seeds-per-set", type=int, default=1, help="how many seeds of each set to run")
    parser.add_argument("--sets", default="tuning,held_out")
    parser.add_argument("--formats", default="r4.2,r5.2")
    parser.add_argument("--insiders-per-scenario", type=int, default=2)
    parser.add_argument("--engine", default="duckdb", choices=("duckdb", "spark"))
    parser.add_argument("--top", type=float, default=0.01, help="share of the workforce that counts as the top")
    parser.add_argument("--keep", type=Path, default=None, help="generate into this directory and keep the data")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    parser.add_argument("--quiet", action="store_true", help="no per-insider lines")
    return parser.parse_args(argv)


def _overlaps(window: dict[str, Any], first: str, last: str) -> bool:
    return window["start"] <= last and first <= window["end"]


def evaluate(report: dict[str, Any], key: dict[str, Any], top: float) -> dict[str, Any]:
    """Recall, workload and hard negatives of one reviewer on one dataset."""
    cut = max(1, math.ceil(top * key["users"]))
    insiders = {e["user"] for e in key["insiders"]}
    rows = []
    for entry in key["insiders"]:
        best = None
        for window in report["windows"]:
            if not any(window["start"] <= d <= window["end"] for d in entry["malicious_dates"]):
                continue
            rank = next((i + 1 for i, r in enumerate(window["ranking"]) if r["user"] == entry["user"]), None)
            if rank is not None and (best is None or rank < best["rank"]):
                best = {"week": window["start"], "rank": rank,
                        "reasons": [str(r.get("indicator", r)) for r in window["ranking"][rank - 1]["reasons"]]}
        rows.append({"user": entry["user"], "scenario": entry["scenario"], "variant": entry.get("variant", ""),
                     "found": bool(best and best["rank"] <= cut), "best": best})
    months: dict[str, set[str]] = {}
    everyone: set[str] = set()
    slots = insider_slots = 0
    for window in report["windows"]:
        top_users = [r["user"] for r in window["ranking"][:cut]]
        slots += cut
        others = {u for u in top_users if u not in insiders}
        months.setdefault(window["start"][:7], set()).update(others)
        everyone |= others
        for entry in key["insiders"]:
            if entry["user"] in top_users and any(window["start"] <= d <= window["end"]
                                                  for d in entry["malicious_dates"]):
                insider_slots += 1
    flagged_negatives = set()
    for negative in key.get("hard_negatives", []):
        last = str(dt.date.fromisoformat(negative["end"]) + dt.timedelta(days=7))
        for window in report["windows"]:
            if _overlaps(window, negative["start"], last) and negative["user"] in \
                    [r["user"] for r in window["ranking"][:cut]]:
                flagged_negatives.add((negative["user"], negative["kind"]))
    return {"insiders": rows, "cut": cut, "per_month": [len(v) for v in months.values()],
            "distinct_flagged": len(everyone), "slots": slots, "insider_slots": insider_slots,
            "hard_negatives": len(key.get("hard_negatives", [])), "negatives_flagged": len(flagged_negatives)}


def _combine(results: list[dict[str, Any]]) -> dict[str, Any]:
    rows = [r for res in results for r in res["insiders"]]
    per = {}
    for scenario in sorted({r["scenario"] for r in rows}):
        mine = [r for r in rows if r["scenario"] == scenario]
        per[scenario] = (sum(r["found"] for r in mine), len(mine))
    months = [m for res in results for m in res["per_month"]]
    return {
        "per_scenario": per, "found": sum(r["found"] for r in rows), "insiders": len(rows),
        "flagged_per_month": sum(months) / len(months) if months else 0.0,
        "flagged_per_month_max": max(months, default=0),
        "distinct_flagged": sum(res["distinct_flagged"] for res in results),
        "insider_slot_share": sum(res["insider_slots"] for res in results)
        / max(1, sum(res["slots"] for res in results)),
        "negatives_flagged": (sum(res["negatives_flagged"] for res in results),
                              sum(res["hard_negatives"] for res in results)),
        "rows": rows,
    }


def _ratio(pair: tuple[int, int]) -> str:
    return f"{pair[0]}/{pair[1]}"


def _print_block(title: str, combined: dict[str, dict[str, Any]], cut: int, quiet: bool) -> None:
    print(f"\n== {title} (top 1% = {cut} slots a week) ==")
    scenarios = sorted({s for c in combined.values() for s in c["per_scenario"]})
    head = " ".join(f"{'s' + str(s):>6}" for s in scenarios)
    print(f"{'reviewer':<9} {head} {'all':>8} {'recall':>7}  {'non-insiders/month':>18} {'(max)':>5} "
          f"{'distinct':>8} {'insider slots':>13} {'hard neg.':>9}")
    for name, c in combined.items():
        cells = " ".join(f"{_ratio(c['per_scenario'][s]):>6}" for s in scenarios)
        negatives = _ratio(c["negatives_flagged"])
        print(f"{name:<9} {cells} {_ratio((c['found'], c['insiders'])):>8} "
              f"{c['found'] / max(1, c['insiders']):>7.0%}  {c['flagged_per_month']:>18.1f} "
              f"{c['flagged_per_month_max']:>5} {c['distinct_flagged']:>8} {c['insider_slot_share']:>13.0%} "
              f"{negatives:>9}")
    if quiet:
        return
    for row in combined["engine"]["rows"]:
        if row["found"]:
            continue
        best = row["best"]
        where = f"best rank {best['rank']} in week {best['week']} ({', '.join(best['reasons']) or '-'})" \
            if best else "never ranked in a week of its activity"
        print(f"  engine missed s{row['scenario']} {row['variant']:<9} {row['user']}: {where}")


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    from shuhi.logreview.engine import run_review

    sets = load_sets()
    users = max(30, round(args.users * args.scale))
    days = min(500, max(60, round(args.days * args.scale)))
    per = max(1, round(args.insiders_per_scenario * args.scale))
    print(f"{users} users x {days} days per dataset, {per} insiders per scenario, "
          f"{args.seeds_per_set} seed(s) per set, engine {args.engine}")
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="shuhi-quality-") as scratch:
        root = args.keep or Path(scratch)
        for set_name in args.sets.split(","):
            spec = sets[set_name]
            for fmt in args.formats.split(","):
                results: dict[str, list[dict[str, Any]]] = {name: [] for name in REVIEWERS}
                cut = 1
                for seed in spec["seeds"][: args.seeds_per_set]:
                    data = root / f"{set_name}-{fmt}-{seed}"
                    began = time.perf_counter()
                    key = generate(data, users=users, days=days, seed=seed, start=spec["start"], fmt=fmt,
                                   params=spec.get("params"), insiders_per_scenario=per)
                    generated = time.perf_counter() - began
                    began = time.perf_counter()
                    report = run_review(f"cert:{data}", context=data / "context.yaml", start=key["start"],
                                        end=key["end"], window="week", engine=args.engine,
                                        store_dir=root / f"store-{set_name}-{fmt}-{seed}")
                    reviewed = time.perf_counter() - began
                    began = time.perf_counter()
                    baseline = baseline_review(data, key["start"], key["end"])
                    based = time.perf_counter() - began
                    events = sum(key["counts"].values())
                    print(f"  {set_name} {fmt} seed {seed}: {events:,} events; generated {generated:.0f}s, "
                          f"engine {reviewed:.0f}s, baseline {based:.0f}s", flush=True)
                    for name, rep in (("engine", report), ("baseline", baseline)):
                        result = evaluate(rep, key, args.top)
                        results[name].append(result)
                        cut = result["cut"]
                combined = {name: _combine(res) for name, res in results.items()}
                seeds = spec["seeds"][: args.seeds_per_set]
                _print_block(f"{set_name} seeds {seeds}, {fmt}", combined, cut, args.quiet)
                figures[f"{set_name}/{fmt}"] = {name: {k: v for k, v in c.items() if k != "rows"} | {
                    "per_scenario": {str(s): list(v) for s, v in c["per_scenario"].items()}}
                    for name, c in combined.items()}
    print("\nscenarios: " + "; ".join(f"s{k} {v}" for k, v in SCENARIOS.items()))
    if args.json:
        args.json.write_text(json.dumps({"users": users, "days": days, "figures": figures,
                                         "at": dt.datetime.now().isoformat()}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
