"""Benchmark `shuhi stamp` on PDFs against a bare pikepdf overlay, measured in the same run.

    .venv/bin/python benchmarks/stamp.py [--corpus DIR] [--generated N] [--limit N]

Baseline: open each PDF with pikepdf, overlay a prepared one-line reportlab page (made once) on
every page, save. Ours: `stamp_file` with a disclosure id and a Microsoft label, i.e. overlays
drawn per page geometry with the embedded Japanese font, watermark, hidden fingerprint text,
Info/XMP metadata. Files that either side cannot handle (encrypted, broken) are listed and left
out of both rates, so the two rates cover the same pages.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "real-world"
KEY = b"benchmark-key-0123456789abcdef0123456789"
LABEL = {"id": "3de9faa6-9fe1-49b3-9a08-227a296b54a6", "site_id": "72f988bf-86f1-41af-91ab-2d7cd011db47",
         "name": "Confidential"}


def _one_line_overlay() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(595, 842))
    pdf.setFont("Helvetica", 8)
    pdf.drawString(36, 20, "CONFIDENTIAL - ACME - disclosed to Yamada Seiko 2026-11-26")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def baseline(path: Path, out: Path, overlay: bytes) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf, pikepdf.open(io.BytesIO(overlay)) as stamp:
        form = pdf.copy_foreign(stamp.pages[0].as_form_xobject())
        for page in pdf.pages:
            page.add_overlay(form)
        pdf.save(out)
        return len(pdf.pages)


def ours(path: Path, out: Path, distinct: bool = False) -> int:
    """One disclosure for the whole batch (the usual case), or one per file (no overlay reuse)."""
    from shuhi.documents.stamp import stamp_file

    disclosure = f"D-{out.stem}" if distinct else "D-2026-0042"
    result = stamp_file(path, out, tier="confidential", owner="ACME株式会社", recipient="山田精工",
                        date="2026-11-26", disclosure_id=disclosure, mip=LABEL, key=KEY)
    return result["pages_stamped"]


def _time(func, path: Path, out: Path, *args) -> tuple[float, int] | str:
    started = time.perf_counter()
    try:
        pages = func(path, out, *args)
    except Exception as exc:  # a benchmark records failures and carries on
        return f"{type(exc).__name__}: {str(exc)[:80]}"
    seconds = time.perf_counter() - started
    out.unlink(missing_ok=True)
    return seconds, pages


def measure(paths: list[Path], work: Path, overlay: bytes) -> list[dict]:
    """Baseline and shuhi file by file, interleaved, so that load from other processes on a
    shared machine hits both alike."""
    runs: list[dict] = [{}, {}, {}]
    for index, path in enumerate(paths):
        out = work / f"{index}.pdf"
        runs[0][path] = _time(baseline, path, out, overlay)
        runs[1][path] = _time(ours, path, out)
        runs[2][path] = _time(ours, path, out, True)
    return runs


def _generated(directory: Path, count: int) -> list[Path]:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    paths = []
    for n in range(count):
        path = directory / f"generated-{n}.pdf"
        pdf = canvas.Canvas(str(path), pagesize=A4)
        for page in range(10):
            pdf.drawString(72, 720, f"Document {n}, page {page + 1}: dimensional tolerances ±0.05 mm")
            pdf.showPage()
        pdf.save()
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--generated", type=int, default=0, metavar="N",
                        help="use N generated 10-page PDFs instead of the corpus")
    parser.add_argument("--limit", type=int, default=0, help="at most this many files")
    args = parser.parse_args()
    from shuhi.documents.stamp_pdf import register_font

    started = time.perf_counter()
    register_font()  # once per process, like a worker; reported apart from the per-file rates
    font_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.generated or not args.corpus.is_dir():
            paths = _generated(work, args.generated or 50)
        else:
            paths = sorted(args.corpus.rglob("*.pdf"))
        paths = paths[: args.limit] if args.limit else paths
        base, mine, distinct = measure(paths, work, _one_line_overlay())
    report(paths, base, mine, distinct, font_seconds)
    return 0


def report(paths, base, mine, distinct, font_seconds) -> None:
    both = [p for p in paths if isinstance(base[p], tuple) and isinstance(mine[p], tuple)]
    print(f"files: {len(paths)}; stamped by both: {len(both)}; font registration {font_seconds:.2f} s (once)")
    for label, results in (("baseline failed", base), ("shuhi refused", mine)):
        failed = [(p, results[p]) for p in paths if isinstance(results[p], str)]
        print(f"{label}: {len(failed)}")
        for path, reason in failed:
            print(f"  {path.name}: {reason}")
    pages = sum(mine[p][1] for p in both)
    rows = []
    runs = (
        ("bare pikepdf overlay", base),
        ("shuhi stamp, one disclosure", mine),
        ("shuhi stamp, id per file", distinct),
    )
    for name, results in runs:
        seconds = sum(results[p][0] for p in both)
        rows.append((name, seconds, pages / seconds, len(both) / seconds))
    print(f"\n{'':30}{'seconds':>10}{'pages/s':>10}{'files/s':>10}{'ratio':>8}   ({pages} pages)")
    for name, seconds, pages_rate, files_rate in rows:
        print(f"{name:30}{seconds:10.2f}{pages_rate:10.1f}{files_rate:10.1f}{pages_rate / rows[0][2]:8.2f}")


if __name__ == "__main__":
    raise SystemExit(main())
