"""A review's reasons in the reader's words, from the figures the engine reports.

The engine writes each reason as an indicator code and its numbers (count, the two anomaly
scores, the tier-weighted count where there is one) and nothing in a human language, so that a
report reads the same whether DuckDB or Spark made it and in whichever language it is read. The
web page, the HTML report and the command line word it here, through the one catalogue
(shuhi.i18n: the web app sets the reader's language with `shuhi.i18n.override`).

No Ibis here: the web app imports this module to show a stored report.
"""

from __future__ import annotations

from typing import Any

from shuhi.i18n import gettext as _
from shuhi.i18n import gettext_noop

from .context import UNKNOWN_GROUP

# Indicator code → its name; the Japanese is the catalogue's translation (the same words as
# `Indicator.ja`, which a test keeps in step).
NAMES: dict[str, str] = {
    "after_hours": gettext_noop("After-hours activity"),
    "foreign_pc": gettext_noop("Logon to another user's dedicated PC"),
    "removable_first": gettext_noop("First-ever removable media use"),
    "removable_surge": gettext_noop("Surge in removable media use"),
    "removable_copies": gettext_noop("File copies to removable media (weighted by tier)"),
    "cloud_storage": gettext_noop("Visits to cloud storage"),
    "cloud_upload": gettext_noop("Uploads to cloud storage"),
    "leak_site": gettext_noop("Visits or uploads to leak sites"),
    "job_site": gettext_noop("Job-site browsing"),
    "competitor": gettext_noop("Contact with competitors"),
    "email_out_attach": gettext_noop("E-mail with attachments to outside"),
    "email_personal_attach": gettext_noop("E-mail with attachments to personal addresses"),
    "mass_email": gettext_noop("Mass e-mail"),
    "pre_exit": gettext_noop("Data movement in the weeks before exit"),
    "after_team_losses": gettext_noop("Data movement after several teammates left"),
    "suspicious_download": gettext_noop("Suspicious downloads (e.g. keyloggers)"),
    "sequence": gettext_noop("Collection followed by exfiltration"),
    "foreign_pc_mail": gettext_noop(
        "Attachments mailed to a personal address from, or after opening files on, another user's dedicated PC"
    ),
}


def indicator_name(code: str) -> str:
    """The indicator's name in the current language; an unknown code (a newer engine's report
    read by an older app) as it is."""
    return _(NAMES[code]) if code in NAMES else code


# What the report gives as the peer group of a user the people table does not know.
UNKNOWN_PEER_GROUP = UNKNOWN_GROUP


def peer_group_name(peer_group: str) -> str:
    """A peer group is a role or department from the organisation's own data and is shown as it
    is; only the engine's placeholder for "not in the people table" is worded for the reader."""
    return _("unknown") if peer_group == UNKNOWN_PEER_GROUP else peer_group


def _score(value: Any) -> str:
    return f"{float(value):.1f}"


def reason_figures(reason: dict[str, Any]) -> str:
    """The labelled numbers of one reason: its count and how unusual it is, e.g.
    「35件（異常度：本人の過去と比べて 47.0、同僚と比べて 12.3）」. A reason scored on its worst
    day names the day and compares it with the worst days of the past; one scored against the
    baseline frozen before a drift says from when that baseline stops."""
    figures = {"count": reason.get("count", 0)}
    z_self, z_peer = reason.get("z_self"), reason.get("z_peer")
    basis = reason.get("basis")
    if basis == "day":
        text = _("%(count)s events, of which %(day_count)s on %(day)s alone") % {
            **figures, "day_count": reason.get("day_count", 0), "day": reason.get("day", "")}
        if z_self is None:
            text += _(" (unusualness of that day: too little history of their own to compare; against "
                      "their peers' worst days %(z_peer)s)") % {"z_peer": _score(z_peer or 0)}
        else:
            text += _(" (unusualness of that day: against the worst days of their own past %(z_self)s, "
                      "against their peers' worst days %(z_peer)s)") % {
                "z_self": _score(z_self), "z_peer": _score(z_peer or 0)}
    elif basis == "drift" and z_self is not None:
        text = _("%(count)s events (unusualness: against their own past before %(since)s %(z_self)s, "
                 "against their peers %(z_peer)s)") % {
            **figures, "since": reason.get("baseline_before", ""), "z_self": _score(z_self),
            "z_peer": _score(z_peer or 0)}
    elif z_self is None and z_peer is None:
        text = _("%(count)s events") % figures
    elif z_self is None:
        text = _("%(count)s events (unusualness: too little history of their own to compare; "
                 "against their peers %(z_peer)s)") % {**figures, "z_peer": _score(z_peer)}
    else:
        peer = _score(0 if z_peer is None else z_peer)
        text = _("%(count)s events (unusualness: against their own past %(z_self)s, against their peers "
                 "%(z_peer)s)") % {**figures, "z_self": _score(z_self), "z_peer": peer}
    tier = reason.get("tier_points")
    if tier is not None:
        text += _("; %(points)s when weighted by the tier of each file") % {"points": tier}
    return text


def reason_text(reason: dict[str, Any]) -> str:
    """One reason as a sentence, e.g. 「外部記憶媒体へのファイル複写（格付けで加重）：35件（…）」."""
    return _("%(indicator)s: %(figures)s") % {
        "indicator": indicator_name(str(reason.get("indicator", ""))),
        "figures": reason_figures(reason),
    }


def example_destination(example: dict[str, Any]) -> str:
    """Where an example event went; for a logon, and for a file opened on someone else's PC,
    the owner of that PC (a file's destination is otherwise empty or removable media)."""
    destination = example.get("destination") or ""
    if destination and example.get("kind") == "logon":
        return _("dedicated PC of %(owner)s") % {"owner": destination}
    if destination and example.get("kind") == "file" and destination != "removable":
        return _("on the dedicated PC of %(owner)s") % {"owner": destination}
    return str(destination)


def example_text(example: dict[str, Any]) -> str:
    """One example event on one line: time · host · kind · action · object · destination."""
    parts = [example.get(k) for k in ("time", "host", "kind", "action", "object")] + [example_destination(example)]
    return " · ".join(str(p) for p in parts if p not in (None, ""))
