"""The REST API: risks (each change a version), versions read-only, cases; who may do what."""

from __future__ import annotations

import pytest

from shuhi.risks import services
from shuhi.risks.models import InsiderRisk, LeakCase
from shuhi.risks.testing import make_risk
from shuhi.testing.cast import api_client

pytestmark = pytest.mark.django_db


def test_a_manager_creates_and_changes_a_risk_and_each_change_is_a_version(cast):
    client = api_client(cast.security)
    created = client.post("/api/v1/insider-risks/", {"title": "私物端末", "likelihood": 3, "impact": 4,
                                                     "asset_categories": ["technical"]}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["score"] == 12 and created.json()["band"] == "high"
    pk = created.json()["id"]
    changed = client.patch(f"/api/v1/insider-risks/{pk}/", {"impact": 1, "reason": "禁止した"}, format="json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    versions = client.get("/api/v1/insider-risk-versions/", {"risk": pk}).json()["results"]
    assert [v["number"] for v in versions] == [2, 1] and versions[0]["reason"] == "禁止した"
    assert client.patch(f"/api/v1/insider-risk-versions/{versions[0]['id']}/", {"reason": "x"},
                        format="json").status_code == 405


def test_remove_and_restore_through_the_api(cast):
    risk = make_risk(cast)
    client = api_client(cast.security)
    assert client.post(f"/api/v1/insider-risks/{risk.pk}/remove/", {"reason": "重複"}, format="json").status_code == 200
    assert client.get("/api/v1/insider-risks/").json()["count"] == 0
    assert client.get("/api/v1/insider-risks/", {"deleted": "yes"}).json()["count"] == 1
    assert client.post(f"/api/v1/insider-risks/{risk.pk}/restore/", {}, format="json").status_code == 200
    assert InsiderRisk.objects.get(pk=risk.pk).deleted_at is None


def test_an_auditor_reads_but_may_not_write_and_an_employee_sees_no_risk(cast):
    risk = make_risk(cast)
    auditor = api_client(cast.auditor)
    assert auditor.get("/api/v1/insider-risks/").json()["count"] == 1
    assert auditor.patch(f"/api/v1/insider-risks/{risk.pk}/", {"impact": 1}, format="json").status_code == 403
    assert auditor.post("/api/v1/insider-risks/", {"title": "x"}, format="json").status_code == 403
    employee = api_client(cast.employee)
    assert employee.get("/api/v1/insider-risks/").json()["count"] == 0
    assert employee.get(f"/api/v1/insider-risks/{risk.pk}/").status_code == 404
    assert employee.get("/api/v1/insider-risk-versions/").json()["count"] == 0


def test_cases_are_read_by_staff_and_written_and_deleted_by_managers(cast):
    services.cases_load_starter_set(actor=cast.security, organisation=cast.home)
    employee = api_client(cast.employee)
    assert employee.get("/api/v1/leak-cases/").json()["count"] == 10
    case = LeakCase.objects.first()
    assert employee.post(f"/api/v1/leak-cases/{case.pk}/remove/").status_code == 403
    manager = api_client(cast.security)
    made = manager.post("/api/v1/leak-cases/", {"title": "事例", "occurred_on": "2024-02-01", "summary": "要約",
                                                "source_name": "報道", "principles": ["excuse"]}, format="json")
    assert made.status_code == 201, made.content
    bad = manager.post("/api/v1/leak-cases/", {"title": "事例", "occurred_on": "2024-02-01", "summary": "要約",
                                               "source_name": "報道", "principles": ["nope"]}, format="json")
    assert bad.status_code == 400
    assert manager.post(f"/api/v1/leak-cases/{case.pk}/remove/").status_code == 204
    assert not LeakCase.objects.filter(pk=case.pk).exists()
    assert employee.get("/api/v1/leak-cases/", {"principle": "excuse"}).json()["count"] >= 1


def test_a_supplier_reaches_nothing_through_the_api(cast):
    risk = make_risk(cast)
    services.cases_load_starter_set(actor=cast.security, organisation=cast.home)
    client = api_client(cast.rep_a)
    for prefix in ("insider-risks", "insider-risk-versions", "leak-cases"):
        response = client.get(f"/api/v1/{prefix}/")
        assert response.status_code == 200 and response.json()["count"] == 0, prefix
    assert client.get(f"/api/v1/insider-risks/{risk.pk}/").status_code == 404
    assert client.post("/api/v1/insider-risks/", {"title": "x", "likelihood": 1, "impact": 1},
                       format="json").status_code == 404
    assert client.post(f"/api/v1/leak-cases/{LeakCase.objects.first().pk}/remove/").status_code == 404
