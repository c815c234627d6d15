"""Evidence files that a killed process left without a row are removed when a worker starts."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from shuhi.suppliers.jobs import evidence_orphans_remove
from shuhi.suppliers.models import Evidence
from shuhi.suppliers.testing import build_supplier_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence_dir(cast, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        build_supplier_world(cast)
    assert Evidence.objects.exists()
    return Path(tmp_path) / "private" / "evidence"


def _orphan(folder: Path, name: str, age_hours: float) -> Path:
    path = folder / "999" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4 half written")
    then = time.time() - age_hours * 3600
    os.utime(path, (then, then))
    return path


def test_an_hour_old_file_without_a_row_is_removed_and_every_file_with_a_row_stays(evidence_dir):
    kept = [Path(e.file.path) for e in Evidence.objects.all()]
    old = _orphan(evidence_dir, "old.pdf", age_hours=2)
    fresh = _orphan(evidence_dir, "fresh.pdf", age_hours=0)

    assert evidence_orphans_remove() == 1

    assert not old.exists()
    assert fresh.exists()  # may be an upload whose transaction is still open
    assert all(path.exists() for path in kept)


def test_the_worker_command_tidies_before_it_takes_jobs(evidence_dir, monkeypatch):
    old = _orphan(evidence_dir, "old.pdf", age_hours=2)
    monkeypatch.setattr("shuhi.jobs.management.commands.worker.call_command",
                        lambda name, *a, **k: None if name == "qcluster" else call_command(name, *a, **k))
    call_command("worker")
    assert not old.exists()
