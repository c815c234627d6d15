from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from shuhi.jobs.models import Job
from shuhi.ledger import views_io
from shuhi.ledger.models import InformationAsset
from shuhi.ledger.tests.ledger_files import row, setup_ledger, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(cast):
    return setup_ledger(cast)


def upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def test_an_administrator_uploads_a_file_and_sees_the_counts(cast, ledger, login, tmp_path):
    client = login(cast.admin)
    path = write_xlsx(tmp_path / "in.xlsx", [row("A-1"), row("A-2")])
    response = client.post(reverse("ledger:import"), {"file": upload(path)})
    assert response.status_code == 200
    assert response.context["report"].created == 2
    assert b'data-testid="created">2<' in response.content
    assert InformationAsset.objects.count() == 2


def test_a_rejected_upload_shows_every_problem_in_a_table_and_writes_nothing(cast, ledger, login, tmp_path):
    client = login(cast.security)
    rows = [row("A-1", tier="?"), *[row(f"A-{i}") for i in range(2, 40)], row("A-40", impact=8)]
    response = client.post(reverse("ledger:import"), {"file": upload(write_xlsx(tmp_path / "bad.xlsx", rows))})
    problems = response.context["report"].errors
    assert [(p.row, p.column) for p in problems] == [(2, "格付け"), (41, "影響度")]
    assert b'data-testid="import-problems"' in response.content and "影響度".encode() in response.content
    assert not InformationAsset.objects.exists()


def test_a_dry_run_upload_writes_nothing(cast, ledger, login, tmp_path):
    client = login(cast.admin)
    path = write_csv(tmp_path / "in.csv", [row("A-1")])
    response = client.post(reverse("ledger:import"), {"file": upload(path), "dry_run": "on"})
    assert response.context["report"].dry_run and response.context["report"].created == 1
    assert not InformationAsset.objects.exists()


def test_the_upload_refuses_a_file_over_the_size_limit_or_of_another_type(cast, ledger, login, tmp_path, monkeypatch):
    client = login(cast.admin)
    monkeypatch.setattr(views_io, "MAX_BYTES", 10)
    response = client.post(reverse("ledger:import"), {"file": upload(write_csv(tmp_path / "x.csv", [row()]))})
    assert response.context["form"].errors["file"]
    monkeypatch.setattr(views_io, "MAX_BYTES", 10**6)
    response = client.post(reverse("ledger:import"), {"file": SimpleUploadedFile("x.pdf", b"%PDF")})
    assert response.context["form"].errors["file"]


@pytest.mark.parametrize("who", ["employee", "owner", "auditor", "rep_a"])
def test_the_import_and_export_pages_are_not_found_for_others(cast, ledger, login, who):
    client = login(getattr(cast, who))
    for name in ("ledger:import", "ledger:export", "ledger:template"):
        assert client.get(reverse(name)).status_code == 404


def test_the_page_offers_the_template_and_both_exports(cast, ledger, login):
    client = login(cast.admin)
    page = client.get(reverse("ledger:import")).content.decode()
    assert reverse("ledger:template") in page and "format=csv" in page
    template = client.get(reverse("ledger:template"))
    assert template["Content-Disposition"].startswith("attachment")
    assert "記入方法" in load_workbook(io.BytesIO(b"".join(template.streaming_content))).sheetnames
    csv = client.get(reverse("ledger:export") + "?format=csv")
    assert b"".join(csv.streaming_content).startswith(b"\xef\xbb\xbf")
    xlsx = client.get(reverse("ledger:export"))
    assert load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).sheetnames == ["台帳", "保管場所"]


def test_a_big_upload_runs_as_a_background_job(cast, ledger, login, tmp_path, settings, monkeypatch,
                                               django_capture_on_commit_callbacks):
    settings.SHUHI_SYNC_JOBS = True
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(views_io, "BACKGROUND_ROWS", 5)
    client = login(cast.admin)
    path = write_xlsx(tmp_path / "big.xlsx", [row(f"A-{i}") for i in range(12)])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ledger:import"), {"file": upload(path)})
    job = Job.objects.get(kind="ledger.import")
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.DONE, job.message
    assert job.result["created"] == 12 and InformationAsset.objects.count() == 12
    assert not list((tmp_path / "media" / "imports").iterdir())
    shown = client.get(reverse("ledger:import") + f"?job={job.pk}")
    assert shown.context["report"].created == 12


def test_a_big_rejected_upload_keeps_its_problems_on_the_job(cast, ledger, login, tmp_path, settings, monkeypatch,
                                                             django_capture_on_commit_callbacks):
    settings.SHUHI_SYNC_JOBS = True
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(views_io, "BACKGROUND_ROWS", 5)
    client = login(cast.admin)
    rows = [row(f"A-{i}") for i in range(12)] + [row("A-99", tier="?")]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ledger:import"), {"file": upload(write_xlsx(tmp_path / "big.xlsx", rows))})
    job = Job.objects.get(kind="ledger.import")
    assert [(e["row"], e["column"]) for e in job.result["errors"]] == [(14, "格付け")]
    assert not InformationAsset.objects.exists()
    shown = client.get(reverse("ledger:import") + f"?job={job.pk}")
    assert [(p.row, p.column) for p in shown.context["report"].errors] == [(14, "格付け")]
