from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError

from shuhi.core.audit.models import AuditEntry
from shuhi.core.permissions import SYSTEM_JOB, PermissionDenied
from shuhi.jobs.models import Job
from shuhi.reviews import services
from shuhi.reviews.models import FollowUpCase, Reidentification, ReviewCycle, SignOff
from shuhi.reviews.pseudonyms import PSEUDONYM_RE
from shuhi.reviews.tests.conftest import top_pseudonym

pytestmark = pytest.mark.django_db


def _ldap(dataset, column: str) -> set[str]:
    import csv

    values = set()
    for path in (dataset / "LDAP").glob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            values |= {row[column] for row in csv.DictReader(handle) if row[column]}
    return values


def _real_ids(dataset) -> set[str]:
    return _ldap(dataset, "user_id")


def test_the_job_runs_the_engine_and_stores_a_report_with_only_pseudonyms(
        cast, cycle, dataset, settings, django_capture_on_commit_callbacks):
    settings.SHUHI_SYNC_JOBS = True
    with django_capture_on_commit_callbacks(execute=True):
        job = services.cycle_start(actor=cast.owner, cycle=cycle)
    job.refresh_from_db()
    cycle.refresh_from_db()
    assert job.status == Job.Status.DONE, job.result
    assert cycle.status == ReviewCycle.Status.READY and cycle.job_id == job.pk
    ranking = cycle.report["windows"][0]["ranking"]
    assert ranking and all(PSEUDONYM_RE.match(e["user"]) for e in ranking)
    stored = json.dumps(cycle.report) + cycle.report_html
    identities = _real_ids(dataset) | _ldap(dataset, "employee_name") | _ldap(dataset, "email")
    assert not [word for word in identities if word.lower() in stored.lower()]
    assert AuditEntry.objects.filter(action="review_cycle.report", object_id=str(cycle.pk)).exists()


def test_a_failing_job_puts_the_cycle_back_to_scheduled_with_the_error(
        cast, cycle, settings, django_capture_on_commit_callbacks, tmp_path):
    settings.SHUHI_SYNC_JOBS = True
    cycle.source.path = str(tmp_path / "missing")
    cycle.source.save()
    with django_capture_on_commit_callbacks(execute=True):
        job = services.cycle_start(actor=cast.security, cycle=cycle)
    job.refresh_from_db()
    cycle.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert cycle.status == ReviewCycle.Status.SCHEDULED and cycle.error


def _run_now(actor, cycle, capture):
    with capture(execute=True):
        job = services.cycle_start(actor=actor, cycle=cycle)
    job.refresh_from_db()
    cycle.refresh_from_db()
    return job


def test_the_next_cycle_of_a_source_reads_only_what_its_event_store_has_not_seen(
        cast, cycle, settings, django_capture_on_commit_callbacks, monkeypatch, tmp_path):
    settings.SHUHI_SYNC_JOBS = True
    monkeypatch.setenv("SHUHI_DATA_DIR", str(tmp_path))  # a store no earlier test has filled
    first = _run_now(cast.owner, cycle, django_capture_on_commit_callbacks)
    assert first.status == Job.Status.DONE, first.result
    assert {f["mode"] for f in cycle.report["stats"]["ingest"]["files"]} == {"full"}
    following = services.cycle_schedule_next(actor=cast.security, cycle=cycle)
    second = _run_now(cast.owner, following, django_capture_on_commit_callbacks)
    assert second.status == Job.Status.DONE, second.result
    stats = following.report["stats"]
    assert {f["mode"] for f in stats["ingest"]["files"]} == {"skip"}, "no log file changed: nothing re-read"
    assert stats["aggregated_batches"] == 0 and stats["events_in_store"] == cycle.report["stats"]["events_in_store"]


