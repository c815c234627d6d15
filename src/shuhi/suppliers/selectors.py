"""Supplier reads, through the permission gate."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from shuhi.core.audit.models import AuditEntry
from shuhi.core.models import Organisation
from shuhi.core.rest.params import parse_int
from shuhi.core.selectors import organisation_list, supplier_tree
from shuhi.ledger.models import Tier
from shuhi.suppliers.models import (
    Assessment,
    AssessmentVersion,
    Campaign,
    Evidence,
    Framework,
    ImprovementItem,
    Interview,
    Reminder,
)
from shuhi.suppliers.models import SupplierProfile as Profile
from shuhi.suppliers.risk import SupplierRisk, tier_weights

LIST_FILTERS = ("q", "size", "certification", "contract", "status")


def supplier_rows(*, user: Any, filters: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Suppliers in tree order, each with its profile and latest assessment when the user may see them.

    The tree is walked over every visible supplier so that a match keeps its place under its
    parent; filters then drop the rows that do not match.
    """
    filters = filters or {}
    profiles = {p.organisation_id: p for p in Profile.objects.visible_to(user)}
    latest: dict[int, Assessment] = {}
    for assessment in Assessment.objects.visible_to(user).select_related("campaign").order_by("created_at"):
        latest[assessment.supplier_id] = assessment
    rows = [{"org": supplier, "depth": depth, "profile": profiles.get(supplier.pk),
             "assessment": latest.get(supplier.pk)} for supplier, depth in supplier_tree(user=user)]
    return [row for row in rows if _matches(row, filters)]


def _matches(row: dict[str, Any], filters: dict[str, str]) -> bool:
    profile, q = row["profile"], filters.get("q", "").lower()
    if q and q not in row["org"].name.lower() and not (profile and (
            q in profile.legal_name.lower() or q in profile.industry.lower())):
        return False
    if filters.get("size") and (profile is None or profile.size_band != filters["size"]):
        return False
    if filters.get("certification") and (profile is None or filters["certification"] not in profile.certifications):
        return False
    if filters.get("contract") and (profile is None or profile.contract_status != filters["contract"]):
        return False
    status = filters.get("status")
    return not status or (row["assessment"] is not None and row["assessment"].status == status)


def framework_list(*, user: Any) -> QuerySet[Framework]:
    return Framework.objects.visible_to(user).order_by("kind", "ref_id", "-version")


def campaign_list(*, user: Any) -> QuerySet[Campaign]:
    return Campaign.objects.visible_to(user).select_related("framework")


def assessment_list(*, user: Any) -> QuerySet[Assessment]:
    return Assessment.objects.visible_to(user).select_related("campaign", "framework", "supplier")


def portal_assessments(*, user: Any, open_only: bool = False, overdue_on: dt.date | None = None
                       ) -> QuerySet[Assessment]:
    """What the user's own organisation has been asked to answer (suppliers: only their own); with
    open_only, only those still to answer (a draft, or returned for changes); with overdue_on, only
    those still to answer whose due date is before that day."""
    rows = assessment_list(user=user).filter(supplier_id=user.organisation_id)
    if open_only or overdue_on is not None:
        rows = rows.filter(status__in=[Assessment.Status.DRAFT, Assessment.Status.RETURNED])
    return rows.filter(due_date__lt=overdue_on) if overdue_on is not None else rows


def versions_of(*, user: Any, assessment: Assessment) -> QuerySet[AssessmentVersion]:
    return AssessmentVersion.objects.visible_to(user).filter(assessment=assessment).order_by("-number")


def evidence_of(*, user: Any, assessment: Assessment) -> QuerySet[Evidence]:
    return Evidence.objects.visible_to(user).filter(assessment=assessment)


def reminders_for(*, user: Any) -> QuerySet[Reminder]:
    return Reminder.objects.visible_to(user).select_related("assessment", "assessment__campaign").filter(
        Q(assessment__status=Assessment.Status.DRAFT) | Q(assessment__status=Assessment.Status.RETURNED))


def interviews_about(*, user: Any, supplier: Organisation) -> QuerySet[Interview]:
    return Interview.objects.visible_to(user).filter(supplier=supplier)


def portal_summary(*, user: Any) -> dict[str, Any]:
    """The supplier's dashboard card: the assessments still to answer, each with its due state
    ("overdue", "due_soon" or ""), and counts."""
    assessments = list(portal_assessments(user=user).select_related("campaign"))
    today = timezone.localdate()
    return {
        "open": [(a, a.due_state(today)) for a in assessments if a.editable],
        "overdue": sum(1 for a in assessments if a.due_state(today) == "overdue"),
        "total": len(assessments),
    }


def dashboard_figures(*, user: Any) -> dict[str, int]:
    """Assessments of other organisations: how many suppliers are accepted, how many wait for review."""
    assessments = Assessment.objects.visible_to(user).exclude(supplier=user.organisation)
    return {
        "awaiting_review": assessments.filter(status=Assessment.Status.SUBMITTED).count(),
        "accepted": assessments.filter(status=Assessment.Status.ACCEPTED).values("supplier").distinct().count(),
    }


ITEM_FILTERS = ("supplier", "status", "assessment")


def improvement_items(*, user: Any, filters: dict[str, str] | None = None) -> QuerySet[ImprovementItem]:
    items = ImprovementItem.objects.visible_to(user).select_related(
        "assessment", "assessment__supplier", "assessment__campaign", "owner")
    filters = filters or {}
    for key, lookup in (("supplier", "assessment__supplier_id"), ("status", "status"),
                        ("assessment", "assessment_id")):
        value = filters.get(key)
        if value and key != "status":
            value = parse_int(value)
        if value:
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
    """Every visible supplier with its maturity and exposure: the secrets it holds now, counted
    from the disclosure register by tier."""
    from shuhi.disclosures.selectors import exposure

    suppliers = list(organisation_list(user=user).filter(kind=Organisation.Kind.SUPPLIER))
    versions = latest_scored_versions(user=user)
    tiers = list(Tier.objects.visible_to(user).filter(organisation_id=user.organisation_id))
    by_id = {t.pk: t for t in tiers}
    weights = tier_weights(tiers)
    counts = exposure([s.pk for s in suppliers])
    rows = []
    for supplier in suppliers:
        held = sorted(((by_id[t], n) for t, n in counts.get(supplier.pk, {}).items() if t in by_id and n),
                      key=lambda pair: -pair[0].rank)
        version = versions.get(supplier.pk)
        rows.append(SupplierRisk(
            org=supplier, maturity=(version.scores or {}).get("overall") if version else None,
            exposure=sum(n * weights.get(t.pk, 1) for t, n in held), counts=held, version=version,
        ))
    return rows
