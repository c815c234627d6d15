"""The assessment report as a PDF in Japanese, laid out with core/pdf.py (embedded IPAex Gothic,
Japanese line breaking) and the radar of core/charts.py."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from shuhi.core.pdf import build, para, styles, table
from shuhi.core.pdf_charts import radar_drawing


def _span(pair) -> str:
    return f"{pair[0]}–{pair[1]}%" if pair else "—"


def _viewpoints(placement: dict) -> str:
    """The survey's figures for firms with and without the viewpoint: a column of their own, since
    they are not small-firm figures."""
    return "\n".join(_("with viewpoint %(w)s%% / without %(wo)s%%") % {"w": v["with"], "wo": v["without"]}
                     for v in placement.get("viewpoints") or []) or "—"


def render_report(*, title: str, organisation: str, framework: str, overall, viewpoints: dict, areas: list[dict],
                  placements: list[dict], gaps: list[dict], source: dict, previous: list | None = None,
                  changes: list[dict] | None = None) -> bytes:
    st = styles()

    def fmt(value) -> str:
        return "—" if value is None else f"{value:.0f}"

    story = [
        para(title, st["title"]),
        para(f"{organisation} ／ {framework} ／ {timezone.localdate():%Y-%m-%d}"), Spacer(1, 6),
        para(_("Overall %(overall)s / 100 · trade-secret viewpoint %(ts)s · insider viewpoint %(ins)s") % {
            "overall": fmt(overall), "ts": fmt(viewpoints.get("trade_secret")),
            "ins": fmt(viewpoints.get("insider"))}),
        radar_drawing([a["name"] for a in areas], [[a["score"] for a in areas]] + ([previous] if previous else [])),
        para(_("Scores per area"), st["heading"]),
        table([[_("Area"), _("Score")]] + [[a["name"], fmt(a["score"])] for a in areas], [120 * mm, 30 * mm]),
        para(_("Where you stand in IPA's FY2023 survey"), st["heading"]),
    ]
    rows = [[_("Indicator"), _("You"), _("Small firms (≤100)"), _("Large firms (≥1,000)"),
             _("Firms with / without the viewpoint")]]
    rows += [[p["label"], p["status_label"], _span(p["small"]), _span(p["large"]), _viewpoints(p)] for p in placements]
    story.append(table(rows, [58 * mm, 24 * mm, 28 * mm, 28 * mm, 42 * mm]))
    story.append(para(_("Source: %(title)s, %(publisher)s, %(url)s") % source))
    if changes:
        story.append(para(_("Change since the last assessment"), st["heading"]))
        rows = [[_("Question"), _("Then"), _("Now"), _("Change")]]
        rows += [[f"{c['id']} {c['text']}", c["then"], c["now"], c["verdict_label"]] for c in changes]
        story.append(table(rows, [90 * mm, 30 * mm, 30 * mm, 30 * mm]))
    if gaps:
        story.append(para(_("Proposed good practices"), st["heading"]))
        for gap in gaps:
            story.append(para(f"{gap['id']} {gap['text']}\n→ {gap['practice']}"))
            story.append(Spacer(1, 3))
    return build(story, title=title)
