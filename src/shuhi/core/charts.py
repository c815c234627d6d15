"""Chart geometry, shared by the pages (inline SVG) and the PDF reports (reportlab, core/pdf_charts.py).

Drawn on the server rather than with a JavaScript chart library: the page stays within the
strict CSP with nothing to vendor, works without JavaScript and offline, and the PDF report uses
exactly the same picture. Coordinates are SVG's (y grows downwards); the PDF flips them.

- `radar`: scores per area (a supplier's assessment);
- `trend`: one figure month by month, with the survey's small- and large-firm ranges as bands
  (the management dashboard and the monthly report);
- `heat_grid`: the insider-risk heat map (likelihood × impact);
- `band`: which band of a scale a value falls in (the supplier heat map, indicator status).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

LABEL_ROOM = 140  # px added left and right of the chart for the area names


@dataclass
class Radar:
    size: float
    rings: list[str]  # SVG "points" strings for 25/50/75/100 %
    spokes: list[tuple[float, float, float, float]]
    labels: list[tuple[float, float, str, str, str]]  # x, y, text-anchor, label, score
    series: list[str]  # one "points" string per series
    raw_series: list[list[tuple[float, float]]]
    view: str = ""  # SVG viewBox with room for long area names on either side


def _point(cx: float, cy: float, radius: float, index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = radius * value / 100
    return (round(cx + distance * math.cos(angle), 1), round(cy + distance * math.sin(angle), 1))


def radar(labels: list[str], series: list[list[float | None]], size: float = 420) -> Radar:
    cx = cy = size / 2
    radius = size / 2 - 70
    count = max(len(labels), 3)

    def points(values):
        return [_point(cx, cy, radius, i, count, v or 0) for i, v in enumerate(values)]

    def as_text(pts):
        return " ".join(f"{x},{y}" for x, y in pts)

    rings = [as_text(points([level] * count)) for level in (25, 50, 75, 100)]
    spokes = [(cx, cy, *_point(cx, cy, radius, i, count, 100)) for i in range(count)]
    label_points = []
    first = series[0] if series else []
    for i, label in enumerate(labels):
        x, y = _point(cx, cy, radius + 18, i, count, 100)
        anchor = "middle" if abs(x - cx) < 5 else ("start" if x > cx else "end")
        value = first[i] if i < len(first) else None
        label_points.append((x, y, anchor, label, "—" if value is None else f"{value:.0f}"))
    raw = [points(values) for values in series]
    return Radar(size, rings, spokes, label_points, [as_text(pts) for pts in raw], raw,
                 view=f"{-LABEL_ROOM} -10 {size + 2 * LABEL_ROOM} {size + 20}")


def band(value: float | None, bands: list[tuple[str, float]]) -> str:
    """The name of the highest band whose minimum `value` reaches (bands lowest first); "unknown" for None."""
    if value is None:
        return "unknown"
    found = bands[0][0]
    for name, minimum in bands:
        if value >= minimum:
            found = name
    return found


@dataclass
class Trend:
    width: float
    height: float
    line: str  # SVG "points" of the series (empty with fewer than two values)
    dots: list[tuple[float, float, str, str]]  # x, y, month label, value label
    grid: list[tuple[float, str]]  # y and label of each horizontal grid line
    bands: list[tuple[str, float, float]]  # name ("small"/"large"), y of the top, height
    left: float
    right: float
    bottom: float
    view: str = ""

    @property
    def plot_width(self) -> float:
        return round(self.right - self.left, 1)


TREND_PAD = (34.0, 8.0, 10.0, 20.0)  # left, right, top, bottom: room for the axis labels


def _nice_top(values: list[float]) -> float:
    top = max(values, default=1.0) or 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top <= step * 4:
            return float(step * 4)
    return float(top)


def trend(points: list[tuple[str, float | None]], *, percent: bool = True, width: float = 320,
          height: float = 120, bands: dict[str, tuple[float, float]] | None = None) -> Trend:
    """A line of `points` (label, value) left to right; a missing value breaks nothing but is not drawn.

    Percentages run 0–100; counts from 0 to a round number above the largest. `bands` maps a name to
    a (low, high) range drawn behind the line (the survey's small- and large-firm figures)."""
    left, right, top_pad, bottom_pad = TREND_PAD
    plot_w, plot_h = width - left - right, height - top_pad - bottom_pad
    present = [v for _label, v in points if v is not None]
    top = 100.0 if percent else _nice_top([*present, *(hi for _lo, hi in (bands or {}).values())])

    def y_of(value: float) -> float:
        return round(top_pad + plot_h * (1 - min(max(value, 0.0), top) / top), 1)

    step = plot_w / max(len(points) - 1, 1)
    dots = []
    for index, (label, value) in enumerate(points):
        if value is None:
            continue
        x = round(left + (step * index if len(points) > 1 else plot_w / 2), 1)
        shown = f"{value:.0f}%" if percent else f"{value:.0f}"
        dots.append((x, y_of(value), label, shown))
    grid = [(y_of(top * i / 4), f"{top * i / 4:.0f}{'%' if percent else ''}") for i in range(5)]
    drawn = [(name, y_of(hi), round(y_of(lo) - y_of(hi), 1)) for name, (lo, hi) in (bands or {}).items()]
    line = " ".join(f"{x},{y}" for x, y, _l, _v in dots) if len(dots) > 1 else ""
    return Trend(width, height, line, dots, grid, drawn, left, width - right, height - bottom_pad,
                 view=f"0 0 {width} {height}")


# Heat levels 0 (nothing at stake) to 4 (the worst), the same colours as the supplier risk table
# (.heat-0 … .heat-4 in suppliers.css), so a level reads the same on every page.
HEAT_FILLS = ("#f3f6f9", "#fdf3d0", "#f9d9a8", "#f2a883", "#d9604a")
HEAT_INK = ("#1d3557", "#1d3557", "#1d3557", "#1d3557", "#ffffff")


@dataclass
class HeatCell:
    x: float
    y: float
    size: float
    row: int  # 1-based value on the vertical axis
    column: int  # 1-based value on the horizontal axis
    count: int
    level: int
    fill: str
    ink: str

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.size / 2, self.y + self.size / 2)


