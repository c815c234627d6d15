"""Chart geometry shared by the apps: the radar of the supplier reports and the risk heat map.

Drawn on the server rather than with a JavaScript chart library: the page stays within the
strict CSP with nothing to vendor, works without JavaScript and offline, and a PDF report can use
exactly the same picture. Pure geometry, no Django: a template or reportlab draws what it returns.
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
