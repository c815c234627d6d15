"""The monthly management report as a Japanese PDF: a one-page summary, one section per area with
each indicator's trend, then the decisions requested. Laid out with core/pdf.py (embedded font,
Japanese line breaking) and core/pdf_charts.py (the dashboard's trend charts)."""

from __future__ import annotations

import io

import pypdfium2
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer, Table, TableStyle

from shuhi.core.pdf import build, para, styles, table
from shuhi.core.pdf_charts import trend_drawing

STATUS_MARKS = {"ok": "○", "warn": "△", "bad": "×"}


def _title(data: dict) -> str:
    return _("Management report on trade secrets and insider risk, %(month)s") % {
        "month": f"{data['month']:%Y-%m}"}


def _summary(data: dict) -> list:
    st, rows = styles(), data["rows"]
    counts = {s: sum(1 for r in rows if r.status == s) for s in ("ok", "warn", "bad")}
    story = [
        para(_title(data), st["title"]),
        para(_("%(organisation)s · made %(date)s · figures at the end of %(month)s") % {
            "organisation": data["organisation"].name, "date": f"{timezone.localdate():%Y-%m-%d}",
            "month": f"{data['month']:%Y-%m}"}),
        Spacer(1, 4),
        para(_("Summary"), st["heading"]),
        para(_("%(ok)s indicators on track, %(warn)s to watch, %(bad)s needing action; %(decisions)s decisions "
               "requested (last page). ○ on track, △ watch, × needs action: against large firms' figures in "
               "IPA's survey where it has one.") % {**counts, "decisions": len(data["decisions"])}),
        Spacer(1, 4),
    ]
    table_rows = [[_("Area"), _("Indicator"), _("This month"), _("Change"), _("Small firms (≤100)"),
                   _("Large firms (≥1,000)"), _("Status")]]
    for area in data["areas"]:
        for index, row in enumerate(area.rows):
            table_rows.append([area.name if index == 0 else " ", row.label, row.display, row.change_display,
                               row.small_display, row.large_display,
                               f"{STATUS_MARKS[row.status]} {row.status_label}" if row.status else "—"])
    story.append(table(table_rows, [28 * mm, 52 * mm, 15 * mm, 21 * mm, 22 * mm, 22 * mm, 20 * mm]))
    story.append(Spacer(1, 4))
    story.append(para(_("Source: %(title)s, %(publisher)s, %(url)s") % {
        "title": data["source"].get("title_ja", ""), "publisher": data["source"].get("publisher", ""),
        "url": data["source"].get("url", "")}, st["small"]))
    return story


def _indicator_block(row) -> KeepTogether:
    st = styles()
    text = [
        para(row.label, st["body"]),
        para(_("This month %(value)s (%(change)s) · small firms %(small)s · large firms %(large)s · %(status)s") % {
            "value": row.display, "change": row.change_display, "small": row.small_display,
            "large": row.large_display, "status": row.status_label}, st["small"]),
    ]
    if row.indicator.description:
        text.append(para(str(row.indicator.description), st["small"]))
    chart = trend_drawing(row.points, percent=row.percent, bands=row.bands, width=200, height=80)
    grid = Table([[text, chart]], colWidths=[95 * mm, 85 * mm])
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25,
                                                                      "#cfd8e3")]))
    return KeepTogether([grid, Spacer(1, 3)])


def _areas(data: dict) -> list:
    st = styles()
    story: list = [PageBreak()]
    for area in data["areas"]:
        story += [CondPageBreak(60 * mm), para(area.name, st["heading"])]
        story += [_indicator_block(row) for row in area.rows]
    story.append(para(_("Shaded: the survey's small firms (orange) and large firms (green)."), st["small"]))
    return story


def _decisions(data: dict) -> list:
    st = styles()
    story: list = [PageBreak(), para(_("Decisions requested"), st["heading"])]
    if not data["decisions"]:
        story.append(para(_("No decision is requested this month: every figure is at the survey's level and "
                            "nothing is overdue.")))
    for number, decision in enumerate(data["decisions"], start=1):
        story += [para(f"{number}. {decision}"), Spacer(1, 3)]
    return story


def render_management_report(data: dict) -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    pdf = build(_summary(data) + _areas(data) + _decisions(data), title=_title(data))
    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    try:
        return pdf, len(document)
    finally:
        document.close()
