"""Throughput of `shuhi scan` on the real-world corpus, next to bare text extraction of the same files.

Run: .venv/bin/python benchmarks/scan.py [--workers N] [--repeat R] [--corpus DIR]

The baseline reads the same text a scanner has to read, and nothing else, in this process:
zipfile + lxml iterparse of the text-bearing XML parts for OOXML and ODF, pypdfium2 page text
for PDF, read() for text files. The scan runs end to end through `scan_paths` (worker start-up,
label analysis, metadata, Microsoft labels included). Target: scan on one worker at least 0.5x
the baseline, and two workers close to twice one. (On two shared cores the 461 files took about
two seconds; the unit tests only hold generous safety bounds.)

Legacy Office (.xls/.doc/.ppt) and e-mail (.eml/.msg with an attachment) files are timed in an
appended section against a bare read with the same readers (xlrd, olefile, email).

Hostile files are timed too, next to a plain document of the same kind read in the same run:
a zip bomb and a "billion laughs" entity expansion must be refused in milliseconds, within a few
tens of times a plain file, not after the seconds (and gigabytes) a full inflation or expansion
would take.
"""

from __future__ import annotations

import argparse
import io
import re
import resource
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pypdfium2 as pdfium  # noqa: E402
from lxml import etree  # noqa: E402

from shuhi.documents.batch import scan_paths  # noqa: E402
from shuhi.documents.extract.pdffonts import use_fixed_fonts  # noqa: E402
from shuhi.documents.scan import scan_file  # noqa: E402
from shuhi.documents.tests import builders  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "real-world"
TEXT_PARTS = re.compile(
    r"^(word/(document|header\d*|footer\d*)\.xml|xl/sharedStrings\.xml|xl/worksheets/[^/]+\.xml"
    r"|ppt/(slides|slideLayouts|slideMasters)/[^/]+\.xml|docProps/[^/]+\.xml|docMetadata/[^/]+\.xml"
    r"|content\.xml|styles\.xml|meta\.xml)$"
)


def _zip_text(path: Path | io.BytesIO) -> int:
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
    use_fixed_fonts()  # the scanner's fonts, so that pdfium lays out the same text for both
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
    # Without OCR: the baseline reads text layers only; OCR is measured on its own below (ocr_pages).
    lines = sum(1 for _ in scan_paths(files, workers=workers, ocr=False))
    assert lines == len(files), "every file must yield exactly one line"
    return time.perf_counter() - started, _cpu() - cpu


def _hostile_files(folder: Path) -> dict[str, Path]:
    w_ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    documents = {
        "zip bomb (40 MB of blanks)": f"<w:document {w_ns}><w:body>".encode() + b" " * (40 << 20)
        + b"</w:body></w:document>",
        "billion laughs": f'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY lol0 "lol">{entities}]>'
        f"<w:document {w_ns}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>".encode(),
    }
    files = {"plain docx": builders.docx(folder / "plain.docx", body=[builders.DECOY_JA] * 50)}
    for index, (name, document) in enumerate(documents.items()):
        path = builders.docx(folder / f"hostile{index}.docx", body=["社外秘"])
        with zipfile.ZipFile(path) as source:
            parts = {member: source.read(member) for member in source.namelist()}
        parts["word/document.xml"] = document
        files[name] = builders.write_zip(path, parts)
    return files


