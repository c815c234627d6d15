"""Rows of training for the isolation world, and small helpers for the app's tests.

The home organisation: the two shipped modules (the classification one built from the world's
ledger), a rule assigning 「営業秘密はなぜ大切か」 to everyone on staff and one assigning the
classification module on a hire. The employee failed the trade-secrets quiz once and passed on the
retake; the on-site staff of supplier A and of its sub-supplier passed on paper, supplier B's failed.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from shuhi.people.models import Person
from shuhi.training import quiz, services, services_assign
from shuhi.training.content import TRADE_SECRETS_CODE
from shuhi.training.models import Module


def right_answers(version) -> dict[str, list[int]]:
    return {str(i): sorted(quiz.correct_choices(q)) for i, q in enumerate(version.questions)}


def wrong_answers(version, *, wrong: int | None = None) -> dict[str, list[int]]:
    """Right answers except for the first `wrong` questions (all of them by default)."""
    answers = right_answers(version)
    for i, question in enumerate(version.questions[:wrong]):
        answers[str(i)] = [next(j for j in range(len(question["choices"])) if j not in quiz.correct_choices(question))]
    return answers


def build_training_world(cast: Any) -> None:
    services.training_setup_defaults(actor=cast.hr, organisation=cast.home)
    secrets = Module.objects.get(organisation=cast.home, code=TRADE_SECRETS_CODE)
    services_assign.rule_create(actor=cast.hr, module=secrets, trigger="everyone", due_days=30)
    classification = Module.objects.get(organisation=cast.home, kind=Module.Kind.CLASSIFICATION)
    services_assign.rule_create(actor=cast.hr, module=classification, trigger="event", event="hire")
    version = secrets.current
    mine = secrets.assignments.get(person__user=cast.employee)
    services.attempt_submit(actor=cast.employee, assignment=mine, version=version, answers=wrong_answers(version))
    services.attempt_submit(actor=cast.employee, assignment=mine, version=version, answers=right_answers(version))
    today = timezone.localdate()
    for number, score in (("A-1", 90), ("B-1", 40), ("G-1", 85)):
        person = Person.objects.get(employee_number=number)
        services.attempt_record_paper(actor=cast.hr, assignment=secrets.assignments.get(person=person), score=score,
                                      taken_on=today)
