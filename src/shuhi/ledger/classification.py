"""Tier suggestion and the three requirements of a trade secret. Pure functions over model rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Suggestion:
    tier: object | None
    reasons: list[str]
    trade_secret: bool


def suggest_tier(rules: Iterable, answers: dict[str, bool], tiers: Iterable) -> Suggestion:
    """The strongest tier any "yes" calls for; the weakest tier when nothing applies.

    `answers` maps rule ids (as strings, as stored in JSON) to True/False.
    """
    tiers = sorted(tiers, key=lambda t: t.rank)
    if not tiers:
        return Suggestion(None, [], False)
    chosen, reasons, trade_secret = tiers[0], [], False
    for rule in rules:
        if answers.get(str(rule.pk)):
            reasons.append(rule.question)
            trade_secret = trade_secret or rule.identifies_trade_secret
            if rule.tier_if_yes.rank > chosen.rank:
                chosen = rule.tier_if_yes
    return Suggestion(chosen, reasons, trade_secret)


@dataclass(frozen=True)
class Requirement:
    key: str
    met: bool
    evidence: list[str]
    missing: list[str]


def secrecy_management(asset, locations: list, min_rank: int) -> Requirement:
    """秘密管理性, from the evidence shuhi holds: tier, label, restricted storage.

    Later capabilities (NDAs, pledges) add their evidence here.
    """
    evidence, missing = [], []
    if asset.tier_id and asset.tier.rank > min_rank:
        evidence.append(_("classified as %(tier)s") % {"tier": asset.tier.name})
    else:
        missing.append(_("not classified above the lowest tier"))
    if asset.label_status == "applied":
        evidence.append(_("label applied"))
    else:
        missing.append(_("no label on the documents"))
    if locations and all(loc.tier.rank >= asset.tier.rank for loc in locations):
        evidence.append(_("stored only in locations of its tier or stronger"))
    elif locations:
        missing.append(_("stored in a location of a lower tier"))
    else:
        missing.append(_("no storage location recorded"))
    return Requirement("secrecy", not missing, evidence, missing)


def declared(key: str, reason: str, label: str) -> Requirement:
    if reason.strip():
        return Requirement(key, True, [reason.strip()], [])
    return Requirement(key, False, [], [_("%(what)s: no reason given") % {"what": label}])


def trade_secret_requirements(asset, locations: list, min_rank: int) -> list[Requirement]:
    return [
        secrecy_management(asset, locations, min_rank),
        declared("usefulness", asset.usefulness_reason, _("usefulness")),
        declared("non_public", asset.non_public_reason, _("non-public status")),
    ]
