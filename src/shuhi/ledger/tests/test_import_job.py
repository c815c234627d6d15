"""An import killed in the middle leaves no workbook behind once a worker notices."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from shuhi.jobs.models import Job
from shuhi.jobs.recovery import jobs_recover_interrupted, this_process

pytestmark = pytest.mark.django_db


def test_an_interrupted_import_removes_its_uploaded_workbook(cast, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    upload = Path(tmp_path) / "imports" / "abc.xlsx"
    upload.parent.mkdir()
    upload.write_bytes(b"PK\x03\x04 a workbook")
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    started = psutil.Process(child.pid).create_time()
    child.wait()
    job = Job.objects.create(kind="ledger.import", title="t", organisation=cast.home, created_by=cast.security,
                             status=Job.Status.RUNNING, worker_host=this_process().host, worker_pid=child.pid,
                             worker_started=started, params={"file": "abc.xlsx"})

    jobs_recover_interrupted()

    assert Job.objects.get(pk=job.pk).status == Job.Status.FAILED
    assert not upload.exists()
