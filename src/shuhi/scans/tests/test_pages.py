from __future__ import annotations

import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shuhi.scans import services
from shuhi.scans.models import ScanFinding, ScanRun
from shuhi.scans.tests.documents import labelled_docx, unlabelled_docx

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_run(cast, share, run_jobs):
    labelled_docx(share.folder("社外秘") / "ok.docx", "社外秘")
    labelled_docx(share.folder("社外秘") / "strong.docx", "極秘")
    unlabelled_docx(share.folder("社外秘") / "none.docx")
    return run_jobs(lambda: services.scan_start_location(actor=cast.security, location=share.confidential))


def test_administrators_security_managers_and_auditors_see_the_scans_page(cast, share, login):
    for user in (cast.admin, cast.security, cast.auditor):
        client = login(user)
        response = client.get(reverse("scans:index"))
        assert response.status_code == 200, user
        assert response.context["may_start"] == (user != cast.auditor)


def test_other_staff_and_suppliers_get_404_for_every_scan_page(cast, finished_run, login):
    for user in (cast.owner, cast.hr, cast.employee, cast.sales_employee, cast.rep_a, cast.rep_b):
        client = login(user)
        assert client.get(reverse("scans:index")).status_code == 404, user
        assert client.post(reverse("scans:index"), {"source": "location"}).status_code == 404, user
        assert client.get(reverse("scans:detail", args=[finished_run.pk])).status_code == 404, user


def test_an_auditor_reads_a_run_but_cannot_start_one(cast, share, finished_run, login):
    client = login(cast.auditor)
    assert client.get(reverse("scans:detail", args=[finished_run.pk])).status_code == 200
    response = client.post(reverse("scans:index"), {"source": "location", "loc-location": share.confidential.pk})
    assert response.status_code == 404
    assert ScanRun.objects.count() == 1


def test_a_security_manager_starts_a_location_scan_from_the_page_and_lands_on_its_detail(cast, share, login,
                                                                                        django_capture_on_commit_callbacks):
    unlabelled_docx(share.folder("極秘") / "a.docx")
    client = login(cast.security)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("scans:index"), {"source": "location", "loc-location": share.secret.pk})
    run = ScanRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("scans:detail", args=[run.pk])
    page = client.get(response.url)
    assert page.context["run"].status == ScanRun.Status.DONE
    assert [f.path.rsplit("/", 1)[-1] for f in page.context["page_obj"]] == ["a.docx"]


def test_an_administrator_uploads_a_zip_from_the_page(cast, share, login, tmp_path,
                                                      django_capture_on_commit_callbacks):
    archive = tmp_path / "up.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.write(unlabelled_docx(tmp_path / "x.docx"), "社外秘/x.docx")
    client = login(cast.admin)
    upload = SimpleUploadedFile("共有.zip", archive.read_bytes(), content_type="application/zip")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("scans:index"), {"source": "archive", "zip-archive": upload})
    run = ScanRun.objects.get()
    assert response.status_code == 302
    assert (run.archive_name, run.status, run.findings_total) == ("共有.zip", ScanRun.Status.DONE, 1)


def test_a_location_the_server_may_not_read_is_refused_on_the_form(cast, share, login, settings):
    settings.SHUHI_SCAN_ROOTS = []
    client = login(cast.security)
    response = client.post(reverse("scans:index"), {"source": "location", "loc-location": share.secret.pk})
    assert response.status_code == 200
    assert response.context["location_form"].errors
    assert not ScanRun.objects.exists()


def test_the_run_page_filters_files_by_finding_kind_and_tier(cast, finished_run, login):
    client = login(cast.security)
    url = reverse("scans:detail", args=[finished_run.pk])

    def names(params):
        return sorted(f.path.rsplit("/", 1)[-1] for f in client.get(url, params).context["page_obj"])

    assert names({}) == ["none.docx", "ok.docx", "strong.docx"]
    assert names({"kind": ScanFinding.Kind.STRONGER}) == ["strong.docx"]
    assert names({"kind": "any"}) == ["none.docx", "strong.docx"]
    assert names({"tier": "none"}) == ["none.docx"]
    assert names({"tier": "confidential"}) == ["ok.docx"]
    counts = {kind: n for kind, _label, n in client.get(url).context["finding_counts"]}
    assert counts[ScanFinding.Kind.UNLABELLED] == 1 and counts[ScanFinding.Kind.WEAKER] == 0


def test_the_scans_page_shows_label_coverage_per_location_in_english(cast, finished_run, login):
    cast.security.language = "en"
    cast.security.save(update_fields=["language"])
    client = login(cast.security)
    response = client.get(reverse("scans:index"))
    coverage = {c.location.name: c.percent for c in response.context["coverage"]}
    assert round(coverage["社外秘フォルダ"]) == 67
    assert b"Label coverage by storage location" in response.content and b"67%" in response.content


def test_the_ledger_links_to_the_scans_page_for_those_who_may_read_it(cast, share, login):
    assert reverse("scans:index").encode() in login(cast.auditor).get(reverse("ledger:list")).content
    assert reverse("scans:index").encode() not in login(cast.employee).get(reverse("ledger:list")).content