def hostile(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        files = _hostile_files(Path(folder))
        best = {}
        for name, path in files.items():
            scan_file(path)  # first call loads the vocabulary
            times = []
            for _round in range(repeat):
                started = time.perf_counter()
                result = scan_file(path)
                times.append(time.perf_counter() - started)
            best[name] = (min(times), result["error"])
    plain = best["plain docx"][0]
    for name, (seconds, error) in best.items():
        print(f"{name:<28} {seconds * 1000:8.2f} ms  {seconds / plain:6.2f}x plain docx   error: {error}")


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
    hostile(max(args.repeat, 5))
    ocr_pages(args.repeat)
    legacy_formats(args.repeat)
    return 0


# ---------------------------------------------------------------------------------------------
# OCR of scanned PDF pages (docs/scanning.md, "PDF annotations and scanned pages")
# ---------------------------------------------------------------------------------------------
# Image-only A4 pages (170 dpi JPEG, skewed) are drawn with a red hanko of varied text, frame and
# tilt, and others with body text only. Reported: pages per second per core (CPU seconds of this
# process and its tesseract children) for the stamp-first path and for pages that fall back to
# reading the whole page, how often the seals alone gave the label, next to two baselines from the
# same run: drawing the page image alone, and one bare Tesseract run over the whole page.
# Target: the stamp-first path at least 1 page/s/core.

OCR_SEALS = [("社外秘", "rect"), ("極秘", "circle"), ("部外秘", "rect"), ("取扱注意", "none"), ("㊙", "circle"),
             ("厳秘", "rect")]


def _scanned_pdfs(folder: Path, count: int, stamped: bool) -> list[Path]:
    import random

    from shuhi.documents.tests.pdf_inputs import Hanko, image_pdf, scanned_page

    rng = random.Random(11 if stamped else 12)
    paths = []
    for index in range(count):
        text, frame = OCR_SEALS[index % len(OCR_SEALS)]
        hankos = [Hanko(text=text, frame=frame, angle=rng.uniform(-8, 8), size_mm=rng.uniform(8, 13),
                        at=(rng.uniform(0.05, 0.7), rng.choice([0.05, 0.82])))] if stamped else []
        page = scanned_page(hankos=hankos, skew=rng.uniform(-3, 3), seed=index)
        paths.append(image_pdf(folder / f"{'seal' if stamped else 'plain'}{index}.pdf", [page]))
    return paths


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    started, cpu = time.perf_counter(), _cpu()
    work()
    return time.perf_counter() - started, _cpu() - cpu


def ocr_pages(repeat: int, count: int = 12) -> None:
    from shuhi.documents.extract import ocr, pdf_ocr

    reason = ocr.unavailable()
    if reason:
        print(f"OCR: skipped ({reason})")
        return
    fallbacks = []
    for name in ("_read_whole", "_read_bands"):  # count the pages that needed more than their seals
        original = getattr(pdf_ocr, name)
        setattr(pdf_ocr, name, lambda *a, _o=original, **k: (fallbacks.append(1), _o(*a, **k))[1])
    with tempfile.TemporaryDirectory() as folder:
        sealed, plain = _scanned_pdfs(Path(folder), count, True), _scanned_pdfs(Path(folder), count // 2, False)

        def render_all() -> None:
            for path in sealed:
                document = pdfium.PdfDocument(str(path))
                pdf_ocr.render(document[0], ocr.OcrLimits.dpi)
                document.close()

        document = pdfium.PdfDocument(str(plain[0]))
        page_image = pdf_ocr.render(document[0], ocr.OcrLimits.dpi)[0].convert("L")
        document.close()
        results: list[dict] = []
        runs: dict[str, list[tuple[float, float]]] = {"render": [], "tesseract": [], "sealed": [], "plain": []}
        for _round in range(max(1, repeat)):
            runs["render"].append(_timed(render_all))
            runs["tesseract"].append(_timed(lambda: ocr.read_lines(page_image, pdf_ocr.PAGE_MODE, 60)))
            fallbacks.clear()
            results.clear()
            runs["sealed"].append(_timed(lambda: results.extend(scan_file(p) for p in sealed)))
            sealed_fallbacks = len(fallbacks)
            runs["plain"].append(_timed(lambda: [scan_file(p) for p in plain]))
    hits = sum(any(label["where"] == "stamp" and label.get("ocr") for label in r["labels"]) for r in results)
    render, bare = min(runs["render"]), min(runs["tesseract"])
    print(f"OCR on {count} sealed and {len(plain)} plain image-only A4 pages (170 dpi JPEG, read at "
          f"{ocr.OcrLimits.dpi} dpi)")
    print(f"{'baseline: draw page only':<28} {count / render[1]:7.1f} pages/s/core")
    print(f"{'baseline: bare tesseract':<28} {1 / bare[1]:7.2f} pages/s/core (whole page, psm 3, jpn)")
    for name, pages in (("sealed", count), ("plain", len(plain))):
        wall, cpu = min(runs[name], key=lambda run: run[1])
        label = "stamp-first (sealed pages)" if name == "sealed" else "whole-page fallback (plain)"
        print(f"{label:<28} {pages / cpu:7.2f} pages/s/core  {pages / wall:6.2f} pages/s wall   "
              f"{bare[1] / (cpu / pages):5.2f}x bare tesseract")
    print(f"stamp-first hit rate: {hits}/{len(results)} sealed pages labelled from their seal "
          f"({hits / max(1, len(results)):.0%}); whole-page fallback on {sealed_fallbacks}/{count} sealed pages")


# --- legacy Office and e-mail ------------------------------------------------------------------
# Files made here (xlwt workbooks, the test samples of .doc/.ppt, mails with an attachment), scanned
# end to end on one worker, next to a bare read with the same readers in this process: xlrd over
# the cells, olefile reading every stream, the email package and extract-msg reading every part
# (the .docx attachments with zipfile and lxml, as the corpus baseline reads a .docx).


def _legacy_files(folder: Path, copies: int) -> list[Path]:
    from shuhi.documents.tests import legacy_builders as lb

    rows = [f"{builders.FILLER} {row}" for row in range(300)]
    attachment = builders.docx(folder / "attachment.docx", header="社外秘", body=[builders.DECOY_JA] * 20)
    files = []
    for index in range(copies):
        files.append(lb.xls(folder / f"book{index}.xls", cells=[*rows, "社外秘"], header="部外秘"))
        files.append(lb.sample("labelled.doc", folder, rename=f"doc{index}.doc"))
        files.append(lb.sample("labelled.ppt", folder, rename=f"deck{index}.ppt"))
        files.append(lb.eml(folder / f"mail{index}.eml", subject="【社外秘】 資料", body=builders.DECOY_JA,
                            attachments=[("資料.docx", attachment.read_bytes())]))
        files.append(lb.msg(folder / f"mail{index}.msg", subject="【極秘】", body=builders.DECOY_JA,
                            attachments=[("資料.docx", attachment.read_bytes())]))
    attachment.unlink()
    return files


def _bare_read(path: Path) -> None:
    """What the scanner must read, with its readers: cells, streams, mail parts and attachments."""
    import email
    from email import policy

    import extract_msg
    import olefile
    import xlrd

    if path.suffix == ".eml":
        for part in email.message_from_bytes(path.read_bytes(), policy=policy.default).walk():
            payload = part.get_payload(decode=True)
            if payload and payload.startswith(b"PK"):
                _zip_text(io.BytesIO(payload))
        return
    if path.suffix == ".msg":
        message = extract_msg.openMsg(str(path))
        _ = message.subject, message.body
        for attachment in message.attachments:
            _zip_text(io.BytesIO(attachment.data))
        message.close()
        return
    with olefile.OleFileIO(str(path)) as ole:
        streams = {"/".join(entry): ole.openstream(entry).read() for entry in ole.listdir()}
    if path.suffix == ".xls":
        book = xlrd.open_workbook(file_contents=streams["Workbook"], logfile=sys.stderr, verbosity=0)
        for sheet in book.sheets():
            for row in range(sheet.nrows):
                sheet.row_values(row)


def legacy_formats(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        files = _legacy_files(Path(folder), copies=20)
        size = sum(path.stat().st_size for path in files)
        bare, scanned = [], []
        for _round in range(repeat):
            started, cpu = time.perf_counter(), _cpu()
            for path in files:
                _bare_read(path)
            bare.append((time.perf_counter() - started, _cpu() - cpu))
            scanned.append(scan(files, 1))
    base = min(bare)
    print(f"{len(files)} legacy Office and e-mail files (.xls .doc .ppt .eml .msg), {size / 1e6:.1f} MB")
    print(_row("bare read (1 process)", base, len(files), size, base))
    print(_row("scan, 1 worker", min(scanned), len(files), size, base))


if __name__ == "__main__":
    raise SystemExit(main())
