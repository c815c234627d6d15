"""Supplier risk: maturity (the latest submitted or accepted score) against exposure (the secrets held).

Exposure = Σ count × tier weight. Tiers are weighed by their place in the organisation's ranking,
not by the raw `rank` number (which is only an order): the lowest tier is information told in
ordinary business and weighs 0; each tier above weighs three times the one below (社外秘 1, 極秘 3
with the default tiers), because one top-secret drawing in the wrong hands costs more than several
confidential price lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from shuhi.core.charts import band

TIER_FACTOR = 3
# Bands, lowest first. Maturity in score points (0–100); exposure in weighted secrets.
MATURITY_BANDS = [("low", 0.0), ("medium", 40.0), ("high", 70.0)]
EXPOSURE_BANDS = [("none", 0.0), ("low", 1.0), ("medium", 10.0), ("high", 30.0)]
MATURITY_LABELS = {"unknown": _("Not assessed"), "low": _("Low (under 40)"), "medium": _("Medium (40–69)"),
                   "high": _("High (70 and over)")}
EXPOSURE_LABELS = {"none": _("None"), "low": _("Low (1–9)"), "medium": _("Medium (10–29)"),
                   "high": _("High (30 and over)")}
SORTS = ("risk", "name", "maturity", "-maturity", "exposure", "-exposure")


def tier_weights(tiers: list[Any]) -> dict[int, int]:
    """Weight per tier id, from the tiers' order by rank."""
    ordered = sorted(tiers, key=lambda t: t.rank)
    if len(ordered) == 1:
        return {ordered[0].pk: 1}
    return {tier.pk: 0 if index == 0 else TIER_FACTOR ** (index - 1) for index, tier in enumerate(ordered)}


def risk_level(maturity_band: str, exposure_band: str) -> int:
    """0 (nothing held) to 4 (much held by a weak or unassessed supplier)."""
    exposure = [name for name, _min in EXPOSURE_BANDS].index(exposure_band)
    if exposure == 0:
        return 0
    weakness = {"unknown": 2, "low": 2, "medium": 1, "high": 0}[maturity_band]
    return min(4, exposure - 1 + weakness)


@dataclass
class SupplierRisk:
    org: Any
    maturity: float | None
    exposure: int
    counts: list[tuple[Any, int]] = field(default_factory=list)  # (tier, count), highest tier first
    version: Any = None

    @property
    def maturity_band(self) -> str:
        return band(self.maturity, MATURITY_BANDS)

    @property
    def exposure_band(self) -> str:
        return band(self.exposure, EXPOSURE_BANDS)

    @property
    def level(self) -> int:
        return risk_level(self.maturity_band, self.exposure_band)


def rank(rows: list[SupplierRisk], sort: str) -> list[SupplierRisk]:
    """Sorted for the table; unknown maturity sorts as the weakest."""
    def maturity(row):
        return -1.0 if row.maturity is None else row.maturity

    keys = {
        "name": lambda r: r.org.name,
        "maturity": lambda r: (maturity(r), r.org.name),
        "-maturity": lambda r: (-maturity(r), r.org.name),
        "exposure": lambda r: (r.exposure, r.org.name),
        "-exposure": lambda r: (-r.exposure, r.org.name),
        "risk": lambda r: (-r.level, -r.exposure, maturity(r), r.org.name),
    }
    return sorted(rows, key=keys.get(sort, keys["risk"]))


def heat_map(rows: list[SupplierRisk]) -> list[dict[str, Any]]:
    """Grid rows from the strongest maturity down to "not assessed", one cell per exposure band."""
    grid = []
    for maturity_band in ["high", "medium", "low", "unknown"]:
        cells = []
        for exposure_band, _min in EXPOSURE_BANDS:
            members = [r for r in rows if r.maturity_band == maturity_band and r.exposure_band == exposure_band]
            cells.append({"exposure": exposure_band, "level": risk_level(maturity_band, exposure_band),
                          "suppliers": sorted(members, key=lambda r: r.org.name)})
        grid.append({"maturity": maturity_band, "label": MATURITY_LABELS[maturity_band], "cells": cells})
    return grid
