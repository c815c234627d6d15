"""Scanned PDF pages: pages with no text layer are drawn and read by OCR, red stamps first.

A page is drawn with pdfium (the library that already reads the text) rather than its images
taken out with pikepdf: the drawing is what a person sees, whatever the scanner wrote (one JPEG,
strips, JBIG2 or CCITT bitonal layers, a mask, a /Rotate), at one resolution chosen here, so the
cost and memory of a page do not follow the resolution of the scan.

On each page the red seals (redink.py) are read first; only when none of them holds a vocabulary
word is the page read as text, line by line, with header, footer and body placed by position as
for a text page: the whole of the first page read (where titles and 【極秘】 lines sit), only the
header and footer bands of later ones (a page of dense text costs a second or more; its bands a
fraction). Pages, time per document and time per Tesseract run are bounded (OcrLimits).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from shuhi.documents.extract import ocr, redink
from shuhi.documents.extract.base import Extraction
from shuhi.documents.extract.xmltext import FIRST_LINES

MAX_PIXELS = 6_000_000  # about A3 at 150 dpi; a poster-sized page is drawn at a lower resolution
BAND = 0.12  # as for text pages: top and bottom shares of the page read as header and footer
STAMP_MODES = (7, 6)  # one line (a seal's word), then a block (a seal with two lines)
PAGE_MODE = 3  # automatic layout, no orientation detection
MIN_CALL_SECONDS = 0.5  # below this a run cannot finish; the page is left unread


def has_images(page: pdfium.PdfPage) -> bool:
    """Whether a page without text has something a scanner would have put there."""
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))


def chosen_pages(indexes: list[int], limit: int) -> list[int]:
    """The first pages, and the last one where closing seals sit, up to `limit`."""
    if len(indexes) <= limit:
        return list(indexes)
    return [*indexes[: max(0, limit - 1)], indexes[-1]] if limit > 0 else []


def render(page: pdfium.PdfPage, dpi: int) -> tuple[Image.Image, float]:
    """The page as a person sees it (annotations included), and the resolution it was drawn at."""
    width, height = page.get_size()
    scale = dpi / 72
    if width * height * scale * scale > MAX_PIXELS:
        scale = math.sqrt(MAX_PIXELS / max(1.0, width * height))
    bitmap = page.render(scale=scale, draw_annots=True)
    try:
        return bitmap.to_pil().convert("RGB"), scale * 72
    finally:
        bitmap.close()


class _Budget:
    def __init__(self, limits: ocr.OcrLimits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds

    def call(self) -> float:
        return min(self.limits.call_seconds, self.deadline - time.monotonic())

    def spent(self) -> bool:
        return self.call() < MIN_CALL_SECONDS


def _read_stamps(image: Image.Image, dpi: float, result: Extraction, probe: Callable[[str], bool],
                 budget: _Budget, picture: bool = False) -> bool:
    """OCR each red seal; True when one of them holds a vocabulary word."""
    found = False
    for stamp in redink.find_stamps(image, dpi, picture):
        for psm in STAMP_MODES:
            read = ocr.read_lines(stamp.image, psm, budget.call())
            lines = [line for line in read if probe(line.text)]
            for line in lines:
                result.add("stamp", line.text, confidence=line.confidence)
            found = found or bool(lines)
            if lines or not read:  # nothing legible at all: another layout will not find more
                break
    return found


def _where(line: ocr.Line, height: int, index: int, number: int) -> str:
    _left, top, _right, bottom = line.box
    if bottom < height * BAND:
        return "header"
    if top > height * (1 - BAND):
        return "footer"
    return "first_lines" if index == 0 and number < FIRST_LINES else "body"


def _read_whole(image: Image.Image, index: int, result: Extraction, budget: _Budget) -> None:
    gray = image.convert("L")
    lines = sorted(ocr.read_lines(gray, PAGE_MODE, budget.call()), key=lambda line: (line.box[1], line.box[0]))
    for number, line in enumerate(lines):
        result.add(_where(line, gray.height, index, number), line.text, confidence=line.confidence)


def _read_bands(image: Image.Image, result: Extraction, budget: _Budget) -> None:
    """Header and footer bands, stacked into one picture so that they cost one Tesseract run."""
    gray = image.convert("L")
    band = int(gray.height * BAND)
    gap = 40
    stacked = Image.new("L", (gray.width, 2 * band + gap), 255)
    stacked.paste(gray.crop((0, 0, gray.width, band)), (0, 0))
    stacked.paste(gray.crop((0, gray.height - band, gray.width, gray.height)), (0, band + gap))
    for line in sorted(ocr.read_lines(stacked, PAGE_MODE, budget.call()), key=lambda line: line.box[1]):
        result.add("header" if line.box[1] < band else "footer", line.text, confidence=line.confidence)


def read_seal_images(images: list[tuple[Image.Image, float]], result: Extraction,
                     probe: Callable[[str], bool], limits: ocr.OcrLimits) -> None:
    """Stamps added in a viewer as pictures: a 電子印鑑 (a scanned seal made a custom stamp) draws no text."""
    reason = ocr.unavailable() if images else None
    if reason:
        result.note(f"ocr unavailable: {reason}")
        return
    budget = _Budget(replace(limits, seconds=limits.seconds / 4))  # a seal takes a few tenths of a second
    for image, dpi in images:
        result.ocr = True
        try:
            _read_stamps(image, dpi, result, probe, budget, picture=True)
        except ocr.OcrTimeout:
            result.note("ocr incomplete: timeout on a stamp annotation")
            return
        except (ocr.OcrFailed, ValueError, OSError, MemoryError) as exc:
            result.note(f"ocr failed: stamp annotation: {type(exc).__name__}")


def read_scanned_pages(doc: pdfium.PdfDocument, indexes: list[int], result: Extraction,
                       probe: Callable[[str], bool], limits: ocr.OcrLimits) -> None:
    """OCR the pages in `indexes` (pages without a text layer) within `limits`."""
    if not indexes:
        return
    reason = ocr.unavailable()
    if reason:
        result.note(f"ocr unavailable: {reason}")
        return
    budget = _Budget(limits)
    for number, index in enumerate(chosen_pages(indexes, limits.pages)):
        if budget.spent():
            result.note(f"ocr incomplete: time limit before page {index + 1}")
            return
        page = doc[index]
        try:
            image, dpi = render(page, limits.dpi)
        finally:
            page.close()
        result.ocr = True
        try:
            if _read_stamps(image, dpi, result, probe, budget):
                continue
            if number == 0:
                _read_whole(image, index, result, budget)
            else:
                _read_bands(image, result, budget)
        except ocr.OcrTimeout:
            result.note(f"ocr incomplete: timeout on page {index + 1}")
        except ocr.OcrFailed as exc:
            result.note(f"ocr failed: page {index + 1}: {exc}")
        except (ValueError, OSError, MemoryError) as exc:  # an image we could not handle: its page only
            result.note(f"ocr failed: page {index + 1}: {type(exc).__name__}")
