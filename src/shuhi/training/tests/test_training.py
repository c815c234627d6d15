"""Modules, attempts and retakes, the module built from the ledger, assignment rules and events,
reminders and the auditors' workbook."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shuhi.core.audit.models import AuditEntry
from shuhi.core.permissions import SYSTEM_JOB
from shuhi.training import services, services_assign
from shuhi.training.models import Assignment, AssignmentRule
from shuhi.training.testing import right_answers, wrong_answers

pytestmark = pytest.mark.django_db


def _assign(cast, training, module, person):
    return services_assign.assignment_create(actor=cast.hr, person=person, module=module)


def test_a_failed_quiz_leaves_the_assignment_open_for_a_retake_and_every_attempt_is_kept(cast, training):
    assignment = _assign(cast, training, training.rules, training.employee)
    version = training.rules.current
    failed = services.attempt_submit(actor=cast.employee, assignment=assignment, version=version,
                                     answers=wrong_answers(version, wrong=4))
    assignment.refresh_from_db()
    assert not failed.passed and failed.score < training.rules.pass_mark
    assert assignment.status == Assignment.Status.OPEN
    passed = services.attempt_submit(actor=cast.employee, assignment=assignment, version=version,
                                     answers=right_answers(version))
    assignment.refresh_from_db()
    assert passed.passed and passed.score == 100
    assert assignment.status == Assignment.Status.PASSED and assignment.passed_version == version
    assert list(assignment.attempts.order_by("pk").values_list("passed", flat=True)) == [False, True]
    assert AuditEntry.objects.filter(action="training_attempt.submit").count() == 2


def test_only_the_person_assigned_takes_the_quiz(cast, training):
    from shuhi.core.permissions import PermissionDenied

    assignment = _assign(cast, training, training.secrets, training.employee)
    version = training.secrets.current
    for someone in (cast.sales_employee, cast.hr):
        with pytest.raises(PermissionDenied):
            services.attempt_submit(actor=someone, assignment=assignment, version=version,
                                    answers=right_answers(version))


def test_hr_records_a_paper_result_for_someone_without_an_account(cast, training):
    assignment = _assign(cast, training, training.secrets, training.contractor)
    attempt = services.attempt_record_paper(actor=cast.hr, assignment=assignment, score=85,
                                            taken_on=timezone.localdate())
    assignment.refresh_from_db()
    assert attempt.mode == "paper" and attempt.passed and assignment.status == Assignment.Status.PASSED
    with pytest.raises(ValidationError):
        services.attempt_record_paper(actor=cast.hr, assignment=_assign(cast, training, training.rules,
                                                                        training.contractor),
                                      score=90, taken_on=timezone.localdate() + dt.timedelta(days=1))


def test_the_classification_module_follows_the_ledgers_criteria(cast, training):
    from shuhi.ledger.models import ClassificationRule, Tier
    from shuhi.ledger.services import rule_update

    version = training.rules.current
    text = "\n".join(s["body"] for s in version.sections)
    for rule in ClassificationRule.objects.filter(organisation=cast.home):
        assert rule.question in text
    for tier in Tier.objects.filter(organisation=cast.home):
        assert tier.name in text and tier.handling in text
    assert services.module_refresh(actor=cast.hr, module=training.rules) is None

    personal = ClassificationRule.objects.get(organisation=cast.home, question__startswith="個人情報")
    top = Tier.objects.get(organisation=cast.home, key="top_secret")
    rule_update(actor=cast.admin, rule=personal, question="マイナンバーを含むか。", tier_if_yes=top)
    training.rules.refresh_from_db()
    assert services.is_out_of_date(training.rules)
    refreshed = services.module_refresh(actor=cast.hr, module=training.rules)
    assert refreshed.version == version.version + 1 and refreshed.is_current
    case = next(q for q in refreshed.questions if "マイナンバーを含むか。" in q["text"])
    assert [c["text"] for c in case["choices"] if c["correct"]] == ["極秘"]
    assert "マイナンバーを含むか。" in "\n".join(s["body"] for s in refreshed.sections)
    version.refresh_from_db()
    assert not version.is_current


def test_a_new_version_reopens_the_assignments_passed_on_the_old_one(cast, training):
    assignment = _assign(cast, training, training.secrets, training.employee)
    old = training.secrets.current
    services.attempt_submit(actor=cast.employee, assignment=assignment, version=old, answers=right_answers(old))
    new = services.module_revise(actor=cast.hr, module=training.secrets, title="改訂版", sections=old.sections,
                                 questions=old.questions[:3])
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.OPEN and assignment.passed_version == old
    with pytest.raises(ValidationError):
        services.attempt_submit(actor=cast.employee, assignment=assignment, version=old, answers=right_answers(old))
    services.attempt_submit(actor=cast.employee, assignment=assignment, version=new, answers=right_answers(new))
    assignment.refresh_from_db()
    assert assignment.passed_version == new


def test_rules_assign_by_role_and_by_department(cast, training):
    services_assign.rule_create(actor=cast.hr, module=training.secrets, trigger="role", role="employee")
    assigned = set(training.secrets.assignments.values_list("person_id", flat=True))
    assert assigned == {training.employee.pk, training.seller.pk}
    services_assign.rule_create(actor=cast.hr, module=training.rules, trigger="department", department=cast.dev)
    assert set(training.rules.assignments.values_list("person_id", flat=True)) == {training.employee.pk,
                                                                                   training.contractor.pk}
    again = services_assign.rule_apply(actor=cast.hr, rule=AssignmentRule.objects.get(trigger="department"))
    assert again == []


def test_everyone_includes_suppliers_staff_on_site(cast, training):
    services_assign.rule_create(actor=cast.hr, module=training.secrets, trigger="everyone")
    assert training.secrets.assignments.count() == 5
    assert training.secrets.assignments.filter(person=training.onsite_a).exists()


def test_lifecycle_events_assign_through_the_follower_and_an_exit_cancels(cast, training):
    from shuhi.people.services import lifecycle_event_record, pledge_templates_setup_defaults

    pledge_templates_setup_defaults(actor=cast.hr, organisation=cast.home)
    services_assign.rule_create(actor=cast.hr, module=training.rules, trigger="event", event="hire", due_days=14)
    services_assign.rule_create(actor=cast.hr, module=training.secrets, trigger="department",
                                department=cast.sales, apply_now=False)
    assert not Assignment.objects.exists()
    today = timezone.localdate()
    lifecycle_event_record(actor=cast.hr, person=training.contractor, kind="hire", occurred_on=today)
    hired = Assignment.objects.get(person=training.contractor)
    assert hired.module == training.rules and hired.due_on == today + dt.timedelta(days=14) and hired.event
    lifecycle_event_record(actor=cast.hr, person=training.contractor, kind="transfer", occurred_on=today,
                           department=cast.sales)
    assert Assignment.objects.filter(person=training.contractor, module=training.secrets).exists()
    lifecycle_event_record(actor=cast.hr, person=training.contractor, kind="exit", occurred_on=today)
    assert not Assignment.objects.filter(person=training.contractor, status=Assignment.Status.OPEN).exists()


def test_the_reminders_job_reminds_overdue_people_once_then_weekly(cast, training, settings,
                                                                   django_capture_on_commit_callbacks):
    from shuhi.notifications.models import Notification
    from shuhi.training.jobs import reminders_job

    settings.SHUHI_SYNC_JOBS = True
    mine = _assign(cast, training, training.secrets, training.employee)
    paper = _assign(cast, training, training.secrets, training.contractor)
    later = timezone.localdate() + dt.timedelta(days=40)

    class Job:
        created_by_id = None

    with django_capture_on_commit_callbacks(execute=True):
        result = services_assign.training_reminders_send(actor=SYSTEM_JOB, today=later)
    assert {a.pk for a in result} == {mine.pk, paper.pk}
    assert Notification.objects.filter(recipient=cast.employee, event="training.overdue").count() == 1
    assert Notification.objects.filter(recipient=cast.hr, event="training.overdue_staff").exists()
    assert services_assign.training_reminders_send(actor=SYSTEM_JOB, today=later + dt.timedelta(days=1)) == []
    Assignment.objects.filter(pk=paper.pk).update(status=Assignment.Status.PASSED)
    assert reminders_job(Job(), lambda *a: None)["assignments"] == []  # today: nothing is overdue yet
    again = services_assign.training_reminders_send(actor=SYSTEM_JOB, today=later + dt.timedelta(days=7))
    assert [a.pk for a in again] == [mine.pk]
    mine.refresh_from_db()
    assert mine.reminders_sent == 2


def test_the_completion_workbook_lists_each_assignment_and_attempt(cast, training):
    from openpyxl import load_workbook

    from shuhi.training.spreadsheet import write_completion

    assignment = _assign(cast, training, training.secrets, training.employee)
    version = training.secrets.current
    services.attempt_submit(actor=cast.employee, assignment=assignment, version=version,
                            answers=wrong_answers(version))
    services.attempt_submit(actor=cast.employee, assignment=assignment, version=version, answers=right_answers(version))
    _assign(cast, training, training.secrets, training.onsite_a)
    book = load_workbook(io.BytesIO(write_completion(cast.auditor)))
    assert book.sheetnames == ["受講状況", "受講履歴", "モジュールの版"]
    rows = list(book["受講状況"].iter_rows(min_row=2, values_only=True))
    mine = next(r for r in rows if r[0] == "E-1")
    assert mine[6] == str(Assignment.Status.PASSED.label) and mine[11] == "はい" and mine[14] == 2
    assert {r[0] for r in rows} == {"E-1", "A-1"}
    attempts = list(book["受講履歴"].iter_rows(min_row=2, values_only=True))
    assert [r[9] for r in attempts] == ["不合格", "合格"]
    own = load_workbook(io.BytesIO(write_completion(cast.employee)))
    assert {r[0] for r in own["受講状況"].iter_rows(min_row=2, values_only=True)} == {"E-1"}


def test_the_share_of_staff_trained_counts_only_passes_of_current_versions(cast, training):
    from shuhi.training.indicators import trained_figures

    assignment = _assign(cast, training, training.secrets, training.employee)
    assert trained_figures(cast.home) == {"trained": 0, "staff": 5, "assigned": 1, "share": 0.0}
    version = training.secrets.current
    services.attempt_submit(actor=cast.employee, assignment=assignment, version=version, answers=right_answers(version))
    assert trained_figures(cast.home)["share"] == 20.0
    services.module_revise(actor=cast.hr, module=training.secrets, title="改訂", sections=version.sections,
                           questions=version.questions)
    assert trained_figures(cast.home)["trained"] == 0
