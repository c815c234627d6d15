"""PDF annotations that mark a document: stamps, watermarks and free-text comments.

A "Confidential" stamp or a 社外秘 hanko added in a PDF viewer is not page text: it is an
annotation in the page's /Annots, with the stamp's name (/Name, for the viewer's standard stamps),
a note (/Contents) and what is drawn (the appearance stream /AP /N, a form XObject). pdfium's text
page leaves annotations out, so they are read here: pikepdf finds them and copies each appearance
onto a page of its own in a small new PDF, whose text pdfium then reads as it reads any page
(embedded fonts, ToUnicode maps, the engine's fixed fonts for the rest).

Where the text goes: what a Stamp draws is a stamp, what a Watermark draws a watermark (both read
permissively, as header-like places); notes and FreeText comments are typed by reviewers, so
they are read strictly, like body text, as "comment", and a comment that is nothing but the label
counts as a stamp. Standard stamp names are handed over as names; the vocabulary gives their tier.
A stamp that draws no text at all is a picture (a 電子印鑑, a scanned seal made a custom stamp):
with OCR on, it is drawn and its red seal read as on a scanned page.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pikepdf
import pypdfium2 as pdfium

from shuhi.documents.extract.base import Extraction

if TYPE_CHECKING:
    from shuhi.documents.extract.ocr import OcrLimits

# Annotation subtype -> where its drawn text goes.
DRAWN_WHERE = {"/Stamp": "stamp", "/Watermark": "watermark", "/FreeText": "comment"}
MAX_PER_PAGE = 50  # annotations looked at on one page (forms hold hundreds of widgets and links)
MAX_PER_DOCUMENT = 500  # ... and in all
MAX_MARKS = 40  # stamps, watermarks and comments read in one document
MAX_APPEARANCE_BYTES = 512 * 1024  # drawing instructions this long are artwork, not a stamp
MAX_NOTE_CHARS = 4000  # of one note: a comment, not a document hidden in one
MAX_SEAL_IMAGES = 3  # stamps drawn as pictures OCRed per document
SEAL_DPI = 300  # stamps are small: drawn finer than pages
_LINES = re.compile(r"[\r\n]+")


@dataclass
class Mark:
    """A stamp, watermark or comment annotation, as far as it was read."""

    subtype: str
    name: str | None
    contents: str | None
    appearance: pikepdf.Stream | None


def _appearance(annot: pikepdf.Dictionary) -> pikepdf.Stream | None:
    """The normal appearance: a stream, or the state /AS picks out of a dictionary of states."""
    appearances = annot.get("/AP")
    normal = appearances.get("/N") if isinstance(appearances, pikepdf.Dictionary) else None
    if isinstance(normal, pikepdf.Dictionary) and not isinstance(normal, pikepdf.Stream):
        state = annot.get("/AS")
        normal = normal.get(state) if isinstance(state, pikepdf.Name) else next(iter(normal.values()), None)
    if not isinstance(normal, pikepdf.Stream):
        return None
    if int(normal.get("/Length", 0)) > MAX_APPEARANCE_BYTES:
        return None
    return normal


def _text(value: Any) -> str | None:
    return str(value)[:MAX_NOTE_CHARS] if isinstance(value, pikepdf.String) else None


def collect(pdf: pikepdf.Pdf, pages: list[int]) -> list[Mark]:
    """Stamp, Watermark and FreeText annotations of `pages`, within the limits above."""
    marks: list[Mark] = []
    looked = 0
    for index in pages:
        annots = pdf.pages[index].obj.get("/Annots")
        if not isinstance(annots, pikepdf.Array):
            continue
        for annot in itertools.islice(annots, MAX_PER_PAGE):
            looked += 1
            if looked > MAX_PER_DOCUMENT or len(marks) >= MAX_MARKS:
                return marks
            if not isinstance(annot, pikepdf.Dictionary):
                continue
            subtype = str(annot.get("/Subtype", ""))
            if subtype not in DRAWN_WHERE:
                continue
            name = annot.get("/Name")
            marks.append(Mark(subtype, str(name)[1:] if isinstance(name, pikepdf.Name) and subtype == "/Stamp"
                              else None, _text(annot.get("/Contents")), _appearance(annot)))
    return marks


def _page_box(form: pikepdf.Stream) -> list[float]:
    """The form's bounding box after its /Matrix: the page it is drawn on must hold all of it."""
    x0, y0, x1, y1 = (float(v) for v in form.get("/BBox", [0, 0, 1, 1]))
    a, b, c, d, e, f = (float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0]))
    corners = [(a * x + c * y + e, b * x + d * y + f) for x in (x0, x1) for y in (y0, y1)]
    xs, ys = [x for x, _y in corners], [y for _x, y in corners]
    return [min(xs), min(ys), max(xs) + 1e-3, max(ys) + 1e-3]


def appearance_pdf(marks: list[Mark]) -> tuple[bytes, list[int]] | None:
    """A PDF with one page per appearance (drawn with `Do`), and the mark each page belongs to."""
    out = pikepdf.new()
    owners = []
    for number, mark in enumerate(marks):
        if mark.appearance is None:
            continue
        form = out.copy_foreign(mark.appearance)
        page = out.add_blank_page()
        page.obj.MediaBox = _page_box(form)
        page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(F0=form))
        page.obj.Contents = out.make_stream(b"/F0 Do")
        owners.append(number)
    if not owners:
        return None
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue(), owners


def _drawn_text(data: bytes, owners: list[int], pictures: list[Any] | None) -> dict[int, str]:
    """Text each appearance draws; appearances without any are drawn into `pictures` (if given)."""
    drawn = {}
    doc = pdfium.PdfDocument(data)
    try:
        for index, owner in enumerate(owners):
            page = doc[index]
            textpage = page.get_textpage()
            try:
                drawn[owner] = textpage.get_text_range()
                if pictures is not None and not drawn[owner].strip() and len(pictures) < MAX_SEAL_IMAGES:
                    from shuhi.documents.extract.pdf_ocr import render

                    pictures.append(render(page, SEAL_DPI))
            finally:
                textpage.close()
                page.close()
    finally:
        doc.close()
    return drawn


def add_marks(marks: list[Mark], drawn: dict[int, str], result: Extraction) -> None:
    for number, mark in enumerate(marks):
        if mark.name:
            result.stamps.append(mark.name)
        for line in _LINES.split(mark.contents or ""):
            result.add("comment", line)
        for line in _LINES.split(drawn.get(number, "")):
            result.add(DRAWN_WHERE[mark.subtype], line)


def read_annotations(pdf: pikepdf.Pdf, pages: list[int], result: Extraction,
                     probe: Callable[[str], bool] | None = None, ocr: OcrLimits | None = None) -> None:
    """Add the text of the marking annotations of `pages` to `result` (pdf must be open); with
    `ocr`, stamps that are pictures are read by OCR too."""
    marks = collect(pdf, pages)
    if not marks:
        return
    built = appearance_pdf(marks)
    pictures: list[Any] | None = [] if ocr is not None else None
    drawn = _drawn_text(*built, pictures) if built else {}
    add_marks(marks, drawn, result)
    if pictures and ocr is not None:
        from shuhi.documents.extract.pdf_ocr import read_seal_images

        read_seal_images(pictures, result, probe or (lambda _text: True), ocr)
