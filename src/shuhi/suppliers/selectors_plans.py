"""Reads for improvement plans, the change since the last assessment, and the supplier risk view."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shuhi.core.audit.models import AuditEntry
from shuhi.core.models import Organisation
from shuhi.core.selectors import organisation_list
from shuhi.ledger.models import Tier
from shuhi.suppliers.models import Assessment, AssessmentVersion, ImprovementItem, SupplierExposure
from shuhi.suppliers.risk import SupplierRisk, tier_weights

ITEM_FILTERS = ("supplier", "status", "assessment")


def improvement_items(*, user: Any, filters: dict[str, str] | None = None) -> QuerySet[ImprovementItem]:
    items = ImprovementItem.objects.visible_to(user).select_related(
        "assessment", "assessment__supplier", "assessment__campaign", "owner")
    filters = filters or {}
    for key, lookup in (("supplier", "assessment__supplier_id"), ("status", "status"),
                        ("assessment", "assessment_id")):
        value = filters.get(key)
        if value and (key == "status" or value.isdigit()):
            items = items.filter(**{lookup: value})
    return items


def item_history(*, user: Any, item: ImprovementItem) -> list[AuditEntry]:
    """The item's audit entries, for whoever may see the item.

    Read past the audit log's own gate on purpose: that gate shows the whole log only to auditors
    and managers, but a supplier tracking its own item must see who changed it and when. Only this
    one object's entries are read, and only after the item itself passed the gate.
    """
    if not ImprovementItem.objects.visible_to(user).filter(pk=item.pk).exists():
        return []
    return list(AuditEntry.objects.filter(object_type=ImprovementItem._meta.label_lower, object_id=str(item.pk))
                .select_related("actor").order_by("id"))


def previous_version(*, user: Any, assessment: Assessment) -> AssessmentVersion | None:
    """The organisation's last accepted version of an earlier assessment with the same framework."""
    return AssessmentVersion.objects.visible_to(user).filter(
        assessment__supplier=assessment.supplier, assessment__framework__ref_id=assessment.framework.ref_id,
        assessment__created_at__lt=assessment.created_at, outcome=AssessmentVersion.Outcome.ACCEPTED,
    ).order_by("-submitted_at").first()


def earlier_items(*, user: Any, assessment: Assessment) -> dict[str, ImprovementItem]:
    """Items planned from the organisation's earlier assessments, the latest per question."""
    items = ImprovementItem.objects.visible_to(user).filter(
        assessment__supplier=assessment.supplier, assessment__framework__ref_id=assessment.framework.ref_id,
        assessment__created_at__lt=assessment.created_at,
    ).order_by("created_at", "pk")
    return {item.question_id: item for item in items}


def latest_scored_versions(*, user: Any) -> dict[int, AssessmentVersion]:
    """Per organisation, its latest submitted or accepted version (returned ones do not count)."""
    latest: dict[int, AssessmentVersion] = {}
    versions = AssessmentVersion.objects.visible_to(user).exclude(
        outcome=AssessmentVersion.Outcome.RETURNED).select_related("assessment").order_by("submitted_at", "pk")
    for version in versions:
        latest[version.assessment.supplier_id] = version
    return latest


def supplier_risks(*, user: Any) -> list[SupplierRisk]:
    """Every visible supplier with its maturity and exposure. Exposure rows are entered by hand;
    when a disclosure register exists, its counts belong here instead."""
    suppliers = list(organisation_list(user=user).filter(kind=Organisation.Kind.SUPPLIER))
    versions = latest_scored_versions(user=user)
    exposures = list(SupplierExposure.objects.visible_to(user).select_related("tier"))
    weights = tier_weights(list(Tier.objects.visible_to(user).filter(organisation_id=user.organisation_id)))
    rows = []
    for supplier in suppliers:
        held = sorted([e for e in exposures if e.supplier_id == supplier.pk], key=lambda e: -e.tier.rank)
        version = versions.get(supplier.pk)
        rows.append(SupplierRisk(
            org=supplier, maturity=(version.scores or {}).get("overall") if version else None,
            exposure=sum(e.count * weights.get(e.tier_id, 1) for e in held),
            counts=[(e.tier, e.count) for e in held], version=version,
        ))
    return rows


def exposures_of(*, user: Any) -> QuerySet[SupplierExposure]:
    return SupplierExposure.objects.visible_to(user).select_related("supplier", "tier")
