"""Unattended scheduling: chains of cycles roll forward with the calendar (services_schedule.py).

The engine never runs here: with `run`, the tests only check that the review job was queued.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from shuhi.core.audit.models import AuditEntry
from shuhi.core.permissions import SYSTEM_CLI, SYSTEM_JOB, PermissionDenied
from shuhi.jobs.models import Job
from shuhi.reviews import services
from shuhi.reviews.models import ReviewCycle
from shuhi.reviews.services_schedule import MAX_CYCLES_PER_RUN, cycles_roll_forward

pytestmark = pytest.mark.django_db

WEEK = (dt.date(2010, 2, 1), dt.date(2010, 2, 7))  # Monday to Sunday


@pytest.fixture(autouse=True)
def _log_roots(settings):
    settings.SHUHI_LOG_ROOTS = ["/srv"]  # the sources below are never read: the engine does not run here


def _source(cast, name="ファイルサーバ監査ログ", **extra):
    return services.source_create(actor=cast.security, organisation=cast.home, name=name, path="/srv/logs/" + name,
                                  **extra)


@pytest.fixture
def weekly(cast):
    return services.cycle_create(actor=cast.security, source=_source(cast), period_start=WEEK[0],
                                 period_end=WEEK[1], reviewer=cast.owner, due_date=dt.date(2010, 2, 10),
                                 window=ReviewCycle.Window.DAY)


@pytest.fixture
def monthly(cast):
    return services.cycle_create(actor=cast.security, source=_source(cast, "メールゲートウェイ"),
                                 period_start=dt.date(2010, 1, 1), period_end=dt.date(2010, 1, 31),
                                 reviewer=cast.owner, cadence=ReviewCycle.Cadence.MONTHLY,
                                 window=ReviewCycle.Window.MONTH)


def _periods(cycles):
    return [(c.period_start, c.period_end) for c in cycles]


def test_it_schedules_the_next_week_once_the_weekly_period_has_ended(weekly):
    [following] = cycles_roll_forward(actor=SYSTEM_JOB, today=dt.date(2010, 2, 8), run=False)
    assert _periods([following]) == [(dt.date(2010, 2, 8), dt.date(2010, 2, 14))]
    assert following.source == weekly.source and following.reviewer == weekly.reviewer
    assert (following.cadence, following.window) == (weekly.cadence, weekly.window)
    assert following.due_date - following.period_end == weekly.due_date - weekly.period_end
    assert following.status == ReviewCycle.Status.SCHEDULED and following.created_by is None


def test_it_schedules_the_next_calendar_month_once_the_monthly_period_has_ended(monthly):
    [february] = cycles_roll_forward(actor=SYSTEM_JOB, today=dt.date(2010, 2, 1), run=False)
    assert _periods([february]) == [(dt.date(2010, 2, 1), dt.date(2010, 2, 28))]
    assert february.cadence == ReviewCycle.Cadence.MONTHLY and february.window == ReviewCycle.Window.MONTH


def test_it_does_nothing_while_the_period_lasts(weekly, monthly):
    assert cycles_roll_forward(actor=SYSTEM_JOB, today=dt.date(2010, 1, 31)) == []
    assert ReviewCycle.objects.count() == 2 and not Job.objects.exists()


def test_a_second_run_on_the_same_day_schedules_and_starts_nothing(weekly, monthly):
    first = cycles_roll_forward(actor=SYSTEM_JOB, today=dt.date(2010, 2, 8))
    jobs = Job.objects.count()
    assert len(first) == 2
    assert cycles_roll_forward(actor=SYSTEM_JOB, today=dt.date(2010, 2, 8)) == []
    assert ReviewCycle.objects.count() == 4 and Job.objects.count() == jobs


def test_it_fills_a_gap_of_several_missed_weeks_up_to_the_current_one(weekly):
    created = cycles_roll_forward(actor=SYSTEM_JOB, today=dt.date(2010, 3, 1), run=False)
    assert _periods(created) == [(dt.date(2010, 2, 8), dt.date(2010, 2, 14)),
                                 (dt.date(2010, 2, 15), dt.date(2010, 2, 21)),
                                 (dt.date(2010, 2, 22), dt.date(2010, 2, 28)),
                                 (dt.date(2010, 3, 1), dt.date(2010, 3, 7))]


def test_a_source_left_alone_for_a_year_gets_at_most_twelve_cycles_per_run(weekly):
    today = dt.date(2011, 2, 1)
    assert len(cycles_roll_forward(actor=SYSTEM_JOB, today=today, run=False)) == MAX_CYCLES_PER_RUN == 12
    following = cycles_roll_forward(actor=SYSTEM_JOB, today=today, run=False)
    assert following[0].period_start == WEEK[0] + dt.timedelta(weeks=13) and len(following) == 12


def test_the_scheduled_cycles_are_audit_logged_under_the_system_actor(cast, weekly):
    created = cycles_roll_forward(actor=SYSTEM_CLI, today=dt.date(2010, 2, 22), run=False)
    entries = AuditEntry.objects.filter(action="review_cycle.create", object_id__in=[str(c.pk) for c in created])
    assert entries.count() == len(created) == 3
    assert {(e.actor_id, e.actor_label) for e in entries} == {(None, "cli")}


def test_ended_periods_are_queued_for_review_and_the_current_one_is_not(cast, weekly):
    created = cycles_roll_forward(actor=SYSTEM_JOB, today=dt.date(2010, 2, 15))
    started = ReviewCycle.objects.filter(status=ReviewCycle.Status.RUNNING).order_by("period_start")
    # The head (the week that ended first) and the missed week; the current week is still going on.
    assert _periods(started) == [WEEK, _periods(created)[0]]
    assert {c.job.kind for c in started} == {"reviews.run"}
    assert {c.job.params["cycle_id"] for c in started} == {c.pk for c in started}
    assert ReviewCycle.objects.get(pk=created[-1].pk).job is None
    assert AuditEntry.objects.filter(action="review_cycle.start", actor_label="job").count() == 2


def test_a_cycle_whose_run_failed_is_left_for_a_person_to_run_again(cast, weekly):
    services.cycle_start(actor=cast.owner, cycle=weekly)
    services.cycle_fail(actor=SYSTEM_JOB, cycle=weekly, error="logs missing")
    cycles_roll_forward(actor=SYSTEM_JOB, today=dt.date(2010, 2, 8))
    assert Job.objects.filter(kind="reviews.run").count() == 1


def test_a_source_switched_off_is_not_rolled_forward(cast):
    manual = _source(cast, "手動のログ", auto_schedule=False)
    services.cycle_create(actor=cast.security, source=manual, period_start=WEEK[0], period_end=WEEK[1],
                          reviewer=cast.owner)
    assert cycles_roll_forward(actor=SYSTEM_JOB, today=dt.date(2010, 3, 1)) == []


def test_a_chain_whose_reviewer_has_left_is_skipped_and_the_others_still_roll(cast, weekly, monthly, caplog):
    cast.owner.is_active = False
    cast.owner.save(update_fields=["is_active"])
    monthly.reviewer = cast.security
    monthly.save(update_fields=["reviewer"])
    created = cycles_roll_forward(actor=SYSTEM_JOB, today=dt.date(2010, 2, 8))
    assert [c.source for c in created] == [monthly.source]
    assert weekly.source.name in caplog.text
    assert not ReviewCycle.objects.filter(source=weekly.source).exclude(pk=weekly.pk).exists()


def test_only_review_managers_roll_forward_by_hand(cast, weekly):
    for actor in (cast.owner, cast.auditor, cast.rep_a):
        with pytest.raises(PermissionDenied):
            cycles_roll_forward(actor=actor, today=dt.date(2010, 2, 8))
    assert len(cycles_roll_forward(actor=cast.security, today=dt.date(2010, 2, 8), run=False)) == 1


def test_the_management_command_prints_the_count_per_source(weekly, monthly):
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("reviews", "roll", "--date", "2010-02-15", "--no-run", stdout=out, stderr=err)
    assert out.getvalue().splitlines() == ["ファイルサーバ監査ログ: 2 cycles scheduled",
                                           "メールゲートウェイ: 1 cycle scheduled"]
    assert "3 review cycles scheduled." in err.getvalue()
    assert not Job.objects.exists()
    assert AuditEntry.objects.filter(action="review_cycle.create", actor_label="cli").count() == 3


def test_the_management_command_starts_the_reviews_unless_told_not_to(weekly):
    call_command("reviews", "roll", "--date", "2010-02-08", stdout=StringIO(), stderr=StringIO())
    assert ReviewCycle.objects.get(pk=weekly.pk).status == ReviewCycle.Status.RUNNING


def test_the_management_command_rejects_a_malformed_date():
    with pytest.raises(CommandError):
        call_command("reviews", "roll", "--date", "15.02.2010", stdout=StringIO(), stderr=StringIO())


def test_the_shuhi_command_offers_reviews_roll(capsys):
    from shuhi.cli import DJANGO_COMMANDS, main

    assert main(["--help"]) == 0
    assert "reviews" in DJANGO_COMMANDS and "reviews roll" in capsys.readouterr().out


def test_the_roll_forward_job_kind_schedules_and_queues_the_reviews(cast, weekly):
    from shuhi.jobs.services import job_enqueue, job_run

    job = job_enqueue(actor=cast.security, kind="reviews.roll_forward", params={"date": "2010-02-15"})
    job_run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.result
    created = ReviewCycle.objects.filter(pk__in=job.result["cycles"])
    assert _periods(created.order_by("period_start")) == [(dt.date(2010, 2, 8), dt.date(2010, 2, 14)),
                                                          (dt.date(2010, 2, 15), dt.date(2010, 2, 21))]
    assert Job.objects.filter(kind="reviews.run").count() == 2
    assert AuditEntry.objects.filter(action="review_cycle.create", actor_label="job").count() == 2


def test_a_source_added_on_the_page_can_be_left_to_schedule_by_hand(cast, login):
    cast.security.language = "en"
    cast.security.save(update_fields=["language"])
    client = login(cast.security)
    assert 'name="auto_schedule"' in client.get("/reviews/sources/new/").content.decode()
    client.post("/reviews/sources/new/", {"name": "自動", "kind": "cert", "path": "/srv/a", "auto_schedule": "on"})
    client.post("/reviews/sources/new/", {"name": "手動", "kind": "cert", "path": "/srv/b"})
    assert dict(cast.home.log_sources.values_list("name", "auto_schedule")) == {"自動": True, "手動": False}
    page = client.get("/reviews/").content.decode()
    assert "next cycles scheduled automatically" in page and "next cycles scheduled by hand" in page
