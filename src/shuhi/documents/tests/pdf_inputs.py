"""PDFs a scanner meets in the field and reportlab alone does not make: comments and stamps added
in a viewer (annotations with their own drawn appearance), and paper that went through a scanner
(a page that is one JPEG, with a red hanko on it and a slight skew).

Everything is drawn here, in the engine's own font, so the tests need no file from outside.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from shuhi.documents.extract.pdffonts import FONT_PATH
from shuhi.documents.tests import builders as b

# --- annotations ------------------------------------------------------------------------------


@dataclass
class Annot:
    """One annotation: its subtype, and what a viewer stores with it."""

    subtype: str  # "Stamp", "FreeText", "Watermark", "Text"…
    name: str | None = None  # a Stamp's icon name: "Confidential", "TopSecret", "Approved"…
    contents: str | None = None  # the comment text (/Contents)
    drawn: str | None = None  # text drawn in the appearance stream (/AP /N), in the bundled font
    seal: str | None = None  # ... or a picture of a red seal with this text (a 電子印鑑)


def _appearance(drawn: str, size: float = 24) -> bytes:
    """A tiny PDF whose only page draws `drawn` in IPAexGothic (embedded by reportlab)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "IPAexGothic" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("IPAexGothic", str(FONT_PATH)))
    width = size * (len(drawn) + 1)
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=(width, size * 2))
    sheet.setStrokeColorRGB(0.8, 0.1, 0.1)
    sheet.setFillColorRGB(0.8, 0.1, 0.1)
    sheet.rect(2, 2, width - 4, size * 2 - 4)
    sheet.setFont("IPAexGothic", size)
    sheet.drawCentredString(width / 2, size * 0.6, drawn)
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def _seal_appearance(text: str) -> bytes:
    """A tiny PDF whose only page is the picture of a red seal, as a 電子印鑑 custom stamp is."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    ink = _hanko_image(Hanko(text=text, frame="circle", angle=0), 300 / 25.4, random.Random(1))
    picture = Image.new("RGB", ink.size, (255, 255, 255))
    picture.paste(Image.new("RGB", ink.size, RED), (0, 0), ink)
    width, height = ink.width * 72 / 300, ink.height * 72 / 300
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=(width, height))
    sheet.drawImage(ImageReader(picture), 0, 0, width, height)
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def annotated_pdf(path: Path, annots: Sequence[Annot], body: Iterable[str] = (b.DECOY_JA,)) -> Path:
    """A one-page PDF (reportlab text) with `annots` added by pikepdf, as a PDF viewer would."""
    import pikepdf

    b.pdf(path, body=body)
    with pikepdf.open(path, allow_overwriting_input=True) as document:
        page = document.pages[0]
        annots_array = pikepdf.Array()
        for index, annot in enumerate(annots):
            rect = [300, 700 - 60 * index, 500, 740 - 60 * index]
            entry = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name("/" + annot.subtype),
                                       Rect=rect, F=4)
            if annot.name:
                entry.Name = pikepdf.Name("/" + annot.name)
            if annot.contents is not None:
                entry.Contents = pikepdf.String(annot.contents)
            if annot.subtype == "FreeText":
                entry.DA = pikepdf.String("0 0 0 rg /Helv 12 Tf")
            if annot.drawn or annot.seal:
                drawing = _appearance(annot.drawn) if annot.drawn else _seal_appearance(annot.seal or "")
                with pikepdf.open(io.BytesIO(drawing)) as source:
                    form = source.pages[0].as_form_xobject()
                    entry.AP = pikepdf.Dictionary(N=document.copy_foreign(form))
            annots_array.append(document.make_indirect(entry))
        page.obj.Annots = annots_array
        document.save(path)
    return path


# --- scanned paper ----------------------------------------------------------------------------

A4_MM = (210, 297)
RED = (200, 32, 40)
BODY_LINES = [
    "新製品の開発計画について、関係部署に説明します。",
    "試作品の評価は第三四半期に完了する予定です。",
    "部品の調達先は二社に絞り込み、価格を比較します。",
    "量産開始までの日程は別紙のとおりとします。",
    "ご不明な点は設計部までお問い合わせください。",
]


@dataclass
class Hanko:
    """A red stamp pressed on the page: its text, its frame, where it sits and how it leans."""

    text: str = "社外秘"
    frame: str = "rect"  # "rect", "circle" or "none"
    at: tuple[float, float] = (0.70, 0.06)  # left, top as shares of the page
    size_mm: float = 11  # height of one character
    angle: float = 4.0


def _font(px: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT_PATH), px)


def _hanko_image(hanko: Hanko, px_per_mm: float, rng: random.Random):
    from PIL import Image, ImageDraw

    size = int(hanko.size_mm * px_per_mm)
    font = _font(size)
    left, top, right, bottom = font.getbbox(hanko.text)
    pad = int(size * 0.45)
    width, height = right - left + 2 * pad, bottom - top + 2 * pad
    if hanko.frame == "circle":
        width = height = max(width, height)
    stamp = Image.new("L", (width, height), 0)  # an ink mask: 255 where ink sits
    draw = ImageDraw.Draw(stamp)
    line = max(3, size // 12)
    if hanko.frame == "rect":
        draw.rectangle([line, line, width - line, height - line], outline=255, width=line)
    elif hanko.frame == "circle":
        draw.ellipse([line, line, width - line, height - line], outline=255, width=line)
    text_width = right - left
    draw.text(((width - text_width) / 2 - left, (height - (bottom - top)) / 2 - top), hanko.text, font=font, fill=255)
    # Real ink is uneven: thin it here and there.
    pixels = stamp.load()
    for _ in range(width * height // 40):
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = pixels[x, y] // 2
    return stamp.rotate(hanko.angle, expand=True, resample=Image.BICUBIC)


def scanned_page(*, body: Sequence[str] = BODY_LINES, hankos: Sequence[Hanko] = (Hanko(),), dpi: int = 170,
                 skew: float = 1.5, header: str | None = None, footer: str | None = None, seed: int = 7):
    """An A4 page as a scanner returns it: black text, red stamps, a slight skew, grey paper."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    px_per_mm = dpi / 25.4
    size = (int(A4_MM[0] * px_per_mm), int(A4_MM[1] * px_per_mm))
    page = Image.new("RGB", size, (246, 245, 240))
    draw = ImageDraw.Draw(page)
    text_font = _font(int(4.2 * px_per_mm))
    margin = int(20 * px_per_mm)
    if header:
        draw.text((margin, int(12 * px_per_mm)), header, font=text_font, fill=(25, 25, 25))
    if footer:
        draw.text((size[0] // 2 - margin, size[1] - int(18 * px_per_mm)), footer, font=text_font, fill=(25, 25, 25))
    draw.text((margin, int(28 * px_per_mm)), "開発計画書", font=_font(int(7 * px_per_mm)), fill=(20, 20, 20))
    y = int(45 * px_per_mm)
    for line in body:
        draw.text((margin, y), line, font=text_font, fill=(25, 25, 25))
        y += int(8 * px_per_mm)
    for hanko in hankos:
        stamp = _hanko_image(hanko, px_per_mm, rng)
        ink = Image.new("RGB", stamp.size, RED)
        page.paste(ink, (int(hanko.at[0] * size[0]), int(hanko.at[1] * size[1])), stamp)
    return page.rotate(skew, resample=Image.BICUBIC, fillcolor=(246, 245, 240))


def image_pdf(path: Path, pages: Sequence, dpi: int = 170, quality: int = 70) -> Path:
    """An image-only PDF: each page one JPEG, as a scanner or a multifunction printer writes it."""
    from PIL import Image

    jpegs = []
    for page in pages:
        buffer = io.BytesIO()
        page.save(buffer, "JPEG", quality=quality)
        jpegs.append(Image.open(io.BytesIO(buffer.getvalue())))
    jpegs[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=jpegs[1:])
    return path


def scanned_pdf(path: Path, **page: object) -> Path:
    dpi = int(page.get("dpi", 170))  # type: ignore[call-overload]
    return image_pdf(path, [scanned_page(**page)], dpi=dpi)  # type: ignore[arg-type]
