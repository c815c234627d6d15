"""The daily jobs are scheduled by the installation itself: the rows exist once the database is migrated."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_q.models import Schedule

from shuhi.jobs.models import Job
from shuhi.jobs.schedules import DAILY, FUNC, PREFIX, next_run_at, run_scheduled, schedules_install

pytestmark = pytest.mark.django_db


def test_after_migrate_the_digest_and_the_reminders_are_scheduled_daily():
    call_command("migrate", verbosity=0)
    rows = {row.name: row for row in Schedule.objects.filter(name__startswith=PREFIX)}
    assert set(rows) == {f"{PREFIX}notifications.digest", f"{PREFIX}suppliers.reminders",
                         f"{PREFIX}disclosures.nda_reminders"}
    digest = rows[f"{PREFIX}notifications.digest"]
    assert digest.func == FUNC and digest.args == "'notifications.digest'"
    assert digest.schedule_type == Schedule.DAILY and digest.repeats < 0
    local = timezone.localtime(digest.next_run)
    assert (local.hour, local.minute) == (7, 0) and digest.next_run > timezone.now()


def test_installing_again_adds_nothing_and_keeps_a_time_an_administrator_changed():
    schedules_install()
    digest = Schedule.objects.get(name=f"{PREFIX}notifications.digest")
    digest.next_run = digest.next_run + dt.timedelta(hours=2)
    digest.save()
    assert schedules_install() == []
    assert Schedule.objects.filter(name__startswith=PREFIX).count() == len(DAILY)
    assert Schedule.objects.get(pk=digest.pk).next_run == digest.next_run


def test_the_next_run_is_today_before_the_time_and_tomorrow_after_it():
    tz = timezone.get_current_timezone()
    morning = dt.datetime(2026, 5, 1, 6, 0, tzinfo=tz)
    assert next_run_at(dt.time(7, 0), morning) == dt.datetime(2026, 5, 1, 7, 0, tzinfo=tz)
    assert next_run_at(dt.time(7, 0), morning.replace(hour=8)) == dt.datetime(2026, 5, 2, 7, 0, tzinfo=tz)


def test_a_scheduled_run_queues_the_job_for_the_home_organisation(cast, settings,
                                                                    django_capture_on_commit_callbacks):
    settings.SHUHI_SYNC_JOBS = True
    with django_capture_on_commit_callbacks(execute=True):
        job_id = run_scheduled("notifications.digest")
    job = Job.objects.get(pk=job_id)
    assert job.kind == "notifications.digest" and job.organisation == cast.home and job.created_by is None
    assert job.status == Job.Status.DONE, job.message


def test_before_the_installation_is_set_up_a_scheduled_run_does_nothing():
    assert run_scheduled("suppliers.reminders") is None
    assert not Job.objects.exists()
    with pytest.raises(ValueError):
        run_scheduled("ledger.import")
