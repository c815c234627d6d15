"""`shuhi logreview run|synth` — the log review from the command line.

Messages for people go through shuhi.i18n (Japanese or English, without Django); the report
JSON is the same in every language.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from shuhi.i18n import HelpFormatter, gettext_noop
from shuhi.i18n import gettext as _

# One message per line rather than one block, so that adding a command does not orphan the
# translation of all the others.
COMMANDS = (
    ("run", gettext_noop("review logs and write the ranked report (JSON, optionally HTML)")),
    ("synth", gettext_noop("write a synthetic CERT-format dataset with injected insiders")),
)


def usage() -> str:
    lines = [_("usage: shuhi logreview COMMAND [ARGS...]"), "", _("Commands:")]
    lines += [f"  {name:<7} {_(text)}" for name, text in COMMANDS]
    return "\n".join(lines) + "\n"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(_("not a date (YYYY-MM-DD): %(text)r") % {"text": text}) from exc


def run_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shuhi logreview run",
        formatter_class=HelpFormatter,
        description=_("Rank who needs a look in a period's access logs, and why."),
    )
    parser.add_argument(
        "--source",
        required=True,
        help=_("cert:DIR (CERT insider-threat format) or generic:MAPPING:PATH (see mappings/)"),
    )
    parser.add_argument(
        "--context",
        type=Path,
        default=None,
        help=_("YAML merged over the default context (domains, keywords, locations, people)"),
    )
    parser.add_argument("--from", dest="start", required=True, type=_date, help=_("first day, YYYY-MM-DD"))
    parser.add_argument(
        "--to", dest="end", required=True, type=_date, help=_("last day, YYYY-MM-DD (inclusive)")
    )
    parser.add_argument("--window", choices=("day", "week", "month"), default="week",
                        help=_("length of each review period (default week)"))
    parser.add_argument("--out", required=True, type=Path, help=_("report JSON"))
    parser.add_argument("--html", type=Path, default=None, help=_("also write a readable HTML report"))
    parser.add_argument("--engine", choices=("duckdb", "spark"), default=None,
                        help=_("query engine (default duckdb, or SHUHI_LOGREVIEW_ENGINE)"))
    parser.add_argument(
        "--spark-master",
        default=None,
        metavar="URL",
        help=_("Spark cluster to run on with --engine spark, e.g. spark://host:7077 "
               "(default SHUHI_SPARK_MASTER, else local mode)"),
    )
    parser.add_argument(
        "--spark-conf",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=_("a Spark property for --engine spark, e.g. spark.executor.memory=4g (repeatable)"),
    )
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        help=_(
            "event store directory, kept between runs so that later runs are incremental "
            "(default: one per source under the shuhi data directory)"
        ),
    )
    return parser


def run_main(argv: Sequence[str]) -> int:
    parser = run_parser()
    args = parser.parse_args(list(argv))
    from .backend import configure_spark, default_engine, parse_spark_conf
    from .engine import run_review
    from .ingest import default_store

    try:
        engine = args.engine or default_engine()
        spark_conf = parse_spark_conf(args.spark_conf)
    except ValueError as exc:
        parser.error(str(exc))
    if (args.spark_master or spark_conf) and engine != "spark":
        parser.error(_("--spark-master and --spark-conf need --engine spark"))
    if args.spark_master or spark_conf:
        configure_spark(args.spark_master, spark_conf)
    from .report import write_report

    store = args.store or default_store(args.source)
    try:
        report = run_review(
            args.source,
            context=args.context,
            start=args.start,
            end=args.end,
            window=args.window,
            engine=engine,
            store_dir=store,
        )
    except (ValueError, FileNotFoundError) as exc:
        sys.stderr.write(f"shuhi logreview run: {exc}\n")
        return 2
    write_report(report, args.out, args.html)
    _print_summary(report, args.out)
    return 0


def _print_summary(report: dict, out: Path) -> None:
    stats = report["stats"]
    summary = _(
        "reviewed %(events)s events in %(windows)s windows on %(engine)s in %(seconds)ss "
        "(%(bad_rows)s bad rows); wrote %(out)s"
    ) % {
        "events": f"{stats['events']:,}",
        "windows": len(report["windows"]),
        "engine": stats["engine"],
        "seconds": f"{stats['seconds']:.1f}",
        "bad_rows": stats["bad_rows"],
        "out": out,
    }
    sys.stdout.write(summary + "\n")
    for window in [w for w in report["windows"] if w["ranking"]][-3:]:
        first = window["ranking"][0]
        top = _("top %(start)s: %(user)s (%(score)s)") % {
            "start": window["start"],
            "user": first["user"],
            "score": f"{first['score']:.2f}",
        }
        sys.stdout.write(f"  {top}\n")


def synth_main(argv: Sequence[str]) -> int:
    try:
        from . import synth
    except ImportError as exc:
        message = _("the synthesizer is not available (%(error)s)") % {"error": exc}
        sys.stderr.write(f"shuhi logreview synth: {message}\n")
        return 2
    return int(synth.main(list(argv)) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        sys.stdout.write(usage())
        return 0
    command, rest = args[0], args[1:]
    if command == "run":
        return run_main(rest)
    if command == "synth":
        return synth_main(rest)
    message = _("unknown command %(command)r") % {"command": command}
    sys.stderr.write(f"shuhi logreview: {message}\n\n{usage()}")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
