from __future__ import annotations

import pytest
from django.urls import reverse

from shuhi.core.audit.services import audit_record
from shuhi.jobs.models import Job
from shuhi.jobs.services import job_enqueue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sync(settings):
    settings.SHUHI_SYNC_JOBS = True


def test_a_job_runs_after_commit_and_records_its_result(cast, django_capture_on_commit_callbacks):
    for index in range(1500):
        audit_record(actor=cast.admin, action="bulk", object_type="t", object_id=str(index))
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(actor=cast.security, kind="audit.verify")
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result["ok"] is True
    assert job.result["checked"] > 1500
    assert job.percent == 100
    assert job.started_at and job.finished_at


def test_a_refused_job_is_marked_failed_with_its_reason(cast, django_capture_on_commit_callbacks, monkeypatch):
    def refuse(job, progress):
        raise ValueError("台帳のシートがありません")  # how importers and engines say what is wrong

    monkeypatch.setattr("shuhi.core.jobs.directory_export_job", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(actor=cast.employee, kind="core.directory_export")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "台帳のシートがありません" in job.message


def _crash(job, progress):
    raise PermissionError(13, "Permission denied", "/srv/shuhi/media/scans/secret-upload.zip")


@pytest.fixture
def crashed_job(cast, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("shuhi.core.jobs.directory_export_job", _crash)
    cast.employee.language = "en"
    cast.employee.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(actor=cast.employee, kind="core.directory_export")
    job.refresh_from_db()
    return job


@pytest.mark.parametrize("reader", ["employee", "security", "auditor"])
def test_whoever_is_not_an_administrator_reads_a_crashed_job_without_traceback_or_server_path(
        crashed_job, cast, client, login, api_client_for, reader):
    user = getattr(cast, reader)
    assert crashed_job.status == Job.Status.FAILED
    api = api_client_for(user).get(f"/api/v1/jobs/{crashed_job.pk}/")
    login(user)
    page = client.get(reverse("jobs:detail", args=[crashed_job.pk])).content.decode()
    assert api.status_code == 200
    body = api.content.decode()
    assert api.json()["status"] == "failed"
    assert "error_detail" not in api.json()
    for shown in (body, page):
        assert "Traceback" not in shown
        assert "/srv/shuhi" not in shown and "secret-upload" not in shown
        assert "jobs/services.py" not in shown
    assert api.json()["message"].startswith("Failed: an unexpected error stopped the job.")


def test_the_crash_message_is_in_the_language_of_whoever_started_the_job(
        cast, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("shuhi.core.jobs.directory_export_job", _crash)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(actor=cast.employee, kind="core.directory_export")  # the default, Japanese
    job.refresh_from_db()
    assert job.message.startswith("失敗しました：予期しないエラー"), job.message


def test_an_administrator_reads_the_traceback_in_the_api_and_on_the_job_page(
        crashed_job, cast, client, login, api_client_for):
    detail = api_client_for(cast.admin).get(f"/api/v1/jobs/{crashed_job.pk}/").json()["error_detail"]
    assert detail.startswith("Traceback") and "/srv/shuhi/media/scans/secret-upload.zip" in detail
    login(cast.admin)
    page = client.get(reverse("jobs:detail", args=[crashed_job.pk])).content.decode()
    assert "secret-upload.zip" in page and "Traceback" in page


def test_upgrading_moves_old_tracebacks_out_of_the_job_result(cast):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("shuhi.jobs.migrations.0002_job_error_detail")
    old = Job.objects.create(kind="audit.verify", title="t", organisation=cast.home, status=Job.Status.FAILED,
                             result={"traceback": "Traceback ... /srv/shuhi/x.py"})
    kept = Job.objects.create(kind="audit.verify", title="t", organisation=cast.home, status=Job.Status.DONE,
                              result={"ok": True})
    migration.move_tracebacks(apps, None)
    old.refresh_from_db()
    kept.refresh_from_db()
    assert old.result is None and old.error_detail == "Traceback ... /srv/shuhi/x.py"
    assert kept.result == {"ok": True} and kept.error_detail == ""


def test_progress_is_visible_on_the_job_page_and_polls_until_done(client, cast, login):
    job = Job.objects.create(kind="audit.verify", title="t", organisation=cast.home, created_by=cast.security,
                             status=Job.Status.RUNNING, done=40, total=100)
    login(cast.security)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'value="40"' in page
    assert "hx-trigger=\"every 1s\"" in page
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, done=100)
    fragment = client.get(reverse("jobs:detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in fragment
    assert "<html" not in fragment


def test_unknown_job_kinds_are_refused(cast):
    with pytest.raises(ValueError):
        job_enqueue(actor=cast.admin, kind="nope")


def test_a_supplier_sees_only_jobs_of_their_organisation(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mine = job_enqueue(actor=cast.rep_a, kind="core.directory_export")
        job_enqueue(actor=cast.rep_b, kind="core.directory_export")
    assert list(Job.objects.visible_to(cast.rep_a)) == [mine]
    mine.refresh_from_db()
    emails = {row["email"] for row in mine.result["rows"]}
    assert emails == {cast.rep_a.email}


@pytest.mark.parametrize(("language", "failed", "engine_text"), [
    ("en", "Failed:", "the review ends before it starts"),
    ("ja", "失敗", "対象期間の終了日が開始日より前になっています"),
])
def test_a_job_speaks_the_language_of_whoever_started_it_not_the_servers(
        cast, django_capture_on_commit_callbacks, monkeypatch, speak, language, failed, engine_text):
    from shuhi.i18n import gettext as engine_gettext

    speak(SHUHI_LANG="ja" if language == "en" else "en")  # the worker's own locale says the opposite

    def boom(job, progress):
        raise ValueError(engine_gettext("the review ends before it starts"))  # as the engine does

    monkeypatch.setattr("shuhi.core.jobs.directory_export_job", boom)
    cast.employee.language = language
    cast.employee.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(actor=cast.employee, kind="core.directory_export")
    job.refresh_from_db()
    assert job.message.startswith(failed) or failed in job.message, job.message
    assert engine_text in job.message
