"""Stamp a PDF: a reportlab overlay (mark, watermark, hidden fingerprint) merged with pikepdf.

The overlay is drawn once per distinct page geometry, in one overlay PDF so that the embedded
font subset is shared, and each page gets it as a form XObject. pikepdf places the form upright
relative to how the page is displayed, so rotated pages need no special case beyond giving the
overlay the page's displayed width and height.
"""

from __future__ import annotations

import functools
import io
import threading
from pathlib import Path

import pikepdf
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from shuhi.documents.fingerprint import Fingerprint
from shuhi.documents.mip_write import (
    CONTENT_FOOTER,
    CONTENT_HEADER,
    CONTENT_WATERMARK,
    MipLabel,
    write_pdf_label,
)
from shuhi.documents.stamp_marks import FONT_NAME, FONT_PATH, Mark, StampError

FINGERPRINT_INFO_KEY = "/ShuhiFingerprint"
FINGERPRINT_XMP_NS = "urn:shuhi:fingerprint:1/"
FINGERPRINT_XMP_KEY = f"{{{FINGERPRINT_XMP_NS}}}Fingerprint"
CONTENT_BITS = CONTENT_HEADER | CONTENT_FOOTER | CONTENT_WATERMARK

MARGIN = 14.0
MARK_SIZE = 8.0
MIN_SIZE = 3.0
_font_lock = threading.Lock()


def register_font() -> str:
    """Register the vendored IPAexGothic once; reportlab embeds a subset of it in each overlay."""
    with _font_lock:
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_PATH)))
    return FONT_NAME


def _fit(text: str, width: float, size: float) -> float:
    used = pdfmetrics.stringWidth(text, FONT_NAME, size)
    return max(MIN_SIZE, size * min(1.0, width / used)) if used else size


def _draw_page(pdf_canvas: canvas.Canvas, width: float, height: float, mark: Mark) -> None:
    usable = width * 0.92
    pdf_canvas.saveState()
    _draw_watermark(pdf_canvas, width, height, mark.watermark_text)
    pdf_canvas.setFillColorRGB(0.70, 0.0, 0.0)
    for text, at_top in ((mark.header_text, True), (mark.footer_text, False)):
        size = _fit(text, usable, MARK_SIZE)
        pdf_canvas.setFont(FONT_NAME, size)
        pdf_canvas.drawCentredString(width / 2, height - MARGIN - size if at_top else MARGIN, text)
    if mark.fingerprint is not None:
        _draw_hidden(pdf_canvas, width, height, mark.fingerprint)
    pdf_canvas.restoreState()


def _draw_watermark(pdf_canvas: canvas.Canvas, width: float, height: float, text: str) -> None:
    diagonal = (width**2 + height**2) ** 0.5
    size = _fit(text, diagonal * 0.45, min(width, height) * 0.22)
    pdf_canvas.saveState()
    pdf_canvas.setFillColorRGB(0.5, 0.5, 0.5)
    pdf_canvas.setFillAlpha(0.15)
    pdf_canvas.translate(width / 2, height / 2)
    pdf_canvas.rotate(45)
    pdf_canvas.setFont(FONT_NAME, size)
    pdf_canvas.drawCentredString(0, -size / 3, text)
    pdf_canvas.restoreState()


def _draw_hidden(pdf_canvas: canvas.Canvas, width: float, height: float, fingerprint: Fingerprint) -> None:
    # Render mode 3 draws nothing but stays in the text layer, like an OCR layer: text
    # extraction and copy-and-paste carry it even when all metadata is gone.
    for y in (height * 0.5, height * 0.25):
        text = pdf_canvas.beginText(MARGIN, y)
        text.setTextRenderMode(3)
        text.setFont(FONT_NAME, 2)
        text.textLine(fingerprint.token)
        pdf_canvas.drawText(text)


def _rotation(page: pikepdf.Page) -> int:
    node = page.obj
    for _ in range(64):  # /Rotate is inheritable through the page tree
        if "/Rotate" in node:
            try:
                return int(node.Rotate) % 360
            except (TypeError, ValueError):
                return 0
        if "/Parent" not in node:
            break
        node = node.Parent
    return 0


