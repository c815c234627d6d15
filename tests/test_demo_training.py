"""`shuhi demo` fills training: the two shipped modules, rules, passes, a fail then a pass on retake,
a paper result and an overdue assignment that `shuhi training reminders` reminds."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from shuhi.core.demo import load_demo
from shuhi.training.models import Assignment, Attempt, Module

pytestmark = pytest.mark.django_db


def test_the_demo_has_both_modules_a_retake_a_paper_result_and_an_overdue_assignment(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert load_demo(employees=10)
    assert set(Module.objects.values_list("code", flat=True)) == {"trade-secrets", "classification-rules"}
    employee = Assignment.objects.get(module__code="classification-rules",
                                      person__user__email="employee@minato-seiki.example")
    assert list(employee.attempts.order_by("pk").values_list("passed", flat=True)) == [False, True]
    assert Attempt.objects.filter(mode=Attempt.Mode.PAPER, passed=True).exists()
    overdue = Assignment.objects.filter(status=Assignment.Status.OPEN, due_on__lt=timezone.localdate())
    assert overdue.count() == 1
    out = io.StringIO()
    call_command("training", "reminders", stdout=out)
    assert overdue.get().reminders_sent == 1
    call_command("training", "refresh", stdout=out)
    assert Module.objects.get(code="classification-rules").versions.count() == 1
