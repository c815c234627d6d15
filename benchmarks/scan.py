"""Throughput of `shuhi scan` on the real-world corpus, next to bare text extraction of the same files.

Run: .venv/bin/python benchmarks/scan.py [--workers N] [--repeat R] [--corpus DIR]

The baseline reads the same text a scanner has to read, and nothing else, in this process:
zipfile + lxml iterparse of the text-bearing XML parts for OOXML and ODF, pypdfium2 page text
for PDF, read() for text files. The scan runs end to end through `scan_paths` (worker start-up,
label analysis, metadata, Microsoft labels included). Target: scan on one worker at least 0.5x
the baseline, and two workers close to twice one.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pypdfium2 as pdfium  # noqa: E402
from lxml import etree  # noqa: E402

from shuhi.documents.scan import scan_paths  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "real-world"
TEXT_PARTS = re.compile(
    r"^(word/(document|header\d*|footer\d*)\.xml|xl/sharedStrings\.xml|xl/worksheets/[^/]+\.xml"
    r"|ppt/(slides|slideLayouts|slideMasters)/[^/]+\.xml|docProps/[^/]+\.xml|docMetadata/[^/]+\.xml"
    r"|content\.xml|styles\.xml|meta\.xml)$"
)


def _zip_text(path: Path) -> int:
    chars = 0
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if TEXT_PARTS.match(name):
                with archive.open(name) as member:
                    for _event, element in etree.iterparse(member, events=("end",), resolve_entities=False):
                        chars += len(element.text or "")
                        element.clear()
    return chars


def _pdf_text(path: Path) -> int:
    chars = 0
    document = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            chars += len(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        document.close()
    return chars


def _plain_text(path: Path) -> int:
    return len(path.read_bytes())


def _extractor(path: Path) -> Callable[[Path], int] | None:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _pdf_text
    if suffix in {".docx", ".docm", ".dotx", ".xlsx", ".xlsm", ".pptx", ".pptm", ".odt", ".ods", ".odp"}:
        return _zip_text
    if suffix in {".txt", ".md", ".csv", ".tsv"}:
        return _plain_text
    return None


def baseline(files: list[Path]) -> float:
    started = time.perf_counter()
    for path in files:
        extract = _extractor(path)
        if extract is None:
            continue
        try:
            extract(path)
        except Exception:  # noqa: S112 - the baseline only has to try each file, as the scanner does
            continue
    return time.perf_counter() - started


def scan(files: list[Path], workers: int) -> tuple[float, int]:
    started = time.perf_counter()
    lines = sum(1 for _ in scan_paths(files, workers=workers))
    return time.perf_counter() - started, lines


def _row(name: str, seconds: float, count: int, size: int, base: float) -> str:
    return (f"{name:<22} {seconds:8.3f} s {count / seconds:9.1f} files/s {size / seconds / 1e6:8.2f} MB/s"
            f"   {base / seconds:5.2f}x baseline")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="largest worker count to measure (default 2)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is kept")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    files = sorted(path for path in args.corpus.rglob("*") if path.is_file())
    size = sum(path.stat().st_size for path in files)
    print(f"{len(files)} files, {size / 1e6:.1f} MB in {args.corpus}")
    base = min(baseline(files) for _ in range(args.repeat))
    print(_row("baseline (1 process)", base, len(files), size, base))
    one = 0.0
    for workers in range(1, max(1, args.workers) + 1):
        runs = [scan(files, workers) for _ in range(args.repeat)]
        seconds = min(run[0] for run in runs)
        assert all(run[1] == len(files) for run in runs), "every file must yield exactly one line"
        one = one or seconds
        print(_row(f"scan, {workers} worker{'s' if workers > 1 else ''}", seconds, len(files), size, base)
              + (f"   {one / seconds:4.2f}x one worker" if workers > 1 else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