def _geometry(page: pikepdf.Page) -> tuple[pikepdf.Rectangle, float, float] | None:
    try:
        box = [float(v) for v in page.cropbox]
    except (TypeError, ValueError, pikepdf.PdfError):
        return None
    llx, urx = sorted((box[0], box[2]))
    lly, ury = sorted((box[1], box[3]))
    width, height = urx - llx, ury - lly
    if width < 1 or height < 1:
        return None
    if _rotation(page) in (90, 270):
        width, height = height, width
    return pikepdf.Rectangle(llx, lly, urx, ury), round(width, 2), round(height, 2)


@functools.lru_cache(maxsize=32)
def _overlay_pdf(sizes: tuple[tuple[float, float], ...], mark: Mark) -> bytes:
    """One overlay page per page size. Cached: a batch stamped for one disclosure repeats the
    same mark on the same few paper sizes, and drawing plus font subsetting is half the cost."""
    register_font()
    buffer = io.BytesIO()
    pdf_canvas = canvas.Canvas(buffer, pageCompression=1, invariant=1)
    for width, height in sizes:
        pdf_canvas.setPageSize((width, height))
        _draw_page(pdf_canvas, width, height, mark)
        pdf_canvas.showPage()
    pdf_canvas.save()
    return buffer.getvalue()


def _overlay_forms(pdf: pikepdf.Pdf, sizes: list[tuple[float, float]], mark: Mark) -> dict:
    overlay = pikepdf.open(io.BytesIO(_overlay_pdf(tuple(sizes), mark)))
    return {
        size: pdf.copy_foreign(overlay.pages[i].as_form_xobject()) for i, size in enumerate(sizes)
    }


def open_pdf(src: Path) -> pikepdf.Pdf:
    try:
        pdf = pikepdf.open(src)
    except pikepdf.PasswordError as exc:
        raise StampError("encrypted: the PDF needs a password to open; remove it first") from exc
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise StampError(f"corrupt: not a readable PDF ({exc})") from exc
    if pdf.is_encrypted:
        pdf.close()
        # Saving would silently drop the owner's permission restrictions.
        raise StampError("encrypted: the PDF carries owner-password restrictions; remove them first")
    return pdf


def write_pdf_metadata(pdf: pikepdf.Pdf, label: MipLabel | None, fingerprint: Fingerprint | None) -> None:
    if label is None and fingerprint is None:
        return
    if fingerprint is not None:
        pdf.docinfo[pikepdf.Name(FINGERPRINT_INFO_KEY)] = pikepdf.String(fingerprint.token)
    from pikepdf.models.metadata import PdfMetadata

    # Without it the element is written under a made-up prefix (ns0:), valid but opaque.
    PdfMetadata.register_xml_namespace(FINGERPRINT_XMP_NS, "shuhi")
    # One XMP session for everything: each one parses and re-serialises the whole packet.
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        if label is not None:
            write_pdf_label(pdf, label, meta=meta)
        if fingerprint is not None:
            meta[FINGERPRINT_XMP_KEY] = fingerprint.token


def _overlay_pages(pdf: pikepdf.Pdf, mark: Mark) -> tuple[int, int]:
    placed = [(page, _geometry(page)) for page in pdf.pages]
    sizes = sorted({geo[1:] for _page, geo in placed if geo is not None})
    if not sizes:
        raise StampError("corrupt: the PDF has no page with a usable size")
    forms = _overlay_forms(pdf, sizes, mark)
    stamped = 0
    for page, geo in placed:
        if geo is not None:
            page.add_overlay(forms[geo[1:]], geo[0])
            stamped += 1
    return len(placed), stamped


def stamp_pdf(src: Path, dst: Path, mark: Mark, label: MipLabel | None) -> dict:
    with open_pdf(src) as pdf:
        try:
            pages, stamped = _overlay_pages(pdf, mark)
            write_pdf_metadata(pdf, label, mark.fingerprint)
            # Transparency (the watermark's alpha) needs PDF 1.4.
            pdf.save(dst, min_version="1.4")
        except pikepdf.PdfError as exc:  # damage qpdf only notices when it reads the object
            raise StampError(f"corrupt: {exc}") from exc
    channels = ["pdf_info", "xmp", "visible_reference", "hidden_text"] if mark.fingerprint else []
    return {"pages": pages, "pages_stamped": stamped, "watermark": True, "channels": channels}
