"""In a real browser: an employee reads 「当社の情報の格付けルール」 (built from the ledger's criteria),
fails its quiz, reads the explanations, retakes it and passes; HR's dashboard card of staff trained
moves from 0% to 50%."""

from __future__ import annotations

import pytest

from shuhi.ledger.testing import build_ledger_world
from shuhi.people.services import person_create
from shuhi.testing.browser import log_in, shot
from shuhi.testing.cast import build_cast
from shuhi.training import services, services_assign
from shuhi.training.models import Assignment, Module
from shuhi.training.testing import right_answers, wrong_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer(page, answers: dict[str, list[int]]) -> None:
    for index, choices in answers.items():
        for choice in choices:
            page.locator(f"input[name=q{index}][value='{choice}']").check()
    with page.expect_navigation():
        page.locator("form[data-testid=quiz] button[type=submit]").click()


def dashboard_share(page, base: str) -> str:
    page.goto(f"{base}/")
    return page.locator("[data-testid=training-share]").inner_text().strip()


def test_an_employee_fails_the_classification_quiz_retakes_it_and_the_dashboard_moves(page, live_server):
    cast = build_cast()
    build_ledger_world(cast)
    services.training_setup_defaults(actor=cast.hr, organisation=cast.home)
    person_create(actor=cast.hr, organisation=cast.home, user=cast.employee, employee_number="E-1",
                  name="社員 健一", department=cast.dev)
    person_create(actor=cast.hr, organisation=cast.home, user=cast.sales_employee, employee_number="E-2",
                  name="営業 花子", department=cast.sales)
    module = Module.objects.get(kind=Module.Kind.CLASSIFICATION)
    services_assign.rule_create(actor=cast.hr, module=module, trigger="role", role="employee")
    version = module.current
    base = live_server.url

    log_in(page, base, cast.hr)
    assert dashboard_share(page, base) == "0%"
    shot(page, "training-01-dashboard-before")

    log_in(page, base, cast.employee)
    page.goto(f"{base}/training/mine/")
    shot(page, "training-02-my-training")
    page.get_by_role("link", name="当社の情報の格付けルール").click()
    text = page.locator("[data-testid=module-text]").inner_text()
    assert "極秘" in text and "格付けの基準" in text
    shot(page, "training-03-module")
    answer(page, wrong_answers(version, wrong=3))
    result = page.locator("[data-testid=result]").inner_text()
    assert "不合格" in result or "Not passed" in result
    shot(page, "training-04-failed")
    page.locator("[data-testid=retake]").click()
    answer(page, right_answers(version))
    result = page.locator("[data-testid=result]").inner_text()
    assert "合格" in result and "不合格" not in result
    shot(page, "training-05-passed")
    assignment = Assignment.objects.get(person__user=cast.employee)
    assert assignment.status == Assignment.Status.PASSED and assignment.attempts.count() == 2

    log_in(page, base, cast.hr)
    assert dashboard_share(page, base) == "50%"
    shot(page, "training-06-dashboard-after")
