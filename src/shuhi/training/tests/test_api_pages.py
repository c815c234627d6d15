"""Who reaches what through the API and the pages: HR runs training, an employee sees only his own,
a supplier's representative only its own staff on site, and nobody sees the marks before answering."""

from __future__ import annotations

import pytest
from django.test import Client

from shuhi.testing.cast import api_client, sign_in
from shuhi.training import services_assign
from shuhi.training.testing import right_answers, wrong_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(cast, training):
    services_assign.rule_create(actor=cast.hr, module=training.secrets, trigger="everyone")
    return {a.person.employee_number: a for a in training.secrets.assignments.select_related("person")}


def _ids(response):
    assert response.status_code == 200, response.content[:300]
    return {row["id"] for row in response.json()["results"]}


def test_each_user_reads_only_the_assignments_they_may_see(cast, training, assigned):
    assert _ids(api_client(cast.hr).get("/api/v1/training-assignments/")) == {a.pk for a in assigned.values()}
    assert _ids(api_client(cast.employee).get("/api/v1/training-assignments/")) == {assigned["E-1"].pk}
    assert _ids(api_client(cast.rep_a).get("/api/v1/training-assignments/")) == {assigned["A-1"].pk}
    assert _ids(api_client(cast.rep_b).get("/api/v1/training-assignments/")) == {assigned["B-1"].pk}
    assert api_client(cast.rep_a).get(f"/api/v1/training-assignments/{assigned['B-1'].pk}/").status_code == 404
    assert api_client(cast.employee).get(f"/api/v1/training-assignments/{assigned['E-2'].pk}/").status_code == 404


def test_the_quiz_is_read_without_its_marks_except_by_those_who_manage_it(cast, training):
    mine = api_client(cast.employee).get(f"/api/v1/training-modules/{training.secrets.pk}/").json()
    question = mine["current"]["questions"][0]
    assert question["multiple"] is True and "explanation" not in question
    assert all("correct" not in choice for choice in question["choices"])
    theirs = api_client(cast.hr).get(f"/api/v1/training-modules/{training.secrets.pk}/").json()
    assert any(choice["correct"] for choice in theirs["current"]["questions"][0]["choices"])
    assert _ids(api_client(cast.rep_a).get("/api/v1/training-modules/")) == set()


def test_the_person_assigned_submits_answers_through_the_api_and_may_retake(cast, training, assigned):
    version = training.secrets.current
    client = api_client(cast.employee)
    url = f"/api/v1/training-assignments/{assigned['E-1'].pk}/submit/"
    failed = client.post(url, {"version": version.pk, "answers": wrong_answers(version)}, format="json")
    assert failed.status_code == 201 and failed.json()["passed"] is False
    passed = client.post(url, {"version": version.pk, "answers": right_answers(version)}, format="json")
    assert passed.status_code == 201 and passed.json()["passed"] is True
    assert len(_ids(client.get("/api/v1/training-attempts/"))) == 2
    assert client.post(url, {"version": version.pk, "answers": right_answers(version)},
                       format="json").status_code == 403
    other = f"/api/v1/training-assignments/{assigned['E-2'].pk}/submit/"
    assert client.post(other, {"version": version.pk, "answers": right_answers(version)},
                       format="json").status_code == 404
    assert api_client(cast.hr).post(f"/api/v1/training-assignments/{assigned['E-2'].pk}/submit/",
                                    {"version": version.pk, "answers": right_answers(version)},
                                    format="json").status_code == 403


def test_only_hr_and_the_managers_create_assignments(cast, training):
    body = {"person": training.employee.pk, "module": training.rules.pk}
    assert api_client(cast.employee).post("/api/v1/training-assignments/", body, format="json").status_code == 403
    assert api_client(cast.auditor).post("/api/v1/training-assignments/", body, format="json").status_code == 403
    assert api_client(cast.rep_a).post("/api/v1/training-assignments/", body, format="json").status_code == 404
    created = api_client(cast.hr).post("/api/v1/training-assignments/", body, format="json")
    assert created.status_code == 201 and created.json()["person"] == training.employee.pk
    assert api_client(cast.hr).post("/api/v1/training-assignments/", body, format="json").status_code == 400


def test_an_employee_fails_then_passes_on_the_pages(cast, training, assigned):
    client = Client()
    sign_in(client, cast.employee)
    page = client.get(f"/training/assignments/{assigned['E-1'].pk}/")
    assert page.status_code == 200 and "秘密管理性" in page.content.decode()
    version = training.secrets.current
    data = {"version": version.pk, **{f"q{k}": v for k, v in wrong_answers(version).items()}}
    result = client.post(f"/training/assignments/{assigned['E-1'].pk}/submit/", data, follow=True)
    assert result.context["attempt"].passed is False and result.context["can_retake"]
    assert "data-testid=\"retake\"" in result.content.decode()
    data = {"version": version.pk, **{f"q{k}": v for k, v in right_answers(version).items()}}
    result = client.post(f"/training/assignments/{assigned['E-1'].pk}/submit/", data, follow=True)
    assert result.context["attempt"].passed is True and not result.context["can_retake"]
    assert client.get(f"/training/assignments/{assigned['E-2'].pk}/").status_code == 404
    assert client.get("/training/export.xlsx").status_code == 404


def test_the_auditor_downloads_the_workbook_and_a_supplier_sees_its_staff_only(cast, training, assigned):
    auditor = Client()
    sign_in(auditor, cast.auditor)
    response = auditor.get("/training/export.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    rep = Client()
    sign_in(rep, cast.rep_a)
    listing = rep.get("/training/assignments/")
    assert [a.person.employee_number for a in listing.context["page_obj"]] == ["A-1"]
    assert rep.get(f"/training/modules/{training.secrets.pk}/").status_code == 404
    assert rep.get("/training/export.xlsx").status_code == 404
