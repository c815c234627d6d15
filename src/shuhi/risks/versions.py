"""The state a risk version keeps, and what changed between two versions.

A version stores the whole risk as plain values (names, not only ids), so that history still
reads right after an owner leaves or an asset is renamed, and a diff needs no other table.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from shuhi.risks.models import BAND_LABELS, InsiderRisk, RiskMeasure

FIELD_LABELS = {
    "title": _("Risk"), "description": _("Description"), "likelihood": _("Likelihood"), "impact": _("Impact"),
    "score": _("Score"), "band": _("Band"), "status": _("Status"), "owner": _("Owner"),
    "review_date": _("Next review"), "asset_categories": _("Asset categories"), "assets": _("Assets concerned"),
    "deleted": _("Deleted"),
}


def _person(user: Any) -> str:
    return (user.full_name or user.email) if user is not None else ""


def risk_state(risk: InsiderRisk) -> dict[str, Any]:
    measures = sorted(risk.measures.select_related("owner"), key=lambda m: (m.principle, m.pk))
    return {
        "title": risk.title, "description": risk.description, "likelihood": risk.likelihood, "impact": risk.impact,
        "score": risk.score, "band": risk.band, "status": risk.status, "owner": _person(risk.owner),
        "review_date": risk.review_date.isoformat() if risk.review_date else "",
        "asset_categories": sorted(risk.asset_categories or []),
        "assets": sorted(f"{a.code} {a.name}" for a in risk.assets.all()),
        "deleted": risk.deleted_at is not None,
        "measures": [{"id": m.pk, "principle": m.principle, "description": m.description, "status": m.status,
                      "owner": _person(m.owner), "due_date": m.due_date.isoformat() if m.due_date else ""}
                     for m in measures],
    }


def _measure_text(measure: dict[str, Any]) -> str:
    parts = [measure["description"], str(dict(RiskMeasure.Status.choices).get(measure["status"], measure["status"]))]
    if measure.get("owner"):
        parts.append(measure["owner"])
    if measure.get("due_date"):
        parts.append(measure["due_date"])
    return " / ".join(parts)


def state_diff(before: dict[str, Any] | None, after: dict[str, Any]) -> list[dict[str, Any]]:
    """[{"field", "label", "before", "after"}] for every field that differs; measures by their id
    (added, removed or changed), each under its principle."""
    before = before or {}
    changes = []
    for name, label in FIELD_LABELS.items():
        old, new = before.get(name), after.get(name)
        if old != new:
            changes.append({"field": name, "label": label, "before": _show(name, old), "after": _show(name, new)})
    old_measures = {m["id"]: m for m in before.get("measures", [])}
    new_measures = {m["id"]: m for m in after.get("measures", [])}
    for key in sorted(old_measures.keys() | new_measures.keys()):
        old, new = old_measures.get(key), new_measures.get(key)
        if old == new:
            continue
        principle = (new or old)["principle"]
        changes.append({"field": f"measure-{key}", "label": _("Measure"), "principle": principle,
                        "before": _measure_text(old) if old else "", "after": _measure_text(new) if new else ""})
    return changes


def _show(name: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if name == "status":
        return str(dict(InsiderRisk.Status.choices).get(value, value))
    if name == "band":
        return str(BAND_LABELS.get(value, value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    return str(value)