@dataclass
class HeatGrid:
    cells: list[HeatCell]
    width: float
    height: float
    cell: float
    origin: tuple[float, float]
    rows: int
    columns: int
    view: str = ""
    row_ticks: list[tuple[float, int]] = field(default_factory=list)  # y, value
    column_ticks: list[tuple[float, int]] = field(default_factory=list)  # x, value


def heat_grid(counts: dict[tuple[int, int], int], level, *, rows: int = 5, columns: int = 5,
              cell: float = 64, margin: float = 48) -> HeatGrid:
    """A rows × columns grid, the highest row at the top, with a count per (row, column) cell.

    `level(row, column)` gives each cell's heat level (0–4) from its position alone, so that an
    empty cell still shows how serious that corner of the grid is.
    """
    cells = []
    for row in range(rows, 0, -1):
        for column in range(1, columns + 1):
            heat = max(0, min(4, int(level(row, column))))
            cells.append(HeatCell(x=margin + (column - 1) * cell, y=(rows - row) * cell, size=cell, row=row,
                                  column=column, count=int(counts.get((row, column), 0)), level=heat,
                                  fill=HEAT_FILLS[heat], ink=HEAT_INK[heat]))
    width, height = margin + columns * cell, rows * cell + margin
    return HeatGrid(cells=cells, width=width, height=height, cell=cell, origin=(margin, rows * cell), rows=rows,
                    columns=columns, view=f"0 0 {width + 8} {height}",
                    row_ticks=[((rows - r) * cell + cell / 2, r) for r in range(rows, 0, -1)],
                    column_ticks=[(margin + (c - 1) * cell + cell / 2, c) for c in range(1, columns + 1)])
