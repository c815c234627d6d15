"""Ledger writes. Every change to tiers, rules, locations and assets is in the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shuhi.audit.services import audit_record, snapshot
from shuhi.core.models import Organisation
from shuhi.core.permissions import require_change
from shuhi.ledger.classification import suggest_tier
from shuhi.ledger.defaults import DEFAULT_RULES, DEFAULT_TIERS
from shuhi.ledger.models import LEDGER_EDITORS, ClassificationRule, InformationAsset, StorageLocation, Tier

ASSET_FIELDS = (
    "code", "name", "description", "category", "tier", "is_trade_secret", "is_personal_data", "department",
    "owner", "retention", "retention_years", "retention_until", "disposal_method", "likelihood", "impact",
    "label_status", "usefulness_reason", "non_public_reason", "review_date", "notes",
)


def _require_editor(actor: Any) -> None:
    if getattr(actor, "is_authenticated", False) and (actor.is_supplier or actor.role not in LEDGER_EDITORS):
        raise ValidationError(_("Only administrators and security managers can change the ledger's rules."))


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


@transaction.atomic
def tier_create(*, actor: Any, organisation: Organisation, key: str, name: str, rank: int, label_text: str = "",
                handling: str = "", may_disclose: bool = False) -> Tier:
    _require_editor(actor)
    tier = Tier(organisation=organisation, key=key, name=name, rank=rank, label_text=label_text,
                handling=handling, may_disclose=may_disclose)
    tier.full_clean()
    tier.save()
    audit_record(actor=actor, action="tier.create", obj=tier, after=snapshot(tier))
    return tier


@transaction.atomic
def tier_update(*, actor: Any, tier: Tier, **changes: Any) -> Tier:
    _require_editor(actor)
    before = snapshot(tier)
    for field in ("name", "rank", "label_text", "handling", "may_disclose"):
        if field in changes:
            setattr(tier, field, changes[field])
    tier.full_clean()
    tier.save()
    audit_record(actor=actor, action="tier.update", obj=tier, before=before, after=snapshot(tier))
    return tier


@transaction.atomic
def rule_create(*, actor: Any, organisation: Organisation, question: str, tier_if_yes: Tier,
                identifies_trade_secret: bool = False, explanation: str = "", order: int = 0) -> ClassificationRule:
    _require_editor(actor)
    rule = ClassificationRule(organisation=organisation, question=question, tier_if_yes=tier_if_yes,
                              identifies_trade_secret=identifies_trade_secret, explanation=explanation, order=order)
    rule.full_clean()
    rule.save()
    audit_record(actor=actor, action="rule.create", obj=rule, after=snapshot(rule))
    return rule


@transaction.atomic
def location_create(*, actor: Any, organisation: Organisation, name: str, tier: Tier, kind: str = "shared_folder",
                    path_patterns: str = "", access_groups: str = "", description: str = "") -> StorageLocation:
    _require_editor(actor)
    location = StorageLocation(organisation=organisation, name=name.strip(), tier=tier, kind=kind,
                               path_patterns=path_patterns, access_groups=access_groups, description=description)
    location.full_clean()
    location.save()
    audit_record(actor=actor, action="location.create", obj=location, after=snapshot(location))
    return location


@transaction.atomic
def location_update(*, actor: Any, location: StorageLocation, **changes: Any) -> StorageLocation:
    if getattr(actor, "is_authenticated", False):
        require_change(actor, location)
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


@transaction.atomic
def asset_create(*, actor: Any, organisation: Organisation, projects: Iterable = (), locations: Iterable = (),
                 rule_answers: dict[str, bool] | None = None, **fields: Any) -> InformationAsset:
    unknown = set(fields) - set(ASSET_FIELDS)
    if unknown:
        raise ValueError(f"unknown asset fields: {sorted(unknown)}")
    asset = InformationAsset(organisation=organisation, **fields)
    if getattr(actor, "is_authenticated", False) and not _may_create_in(actor, asset):
        raise ValidationError(_("You may add assets only to your own department."))
    _apply_suggestion(asset, rule_answers)
    asset.full_clean()
    asset.save()
    asset.projects.set(projects)
    asset.locations.set(locations)
    audit_record(actor=actor, action="asset.create", obj=asset, after=snapshot(asset))
    return asset


def _may_create_in(actor: Any, asset: InformationAsset) -> bool:
    from shuhi.core.roles import Role

    if actor.is_supplier or actor.organisation_id != asset.organisation_id:
        return False
    if actor.role in LEDGER_EDITORS:
        return True
    return (actor.role == Role.DEPT_MANAGER and actor.department_id is not None
            and asset.department_id == actor.department_id)


@transaction.atomic
def asset_update(*, actor: Any, asset: InformationAsset, reason: str = "", projects: Iterable | None = None,
                 locations: Iterable | None = None, rule_answers: dict[str, bool] | None = None,
                 **changes: Any) -> InformationAsset:
    unknown = set(changes) - set(ASSET_FIELDS)
    if unknown:
        raise ValueError(f"unknown asset fields: {sorted(unknown)}")
    if getattr(actor, "is_authenticated", False):
        require_change(actor, asset)
    before = snapshot(asset)
    for field, value in changes.items():
        setattr(asset, field, value)
    if getattr(actor, "is_authenticated", False) and not _may_create_in(actor, asset):
        raise ValidationError(_("You may move assets only within your own department."))
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


@transaction.atomic
def rule_update(*, actor: Any, rule: ClassificationRule, **changes: Any) -> ClassificationRule:
    _require_editor(actor)
    before = snapshot(rule)
    for field in RULE_FIELDS:
        if field in changes:
            setattr(rule, field, changes[field])
    rule.full_clean()
    rule.save()
    audit_record(actor=actor, action="rule.update", obj=rule, before=before, after=snapshot(rule))
    return rule


@transaction.atomic
def rule_delete(*, actor: Any, rule: ClassificationRule) -> None:
    """Answers given to the rule stay in the assets' history; the suggestion ignores unknown rules."""
    _require_editor(actor)
    audit_record(actor=actor, action="rule.delete", obj=rule, before=snapshot(rule))
    rule.delete()
