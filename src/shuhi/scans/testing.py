"""Rows of this app's models for the isolation test's world (see shuhi/testing/world.py).

Scans are home-only data, so only the home organisation gets rows. The results are written
through the same services a scan job uses, without running the engine.
"""

from __future__ import annotations

from shuhi.ledger.models import StorageLocation, Tier
from shuhi.scans import services
from shuhi.scans.findings import TierMap, scan_vocabulary
from shuhi.scans.models import ScanRun


def _result(path: str, tier: str | None, labels: list[dict], mip: list[dict] | None = None) -> dict:
    return {"path": path, "format": "docx", "tier": tier, "labels": labels, "mip": mip or [], "error": None,
            "seconds": 0.01}


def build_scan_world(cast) -> ScanRun:
    home = cast.home
    tiers_list = list(Tier.objects.filter(organisation=home))
    tiers = TierMap(tiers_list, scan_vocabulary(tiers_list))
    location = StorageLocation.objects.filter(organisation=home).order_by("-tier__rank").first()
    run = ScanRun.objects.create(organisation=home, location=location, source=ScanRun.Source.ARCHIVE,
                                 archive_name="金庫.zip", created_by=cast.security)
    mip = [{"id": "3a1c4c1e-5b9f-4a2e-9d1c-0f0e0d0c0b0a", "name": "General", "enabled": True, "method": "Privileged",
            "site_id": None, "set_date": None}]
    results = [
        (_result("金庫/未表示の図面.docx", None, []), location),
        (_result("金庫/社外秘の仕様.docx", "confidential",
                 [{"text": "【社外秘】", "tier": "confidential", "where": "header"},
                  {"text": "General", "tier": "public", "where": "mip"}], mip), location),
        (_result("その他/極秘メモ.docx", "top_secret", [{"text": "極秘", "tier": "top_secret", "where": "header"}]),
         None),
    ]
    counts = services.scan_results_record(run=run, results=results, tiers=tiers)
    return services.scan_run_finish(run=run, counts=counts, message="world")
