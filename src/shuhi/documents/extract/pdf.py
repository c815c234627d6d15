"""PDF: page text through pypdfium2, Info dictionary and XMP through pikepdf.

Page text comes in reading order without layout, so headers and footers are recovered by
position: on a page whose text holds a vocabulary word, the text in the top and bottom bands of
the page is read again on its own. Pages without any candidate word cost one text extraction.
Fonts a PDF does not embed are drawn from the engine's own set (pdffonts.py), never the machine's,
because pdfium's lines and bands follow the glyphs it draws.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from shuhi.documents.extract import mip
from shuhi.documents.extract.base import Corrupt, Encrypted, Extraction, ScanError, parse_xml
from shuhi.documents.extract.pdffonts import use_fixed_fonts
from shuhi.documents.extract.xmltext import FIRST_LINES

BAND = 0.12  # share of the page height read as header (top) and footer (bottom)
HEAD_PAGES = 250  # pages read from the front of a long document ...
TAIL_PAGES = 5  # ... and from its end, where closing stamps sit
_PASSWORD_ERRORS = {4, 5}  # FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY
_LINES = re.compile(r"[\r\n]+")


def _open(path: str | Path) -> pdfium.PdfDocument:
    use_fixed_fonts()
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in _PASSWORD_ERRORS:
            raise Encrypted() from exc
        raise Corrupt(str(exc)) from exc


def _page_indexes(count: int) -> list[int]:
    if count <= HEAD_PAGES + TAIL_PAGES:
        return list(range(count))
    return [*range(HEAD_PAGES), *range(count - TAIL_PAGES, count)]


def _lines(text: str) -> list[str]:
    return [line for line in _LINES.split(text) if line.strip()]


def _read_page(doc: pdfium.PdfDocument, index: int, result: Extraction, probe: Callable[[str], bool]) -> None:
    page = doc[index]
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        if not text.strip() or not probe(text):
            return
        left, bottom, right, top = page.get_bbox()
        band = (top - bottom) * BAND
        head = _lines(textpage.get_text_bounded(left, top - band, right, top))
        foot = _lines(textpage.get_text_bounded(left, bottom, right, bottom + band))
    finally:
        textpage.close()
        page.close()
    for line in head:
        result.add("header", line)
    for line in foot:
        result.add("footer", line)
    banded = {line.strip() for line in head + foot}
    for number, line in enumerate(_lines(text)):
        if line.strip() in banded:
            continue
        result.add("first_lines" if index == 0 and number < FIRST_LINES else "body", line)


def _read_info(doc: pdfium.PdfDocument, result: Extraction) -> None:
    try:
        info = doc.get_metadata_dict(skip_empty=True)
    except (pdfium.PdfiumError, ValueError):
        return
    for key in ("Title", "Subject", "Keywords"):
        result.add("properties", info.get(key))


def _read_mip(path: str | Path, result: Extraction) -> None:
    """MSIP keys are custom Info entries and pdfx XMP properties, which pdfium does not expose."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            info_pairs: list[tuple[str, Any]] = [
                (str(key), str(value)) for key, value in pdf.docinfo.items() if mip.is_mip_key(str(key))
            ]
            metadata = pdf.Root.get("/Metadata")
            xmp = metadata.read_bytes() if isinstance(metadata, pikepdf.Stream) else b""
    except pikepdf.PasswordError as exc:
        raise Encrypted() from exc
    except Exception as exc:  # qpdf rejects files pdfium reads; the text still counts
        result.note(f"corrupt: metadata: {type(exc).__name__}")
        return
    records = mip.labels_from_properties(info_pairs)
    if b"MSIP_Label" in xmp:
        try:
            records = mip.merge(records, mip.labels_from_xmp(parse_xml(xmp.strip(), "XMP")))
        except ScanError as exc:
            result.note(exc.reason)
    result.mip = records


def extract_pdf(path: str | Path, fmt: str = "pdf", probe: Callable[[str], bool] | None = None) -> Extraction:
    result = Extraction("pdf")
    doc = _open(path)
    try:
        _read_info(doc, result)
        for index in _page_indexes(len(doc)):
            try:
                _read_page(doc, index, result, probe or (lambda _text: True))
            except pdfium.PdfiumError as exc:
                result.note(f"page {index + 1}: {exc}")
    finally:
        doc.close()
    _read_mip(path, result)
    return result
