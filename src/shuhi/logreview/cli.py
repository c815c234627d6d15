"""`shuhi logreview run|synth` — the log review from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path

USAGE = """usage: shuhi logreview COMMAND [ARGS...]

Commands:
  run     review logs and write the ranked report (JSON, optionally HTML)
  synth   write a synthetic CERT-format dataset with injected insiders
"""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def run_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shuhi logreview run",
        description="Rank who needs a look in a period's access logs, and why.",
    )
    parser.add_argument(
        "--source",
        required=True,
        help="cert:DIR (CERT insider-threat format) or generic:MAPPING:PATH (see mappings/)",
    )
    parser.add_argument(
        "--context",
        type=Path,
        default=None,
        help="YAML merged over the default context (domains, keywords, locations, people)",
    )
    parser.add_argument("--from", dest="start", required=True, type=_date, help="first day, YYYY-MM-DD")
    parser.add_argument(
        "--to", dest="end", required=True, type=_date, help="last day, YYYY-MM-DD (inclusive)"
    )
    parser.add_argument("--window", choices=("day", "week", "month"), default="week")
    parser.add_argument("--out", required=True, type=Path, help="report JSON")
    parser.add_argument("--html", type=Path, default=None, help="also write a readable HTML report")
    parser.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        help="event store directory, kept between runs so that later runs are incremental "
        "(default: one per source under the shuhi data directory)",
    )
    return parser


def default_store(source: str) -> Path:
    from shuhi.paths import data_dir

    digest = hashlib.sha256(source.encode()).hexdigest()[:12]
    return data_dir() / "logreview" / f"store-{digest}"


def run_main(argv: Sequence[str]) -> int:
    args = run_parser().parse_args(list(argv))
    from .engine import run_review
    from .report import write_report

    store = args.store or default_store(args.source)
    try:
        report = run_review(
            args.source,
            context=args.context,
            start=args.start,
            end=args.end,
            window=args.window,
            engine=args.engine,
            store_dir=store,
        )
    except (ValueError, FileNotFoundError) as exc:
        sys.stderr.write(f"shuhi logreview run: {exc}\n")
        return 2
    write_report(report, args.out, args.html)
    stats = report["stats"]
    top = [
        f"{w['start']}: {w['ranking'][0]['user']} ({w['ranking'][0]['score']:.2f})"
        for w in report["windows"]
        if w["ranking"]
    ][-3:]
    sys.stdout.write(
        f"reviewed {stats['events']:,} events in {len(report['windows'])} windows on {stats['engine']} "
        f"in {stats['seconds']:.1f}s ({stats['bad_rows']} bad rows); wrote {args.out}\n"
    )
    for line in top:
        sys.stdout.write(f"  top {line}\n")
    return 0


def synth_main(argv: Sequence[str]) -> int:
    try:
        from . import synth
    except ImportError as exc:
        sys.stderr.write(f"shuhi logreview synth: the synthesizer is not available ({exc})\n")
        return 2
    return int(synth.main(list(argv)) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        sys.stdout.write(USAGE)
        return 0
    command, rest = args[0], args[1:]
    if command == "run":
        return run_main(rest)
    if command == "synth":
        return synth_main(rest)
    sys.stderr.write(f"shuhi logreview: unknown command {command!r}\n\n{USAGE}")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
