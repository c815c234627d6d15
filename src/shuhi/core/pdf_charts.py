"""The charts of core/charts.py drawn for a PDF with reportlab: the same geometry as the pages' SVG."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors

from shuhi.core.charts import radar, trend
from shuhi.core.pdf import japanese_font

INK = colors.HexColor("#1d3557")
ACCENT = colors.HexColor("#e76f51")
RULE = colors.HexColor("#cfd8e3")
BAND_COLOURS = {"small": colors.Color(0.96, 0.64, 0.38, alpha=0.25), "large": colors.Color(0.16, 0.62, 0.56, alpha=0.2)}


def radar_drawing(labels: list[str], series: list[list[float | None]], *, size: float = 300,
                  room: float = 100) -> Drawing:
    """Scores per area; `room` is the space left and right for the area names."""
    chart = radar(labels, series, size=size)
    drawing = Drawing(chart.size + 2 * room, chart.size)
    flip = chart.size  # SVG's y grows downwards, PDF's upwards

    def pts(text: str) -> list[float]:
        out = []
        for pair in text.split():
            x, y = pair.split(",")
            out += [float(x) + room, flip - float(y)]
        return out

    for ring in chart.rings:
        drawing.add(Polygon(pts(ring), strokeColor=RULE, fillColor=None, strokeWidth=0.5))
    for x1, y1, x2, y2 in chart.spokes:
        drawing.add(Line(x1 + room, flip - y1, x2 + room, flip - y2, strokeColor=RULE, strokeWidth=0.5))
    palette = [(INK, 0.25), (ACCENT, 0.0)]
    for index, polygon in enumerate(chart.series):
        stroke, alpha = palette[index % len(palette)]
        fill = colors.Color(*stroke.rgb(), alpha=alpha) if alpha else None
        drawing.add(Polygon(pts(polygon), strokeColor=stroke, fillColor=fill, strokeWidth=1.5))
    for x, y, anchor, label, value in chart.labels:
        drawing.add(String(x + room, flip - y, f"{label} {value}", fontName=japanese_font(), fontSize=7,
                           textAnchor=anchor))
    return drawing


def trend_drawing(points: list[tuple[str, float | None]], *, percent: bool = True, width: float = 240,
                  height: float = 90, bands: dict[str, tuple[float, float]] | None = None) -> Drawing:
    """One figure month by month, the survey's ranges shaded behind it."""
    chart = trend(points, percent=percent, width=width, height=height, bands=bands)
    drawing = Drawing(width, height)
    font = japanese_font()

    def flip(y: float) -> float:
        return height - y

    for name, top, span in chart.bands:
        drawing.add(Rect(chart.left, flip(top) - span, chart.right - chart.left, max(span, 0.8),
                         fillColor=BAND_COLOURS.get(name, RULE), strokeColor=None))
    for y, label in chart.grid:
        drawing.add(Line(chart.left, flip(y), chart.right, flip(y), strokeColor=RULE, strokeWidth=0.4))
        drawing.add(String(chart.left - 3, flip(y) - 2, label, fontName=font, fontSize=5.5, textAnchor="end"))
    if chart.line:
        coords = [float(c) for pair in chart.line.split() for c in pair.split(",")]
        drawing.add(PolyLine([v if i % 2 == 0 else flip(v) for i, v in enumerate(coords)], strokeColor=INK,
                             strokeWidth=1.4))
    for x, y, label, _value in chart.dots:
        drawing.add(Rect(x - 1.5, flip(y) - 1.5, 3, 3, fillColor=INK, strokeColor=None))
        drawing.add(String(x, 4, label, fontName=font, fontSize=5.5, textAnchor="middle"))
    if chart.dots:
        x, y, _label, value = chart.dots[-1]
        drawing.add(String(x, flip(y) + 4, value, fontName=font, fontSize=6.5, textAnchor="end", fillColor=INK))
    return drawing
