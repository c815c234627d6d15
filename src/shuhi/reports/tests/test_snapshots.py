"""Monthly snapshots of the management indicators: the job, the trend, an idempotent re-run, the schedule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation
from django_q.models import Schedule

from shuhi.core.audit.models import AuditEntry
from shuhi.core.charts import trend
from shuhi.core.registry import REGISTRY, ManagementIndicator, management_indicators
from shuhi.jobs.models import Job
from shuhi.jobs.services import job_enqueue
from shuhi.reports import jobs
from shuhi.reports.models import IndicatorSnapshot, ManagementReport
from shuhi.reports.months import last_month, parse_month, shift, span
from shuhi.reports.presenters import Row, by_area, decisions, rows_for
from shuhi.reports.services import snapshots_record
from shuhi.testing.cast import SYSTEM_TEST

pytestmark = pytest.mark.django_db

SEPTEMBER, OCTOBER = dt.date(2026, 9, 1), dt.date(2026, 10, 1)


@pytest.fixture
def figure():
    """A registered indicator whose value the test sets, beside the apps' own."""
    state = {"value": 40.0}
    REGISTRY.indicators["test.figure"] = ManagementIndicator(
        key="test.figure", label="テスト指標", area="テスト領域", value=lambda org: state["value"], order=999,
        survey_key="recognisable_by_label")
    yield state
    del REGISTRY.indicators["test.figure"]


def _value(cast, month, key="test.figure"):
    return IndicatorSnapshot.objects.get(organisation=cast.home, month=month, key=key).value


def test_the_snapshot_job_stores_one_row_per_indicator_for_each_of_two_months(
        cast, figure, django_capture_on_commit_callbacks):
    for month, value in ((SEPTEMBER, 40.0), (OCTOBER, 55.0)):
        figure["value"] = value
        with django_capture_on_commit_callbacks(execute=True):
            job = job_enqueue(actor=SYSTEM_TEST, kind="reports.monthly", organisation_id=cast.home.pk,
                              params={"month": f"{month:%Y-%m}"})
        job.refresh_from_db()
        assert job.status == Job.Status.DONE, job.message
    keys = {i.key for i in management_indicators()}
    for month in (SEPTEMBER, OCTOBER):
        assert set(IndicatorSnapshot.objects.filter(month=month).values_list("key", flat=True)) == keys
    assert (_value(cast, SEPTEMBER), _value(cast, OCTOBER)) == (40.0, 55.0)
    assert ManagementReport.objects.filter(month=OCTOBER).count() == 1


def test_the_trend_runs_month_by_month_and_compares_with_last_month(cast, figure):
    for month, value in ((SEPTEMBER, 40.0), (OCTOBER, 55.0)):
        figure["value"] = value
        snapshots_record(actor=SYSTEM_TEST, organisation=cast.home, month=month)
    rows = rows_for(snapshots=IndicatorSnapshot.objects.all(), month=OCTOBER, months=3)
    row = next(r for r in rows if r.key == "test.figure")
    assert row.history == [(dt.date(2026, 8, 1), None), (SEPTEMBER, 40.0), (OCTOBER, 55.0)]
    assert (row.value, row.previous, row.change) == (55.0, 40.0, 15.0) and row.change_display.startswith("+15")
    assert row.small == (21.5, 22.2) and row.large == (35.1, 50.7)
    assert row.status == "ok"
    assert [dot[3] for dot in trend(row.points).dots] == ["40%", "55%"]
    assert "テスト領域" in [area.name for area in by_area(rows)]


def test_re_running_a_month_replaces_its_values_instead_of_adding_rows(cast, figure):
    snapshots_record(actor=SYSTEM_TEST, organisation=cast.home, month=OCTOBER)
    count = IndicatorSnapshot.objects.count()
    figure["value"] = 70.0
    snapshots_record(actor=SYSTEM_TEST, organisation=cast.home, month=dt.date(2026, 10, 17))
    assert IndicatorSnapshot.objects.count() == count
    assert _value(cast, OCTOBER) == 70.0
    entry = AuditEntry.objects.filter(action="indicator_snapshot.record").latest("pk")
    assert entry.before["test.figure"] == 40.0 and entry.after["test.figure"] == 70.0


def test_a_figure_below_large_firms_or_falling_sharply_becomes_a_decision_for_the_board(cast, figure):
    figure["value"] = 60.0
    snapshots_record(actor=SYSTEM_TEST, organisation=cast.home, month=SEPTEMBER)
    figure["value"] = 30.0
    snapshots_record(actor=SYSTEM_TEST, organisation=cast.home, month=OCTOBER)
    rows = [r for r in rows_for(snapshots=IndicatorSnapshot.objects.all(), month=OCTOBER) if r.key == "test.figure"]
    found = decisions(rows)
    assert len(found) == 2 and "35.1–50.7%" in found[0] and "30" in found[1], found
    assert rows[0].status == "warn"


def test_one_failing_indicator_does_not_stop_the_others(cast, figure):
    REGISTRY.indicators["test.broken"] = ManagementIndicator(key="test.broken", label="x", area="y",
                                                              value=lambda org: 1 / 0, order=1000)
    try:
        rows = snapshots_record(actor=SYSTEM_TEST, organisation=cast.home, month=OCTOBER)
    finally:
        del REGISTRY.indicators["test.broken"]
    assert "test.figure" in {r.key for r in rows} and "test.broken" not in {r.key for r in rows}


def test_the_monthly_schedule_exists_after_migrate_and_starts_a_job_for_last_month(
        cast, django_capture_on_commit_callbacks):
    schedule = Schedule.objects.get(name=jobs.SCHEDULE_NAME)
    assert schedule.schedule_type == Schedule.MONTHLY and schedule.func == "shuhi.reports.jobs.monthly_enqueue"
    first = timezone.localtime(schedule.next_run)
    assert (first.day, first.hour) == (1, 2) and first.date() > timezone.localdate()
    jobs.ensure_schedule()
    assert Schedule.objects.filter(name=jobs.SCHEDULE_NAME).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        started = jobs.monthly_enqueue()
    job = Job.objects.get(pk=started[0])
    assert job.kind == "reports.monthly" and job.params == {"month": f"{last_month():%Y-%m}"}
    assert job.status == Job.Status.DONE, job.message
    assert IndicatorSnapshot.objects.filter(month=last_month()).exists()


def test_months_are_read_as_yyyy_mm_and_a_month_to_come_is_refused():
    from django.core.exceptions import ValidationError

    assert parse_month("2026-02") == dt.date(2026, 2, 1)
    assert span(dt.date(2026, 2, 1), 3) == [dt.date(2025, 12, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1)]
    for bad in ("2026/02", "next", shift(last_month(), 2).strftime("%Y-%m")):
        with pytest.raises(ValidationError):
            parse_month(bad)


def test_a_change_that_rounds_to_nothing_shows_as_plus_minus_zero_not_minus_zero():
    indicator = ManagementIndicator(key="test.small", label="テスト指標", area="テスト領域", value=lambda org: 0.0,
                                    order=999)
    months = [dt.date(2026, 10, 1), dt.date(2026, 11, 1)]
    row = Row(indicator=indicator, value=20.0, history=list(zip(months, [20.3, 20.0], strict=True)))
    with translation.override("ja"):
        assert row.change_display == "±0ポイント"
    row = Row(indicator=indicator, value=21.0, history=list(zip(months, [20.3, 21.0], strict=True)))
    with translation.override("ja"):
        assert row.change_display == "+1ポイント"
