"""Fixtures: the home organisation's default tiers, three locations on a folder tree, and sync jobs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from shuhi.ledger.models import StorageLocation, Tier


@dataclass
class Share:
    root: Path
    tiers: dict[str, Tier]
    secret: StorageLocation
    confidential: StorageLocation
    public: StorageLocation

    def folder(self, name: str) -> Path:
        path = self.root / name
        path.mkdir(parents=True, exist_ok=True)
        return path


@pytest.fixture
def share(cast, tmp_path, settings):
    from shuhi.ledger.services import ledger_setup_defaults, location_create

    settings.SHUHI_SYNC_JOBS = True
    settings.SHUHI_SCAN_ROOTS = [str(tmp_path)]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    root = tmp_path / "share"
    tiers = {t.key: t for t in ledger_setup_defaults(actor=cast.admin, organisation=cast.home)}

    def location(name: str, tier: str, folder: str) -> StorageLocation:
        return location_create(actor=cast.admin, organisation=cast.home, name=name, tier=tiers[tier],
                               path_patterns=f"{root}/{folder}/**\n\\\\fs01\\{folder}\\**")

    return Share(root=root, tiers=tiers, secret=location("極秘フォルダ", "top_secret", "極秘"),
                 confidential=location("社外秘フォルダ", "confidential", "社外秘"),
                 public=location("一般フォルダ", "public", "一般"))


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Calls `start()` so that the job it enqueues runs to the end before returning."""

    def _run(start):
        with django_capture_on_commit_callbacks(execute=True):
            result = start()
        result.refresh_from_db()
        return result

    return _run
