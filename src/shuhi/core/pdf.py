"""Small shared pieces for shuhi's PDF reports: the embedded Japanese font, styles, paragraphs, tables.

Every report embeds IPAex Gothic (shipped with the documents engine), so that Japanese text reads
the same on any machine, offline included. Text given to `para` is laid out by `JapaneseText`, which
breaks lines by the rules of Japanese typesetting (core/kinsoku.py) and reads no markup, so names,
statements and reasons, which are users' own text, are printed as written.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, SimpleDocTemplate, Table, TableStyle

from shuhi.core.kinsoku import break_lines, segments

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


class JapaneseText(Flowable):
    """Plain text in one style, broken into lines by the Japanese rules of core/kinsoku.py.

    reportlab's Paragraph breaks Japanese after any character (a line may start with 。 or cut
    運用ルール in two) or not at all; this flowable measures each unit with the font's metrics. It
    splits across pages between lines, and sits in table cells like a Paragraph.
    """

    def __init__(self, value: str, style: ParagraphStyle, lines: list[str] | None = None) -> None:
        super().__init__()
        self.value, self.style, self._lines = value, style, lines
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter

    def _measure(self, part: str) -> float:
        return pdfmetrics.stringWidth(part, self.style.fontName, self.style.fontSize)

    def _layout(self, width: float) -> list[str]:
        if self._lines is None or getattr(self, "_width", None) != width:
            self._lines = break_lines(self.value, max(width, self.style.fontSize), self._measure)
            self._width = width
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = len(self._layout(availWidth)) * self.style.leading
        return availWidth, self.height

    def minWidth(self) -> float:
        widest = max((self._measure(u) for u in segments(self.value.replace("\n", " "))), default=0.0)
        return min(widest, 60 * mm)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self._layout(availWidth)
        fit = int(availHeight // self.style.leading)
        if fit <= 0 or fit >= len(lines):
            return []
        first, rest = lines[:fit], lines[fit:]
        return [JapaneseText("\n".join(first), self.style, first), JapaneseText("\n".join(rest), self.style, rest)]

    def draw(self) -> None:
        canvas, style = self.canv, self.style
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        baseline = self.height - style.fontSize
        for line in self._lines or []:
            canvas.drawString(0, baseline, line)
            baseline -= style.leading


def para(value: Any, style: ParagraphStyle | None = None) -> JapaneseText:
    """A paragraph of plain text, broken by the Japanese rules; line breaks are kept."""
    return JapaneseText(text(value), style or styles()["body"])


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
