"""Scan reads, through the permission gate."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from shuhi.scans.coverage import LocationCoverage, coverage_for
from shuhi.scans.models import ScanFinding, ScannedFile, ScanRun
from shuhi.scans.permissions import can_read_scans


def run_list(*, user: Any) -> QuerySet[ScanRun]:
    return ScanRun.objects.visible_to(user).select_related("location", "location__tier", "created_by", "job")


def run_files(*, user: Any, run: ScanRun, filters: dict[str, str] | None = None) -> QuerySet[ScannedFile]:
    filters = filters or {}
    files = (ScannedFile.objects.visible_to(user).filter(run=run)
             .select_related("tier", "location", "location_tier").prefetch_related("findings"))
    kind = filters.get("kind")
    if kind == "any":
        files = files.filter(findings__isnull=False).distinct()
    elif kind in ScanFinding.Kind.values:
        files = files.filter(findings__kind=kind).distinct()
    tier = filters.get("tier")
    if tier == "none":
        files = files.filter(tier_key="")
    elif tier:
        files = files.filter(tier__key=tier)
    if filters.get("q"):
        files = files.filter(path__icontains=filters["q"])
    return files.order_by("path", "pk")


def finding_counts(*, user: Any, run: ScanRun) -> list[tuple[str, str, int]]:
    """(kind, label, count) for every kind, in the order the model declares them."""
    counts = dict(ScanFinding.objects.visible_to(user).filter(file__run=run).values_list("kind")
                  .annotate(n=Count("pk")).values_list("kind", "n"))
    return [(kind, label, counts.get(kind, 0)) for kind, label in ScanFinding.Kind.choices]


def location_coverage(*, user: Any) -> list[LocationCoverage]:
    if not can_read_scans(user):
        return []
    return coverage_for(user.organisation)
