"""`shuhi scan`, `shuhi stamp` and `shuhi trace`: the document engine on the command line.

Each command is a `*_main(argv) -> int` function that the top-level `shuhi` dispatcher calls;
none of them needs Django. Messages for people go through shuhi.i18n (Japanese or English, from
the web app's catalogue); JSON output is the same in every language. Exit codes: 0 when the
command ran (a scan that met unreadable files still ran), 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from typing import Any

from shuhi.i18n import HelpFormatter, ngettext
from shuhi.i18n import gettext as _

# ---------------------------------------------------------------------------------------------
# shuhi scan
# ---------------------------------------------------------------------------------------------


def _scan_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shuhi scan",
        formatter_class=HelpFormatter,
        description=_(
            "Find confidentiality labels (社外秘, 極秘, Confidential, Microsoft sensitivity labels…) "
            "in docx/xlsx/pptx, doc/xls/ppt, PDF, ODF, text files and e-mail (eml/msg, with their "
            "attachments) under the given files and folders; .zip members are scanned one by one."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help=_("files or folders to scan"))
    parser.add_argument("--jsonl", action="store_true", help=_("print one JSON object per file on stdout"))
    parser.add_argument("--workers", type=int, default=1, metavar="N", help=_("worker processes (default 1)"))
    parser.add_argument("--vocabulary", metavar="FILE",
                        help=_("vocabulary file (YAML or JSON) mapping words to tiers"))
    parser.add_argument("--timeout", type=float, default=30.0, metavar="S",
                        help=_("seconds allowed per file (default 30)"))
    parser.add_argument("--memory-mb", type=int, default=512, metavar="MB",
                        help=_("extra memory a worker may use per file (default 512)"))
    parser.add_argument("--no-ocr", dest="ocr", action="store_false",
                        help=_("do not read scanned PDF pages by OCR (Tesseract)"))
    return parser


def _error_kind(error: str | None) -> str:
    return (error or "").split(":", 1)[0].strip()


def _summary(results: Counter[str], errors: Counter[str], files: int) -> None:
    from rich.console import Console
    from rich.table import Table

    # Tier ids and error kinds stay as the JSON has them: they are what a vocabulary file and
    # `--jsonl` consumers use, and custom tiers have no translation.
    table = Table(title=ngettext("shuhi scan: %(n)s file", "shuhi scan: %(n)s files", files) % {"n": files})
    table.add_column(_("result"))
    table.add_column(_("files"), justify="right")
    for tier, count in results.most_common():
        table.add_row(_("tier %(tier)s") % {"tier": tier} if tier != "-" else _("no label"), str(count))
    for kind, count in errors.most_common():
        table.add_row(_("error: %(kind)s") % {"kind": kind}, str(count))
    Console(stderr=False).print(table)


def _with_progress(results: Iterator[dict[str, Any]], total: int | None) -> Iterator[dict[str, Any]]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn(_("scanning")), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
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
        sys.stderr.write("shuhi scan: " + _("--workers must be at least 1 and --timeout positive") + "\n")
        return 2
    from shuhi.documents.batch import scan_paths
    from shuhi.documents.vocabulary import VocabularyError, load_vocabulary

    vocabulary = None
    if args.vocabulary:
        try:
            vocabulary = load_vocabulary(args.vocabulary)
        except VocabularyError as exc:
            sys.stderr.write(f"shuhi scan: {exc}\n")
            return 2
    results = scan_paths(args.paths, workers=args.workers, vocabulary=vocabulary, timeout=args.timeout,
                         memory_mb=args.memory_mb, ocr=args.ocr)
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


def _stamp_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shuhi stamp",
        formatter_class=HelpFormatter,
        description=_(
            "Stamp a PDF, docx, xlsx or pptx given to a supplier: a mark such as "
            "【社外秘】ACME株式会社 — 開示先: 山田精工 2026-11-26 in header and footer, a diagonal watermark "
            "(PDF, docx, pptx), optionally a Microsoft sensitivity label and a keyed fingerprint."
        ),
    )
    parser.add_argument("input", metavar="IN", help=_("document to stamp"))
    parser.add_argument("output", metavar="OUT", help=_("where to write the stamped copy (may be IN)"))
    parser.add_argument("--tier", required=True, help=_("top_secret, confidential, public or a configured tier"))
    parser.add_argument("--owner", required=True, metavar="NAME", help=_("the company whose secret it is"))
    parser.add_argument("--recipient", metavar="NAME", help=_("the supplier it is disclosed to"))
    parser.add_argument("--disclosure-id", metavar="ID",
                        help=_("embed a fingerprint for this disclosure (A-Z a-z 0-9 _ . -, up to 40)"))
    parser.add_argument("--mip-id", metavar="GUID", help=_("Microsoft sensitivity label id"))
    parser.add_argument("--mip-site", metavar="GUID", help=_("Microsoft tenant (site) id of the label"))
    parser.add_argument("--mip-name", metavar="NAME", help=_("Microsoft label name"))
    parser.add_argument("--date", metavar="YYYY-MM-DD", help=_("date in the mark (default today)"))
    parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    return parser


def stamp_main(argv: list[str]) -> int:
    """Exit 0 when stamped, 1 when the document cannot be stamped, 2 on bad arguments."""
    parser = _stamp_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    mip_args = (args.mip_id, args.mip_site, args.mip_name)
    if any(mip_args) and not all(mip_args):
        sys.stderr.write("shuhi stamp: " + _("--mip-id, --mip-site and --mip-name go together") + "\n")
        return 2
    from shuhi.documents.stamp import StampError, stamp_file

    mip = {"id": args.mip_id, "site_id": args.mip_site, "name": args.mip_name} if all(mip_args) else None
    try:
        key = None
        if args.disclosure_id is not None:
            from shuhi.paths import installation_secret

            key = installation_secret("fingerprint")
        result = stamp_file(
            args.input, args.output, tier=args.tier, owner=args.owner, recipient=args.recipient,
            date=args.date, disclosure_id=args.disclosure_id, mip=mip, key=key,
        )
    except (StampError, OSError) as exc:
        sys.stderr.write(f"shuhi stamp: {args.input}: {exc}\n")
        return 1
    if args.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(f"{result['path']}: {result['mark']}\n")
    return 0


def _trace_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shuhi trace",
        formatter_class=HelpFormatter,
        description=_(
            "Read the fingerprint of a leaked copy (PDF, docx, xlsx, pptx), or of text copied "
            "out of one (a .txt file, or - for standard input), and check it against this installation's key."
        ),
    )
    parser.add_argument("file", metavar="FILE", help=_("document, text file, or - for standard input"))
    parser.add_argument("--json", action="store_true",
                        help=_('print {"disclosure_id", "valid", "channels": [...]} as JSON'))
    return parser


def _trace(path: str, key: bytes) -> dict[str, Any]:
    from pathlib import Path

    from shuhi.documents.trace import trace_file, trace_text

    if path == "-":
        return trace_text(sys.stdin.read(), key=key)
    if Path(path).suffix.lower() in {".txt", ".md", ".csv", ".text"}:
        data = Path(path).read_bytes()
        return trace_text(data.decode("utf-8", errors="replace"), key=key)
    return trace_file(path, key=key)


def trace_main(argv: list[str]) -> int:
    """Exit 0 when the file was read (whether or not a fingerprint was found), 1 when it could
    not be read, 2 on bad arguments."""
    parser = _trace_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    from shuhi.documents.stamp import StampError
    from shuhi.paths import installation_secret

    try:
        result = _trace(args.file, installation_secret("fingerprint"))
    except (StampError, OSError) as exc:
        sys.stderr.write(f"shuhi trace: {args.file}: {exc}\n")
        return 1
    if args.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return 0
    if not result["channels"]:
        sys.stdout.write(_("%(file)s: no shuhi fingerprint found") % {"file": args.file} + "\n")
        return 0
    verdict = _("VALID") if result["valid"] else _("NOT VALID (forged, edited, or another installation's key)")
    line = _("%(file)s: disclosure %(id)s — %(verdict)s")
    sys.stdout.write(line % {"file": args.file, "id": result["disclosure_id"], "verdict": verdict} + "\n")
    for channel in result["channels"]:
        # Padded to three columns so that the channel names line up under each other.
        mark = (_("ok") if channel["valid"] else _("BAD")).ljust(3)
        sys.stdout.write(f"  [{mark}] {channel['channel']}: {channel['disclosure_id']}\n")
    return 0
