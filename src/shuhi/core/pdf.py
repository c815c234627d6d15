"""Small shared pieces for shuhi's PDF reports: the embedded Japanese font, styles, paragraphs, tables.

Every report embeds IPAex Gothic (shipped with the documents engine), so that Japanese text reads
the same on any machine, offline included. Text given to `para` is escaped: Paragraph reads markup,
and names, statements and reasons are users' own text.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

FONT = "IPAexGothic"


def japanese_font() -> str:
    """Register IPAex Gothic with reportlab once, and return its name for styles and tables."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        path = resources.files("shuhi.documents").joinpath("fonts", "ipaexg.ttf")
        pdfmetrics.registerFont(TTFont(FONT, str(path)))
    return FONT


def styles() -> dict[str, ParagraphStyle]:
    """title, heading, body and small styles in the Japanese font."""
    font = japanese_font()
    return {
        "title": ParagraphStyle("shuhi-title", fontName=font, fontSize=16, leading=22, spaceAfter=6),
        "heading": ParagraphStyle("shuhi-heading", fontName=font, fontSize=12, leading=17, spaceBefore=8,
                                  spaceAfter=4),
        "body": ParagraphStyle("shuhi-body", fontName=font, fontSize=9, leading=13),
        "small": ParagraphStyle("shuhi-small", fontName=font, fontSize=7, leading=9.5),
    }


def text(value: Any) -> str:
    """A value as plain text for a PDF: None and empty as a dash."""
    if value is None or value == "":
        return "—"
    return str(value)


def para(value: Any, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of plain (escaped) text; line breaks are kept."""
    body = escape(text(value)).replace("\n", "<br/>")
    return Paragraph(body, style or styles()["body"])


def table(rows: Sequence[Sequence[Any]], widths: Sequence[float] | None = None, *, header: bool = True,
          style: ParagraphStyle | None = None) -> Table:
    """A gridded table; plain cells become wrapped paragraphs, flowables are kept as they are."""
    cell_style = style or styles()["small"]
    cells = [[c if hasattr(c, "wrapOn") else para(c, cell_style) for c in row] for row in rows]
    result = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), japanese_font()), ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#cfd8e3")), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3e9f0")))
    result.setStyle(TableStyle(commands))
    return result


def key_values(pairs: Iterable[tuple[Any, Any]], widths: Sequence[float] = (45 * mm, 135 * mm)) -> Table:
    """A two-column table of labels and values, the labels shaded."""
    result = table([[label, value] for label, value in pairs], widths, header=False)
    result.setStyle(TableStyle([("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef2f6"))]))
    return result


def build(story: list, *, title: str) -> bytes:
    """An A4 document of `story`, with 15 mm margins and the title in its metadata."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=title, author="shuhi")
    doc.build(story)
    return buffer.getvalue()
