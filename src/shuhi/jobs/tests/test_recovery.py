"""Jobs whose process was killed are marked failed when a worker starts, not left "running" forever."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import psutil
import pytest

from shuhi.jobs.models import Job
from shuhi.jobs.recovery import jobs_recover_interrupted, this_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def gone_process() -> tuple[int, float]:
    """The pid and start time of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    started = psutil.Process(child.pid).create_time()
    child.wait()
    return child.pid, started


def _running(cast, *, host: str, pid: int | None, started: float | None, user=None, **fields) -> Job:
    return Job.objects.create(kind=fields.pop("kind", "core.directory_export"), title="t", organisation=cast.home,
                              created_by=user or cast.employee, status=Job.Status.RUNNING, worker_host=host,
                              worker_pid=pid, worker_started=started, **fields)


def test_a_job_whose_worker_process_is_gone_is_marked_failed_with_a_translated_reason(cast, gone_process):
    cast.employee.language = "en"
    cast.employee.save(update_fields=["language"])
    job = _running(cast, host=this_process().host, pid=gone_process[0], started=gone_process[1])

    assert [found.pk for found in jobs_recover_interrupted()] == [job.pk]

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.finished_at is not None
    assert job.message.startswith("Failed: interrupted, the worker stopped before the job finished")
    assert str(gone_process[0]) in job.error_detail


def test_the_reason_is_in_the_language_of_whoever_started_the_job(cast, gone_process):
    job = _running(cast, host=this_process().host, pid=gone_process[0], started=gone_process[1])  # Japanese
    jobs_recover_interrupted()
    job.refresh_from_db()
    assert job.message.startswith("失敗しました：中断されました"), job.message


def test_a_job_whose_process_still_runs_is_left_running(cast):
    me = this_process()
    job = _running(cast, host=me.host, pid=me.pid, started=me.started)
    assert jobs_recover_interrupted(at_start_up=True) == []
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING


def test_a_reused_pid_does_not_pass_for_the_process_that_ran_the_job(cast):
    me = this_process()
    job = _running(cast, host=me.host, pid=me.pid, started=me.started - 3600)
    jobs_recover_interrupted()
    assert Job.objects.get(pk=job.pk).status == Job.Status.FAILED


def test_jobs_of_another_host_are_left_to_that_host(cast, gone_process):
    job = _running(cast, host="another-server", pid=gone_process[0], started=gone_process[1])
    assert jobs_recover_interrupted(at_start_up=True) == []
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING


def test_at_start_up_a_running_job_that_names_no_process_is_marked_failed(cast):
    job = _running(cast, host="", pid=None, started=None)  # started before jobs recorded their process
    assert jobs_recover_interrupted() == []
    assert [found.pk for found in jobs_recover_interrupted(at_start_up=True)] == [job.pk]
    assert Job.objects.get(pk=job.pk).status == Job.Status.FAILED


def test_a_new_worker_process_of_the_queue_looks_for_interrupted_jobs(cast, gone_process):
    from django_q.signals import post_spawn

    job = _running(cast, host=this_process().host, pid=gone_process[0], started=gone_process[1])
    post_spawn.send(sender="django_q", proc_name="Process-1")  # also sent when a dead worker is replaced
    assert Job.objects.get(pk=job.pk).status == Job.Status.FAILED


def test_the_worker_command_marks_interrupted_jobs_before_its_cluster_starts(cast, gone_process, monkeypatch):
    from django.core.management import call_command

    states = []
    job = _running(cast, host=this_process().host, pid=gone_process[0], started=gone_process[1])
    monkeypatch.setattr("shuhi.jobs.management.commands.worker.call_command",
                        lambda name: states.append((name, Job.objects.get(pk=job.pk).status)))
    call_command("worker")
    assert states == [("qcluster", Job.Status.FAILED)]


def test_a_job_handed_out_again_by_the_queue_is_not_run_twice(cast, monkeypatch):
    from shuhi.jobs.services import job_run

    calls = []
    monkeypatch.setattr("shuhi.core.jobs.directory_export_job", lambda job, progress: calls.append(job.pk))
    for status in (Job.Status.FAILED, Job.Status.DONE, Job.Status.RUNNING):
        job = Job.objects.create(kind="core.directory_export", title="t", organisation=cast.home,
                                 created_by=cast.employee, status=status)
        job_run(job.pk)
        assert Job.objects.get(pk=job.pk).status == status
    assert calls == []


def test_a_running_job_records_the_process_that_runs_it(cast, monkeypatch):
    from shuhi.jobs.services import job_run

    seen = {}

    def record(job, progress):
        seen.update(Job.objects.filter(pk=job.pk).values("status", "worker_host", "worker_pid").get())

    monkeypatch.setattr("shuhi.core.jobs.directory_export_job", record)
    job = Job.objects.create(kind="core.directory_export", title="t", organisation=cast.home, created_by=cast.employee)
    job_run(job.pk)
    assert seen == {"status": Job.Status.RUNNING, "worker_host": this_process().host, "worker_pid": os.getpid()}


def test_an_interrupted_log_review_puts_its_cycle_back_so_it_can_be_run_again(cast, gone_process, tmp_path,
                                                                               settings):
    from shuhi.reviews.models import ReviewCycle
    from shuhi.reviews.services import cycle_create, source_create

    settings.SHUHI_LOG_ROOTS = [str(tmp_path)]
    source = source_create(actor=cast.security, organisation=cast.home, name="ログ", path=str(tmp_path))
    cycle = cycle_create(actor=cast.security, source=source, period_start=dt.date(2010, 2, 1),
                         period_end=dt.date(2010, 2, 7), reviewer=cast.owner)
    job = _running(cast, host=this_process().host, pid=gone_process[0], started=gone_process[1], kind="reviews.run",
                   params={"cycle_id": cycle.pk}, user=cast.owner)
    ReviewCycle.objects.filter(pk=cycle.pk).update(status=ReviewCycle.Status.RUNNING, job=job)

    jobs_recover_interrupted()

    cycle.refresh_from_db()
    assert cycle.status == ReviewCycle.Status.SCHEDULED
    assert cycle.error.startswith("失敗しました：中断されました")
    assert Job.objects.get(pk=job.pk).status == Job.Status.FAILED
