"""Ledger writes. Every change to tiers, rules, locations and assets is in the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.audit.services import audit_record, snapshot
from shuhi.core.models import Organisation
from shuhi.core.permissions import enforces, require
from shuhi.ledger import permissions as can
from shuhi.ledger.classification import suggest_tier
from shuhi.ledger.defaults import DEFAULT_RULES, DEFAULT_TIERS
from shuhi.ledger.models import ClassificationRule, InformationAsset, StorageLocation, Tier

ASSET_FIELDS = (
    "code", "name", "description", "category", "tier", "is_trade_secret", "is_personal_data", "department",
    "owner", "retention", "retention_years", "retention_until", "disposal_method", "likelihood", "impact",
    "label_status", "usefulness_reason", "non_public_reason", "review_date", "notes",
)


RULES_MESSAGE = gettext_lazy("Only administrators and security managers can change the ledger's rules.")


@enforces(can.can_manage_ledger, obj="organisation")
@transaction.atomic
def ledger_setup_defaults(*, actor: Any, organisation: Organisation) -> list[Tier]:
    """Default tiers and criteria for an organisation that has none yet."""
    if Tier.objects.filter(organisation=organisation).exists():
        return list(Tier.objects.filter(organisation=organisation))
    tiers = {}
    for spec in DEFAULT_TIERS:
        tiers[spec["key"]] = tier_create(actor=actor, organisation=organisation, **spec)
    for order, (question, tier_key, identifies) in enumerate(DEFAULT_RULES, start=1):
        rule_create(actor=actor, organisation=organisation, question=question, tier_if_yes=tiers[tier_key],
                    identifies_trade_secret=identifies, order=order)
    return list(tiers.values())


@enforces(can.can_manage_ledger, obj="organisation", message=RULES_MESSAGE)
@transaction.atomic
def tier_create(*, actor: Any, organisation: Organisation, key: str, name: str, rank: int, label_text: str = "",
                handling: str = "", may_disclose: bool = False) -> Tier:
    tier = Tier(organisation=organisation, key=key, name=name, rank=rank, label_text=label_text,
                handling=handling, may_disclose=may_disclose)
    tier.full_clean()
    tier.save()
    audit_record(actor=actor, action="tier.create", obj=tier, after=snapshot(tier))
    return tier


@enforces(can.can_manage_ledger, obj="tier", message=RULES_MESSAGE)
@transaction.atomic
def tier_update(*, actor: Any, tier: Tier, **changes: Any) -> Tier:
    before = snapshot(tier)
    for field in ("name", "rank", "label_text", "handling", "may_disclose"):
        if field in changes:
            setattr(tier, field, changes[field])
    tier.full_clean()
    tier.save()
    audit_record(actor=actor, action="tier.update", obj=tier, before=before, after=snapshot(tier))
    return tier


@enforces(can.can_manage_ledger, obj="organisation", message=RULES_MESSAGE)
@transaction.atomic
def rule_create(*, actor: Any, organisation: Organisation, question: str, tier_if_yes: Tier,
                identifies_trade_secret: bool = False, explanation: str = "", order: int = 0) -> ClassificationRule:
    rule = ClassificationRule(organisation=organisation, question=question, tier_if_yes=tier_if_yes,
                              identifies_trade_secret=identifies_trade_secret, explanation=explanation, order=order)
    rule.full_clean()
    rule.save()
    audit_record(actor=actor, action="rule.create", obj=rule, after=snapshot(rule))
    return rule


@enforces(can.can_manage_ledger, obj="organisation", message=RULES_MESSAGE)
@transaction.atomic
def location_create(*, actor: Any, organisation: Organisation, name: str, tier: Tier, kind: str = "shared_folder",
                    path_patterns: str = "", access_groups: str = "", description: str = "") -> StorageLocation:
    location = StorageLocation(organisation=organisation, name=name.strip(), tier=tier, kind=kind,
                               path_patterns=path_patterns, access_groups=access_groups, description=description)
    location.full_clean()
    location.save()
    audit_record(actor=actor, action="location.create", obj=location, after=snapshot(location))
    return location


@enforces(can.can_edit_location, obj="location")
@transaction.atomic
def location_update(*, actor: Any, location: StorageLocation, **changes: Any) -> StorageLocation:
    before = snapshot(location)
    for field in ("name", "tier", "kind", "path_patterns", "access_groups", "description"):
        if field in changes:
            setattr(location, field, changes[field])
    location.full_clean()
    location.save()
    audit_record(actor=actor, action="location.update", obj=location, before=before, after=snapshot(location))
    return location


def _apply_suggestion(asset: InformationAsset, answers: dict[str, bool] | None) -> None:
    if answers is None:
        return
    asset.rule_answers = {str(k): bool(v) for k, v in answers.items()}
    rules = ClassificationRule.objects.filter(organisation=asset.organisation).select_related("tier_if_yes")
    suggestion = suggest_tier(rules, asset.rule_answers, Tier.objects.filter(organisation=asset.organisation))
    asset.suggested_tier = suggestion.tier


@enforces(can.can_add_asset)
@transaction.atomic
def asset_create(*, actor: Any, organisation: Organisation, projects: Iterable = (), locations: Iterable = (),
                 rule_answers: dict[str, bool] | None = None, **fields: Any) -> InformationAsset:
    unknown = set(fields) - set(ASSET_FIELDS)
    if unknown:
        raise ValueError(f"unknown asset fields: {sorted(unknown)}")
    asset = InformationAsset(organisation=organisation, **fields)
    require(can.can_add_asset(actor, asset), _("You may add assets only to your own department."))
    _apply_suggestion(asset, rule_answers)
    asset.full_clean()
    asset.save()
    asset.projects.set(projects)
    asset.locations.set(locations)
    audit_record(actor=actor, action="asset.create", obj=asset, after=snapshot(asset))
    return asset


@enforces(can.can_edit_asset, obj="asset")
@transaction.atomic
def asset_update(*, actor: Any, asset: InformationAsset, reason: str = "", projects: Iterable | None = None,
                 locations: Iterable | None = None, rule_answers: dict[str, bool] | None = None,
                 **changes: Any) -> InformationAsset:
    unknown = set(changes) - set(ASSET_FIELDS)
    if unknown:
        raise ValueError(f"unknown asset fields: {sorted(unknown)}")
    before = snapshot(asset)
    for field, value in changes.items():
        setattr(asset, field, value)
    require(can.can_add_asset(actor, asset), _("You may move assets only within your own department."))
    _apply_suggestion(asset, rule_answers)
    asset.full_clean()
    asset.save()
    if projects is not None:
        asset.projects.set(projects)
    if locations is not None:
        asset.locations.set(locations)
    after = snapshot(asset)
    if after != before:
        audit_record(actor=actor, action="asset.update", obj=asset, before=before,
                     after={**after, "reason": reason} if reason else after)
    return asset


@enforces(can.can_manage_ledger)
@transaction.atomic
def asset_bulk_retier(*, actor: Any, assets: Iterable[InformationAsset], tier: Tier, reason: str) -> int:
    """Move many assets to one tier; the reason is recorded on every asset's history."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the change of tier.")})
    count = 0
    for asset in assets:
        if asset.tier_id != tier.pk:
            asset_update(actor=actor, asset=asset, tier=tier, reason=reason.strip())
            count += 1
    return count


RULE_FIELDS = ("question", "explanation", "tier_if_yes", "identifies_trade_secret", "order")


@enforces(can.can_manage_ledger, obj="rule", message=RULES_MESSAGE)
@transaction.atomic
def rule_update(*, actor: Any, rule: ClassificationRule, **changes: Any) -> ClassificationRule:
    before = snapshot(rule)
    for field in RULE_FIELDS:
        if field in changes:
            setattr(rule, field, changes[field])
    rule.full_clean()
    rule.save()
    audit_record(actor=actor, action="rule.update", obj=rule, before=before, after=snapshot(rule))
    return rule


@enforces(can.can_manage_ledger, obj="rule", message=RULES_MESSAGE)
@transaction.atomic
def rule_delete(*, actor: Any, rule: ClassificationRule) -> None:
    """Answers given to the rule stay in the assets' history; the suggestion ignores unknown rules."""
    audit_record(actor=actor, action="rule.delete", obj=rule, before=snapshot(rule))
    rule.delete()
