"""A readable, self-contained HTML rendering of a review (no template engine, no external assets).

Reasons are worded from their figures in the reader's language (wording.py).
Every value from the logs is escaped with `html.escape`: user ids, URLs and file names come from
the logs and may have been chosen by the very person under review.
"""

from __future__ import annotations

import json
import math
from html import escape
from pathlib import Path
from string import Template
from typing import Any

from shuhi.i18n import gettext as _
from shuhi.i18n import language, ngettext

from .wording import example_text, indicator_name, peer_group_name, reason_figures

PAGE = Template("""<!doctype html>
<html lang="$lang">
<head>
<meta charset="utf-8">
<title>$title $period</title>
<style>
body { font-family: system-ui, "Hiragino Sans", "Noto Sans JP", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
th, td { border: 1px solid #ddd; padding: .3em .5em; vertical-align: top; text-align: left; }
th { background: #f4f4f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.reason { margin: .2em 0; } .en { color: #666; font-size: .9em; }
.ex { font-family: ui-monospace, monospace; font-size: .85em; color: #444; word-break: break-all; }
.quiet { color: #888; }
</style>
</head>
<body>
<h1>$title</h1>
<p>$summary</p>
<p class="quiet">$explanation</p>
$windows
</body>
</html>
""")


def _example(example: dict[str, Any]) -> str:
    return escape(example_text(example))


def _reason(reason: dict[str, Any]) -> str:
    examples = "".join(f'<div class="ex">{_example(e)}</div>' for e in reason.get("examples", []))
    return (
        f'<div class="reason"><b>{escape(indicator_name(str(reason["indicator"])))}</b> +{reason["weight"]:.2f}<br>'
        f"{escape(reason_figures(reason))}{examples}</div>"
    )


def _window(window: dict[str, Any], top: int) -> str:
    ranking = window["ranking"]
    rows = []
    for rank, entry in enumerate(ranking[:top], start=1):
        reasons = "".join(_reason(r) for r in entry["reasons"]) or '<span class="quiet">—</span>'
        rows.append(
            f"<tr><td class=num>{rank}</td><td>{escape(entry['user'])}</td>"
            f"<td>{escape(peer_group_name(str(entry.get('peer_group', ''))))}</td>"
            f"<td class=num>{entry['score']:.2f}</td><td>{reasons}</td></tr>"
        )
    hidden = len(ranking) - min(top, len(ranking))
    more = ngettext("%(n)s more user ranked lower.", "%(n)s more users ranked lower.", hidden) % {"n": hidden}
    more = f'<p class="quiet">{escape(more)}</p>' if hidden > 0 else ""
    active = ngettext("%(n)s active user", "%(n)s active users", len(ranking)) % {"n": len(ranking)}
    headings = "".join(f"<th>{escape(h)}</th>" for h in ("#", _("User"), _("Peer group"), _("Score"), _("Reasons")))
    return (
        f"<h2>{escape(window['start'])} – {escape(window['end'])} "
        f'<span class="en">({escape(active)})</span></h2>'
        f"<table><tr>{headings}</tr>{''.join(rows)}</table>{more}"
    )


def render_html(report: dict[str, Any], *, top: int = 20) -> str:
    """The report as one HTML page: per window, the `top` users with their reasons and examples."""
    windows = report.get("windows", [])
    stats = report.get("stats", {})
    period = f"{windows[0]['start']} – {windows[-1]['end']}" if windows else "—"
    summary = _("Period: %(period)s · windows: %(windows)s · events: %(events)s · engine: %(engine)s · "
                "seconds: %(seconds)s") % {
        "period": period, "windows": len(windows), "events": f"{int(stats.get('events', 0)):,}",
        "engine": stats.get("engine", ""), "seconds": stats.get("seconds", "")}
    return PAGE.substitute(
        lang=language(),
        title=escape(_("Periodic log review")),
        period=escape(period),
        summary=escape(summary),
        explanation=escape(_("A score is the sum of its reasons' points; each reason's points are its weight times "
                             "how unusual the count is against the user's own past and their peers.")),
        windows="\n".join(_window(w, top) for w in windows),
    )


# Reasons in full (both z-scores, tier points, examples) for the first people of each window;
# the rest keep their score and, per reason, the indicator, its count and its points. At 1,000
# users and 72 weeks every entry in full made a 112 MB report.
DETAIL_MIN = 25
DETAIL_SHARE = 0.02


def detail_count(setting: int, ranked: int) -> int:
    """How many of a window's `ranked` people keep their reasons in full: `setting` when the
    context gives one (the `report_detail` threshold), else DETAIL_SHARE of them, at least
    DETAIL_MIN (more than the 20 the web page and the HTML report show)."""
    if setting > 0:
        return setting
    return max(DETAIL_MIN, math.ceil(DETAIL_SHARE * ranked))


def write_report(report: dict[str, Any], out: Path, html_out: Path | None = None) -> None:
    # No indentation: it was a third of the file. `python -m json.tool` or jq show it indented.
    out.write_text(
        json.dumps(report, ensure_ascii=False, separators=(",", ":"), default=str), encoding="utf-8"
    )
    if html_out is not None:
        html_out.write_text(render_html(report), encoding="utf-8")
