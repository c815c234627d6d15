"""The outsourcer's own self-assessment suggests the answer to the pledge and policy questions from
its own records (the people register); a supplier's assessment suggests nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from shuhi.people import services as people
from shuhi.people import services_policies as policies
from shuhi.suppliers.services import campaign_create, framework_install_builtin, self_assessment_create
from shuhi.suppliers.suggestions import suggestions_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire(cast):
    return framework_install_builtin(actor=cast.admin, organisation=cast.home)[0]


def _rows(response) -> dict:
    return {row["q"].id: row for section in response.context["sections"] for row in section["rows"]}


def test_the_own_self_assessment_preselects_the_measured_answer_with_its_figure(cast, login, questionnaire):
    people.pledge_templates_setup_defaults(actor=cast.hr, organisation=cast.home)
    person = people.person_create(actor=cast.hr, organisation=cast.home, user=cast.employee, employee_number="E-1",
                                  name="社員 健一")
    people.person_create(actor=cast.hr, organisation=cast.home, employee_number="E-2", name="未署名 次郎")
    event = people.lifecycle_event_record(actor=cast.hr, person=person, kind="hire",
                                          occurred_on=person.created_at.date())
    people.pledge_acknowledge(actor=cast.employee, pledge=people.pledge_send(actor=cast.hr, pledge=event.pledges.get()))
    penalties = policies.policy_publish(actor=cast.hr, organisation=cast.home, kind="penalties", title="罰則規程",
                                        body="本文")
    assessment = self_assessment_create(actor=cast.security, framework=questionnaire)
    found = suggestions_for(assessment)
    assert found["PL-1"].answer == "partly" and "50.0%" in found["PL-1"].note  # one of two staff
    assert found["PL-4"].answer == "no"  # nobody has acknowledged the penalty rules yet
    for user in (cast.admin, cast.security, cast.owner, cast.hr, cast.auditor, cast.employee, cast.sales_employee):
        policies.policy_acknowledge(actor=user, policy=penalties)
    assert suggestions_for(assessment)["PL-4"].answer == "yes"
    rows = _rows(login(cast.security).get(f"/suppliers/assessments/{assessment.pk}/"))
    assert [o["id"] for o in rows["PL-1"]["options"] if o["checked"]] == ["partly"]
    assert "50.0%" in rows["PL-1"]["suggestion"]


def test_a_suppliers_assessment_gets_no_suggestion(cast, questionnaire):
    from shuhi.suppliers.models import Assessment

    campaign_create(actor=cast.security, framework=questionnaire, title="2026年度", suppliers=[cast.supplier_a],
                    due_date=dt.date.today() + dt.timedelta(days=30))
    assessment = Assessment.objects.get(supplier=cast.supplier_a)
    assert suggestions_for(assessment) == {}
