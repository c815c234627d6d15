from __future__ import annotations

import pytest

from shuhi.core.audit.models import AuditEntry
from shuhi.core.models import Organisation
from shuhi.testing.cast import api_client

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_and_lists_the_routes(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/organisations/" in schema["paths"]
    assert "/api/v1/audit-entries/" in schema["paths"]


def test_lists_are_paginated(cast):
    client = api_client(cast.admin)
    body = client.get("/api/v1/users/", {"page_size": 3}).json()
    assert set(body) >= {"count", "next", "previous", "results"}
    assert len(body["results"]) == 3
    assert body["count"] > 3
    assert body["next"]


def test_validation_errors_name_the_fields(cast):
    client = api_client(cast.admin)
    response = client.post("/api/v1/organisations/", {"name": ""}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "name" in error["fields"]


def test_a_security_manager_creates_a_supplier_and_it_is_audited(cast):
    client = api_client(cast.security)
    response = client.post("/api/v1/organisations/", {"name": "デルタ電子", "parent": cast.supplier_a.pk},
                           format="json")
    assert response.status_code == 201, response.content
    created = Organisation.objects.get(name="デルタ電子")
    assert created.parent == cast.supplier_a
    assert created.kind == Organisation.Kind.SUPPLIER
    entry = AuditEntry.objects.get(action="organisation.create", object_id=str(created.pk))
    assert entry.actor == cast.security
    assert entry.source == "api"


def test_an_employee_cannot_create_organisations(cast):
    response = api_client(cast.employee).post("/api/v1/organisations/", {"name": "x"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_an_auditor_reads_the_audit_log_but_cannot_change_users(cast):
    client = api_client(cast.auditor)
    assert client.get("/api/v1/audit-entries/").json()["count"] > 0
    response = client.patch(f"/api/v1/users/{cast.employee.pk}/", {"role": "admin"}, format="json")
    assert response.status_code == 403
    cast.employee.refresh_from_db()
    assert cast.employee.role == "employee"


def test_an_admin_changes_a_role_through_the_api(cast):
    response = api_client(cast.admin).patch(f"/api/v1/users/{cast.employee.pk}/", {"role": "hr"}, format="json")
    assert response.status_code == 200
    cast.employee.refresh_from_db()
    assert cast.employee.role == "hr"


def test_a_department_manager_sees_only_their_department_and_projects(cast):
    client = api_client(cast.owner)
    names = {row["name"] for row in client.get("/api/v1/projects/").json()["results"]}
    assert names == {cast.project.name}
    users = {row["email"] for row in client.get("/api/v1/users/", {"page_size": 500}).json()["results"]}
    assert cast.employee.email in users
    assert cast.sales_employee.email not in users
