"""How far a tier may travel, decided once for the settings page, the rules page and the API.

The lowest tier (一般) is not a secret: it may be shared in ordinary business whatever its flag
says, as the disclosure policy's defaults also treat it (no NDA, no stamping). Above it, a tier
either never leaves the company or leaves only under an NDA.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from shuhi.ledger.models import Tier

NEVER, UNDER_NDA, FREELY = "never", "nda", "free"
SHORT = {NEVER: _("Never"), UNDER_NDA: _("Under an NDA"), FREELY: _("In ordinary business")}
LONG = {
    NEVER: _("Never disclosed outside the company."),
    UNDER_NDA: _("Only to partners who have signed a non-disclosure agreement, and only as far as the work needs."),
    FREELY: _("May be shared in ordinary business."),
}


@dataclass(frozen=True)
class TierRule:
    tier: Tier
    is_secret: bool  # above the lowest tier
    disclosure: str  # NEVER, UNDER_NDA or FREELY

    @property
    def short(self) -> str:
        return str(SHORT[self.disclosure])

    @property
    def text(self) -> str:
        return str(LONG[self.disclosure])


def tier_rules(tiers: Iterable[Tier]) -> list[TierRule]:
    tiers = list(tiers)
    lowest = min((t.rank for t in tiers), default=0)
    rules = []
    for tier in tiers:
        secret = tier.rank > lowest
        disclosure = FREELY if not secret else (UNDER_NDA if tier.may_disclose else NEVER)
        rules.append(TierRule(tier, secret, disclosure))
    return rules
