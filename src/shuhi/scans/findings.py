"""From one file's scan result to the ledger's tiers and to findings.

The engine names tiers by key (top_secret, confidential, public, or configured ones); the ledger
has the organisation's own tiers with a rank. A key names the ledger tier of the same key; a key
the organisation does not use is placed by the engine's rank, so custom tier keys still compare.
The organisation's own label texts (Tier.label_text, e.g. 【極秘】) are added to the vocabulary:
the company's rules decide what its words mean.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from shuhi.documents.vocabulary import Vocabulary, VocabularyError, default_vocabulary, load_vocabulary
from shuhi.scans.conf import setting
from shuhi.scans.models import ScanFinding

BRACKETS = "【】[]《》〔〕「」『』()（）<>＜＞〈〉［］〖〗"


def scan_vocabulary(tiers: Iterable[Any]) -> Vocabulary:
    """The configured (or default) vocabulary, extended with the organisation's tiers and label texts."""
    path = setting("SHUHI_SCAN_VOCABULARY")
    vocab = load_vocabulary(path) if path else default_vocabulary()
    for tier in tiers:
        vocab.tiers.setdefault(tier.key, tier.rank)
        word = tier.label_text.strip().strip(BRACKETS).strip()
        if word:
            try:
                vocab.add_term(word, tier.key)
            except VocabularyError:
                continue
    return vocab


@dataclass
class TierMap:
    """The organisation's tiers, as the scanner's results are compared with them."""

    tiers: list[Any]
    vocabulary: Vocabulary

    def __post_init__(self) -> None:
        self.by_key = {t.key: t for t in self.tiers}
        self.by_pk = {t.pk: t for t in self.tiers}
        self.by_rank = {t.rank: t for t in self.tiers}
        self.min_rank = min((t.rank for t in self.tiers), default=0)

    def ledger_tier(self, key: str | None) -> Any | None:
        if not key:
            return None
        return self.by_key.get(key) or self.by_rank.get(self.vocabulary.rank(key))

    def rank(self, key: str | None) -> int | None:
        tier = self.ledger_tier(key)
        if tier is not None:
            return tier.rank
        return self.vocabulary.rank(key) if key and key in self.vocabulary.tiers else None

    def name(self, key: str | None) -> str:
        tier = self.ledger_tier(key)
        return tier.name if tier is not None else (key or "—")

    def strongest(self, keys: Iterable[str | None]) -> str | None:
        best, best_rank = None, None
        for key in keys:
            rank = self.rank(key)
            if rank is not None and (best_rank is None or rank > best_rank):
                best, best_rank = key, rank
        return best


def readable(result: dict[str, Any]) -> bool:
    """A file with an error and no label tells us nothing about its labelling."""
    return not result.get("error") or bool(result.get("labels"))


def _location_findings(result: dict[str, Any], location: Any, location_tier: Any,
                       tiers: TierMap) -> list[tuple[str, str]]:
    found = []
    key = result.get("tier")
    names = {"location": location.name, "tier": location_tier.name, "label": tiers.name(key)}
    if not key:
        if location_tier.rank > tiers.min_rank:
            found.append((ScanFinding.Kind.UNLABELLED,
                          _("No label found, but %(location)s holds %(tier)s documents.") % names))
        return found
    rank = tiers.rank(key)
    if rank is None:
        return found
    if rank < location_tier.rank:
        found.append((ScanFinding.Kind.WEAKER,
                      _("Labelled %(label)s, weaker than %(tier)s of %(location)s.") % names))
    elif rank > location_tier.rank:
        found.append((ScanFinding.Kind.STRONGER,
                      _("Labelled %(label)s, stronger than %(tier)s of %(location)s: "
                        "a secret in the wrong place.") % names))
    return found


def _mip_finding(result: dict[str, Any], tiers: TierMap) -> tuple[str, str] | None:
    labels = result.get("labels") or []
    mip = tiers.strongest(label["tier"] for label in labels if label.get("where") == "mip")
    if mip is None:
        return None
    visible = tiers.strongest(label["tier"] for label in labels if label.get("where") != "mip")
    if visible is None:
        # Only a Microsoft label that calls the file secret needs a visible mark to match it.
        if (tiers.rank(mip) or 0) <= tiers.min_rank:
            return None
        return (ScanFinding.Kind.MIP_DISAGREES,
                _("The Microsoft label says %(mip)s, but the document shows no label.") % {"mip": tiers.name(mip)})
    if tiers.rank(mip) == tiers.rank(visible):
        return None
    return (ScanFinding.Kind.MIP_DISAGREES,
            _("The Microsoft label says %(mip)s, but the document shows %(visible)s.")
            % {"mip": tiers.name(mip), "visible": tiers.name(visible)})


def file_findings(result: dict[str, Any], location: Any | None, location_tier: Any | None,
                  tiers: TierMap) -> list[tuple[str, str]]:
    """(kind, message) for every finding on one file's result."""
    if not readable(result):
        return []
    found = []
    if location is not None and location_tier is not None:
        found.extend(_location_findings(result, location, location_tier, tiers))
    mip = _mip_finding(result, tiers)
    if mip:
        found.append(mip)
    return found
