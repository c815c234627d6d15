"""The assessment report as a PDF in Japanese, with the IPAex Gothic font embedded."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Line, Polygon, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from shuhi.core.charts import radar
from shuhi.core.pdf import japanese_font


def _radar_drawing(labels: list[str], series: list[list[float | None]]) -> Drawing:
    chart = radar(labels, series, size=300)
    room = 100  # space left and right for the area names
    drawing = Drawing(chart.size + 2 * room, chart.size)
    flip = chart.size  # SVG's y grows downwards, PDF's upwards

    def pts(text: str) -> list[float]:
        out = []
        for pair in text.split():
            x, y = pair.split(",")
            out += [float(x) + room, flip - float(y)]
        return out

    for ring in chart.rings:
        drawing.add(Polygon(pts(ring), strokeColor=colors.HexColor("#cfd8e3"), fillColor=None, strokeWidth=0.5))
    for x1, y1, x2, y2 in chart.spokes:
        drawing.add(Line(x1 + room, flip - y1, x2 + room, flip - y2, strokeColor=colors.HexColor("#cfd8e3"),
                         strokeWidth=0.5))
    palette = [("#1d3557", 0.25), ("#e76f51", 0.0)]
    for index, polygon in enumerate(chart.series):
        stroke, alpha = palette[index % len(palette)]
        fill = colors.Color(*colors.HexColor(stroke).rgb(), alpha=alpha) if alpha else None
        drawing.add(Polygon(pts(polygon), strokeColor=colors.HexColor(stroke), fillColor=fill, strokeWidth=1.5))
    for x, y, anchor, label, value in chart.labels:
        drawing.add(String(x + room, flip - y, f"{label} {value}", fontName=japanese_font(), fontSize=7,
                           textAnchor=anchor))
    return drawing


def render_report(*, title: str, organisation: str, framework: str, overall, viewpoints: dict, areas: list[dict],
                  placements: list[dict], gaps: list[dict], source: dict, previous: list | None = None,
                  changes: list[dict] | None = None) -> bytes:
    font = japanese_font()
    style = ParagraphStyle("body", fontName=font, fontSize=9, leading=13)
    heading = ParagraphStyle("h", fontName=font, fontSize=13, leading=18, spaceAfter=4)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=title, author="shuhi")

    def fmt(value) -> str:
        return "—" if value is None else f"{value:.0f}"

    story = [
        Paragraph(title, ParagraphStyle("t", fontName=font, fontSize=16, leading=22)),
        Paragraph(f"{organisation} ／ {framework} ／ {timezone.localdate():%Y-%m-%d}", style), Spacer(1, 6),
        Paragraph(_("Overall %(overall)s / 100 · trade-secret viewpoint %(ts)s · insider viewpoint %(ins)s") % {
            "overall": fmt(overall), "ts": fmt(viewpoints.get("trade_secret")),
            "ins": fmt(viewpoints.get("insider"))}, style),
        _radar_drawing([a["name"] for a in areas], [[a["score"] for a in areas]] + ([previous] if previous else [])),
        Paragraph(_("Scores per area"), heading),
    ]
    table = [[_("Area"), _("Score")]] + [[Paragraph(a["name"], style), fmt(a["score"])] for a in areas]
    story.append(_table(table, font, [120 * mm, 30 * mm]))
    story.append(Paragraph(_("Where you stand in IPA's FY2023 survey"), heading))
    rows = [[_("Indicator"), _("You"), _("Small firms (≤100)"), _("Large firms (≥1,000)")]]
    for p in placements:
        small = f"{p['small'][0]}–{p['small'][1]}%" if p["small"] else "—"
        large = f"{p['large'][0]}–{p['large'][1]}%" if p["large"] else "—"
        if not p["small"] and p["viewpoints"]:
            v = p["viewpoints"][0]
            small = _("with viewpoint %(w)s%% / without %(wo)s%%") % {"w": v["with"], "wo": v["without"]}
        rows.append([Paragraph(p["label"], style), Paragraph(p["status_label"], style), Paragraph(small, style),
                     large])
    story.append(_table(rows, font, [70 * mm, 28 * mm, 45 * mm, 37 * mm]))
    story.append(Paragraph(_("Source: %(title)s, %(publisher)s, %(url)s") % source, style))
    if changes:
        story.append(Paragraph(_("Change since the last assessment"), heading))
        rows = [[_("Question"), _("Then"), _("Now"), _("Change")]]
        # Answers are the supplier's own text: escaped, since Paragraph reads markup.
        rows += [[Paragraph(escape(f"{c['id']} {c['text']}"), style), Paragraph(escape(c["then"]), style),
                  Paragraph(escape(c["now"]), style), c["verdict_label"]] for c in changes]
        story.append(_table(rows, font, [90 * mm, 30 * mm, 30 * mm, 30 * mm]))
    if gaps:
        story.append(Paragraph(_("Proposed good practices"), heading))
        for gap in gaps:
            story.append(Paragraph(f"<b>{gap['id']}</b> {gap['text']}<br/>→ {gap['practice']}", style))
            story.append(Spacer(1, 3))
    doc.build(story)
    return buffer.getvalue()


def _table(rows, font, widths) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3e9f0")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#cfd8e3")), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table
