"""Label coverage per storage location: of the readable files the latest scan found there, how many carry a label.

Only locations above the lowest tier count towards the ledger's "recognisable by label"
indicator: a public folder needs no labels. Each location is measured by the latest finished run
that found files in it, so a rescan replaces, rather than adds to, the earlier figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q

from shuhi.ledger.models import StorageLocation, Tier
from shuhi.scans.models import ScannedFile, ScanRun

READABLE = Q(error="") | ~Q(tier_key="")


@dataclass(frozen=True)
class LocationCoverage:
    location: StorageLocation
    needs_labels: bool
    files: int
    labelled: int
    run_id: int | None

    @property
    def percent(self) -> float | None:
        if not self.needs_labels or not self.files:
            return None
        return 100.0 * self.labelled / self.files


def coverage_for(organisation: Any) -> list[LocationCoverage]:
    """Every location of the organisation with the coverage its latest scan measured (files 0 if never scanned)."""
    ranks = list(Tier.objects.filter(organisation=organisation).values_list("rank", flat=True))
    min_rank = min(ranks, default=0)
    scanned = ScannedFile.objects.filter(run__organisation=organisation, run__status=ScanRun.Status.DONE,
                                         location__isnull=False)
    latest = dict(scanned.values_list("location_id").annotate(run=Max("run_id")).values_list("location_id", "run"))
    counts: dict[int, tuple[int, int]] = {}
    if latest:
        wanted = Q()
        for location_id, run_id in latest.items():
            wanted |= Q(location_id=location_id, run_id=run_id)
        rows = scanned.filter(wanted).values("location_id").annotate(
            files=Count("pk", filter=READABLE), labelled=Count("pk", filter=READABLE & ~Q(tier_key="")))
        counts = {row["location_id"]: (row["files"], row["labelled"]) for row in rows}
    result = []
    for location in StorageLocation.objects.filter(organisation=organisation).select_related("tier"):
        files, labelled = counts.get(location.pk, (0, 0))
        result.append(LocationCoverage(location=location, needs_labels=location.tier.rank > min_rank, files=files,
                                       labelled=labelled, run_id=latest.get(location.pk)))
    return result


def overall(coverages: list[LocationCoverage]) -> tuple[int, int, int]:
    """(labelled files, files, locations) over the scanned locations that need labels."""
    counted = [c for c in coverages if c.needs_labels and c.files]
    return sum(c.labelled for c in counted), sum(c.files for c in counted), len(counted)
