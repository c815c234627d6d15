"""PDF: page text through pypdfium2, Info dictionary and XMP through pikepdf.

Page text comes in reading order without layout, so headers and footers are recovered by
position: on a page whose text holds a vocabulary word, the text in the top and bottom bands of
the page is read again on its own. Pages without any candidate word cost one text extraction.
Fonts a PDF does not embed are drawn from the engine's own set (pdffonts.py), never the machine's,
because pdfium's lines and bands follow the glyphs it draws. Stamps and comments added in a viewer
are annotations, read in pdf_annotations.py; pages without a text layer are scans, read by OCR in
pdf_ocr.py when the caller allows it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from shuhi.documents.extract import mip
from shuhi.documents.extract.base import Corrupt, Encrypted, Extraction, ScanError, parse_xml
from shuhi.documents.extract.ocr import OcrLimits
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


def _read_page(doc: pdfium.PdfDocument, index: int, result: Extraction, probe: Callable[[str], bool]) -> bool:
    """Read one page's text; True when it has none but images, i.e. it is a scan."""
    from shuhi.documents.extract.pdf_ocr import has_images

    page = doc[index]
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        if not text.strip():
            return has_images(page)
        if not probe(text):
            return False
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
    return False


def _read_info(doc: pdfium.PdfDocument, result: Extraction) -> None:
    try:
        info = doc.get_metadata_dict(skip_empty=True)
    except (pdfium.PdfiumError, ValueError):
        return
    for key in ("Title", "Subject", "Keywords"):
        result.add("properties", info.get(key))


def _read_annotations(pdf: Any, result: Extraction, probe: Callable[[str], bool], ocr: OcrLimits | None) -> None:
    from shuhi.documents.extract.pdf_annotations import read_annotations

    try:
        read_annotations(pdf, _page_indexes(len(pdf.pages)), result, probe, ocr)
    except Exception as exc:  # a damaged annotation costs the annotations, not the page text
        result.note(f"corrupt: annotations: {type(exc).__name__}")


def _read_mip(path: str | Path, result: Extraction, probe: Callable[[str], bool], ocr: OcrLimits | None) -> None:
    """MSIP keys are custom Info entries and pdfx XMP properties, which pdfium does not expose;
    annotations are read from the same parse."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            info_pairs: list[tuple[str, Any]] = [
                (str(key), str(value)) for key, value in pdf.docinfo.items() if mip.is_mip_key(str(key))
            ]
            metadata = pdf.Root.get("/Metadata")
            xmp = metadata.read_bytes() if isinstance(metadata, pikepdf.Stream) else b""
            _read_annotations(pdf, result, probe, ocr)
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


def extract_pdf(path: str | Path, fmt: str = "pdf", probe: Callable[[str], bool] | None = None,
                ocr: OcrLimits | None = None) -> Extraction:
    """Text, labels' places and metadata of a PDF; pages that are scans are OCRed within `ocr`
    (None: not at all)."""
    result = Extraction("pdf")
    probe = probe or (lambda _text: True)
    doc = _open(path)
    try:
        _read_info(doc, result)
        scans = []
        for index in _page_indexes(len(doc)):
            try:
                if _read_page(doc, index, result, probe):
                    scans.append(index)
            except pdfium.PdfiumError as exc:
                result.note(f"page {index + 1}: {exc}")
        if ocr is not None and scans:
            from shuhi.documents.extract.pdf_ocr import read_scanned_pages

            read_scanned_pages(doc, scans, result, probe, ocr)
    finally:
        doc.close()
    _read_mip(path, result, probe, ocr)
    return result
