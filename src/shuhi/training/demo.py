"""Demo data for training: the two shipped modules, rules, assignments and results.

Runs after the people register (order 45). What it shows: 「営業秘密はなぜ大切か」 assigned to everyone
on staff, 「当社の情報の格付けルール」 (built from the demo ledger's criteria) assigned to everyone and
to each new hire; most of the staff passed the first; the demo employee failed the classification
quiz once and passed on the retake, and still has the first to take; half of those who passed the
first passed the second too; the dispatched member of staff passed the first on paper; one member
of staff is overdue (the reminders job then tells them). Every write goes through the services.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuhi.core.models import Organisation
from shuhi.core.permissions import SYSTEM_DEMO
from shuhi.training import services, services_assign
from shuhi.training.content import CLASSIFICATION_CODE, TRADE_SECRETS_CODE
from shuhi.training.models import Assignment, Module
from shuhi.training.testing import right_answers, wrong_answers


def load_demo_training(home: Organisation) -> None:
    if Module.objects.filter(organisation=home).exists():
        return
    actor, today = SYSTEM_DEMO, timezone.localdate()
    services.training_setup_defaults(actor=actor, organisation=home)
    secrets = Module.objects.get(organisation=home, code=TRADE_SECRETS_CODE)
    rules = Module.objects.get(organisation=home, code=CLASSIFICATION_CODE)
    services_assign.rule_create(actor=actor, module=secrets, trigger="everyone", due_days=30)
    services_assign.rule_create(actor=actor, module=rules, trigger="everyone", due_days=45)
    services_assign.rule_create(actor=actor, module=rules, trigger="event", event="hire", due_days=14)
    services_assign.rule_create(actor=actor, module=rules, trigger="event", event="project_join", due_days=14)
    employee = Assignment.objects.filter(module=rules, person__user__email="employee@minato-seiki.example").first()
    if employee is not None:
        version = rules.current
        services.attempt_submit(actor=employee.person.user, assignment=employee, version=version,
                                answers=wrong_answers(version, wrong=4))
        services.attempt_submit(actor=employee.person.user, assignment=employee, version=version,
                                answers=right_answers(version))
    open_ones = list(secrets.assignments.filter(status=Assignment.Status.OPEN, person__user__isnull=False)
                     .exclude(person__user__email="employee@minato-seiki.example").select_related("person__user")
                     .order_by("person__employee_number"))
    version = secrets.current
    passed = open_ones[: max(len(open_ones) * 2 // 3, 1)]
    for assignment in passed:
        services.attempt_submit(actor=assignment.person.user, assignment=assignment, version=version,
                                answers=right_answers(version))
    # Half of those have also passed the classification quiz: trained on both, the dashboard's share.
    rules_version = rules.current
    for assignment in passed[: len(passed) // 2]:
        theirs = rules.assignments.filter(person=assignment.person, status=Assignment.Status.OPEN).first()
        if theirs is not None:
            services.attempt_submit(actor=assignment.person.user, assignment=theirs, version=rules_version,
                                    answers=right_answers(rules_version))
    # Dispatched staff have no log-in, so they sit the test on paper; the contract worker has left.
    on_paper = secrets.assignments.filter(person__employee_number="D0001", status=Assignment.Status.OPEN).first()
    if on_paper is not None:
        services.attempt_record_paper(actor=actor, assignment=on_paper, score=90, taken_on=today - dt.timedelta(days=3),
                                      note="紙のテストで受講（集合研修）")
    late = secrets.assignments.filter(status=Assignment.Status.OPEN, person__user__isnull=False).exclude(
        person__user__email="employee@minato-seiki.example").first()
    if late is not None:
        # Back-dated, as if assigned 40 days ago, so that the demo has an overdue one to remind.
        Assignment.objects.filter(pk=late.pk).update(assigned_on=today - dt.timedelta(days=40),
                                                     due_on=today - dt.timedelta(days=10))
