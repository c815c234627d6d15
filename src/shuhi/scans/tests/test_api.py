from __future__ import annotations

import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shuhi.scans.models import ScanFinding, ScanRun
from shuhi.scans.tests.documents import labelled_docx, unlabelled_docx
from shuhi.testing.cast import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def captured(django_capture_on_commit_callbacks):
    def _call(request):
        with django_capture_on_commit_callbacks(execute=True):
            return request()

    return _call


def test_a_security_manager_starts_a_location_scan_and_reads_its_files_and_findings(cast, share, captured):
    labelled_docx(share.folder("社外秘") / "strong.docx", "極秘")
    unlabelled_docx(share.folder("社外秘") / "none.docx")
    client = api_client(cast.security)
    created = captured(lambda: client.post("/api/v1/scan-runs/", {"location": share.confidential.pk}, format="json"))
    assert created.status_code == 201, created.content
    run = created.json()["id"]
    assert client.get(f"/api/v1/scan-runs/{run}/").json()["status"] == ScanRun.Status.DONE
    files = client.get("/api/v1/scanned-files/", {"run": run, "kind": ScanFinding.Kind.STRONGER}).json()["results"]
    assert [f["path"].rsplit("/", 1)[-1] for f in files] == ["strong.docx"]
    assert files[0]["findings"][0]["kind"] == ScanFinding.Kind.STRONGER
    findings = client.get("/api/v1/scan-findings/", {"run": run}).json()["results"]
    assert sorted(f["kind"] for f in findings) == sorted([ScanFinding.Kind.STRONGER, ScanFinding.Kind.UNLABELLED])


def test_an_archive_is_uploaded_through_the_api(cast, share, captured, tmp_path):
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.write(unlabelled_docx(tmp_path / "x.docx"), "x.docx")
    client = api_client(cast.admin)
    upload = SimpleUploadedFile("a.zip", archive.read_bytes(), content_type="application/zip")
    created = captured(lambda: client.post("/api/v1/scan-runs/", {"archive": upload,
                                                                  "location": share.secret.pk}, format="multipart"))
    assert created.status_code == 201, created.content
    assert created.json()["source"] == "archive"
    assert ScanRun.objects.get().findings_total == 1


def test_the_coverage_endpoint_lists_every_location(cast, share, captured):
    labelled_docx(share.folder("極秘") / "a.docx", "極秘")
    client = api_client(cast.security)
    captured(lambda: client.post("/api/v1/scan-runs/", {"location": share.secret.pk}, format="json"))
    rows = {r["location_name"]: r for r in client.get("/api/v1/scan-runs/coverage/").json()}
    assert rows["極秘フォルダ"]["percent"] == 100.0 and rows["社外秘フォルダ"]["run"] is None


def test_auditors_read_scans_but_cannot_start_one_and_others_see_nothing(cast, share):
    assert api_client(cast.auditor).post("/api/v1/scan-runs/", {"location": share.secret.pk},
                                         format="json").status_code == 403
    for user in (cast.employee, cast.owner, cast.rep_a):
        client = api_client(user)
        assert client.post("/api/v1/scan-runs/", {"location": share.secret.pk}, format="json").status_code in (403, 404)
        assert client.get("/api/v1/scan-runs/coverage/").status_code == (404 if user.is_supplier else 403)
    assert not ScanRun.objects.exists()


def test_a_scan_request_without_a_location_or_an_archive_is_rejected(cast, share):
    response = api_client(cast.security).post("/api/v1/scan-runs/", {}, format="json")
    assert response.status_code == 400
