"""Radar-chart geometry, shared by the page (inline SVG) and the PDF (reportlab).

Drawn on the server rather than with a JavaScript chart library: the page stays within the
strict CSP with nothing to vendor, works without JavaScript and offline, and the PDF report uses
exactly the same picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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
