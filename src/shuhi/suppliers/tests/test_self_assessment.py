"""Self-assessment: the outsourcer's own self-check, and a supplier assessing and improving itself privately."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shuhi.suppliers.models import Assessment, ImprovementItem
from shuhi.suppliers.selectors import supplier_risks, supplier_rows
from shuhi.suppliers.testing import _answer_everything

pytestmark = pytest.mark.django_db
SURVEY_URL = "https://www.ipa.go.jp/security/reports/economics/ts-kanri/20240530.html"


def post_answers(client, assessment, **overrides):
    data = {f"q-{qid}": value for qid, value in {**_answer_everything(assessment), **overrides}.items()}
    client.post(reverse("suppliers:assessment", args=[assessment.pk]), {**data, "action": "submit"})
    return client.post(reverse("suppliers:submit", args=[assessment.pk]))


def own_assessment(client, cast, login):
    """Supplier A's representative starts, answers and submits a self-assessment from the portal."""
    login(cast.rep_a)
    response = client.post(reverse("suppliers:own_assessment"))
    assessment = Assessment.objects.get(supplier=cast.supplier_a, campaign=None)
    assert response.url == reverse("suppliers:assessment", args=[assessment.pk])
    post_answers(client, assessment, **{"VP-2": "no", "LG-1": "no"})
    assessment.refresh_from_db()
    return assessment


def test_a_supplier_assesses_itself_sees_its_benchmark_and_plans_its_own_improvements(client, cast, setup, login):
    assessment = own_assessment(client, cast, login)
    assert assessment.private and assessment.status == Assessment.Status.ACCEPTED
    assert assessment.versions.get().outcome == "accepted"
    report = client.get(reverse("suppliers:report", args=[assessment.pk]))
    assert report.status_code == 200 and report.context["placements"] and SURVEY_URL in report.content.decode()
    assert report.context["can_plan"] and report.context["can_share"]
    assert client.get(reverse("suppliers:report_pdf", args=[assessment.pk])).content.startswith(b"%PDF")
    client.post(reverse("suppliers:plan", args=[assessment.pk]), {"q": ["VP-2", "LG-1"], "due_date": "2030-01-31"})
    item = ImprovementItem.objects.get(assessment=assessment, question_id="VP-2")
    client.post(reverse("suppliers:improvement", args=[item.pk]), {
        "status": "in_progress", "due_date": "2030-06-30", "practice": "A4一枚の方針を作る", "notes": ""})
    item.refresh_from_db()
    # Its own plan: the supplier sets the due date and the wording itself.
    assert (item.status, item.due_date.isoformat(), item.practice) == ("in_progress", "2030-06-30",
                                                                      "A4一枚の方針を作る")
    assert {i.pk for i in client.get(reverse("suppliers:improvements")).context["page_obj"].object_list} == set(
        ImprovementItem.objects.filter(assessment=assessment).values_list("pk", flat=True))


def test_nobody_outside_the_supplier_sees_its_self_assessment_until_it_shares_it(client, cast, setup, login,
                                                                                 api_client_for):
    assessment = own_assessment(client, cast, login)
    client.post(reverse("suppliers:plan", args=[assessment.pk]), {"q": ["VP-2"]})
    item = ImprovementItem.objects.get(assessment=assessment)
    version = assessment.versions.get()
    for user in (cast.admin, cast.security, cast.auditor, cast.rep_b, cast.rep_sub_a):
        login(user)
        for name in ("suppliers:assessment", "suppliers:report", "suppliers:report_pdf", "suppliers:excel"):
            assert client.get(reverse(name, args=[assessment.pk])).status_code == 404, (user, name)
        assert client.get(reverse("suppliers:improvement", args=[item.pk])).status_code == 404
        assert client.get(reverse("suppliers:version", args=[version.pk])).status_code == 404
        assert client.post(reverse("suppliers:share", args=[assessment.pk])).status_code == 404
        api = api_client_for(user)
        assert assessment.pk not in {row["id"] for row in api.get("/api/v1/assessments/").json()["results"]}
        assert api.get(f"/api/v1/improvement-items/{item.pk}/").status_code == 404
    assert all(row["assessment"].pk != assessment.pk for row in supplier_rows(user=cast.admin)
               if row["org"] == cast.supplier_a)
    assert next(r for r in supplier_risks(user=cast.admin) if r.org == cast.supplier_a).maturity is None
    login(cast.rep_a)
    client.post(reverse("suppliers:share", args=[assessment.pk]))
    assert not Assessment.objects.get(pk=assessment.pk).private
    login(cast.security)
    assert client.get(reverse("suppliers:report", args=[assessment.pk])).status_code == 200
    assert client.get(reverse("suppliers:improvement", args=[item.pk])).status_code == 200
    assert next(r for r in supplier_risks(user=cast.admin) if r.org == cast.supplier_a).maturity is not None


def test_only_a_supplier_representative_starts_a_self_assessment_from_the_portal(client, cast, setup, login):
    login(cast.admin)
    assert client.post(reverse("suppliers:own_assessment")).url == reverse("suppliers:portal")
    login(cast.rep_a)
    client.post(reverse("suppliers:own_assessment"))
    client.post(reverse("suppliers:own_assessment"))
    # An open draft is reused rather than a second one started.
    assert Assessment.objects.filter(campaign=None).count() == 1


def test_the_outsourcers_own_self_check_runs_end_to_end_and_shows_the_benchmark(client, cast, setup, login):
    login(cast.security)
    page = client.get(reverse("suppliers:framework", args=[setup["framework"].pk]))
    assert reverse("suppliers:self_check", args=[setup["framework"].pk]) in page.content.decode()
    response = client.post(reverse("suppliers:self_check", args=[setup["framework"].pk]))
    assessment = Assessment.objects.get(supplier=cast.home)
    assert response.url == reverse("suppliers:assessment", args=[assessment.pk]) and not assessment.private
    assert assessment.pk in {a.pk for a, _due, _journey in client.get(reverse("suppliers:portal")).context["rows"]}
    post_answers(client, assessment, **{"ID-3": "partly"})
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.ACCEPTED
    report = client.get(reverse("suppliers:report", args=[assessment.pk]))
    placements = {p["key"]: p for p in report.context["placements"]}
    assert placements["label_display_rules"]["status"] == "partly" and SURVEY_URL in report.content.decode()
    client.post(reverse("suppliers:plan", args=[assessment.pk]), {"q": ["ID-3"]})
    assert ImprovementItem.objects.get(assessment=assessment).question_id == "ID-3"
    login(cast.auditor)
    assert client.get(reverse("suppliers:report", args=[assessment.pk])).status_code == 200
    login(cast.rep_a)
    assert client.get(reverse("suppliers:report", args=[assessment.pk])).status_code == 404
