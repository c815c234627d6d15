"""The company's own indicators, shown next to the figures of IPA's FY2023 survey.

The survey counts companies that practise an item; our indicators measure how far this
company's ledger practises it (a share of assets, or whether the rule is written at all), so
the two are read side by side rather than as the same measure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import SimpleNamespace
from typing import Any

import yaml
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from shuhi.ledger.checks import Snapshot, load_snapshot
from shuhi.ledger.classification import trade_secret_requirements
from shuhi.ledger.models import ClassificationRule, InformationAsset, Tier


@lru_cache(maxsize=1)
def survey() -> dict[str, Any]:
    """The survey's figures and source, shipped as package data."""
    text = resources.files("shuhi.ledger").joinpath("survey_benchmarks.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def survey_source() -> dict[str, str]:
    return dict(survey()["source"])


def survey_citation() -> dict[str, str]:
    """The source as the reader cites it: its title and publisher in the reader's language."""
    source = survey_source()
    japanese = (get_language() or "ja").startswith("ja")
    return {"title": source["title_ja"] if japanese else source["title_en"],
            "publisher": source["publisher_ja"] if japanese else source["publisher"],
            "published": str(source["published"]), "url": source["url"]}


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    value: float | None  # percent; None when there is nothing to measure
    detail: str
    yes_no: bool = False
    survey_key: str | None = None
    overall: float | None = None
    small: tuple[float, float] | None = None
    large: tuple[float, float] | None = None
    complete_is_best: bool = False  # records every asset should have: only 100% is "ok"

    @property
    def display(self) -> str:
        if self.value is None:
            return "—"
        if self.yes_no:
            return _("Yes") if self.value >= 100 else _("No")
        return f"{self.value:.0f}%"

    @property
    def small_display(self) -> str:
        return range(self.small)

    @property
    def large_display(self) -> str:
        return range(self.large)

    @property
    def overall_display(self) -> str:
        return "—" if self.overall is None else f"{self.overall:.1f}%"

    @property
    def status(self) -> str:
        """ok / warn / bad: against the survey's large firms where it has a figure, else against 100%."""
        if self.value is None or (self.large is None and not (self.yes_no or self.complete_is_best)):
            return ""
        if self.yes_no:
            return "ok" if self.value >= 100 else "bad"
        target = self.large[0] if self.large else 100.0
        if self.value >= target:
            return "ok"
        return "warn" if self.value >= target / 2 else "bad"


def range(span: tuple[float, float] | None) -> str:
    return "—" if span is None else f"{span[0]:.1f}–{span[1]:.1f}%"


def with_survey(key: str, label: str, value: float | None, detail: str, survey_key: str | None = None,
                 yes_no: bool = False, complete_is_best: bool = False) -> Indicator:
    figures = survey()["figures"].get(survey_key, {}) if survey_key else {}
    small, large = figures.get("small"), figures.get("large")
    return Indicator(
        key=key, label=label, value=value, detail=detail, yes_no=yes_no, survey_key=survey_key,
        complete_is_best=complete_is_best,
        overall=figures.get("overall"), small=tuple(small) if small else None, large=tuple(large) if large else None,
    )


def share(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


def of(part: int, whole: int) -> str:
    return _("%(part)s of %(whole)s") % {"part": part, "whole": whole}


def written(flag: bool) -> float:
    return 100.0 if flag else 0.0


def rule_indicators(organisation: Any) -> list[Indicator]:
    """Whether the criteria and label rules are written down (the survey's first three items)."""
    tiers = list(Tier.objects.filter(organisation=organisation))
    rules = list(ClassificationRule.objects.filter(organisation=organisation).select_related("tier_if_yes"))
    min_rank = min((t.rank for t in tiers), default=0)
    secret_tiers = [t for t in tiers if t.rank > min_rank]
    identifying = sum(1 for r in rules if r.identifies_trade_secret)
    classifying = {r.tier_if_yes_id for r in rules}
    labelled = sum(1 for t in secret_tiers if t.label_text.strip())
    handled = sum(1 for t in tiers if t.handling.strip())
    return [
        with_survey("identification_criteria", _("Criteria identifying trade secrets are written"),
                     written(identifying > 0), _("%(n)s criteria identify a trade secret") % {"n": identifying},
                     "secret_identification_criteria", yes_no=True),
        with_survey("classification_criteria", _("Criteria assigning a tier are written"),
                     written(len(classifying) >= 2), _("%(n)s criteria lead to %(tiers)s tiers")
                     % {"n": len(rules), "tiers": len(classifying)}, "classification_criteria", yes_no=True),
        with_survey("label_rules", _("Every secret tier says how it is labelled"),
                     written(bool(secret_tiers) and labelled == len(secret_tiers)),
                     of(labelled, len(secret_tiers)), "label_display_rules", yes_no=True),
        with_survey("rules_communicated", _("Criteria and handling are published to all staff"),
                     written(bool(rules) and handled == len(tiers) > 0),
                     _("%(n)s tiers describe their handling") % {"n": handled},
                     "classification_rules_communicated", yes_no=True),
    ]


def _requirements_met(snap: Snapshot, row: Any, min_rank: int) -> bool:
    """Runs the detail page's three-requirement test on a snapshot row instead of a model instance."""
    tier = snap.tiers[row.tier_id]
    asset = SimpleNamespace(
        tier_id=row.tier_id, tier=tier, label_status=row.label_status,
        usefulness_reason=row.usefulness_reason, non_public_reason=row.non_public_reason,
    )
    locations = [SimpleNamespace(tier=snap.tiers[snap.locations[pk].tier_id])
                 for pk in snap.locations_by_asset.get(row.id, ()) if pk in snap.locations]
    return all(r.met for r in trade_secret_requirements(asset, locations, min_rank))


def ledger_indicators(snap: Snapshot) -> list[Indicator]:
    """Shares of assets, computed from one snapshot of the ledger."""
    rows, min_rank = snap.rows, snap.min_rank
    total = len(rows)
    secret_rows = [r for r in rows if snap.tiers[r.tier_id].rank > min_rank]
    labelled = sum(1 for r in secret_rows if r.label_status == InformationAsset.Label.APPLIED)
    trade_secrets = [r for r in rows if r.is_trade_secret]
    personal = sum(1 for r in rows if r.is_personal_data)
    met = sum(1 for r in trade_secrets if _requirements_met(snap, r, min_rank))
    owners = sum(1 for r in rows if r.owner_id is not None)
    retention = sum(1 for r in rows if r.retention != InformationAsset.Retention.UNSET)
    disposal = sum(1 for r in rows if r.disposal_method.strip())
    balance = _("Trade secrets: %(secrets)s; personal data: %(personal)s") % {
        "secrets": len(trade_secrets), "personal": personal}
    return [
        with_survey("classified", _("Assets classified above the lowest tier"),
                     share(len(secret_rows), total), of(len(secret_rows), total)),
        with_survey("label_coverage", _("Secret assets carrying their label"),
                     share(labelled, len(secret_rows)), of(labelled, len(secret_rows)), "recognisable_by_label"),
        with_survey("trade_secret_balance", _("Trade secrets among trade-secret and personal-data assets"),
                     share(len(trade_secrets), len(trade_secrets) + personal), balance,
                     "trade_secrets_valued_beyond_personal_data"),
        with_survey("requirements_met", _("Trade secrets meeting all three legal requirements"),
                     share(met, len(trade_secrets)), of(met, len(trade_secrets)), complete_is_best=True),
        with_survey("with_owner", _("Assets with an owner"), share(owners, total), of(owners, total),
                     complete_is_best=True),
        with_survey("with_retention", _("Assets with a retention period"), share(retention, total),
                     of(retention, total), complete_is_best=True),
        with_survey("with_disposal", _("Assets with a disposal method"), share(disposal, total),
                     of(disposal, total), complete_is_best=True),
    ]


# Other apps add indicators measured their own way (scans: labels found in real documents).
# They register `provider(organisation) -> list[Indicator]` from their AppConfig.ready().
INDICATOR_PROVIDERS: dict[str, Callable[[Any], list[Indicator]]] = {}


def register_indicator_provider(key: str, provider: Callable[[Any], list[Indicator]]) -> None:
    INDICATOR_PROVIDERS[key] = provider


def indicators(organisation: Any, *, snapshot: Snapshot | None = None) -> list[Indicator]:
    """All indicators of the organisation; pass the snapshot the checks already loaded to save the queries."""
    snap = snapshot or load_snapshot(organisation)
    found = rule_indicators(organisation) + (ledger_indicators(snap) if snap.tiers else [])
    for provider in INDICATOR_PROVIDERS.values():
        found += provider(organisation)
    return found


def _ledger_figure(key: str) -> Callable[[Any], float | None]:
    """One of the ledger's indicators as a management figure: its value measured now."""
    def value(organisation: Any) -> float | None:
        found = {i.key: i for i in indicators(organisation)}
        return found[key].value if key in found else None

    return value


def register_management_indicators() -> None:
    """The ledger's figures on the management dashboard and in the monthly report (ready())."""
    from django.utils.translation import gettext_lazy

    from shuhi.core.registry import ManagementIndicator, register_indicator

    area = gettext_lazy("Identifying and labelling secrets")
    for order, (key, label, survey_key, description) in enumerate([
        ("identification_criteria", gettext_lazy("Written criteria identify trade secrets"),
         "secret_identification_criteria",
         gettext_lazy("100% when at least one classification rule identifies a trade secret, else 0%.")),
        ("classified", gettext_lazy("Assets classified above the lowest tier"), None,
         gettext_lazy("Share of the ledger's assets placed in a tier above the lowest one.")),
        ("label_coverage", gettext_lazy("Secret assets carrying their label"), "recognisable_by_label",
         gettext_lazy("Share of assets above the lowest tier whose record says the label is applied.")),
        ("requirements_met", gettext_lazy("Trade secrets meeting all three legal requirements"), None,
         gettext_lazy("Share of trade secrets whose secrecy management, usefulness and non-public status "
                      "are all recorded.")),
    ]):
        register_indicator(ManagementIndicator(
            key=f"ledger.{key}", label=label, area=area, value=_ledger_figure(key), order=10 + order,
            survey_key=survey_key, url_name="ledger:selfcheck", description=description))
