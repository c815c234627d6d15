"""Synthetic insider-threat data in the CERT r4.2 or r5.2 format, with an answer key.

`shuhi logreview synth --users N --days D --seed S --out DIR [--format r5.2]` writes
logon/device/file/http/email CSVs, monthly LDAP snapshots and psychometric scores exactly as the
CERT releases lay them out (see ../shared/reference/cert-insider-format.md), plus:

- `answers.json`: each injected insider's scenario, dates and malicious event ids, and the
  departure dates of ordinary leavers (who must not be flagged for leaving alone);
- `answers/insiders.csv`: the same insiders in CERT's answer-key layout;
- `context.yaml`: the classified locations and domain lists that the data uses, for the engine.

The real dataset cannot be redistributed, so tests and benchmarks run on this instead. The
output depends only on the arguments: the same seed gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import yaml

from shuhi.i18n import HelpFormatter
from shuhi.i18n import gettext as _

from . import synth_vocab as vocab
from .synth_background import background_day, is_workday
from .synth_insiders import Injector
from .synth_negatives import assign_hard_negatives, default_per_kind
from .synth_people import build_population, write_ldap, write_psychometric
from .synth_pools import build_pools
from .synth_scenarios import inject, merged_params, select_insiders
from .synth_write import FORMATS, EventSink, cert_date_key

DEFAULT_START = "2010-01-04"


def default_insiders_per_scenario(users: int) -> int:
    # One insider of each kind per 250 people keeps them a small minority, as in CERT r4.2.
    return max(1, users // 250)


def _merge(background: pa.Table, injected: pa.Table | None) -> pa.Table:
    if injected is None:
        return background
    # Permissive: on a quiet day of a small population a background column can be all-null
    # (typed null), which the injected rows' strings must widen rather than clash with.
    return pa.concat_tables([background, injected.select(background.column_names)], promote_options="permissive")


def _write_events(out: Path, seed: int, inj: Injector,
                  progress: Callable[[int], None] | None) -> dict[str, int]:
    sink = EventSink(out, inj.fmt)
    try:
        for day in range(inj.days):
            # Each day has its own stream so the background does not depend on chunking.
            rng = np.random.default_rng([seed, 7, day])
            date = inj.start + day
            tables = background_day(rng, inj.pop, inj.pools, day, inj.day0 + day * 86400,
                                    is_workday(date), inj.fmt)
            injected = inj.tables(day)
            for name, table in tables.items():
                sink.write(name, _merge(table, injected.get(name)))
            if progress is not None:
                progress(day)
    finally:
        sink.close()
    return sink.counts


def _answer_key(args: dict[str, Any], inj: Injector, insiders: list[dict[str, Any]],
                counts: dict[str, int]) -> dict[str, Any]:
    pop = inj.pop
    leavers = [{"user": pop.ids[u], "departure": str(inj.start + int(pop.departure[u])), "reason": reason}
               for u, reason in sorted(pop.leave_reason.items()) if reason != "insider"]
    return {
        "dataset": "shuhi-synth", "format": inj.fmt, **args,
        "end": str(inj.start + inj.days - 1), "company_domain": vocab.COMPANY_DOMAIN,
        "insiders": insiders, "leavers": leavers, "hard_negatives": pop.hard_negatives, "counts": counts,
    }


def _write_cert_answers(out: Path, insiders: list[dict[str, Any]], rows_of: dict[str, list[str]]) -> None:
    """CERT's answer layout (`insiders.csv` plus one file of malicious rows per insider, each
    row prefixed by its event type), so tools written for the real answer key read ours too."""
    (out / "answers").mkdir(exist_ok=True)
    for entry in insiders:
        folder = out / "answers" / f"synth-{entry['scenario']}"
        folder.mkdir(exist_ok=True)
        rows = sorted(rows_of[entry["user"]], key=lambda row: cert_date_key(row.split(",")[2]))
        (folder / f"synth-{entry['scenario']}-{entry['user']}.csv").write_text(
            "\n".join(rows) + "\n", encoding="utf-8")
    with open(out / "answers" / "insiders.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["dataset", "scenario", "details", "user", "start", "end"])
        for entry in insiders:
            writer.writerow(["synth", entry["scenario"], f"synth-{entry['scenario']}-{entry['user']}.csv",
                             entry["user"], entry["events"][0]["date"], entry["events"][-1]["date"]])


def generate(out_dir: str | Path, *, users: int = 200, days: int = 120, seed: int = 0,
             start: str = DEFAULT_START, insiders_per_scenario: int | None = None,
             fmt: str = "r4.2", params: dict[str, Any] | None = None,
             hard_negatives_per_kind: int | None = None,
             progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Write a CERT r4.2- or r5.2-format dataset to `out_dir` and return its answer key.

    `params` overrides the scenario parameters (synth_scenarios.DEFAULT_PARAMS): the shares of
    each scenario's variants, the length of slow drifts, the scenarios to inject.
    """
    if fmt not in FORMATS:
        raise ValueError(_("unknown format %(format)s; use one of %(formats)s")
                         % {"format": fmt, "formats": ", ".join(FORMATS)})
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    start_day = np.datetime64(start, "D")
    day0 = int(start_day.astype(np.int64)) * 86400
    people_rng, pool_rng, insider_rng, psych_rng = (np.random.default_rng([seed, k]) for k in range(4))
    pop = build_population(people_rng, users, days)
    pools = build_pools(pool_rng, pop)
    scenario_params = merged_params(params)
    inj = Injector(insider_rng, pop, pools, start_day, day0, days, fmt=fmt, params=scenario_params)
    per = default_insiders_per_scenario(users) if insiders_per_scenario is None else insiders_per_scenario
    insiders = inject(inj, select_insiders(insider_rng, pop, days, per, scenario_params))
    # Their own stream, so that adding hard negatives leaves the insiders where they were.
    acting = {pop.ids.index(e["user"]) for e in insiders} | inj.protected
    acting |= {u for u, reason in pop.leave_reason.items() if reason == "layoff"}
    negatives = default_per_kind(users) if hard_negatives_per_kind is None else hard_negatives_per_kind
    assign_hard_negatives(np.random.default_rng([seed, 5]), pop, days, start_day, acting, negatives)
    write_ldap(out, pop, start_day, days)
    fearful = {pop.ids.index(e["user"]) for e in insiders if e["scenario"] == 5}
    write_psychometric(out, pop, psych_rng, fearful)
    counts = _write_events(out, seed, inj, progress)
    args = {"seed": seed, "users": users, "days": days, "start": str(start_day),
            "insiders_per_scenario": per, "hard_negatives_per_kind": negatives,
            "params": {**scenario_params, "variants": {str(k): v for k, v in scenario_params["variants"].items()}}}
    key = _answer_key(args, inj, insiders, counts)
    (out / "answers.json").write_text(json.dumps(key, indent=1, ensure_ascii=False), encoding="utf-8")
    _write_cert_answers(out, insiders, inj.rows_of)
    (out / "context.yaml").write_text(
        yaml.safe_dump(vocab.context_document(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return key


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shuhi logreview synth",
        formatter_class=HelpFormatter,
        description=_("Write a synthetic CERT r4.2- or r5.2-format insider-threat dataset with an answer key "
                      "(answers.json) and the engine context (context.yaml)."))
    parser.add_argument("--users", type=int, default=200, help=_("number of employees (default 200)"))
    parser.add_argument("--days", type=int, default=120, help=_("calendar days of logs (default 120)"))
    parser.add_argument("--seed", type=int, default=0, help=_("random seed; same seed, same files"))
    parser.add_argument("--out", required=True, type=Path, help=_("output directory"))
    parser.add_argument("--start", default=DEFAULT_START,
                        help=_("first day, YYYY-MM-DD (%(default)s)") % {"default": DEFAULT_START})
    parser.add_argument("--insiders-per-scenario", type=int, default=None,
                        help=_("insiders of each scenario (default: one per 250 users, at least 1)"))
    parser.add_argument("--format", dest="fmt", choices=FORMATS, default="r4.2",
                        help=_("CERT column set: r4.2, or r5.2 with file activity, removable-media flags, "
                               "the drive's file tree and mail Send/Receive (default r4.2)"))
    parser.add_argument("--params", type=Path, default=None,
                        help=_("YAML file of scenario parameters (variant shares, drift lengths)"))
    parser.add_argument("--quiet", action="store_true", help=_("no progress output"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.users < 30:
        sys.stderr.write("synth: " + _("--users must be at least 30 (one team per scenario)") + "\n")
        return 2
    began = time.monotonic()

    def progress(day: int) -> None:
        if not args.quiet and (day + 1) % 30 == 0:
            sys.stderr.write("  " + _("day %(day)s/%(days)s  %(seconds).0fs") % {
                "day": day + 1, "days": args.days, "seconds": time.monotonic() - began} + "\n")

    try:
        params = yaml.safe_load(args.params.read_text(encoding="utf-8")) if args.params else None
        key = generate(args.out, users=args.users, days=args.days, seed=args.seed, start=args.start,
                       insiders_per_scenario=args.insiders_per_scenario, fmt=args.fmt, params=params,
                       progress=progress)
    except (ValueError, OSError, yaml.YAMLError) as error:
        sys.stderr.write(f"synth: {error}\n")
        return 2
    total = sum(key["counts"].values())
    sys.stdout.write(_("wrote %(events)s events, %(insiders)s insiders, %(leavers)s ordinary leavers to %(out)s "
                       "in %(seconds).1fs") % {
        "events": f"{total:,}", "insiders": len(key["insiders"]), "leavers": len(key["leavers"]),
        "out": args.out, "seconds": time.monotonic() - began} + "\n")
    return 0


__all__ = ["build_parser", "generate", "main"]

if __name__ == "__main__":
    raise SystemExit(main())
