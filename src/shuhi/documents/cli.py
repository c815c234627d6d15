"""`shuhi scan`, `shuhi stamp` and `shuhi trace`: the document engine on the command line.

Each command is a `*_main(argv) -> int` function that the top-level `shuhi` dispatcher calls;
none of them needs Django. Exit codes: 0 when the command ran (a scan that met unreadable files
still ran), 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from typing import Any

# ---------------------------------------------------------------------------------------------
# shuhi scan
# ---------------------------------------------------------------------------------------------


def _scan_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shuhi scan",
        description="Find confidentiality labels (社外秘, 極秘, Confidential, Microsoft sensitivity labels…) "
        "in docx/xlsx/pptx, PDF, ODF and text files under the given files and folders.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to scan")
    parser.add_argument("--jsonl", action="store_true", help="print one JSON object per file on stdout")
    parser.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default 1)")
    parser.add_argument("--vocabulary", metavar="FILE",
                        help="vocabulary file (YAML or JSON) mapping words to tiers")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="S",
                        help="seconds allowed per file (default 30)")
    parser.add_argument("--memory-mb", type=int, default=512, metavar="MB",
                        help="extra memory a worker may use per file (default 512)")
    return parser


def _error_kind(error: str | None) -> str:
    return (error or "").split(":", 1)[0].strip()


def _summary(results: Counter[str], errors: Counter[str], files: int) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"shuhi scan: {files} files")
    table.add_column("result")
    table.add_column("files", justify="right")
    for tier, count in results.most_common():
        table.add_row(f"tier {tier}" if tier != "-" else "no label", str(count))
    for kind, count in errors.most_common():
        table.add_row(f"error: {kind}", str(count))
    Console(stderr=False).print(table)


def _with_progress(results: Iterator[dict[str, Any]], total: int | None) -> Iterator[dict[str, Any]]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=True, console=_stderr_console()) as progress:
        task = progress.add_task("scan", total=total)
        for result in results:
            progress.advance(task)
            yield result


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _count_files(paths: list[str]) -> int | None:
    """Total for the progress bar; walking twice is cheap next to parsing."""
    from shuhi.documents.scan import iter_files

    return sum(1 for _ in iter_files(paths))


def scan_main(argv: list[str]) -> int:
    parser = _scan_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if args.workers < 1 or args.timeout <= 0:
        parser.print_usage(sys.stderr)
        sys.stderr.write("shuhi scan: --workers must be at least 1 and --timeout positive\n")
        return 2
    from shuhi.documents.scan import scan_paths
    from shuhi.documents.vocabulary import VocabularyError, load_vocabulary

    vocabulary = None
    if args.vocabulary:
        try:
            vocabulary = load_vocabulary(args.vocabulary)
        except VocabularyError as exc:
            sys.stderr.write(f"shuhi scan: {exc}\n")
            return 2
    results = scan_paths(args.paths, workers=args.workers, vocabulary=vocabulary, timeout=args.timeout,
                         memory_mb=args.memory_mb)
    if args.jsonl:
        for result in results:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        return 0
    tiers: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    files = 0
    for result in _with_progress(results, _count_files(args.paths)):
        files += 1
        tiers[result["tier"] or "-"] += 1
        if result["error"]:
            errors[_error_kind(result["error"])] += 1
    _summary(tiers, errors, files)
    return 0


# ---------------------------------------------------------------------------------------------
# shuhi stamp / shuhi trace: added by the stamping half of the engine below this line.
# ---------------------------------------------------------------------------------------------
