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
import resource
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


def _cpu() -> float:
    """CPU seconds of this process and its reaped children: less sensitive to other load than wall time."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def baseline(files: list[Path]) -> tuple[float, float]:
    started, cpu = time.perf_counter(), _cpu()
    for path in files:
        extract = _extractor(path)
        if extract is None:
            continue
        try:
            extract(path)
        except Exception:  # noqa: S112 - the baseline only has to try each file, as the scanner does
            continue
    return time.perf_counter() - started, _cpu() - cpu


def scan(files: list[Path], workers: int) -> tuple[float, float]:
    started, cpu = time.perf_counter(), _cpu()
    lines = sum(1 for _ in scan_paths(files, workers=workers))
    assert lines == len(files), "every file must yield exactly one line"
    return time.perf_counter() - started, _cpu() - cpu


def _row(name: str, best: tuple[float, float], count: int, size: int, base: tuple[float, float]) -> str:
    seconds, cpu = best
    return (f"{name:<22} {seconds:7.3f} s {count / seconds:8.1f} files/s {size / seconds / 1e6:7.2f} MB/s"
            f"  {base[0] / seconds:5.2f}x baseline   cpu {cpu:6.3f} s ({base[1] / cpu:4.2f}x)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="largest worker count to measure (default 2)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the best of each measurement is kept")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    files = sorted(path for path in args.corpus.rglob("*") if path.is_file())
    size = sum(path.stat().st_size for path in files)
    counts = range(1, max(1, args.workers) + 1)
    print(f"{len(files)} files, {size / 1e6:.1f} MB in {args.corpus}")
    # Rounds interleave the measurements so that load from other processes hits them alike.
    runs: dict[str, list[tuple[float, float]]] = {"baseline": [], **{str(n): [] for n in counts}}
    for _round in range(args.repeat):
        runs["baseline"].append(baseline(files))
        for workers in counts:
            runs[str(workers)].append(scan(files, workers))
    base = min(runs["baseline"])
    print(_row("baseline (1 process)", base, len(files), size, base))
    one = min(runs["1"])[0]
    for workers in counts:
        best = min(runs[str(workers)])
        scaling = f"   {one / best[0]:4.2f}x one worker" if workers > 1 else ""
        print(_row(f"scan, {workers} worker{'s' if workers > 1 else ''}", best, len(files), size, base) + scaling)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