def test_a_source_that_left_the_log_roots_fails_at_run_time_with_the_reason(
        cast, cycle, settings, django_capture_on_commit_callbacks, tmp_path):
    settings.SHUHI_SYNC_JOBS = True
    settings.SHUHI_LOG_ROOTS = [str(tmp_path)]
    job = _run_now(cast.owner, cycle, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED
    assert cycle.status == ReviewCycle.Status.SCHEDULED and "SHUHI_LOG_ROOTS" in cycle.error
    assert cycle.report is None


def test_an_employee_who_is_not_the_reviewer_cannot_run_the_cycle(cast, cycle):
    with pytest.raises(PermissionDenied):
        services.cycle_start(actor=cast.employee, cycle=cycle)


def test_an_anonymous_or_unknown_actor_is_refused_where_system_jobs_pass(cast, cycle):
    from django.contrib.auth.models import AnonymousUser

    for stranger in (AnonymousUser(), "somebody", "job", None):
        with pytest.raises(PermissionDenied):
            services.cycle_start(actor=stranger, cycle=cycle)
        with pytest.raises(PermissionDenied):
            services.cycle_schedule_next(actor=stranger, cycle=cycle)
    services.cycle_start(actor=SYSTEM_JOB, cycle=cycle)
    assert ReviewCycle.objects.get(pk=cycle.pk).status == ReviewCycle.Status.RUNNING


def test_the_sign_off_records_who_and_when_and_is_immutable(cast, ready_cycle):
    signoff = services.signoff_create(actor=cast.owner, cycle=ready_cycle, notes="上位3名を確認。1件を追跡。")
    ready_cycle.refresh_from_db()
    assert ready_cycle.status == ReviewCycle.Status.SIGNED_OFF
    assert signoff.reviewer == cast.owner and signoff.signed_at is not None
    signoff.notes = "書き換え"
    with pytest.raises(ValidationError):
        signoff.save()
    with pytest.raises(ValidationError):
        signoff.delete()
    with pytest.raises(ValidationError):
        services.signoff_create(actor=cast.owner, cycle=ready_cycle, notes="二度目")
    assert SignOff.objects.get(cycle=ready_cycle).notes == "上位3名を確認。1件を追跡。"
    assert AuditEntry.objects.filter(action="review_cycle.sign_off", actor=cast.owner).exists()


def test_only_the_assigned_reviewer_signs_off_and_only_with_notes(cast, ready_cycle):
    for someone_else in (cast.security, cast.admin, cast.auditor, cast.employee, SYSTEM_JOB):
        with pytest.raises(PermissionDenied):
            services.signoff_create(actor=someone_else, cycle=ready_cycle, notes="代理")
    with pytest.raises(ValidationError):
        services.signoff_create(actor=cast.owner, cycle=ready_cycle, notes="   ")
    assert not SignOff.objects.exists()


def test_a_cycle_without_a_report_cannot_be_signed_off(cast, cycle):
    with pytest.raises(ValidationError):
        services.signoff_create(actor=cast.owner, cycle=cycle, notes="確認")


def test_the_reviewer_opens_and_closes_a_follow_up_case_for_a_ranked_pseudonym(cast, ready_cycle):
    alias = top_pseudonym(ready_cycle)
    case = services.followup_open(actor=cast.owner, cycle=ready_cycle, pseudonym=alias,
                                  reason_summary="他人の専用PCへのログオン", window_start=dt.date(2010, 2, 1))
    assert case.status == FollowUpCase.Status.OPEN and case.opened_by == cast.owner
    closed = services.followup_close(actor=cast.owner, case=case, notes="本人に確認、業務上の理由あり")
    assert closed.status == FollowUpCase.Status.CLOSED and closed.closed_by == cast.owner
    with pytest.raises(ValidationError):
        services.followup_close(actor=cast.owner, case=closed, notes="again")
    assert AuditEntry.objects.filter(action__in=["follow_up.open", "follow_up.close"]).count() == 2


def test_a_follow_up_case_needs_a_pseudonym_of_the_report_and_a_permitted_actor(cast, ready_cycle):
    with pytest.raises(ValidationError):
        services.followup_open(actor=cast.owner, cycle=ready_cycle, pseudonym="U-00000000", reason_summary="x")
    for actor in (cast.employee, cast.auditor, cast.rep_a):
        with pytest.raises(PermissionDenied):
            services.followup_open(actor=actor, cycle=ready_cycle, pseudonym=top_pseudonym(ready_cycle),
                                   reason_summary="x")


def test_only_the_security_manager_can_re_identify_and_only_with_a_reason(cast, ready_cycle, one_step):
    alias = top_pseudonym(ready_cycle)
    for actor in (cast.admin, cast.auditor, cast.owner, cast.employee, cast.rep_a, SYSTEM_JOB):
        with pytest.raises(PermissionDenied):
            services.reidentify(actor=actor, cycle=ready_cycle, pseudonym=alias, reason="確認のため")
    with pytest.raises(ValidationError):
        services.reidentify(actor=cast.security, cycle=ready_cycle, pseudonym=alias, reason=" ")
    assert not Reidentification.objects.exists()


def test_re_identification_finds_the_real_user_and_is_audited_without_the_identity(
        cast, ready_cycle, dataset, one_step):
    alias = top_pseudonym(ready_cycle)
    row, people = services.reidentify(actor=cast.security, cycle=ready_cycle, pseudonym=alias,
                                      reason="追跡案件 #1 の本人確認")
    assert row.found and row.actor == cast.security and row.reason == "追跡案件 #1 の本人確認"
    assert len(people) == 1 and people[0]["user"] in _real_ids(dataset)
    from shuhi.reviews.pseudonyms import pseudonym

    assert pseudonym(people[0]["user"]) == alias
    entry = AuditEntry.objects.get(action="pseudonym.reidentify")
    assert entry.actor == cast.security and entry.after["pseudonym"] == alias
    assert people[0]["user"] not in json.dumps(entry.after)


def test_schedule_next_creates_the_following_period_with_the_same_reviewer(cast, cycle):
    following = services.cycle_schedule_next(actor=cast.security, cycle=cycle)
    assert following.period_start == cycle.period_end + dt.timedelta(days=1)
    assert following.period_end == following.period_start + dt.timedelta(days=6)
    assert following.reviewer == cycle.reviewer
    assert following.due_date - following.period_end == cycle.due_date - cycle.period_end
    with pytest.raises(ValidationError):
        services.cycle_schedule_next(actor=cast.security, cycle=cycle)
    with pytest.raises(PermissionDenied):
        services.cycle_schedule_next(actor=cast.owner, cycle=following)


def test_a_monthly_cycle_is_followed_by_the_next_calendar_month(cast, source):
    january = services.cycle_create(actor=cast.admin, source=source, period_start=dt.date(2010, 1, 1),
                                    period_end=dt.date(2010, 1, 31), reviewer=cast.owner, cadence="monthly")
    february = services.cycle_schedule_next(actor=cast.admin, cycle=january)
    assert (february.period_start, february.period_end) == (dt.date(2010, 2, 1), dt.date(2010, 2, 28))


def test_a_cycle_past_its_due_date_is_overdue_until_signed_off(cast, source):
    late = services.cycle_create(actor=cast.admin, source=source, period_start=dt.date(2010, 1, 1),
                                 period_end=dt.date(2010, 1, 7), reviewer=cast.owner,
                                 due_date=dt.date.today() - dt.timedelta(days=1))
    assert late.is_overdue


def test_suppliers_and_auditors_cannot_be_reviewers(cast, source):
    for reviewer in (cast.rep_a, cast.auditor):
        with pytest.raises(ValidationError):
            services.cycle_create(actor=cast.admin, source=source, period_start=dt.date(2010, 1, 1),
                                  period_end=dt.date(2010, 1, 7), reviewer=reviewer)
