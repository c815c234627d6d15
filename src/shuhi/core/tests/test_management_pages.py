from __future__ import annotations

import pytest
from django.urls import reverse

from shuhi.core.audit.models import AuditEntry
from shuhi.core.models import Department, Organisation, Project

pytestmark = pytest.mark.django_db


def test_a_security_manager_registers_a_sub_supplier_from_the_suppliers_page(client, cast, login):
    login(cast.security)
    response = client.post(reverse("core:suppliers"), {"name": "デルタ電子", "parent": cast.supplier_a.pk})
    assert response.status_code == 302
    created = Organisation.objects.get(name="デルタ電子")
    assert created.parent == cast.supplier_a
    table = client.get(reverse("core:suppliers")).content.decode().split("<table", 1)[1]
    assert table.index(cast.supplier_a.name) < table.index("デルタ電子")


def test_a_duplicate_supplier_name_is_shown_next_to_the_field(client, cast, login):
    login(cast.security)
    response = client.post(reverse("core:suppliers"), {"name": cast.supplier_a.name})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_an_employee_cannot_register_suppliers(client, cast, login):
    login(cast.employee)
    assert client.post(reverse("core:suppliers"), {"name": "x"}).status_code == 403
    assert not Organisation.objects.filter(name="x").exists()


def test_managers_add_departments_and_projects(client, cast, login):
    login(cast.admin)
    client.post(reverse("core:department_create"), {"department-name": "品質保証部"})
    assert Department.objects.filter(name="品質保証部", organisation=cast.home).exists()
    login(cast.owner)
    client.post(reverse("core:project_create"), {"project-name": "試作ライン", "project-department": cast.dev.pk})
    assert Project.objects.filter(name="試作ライン").exists()


def test_an_admin_changes_a_role_and_the_page_shows_the_history(client, cast, login):
    login(cast.admin)
    response = client.post(reverse("core:person", args=[cast.employee.pk]), {
        "full_name": cast.employee.full_name, "role": "dept_manager", "department": cast.dev.pk, "is_active": "on",
    })
    assert response.status_code == 302
    cast.employee.refresh_from_db()
    assert cast.employee.role == "dept_manager"
    page = client.get(reverse("core:person", args=[cast.employee.pk])).content.decode()
    assert "user.update" in page
    assert AuditEntry.objects.filter(action="user.update", actor=cast.admin).exists()


def test_an_auditor_sees_a_person_but_cannot_change_them(client, cast, login):
    login(cast.auditor)
    assert client.get(reverse("core:person", args=[cast.employee.pk])).status_code == 200
    response = client.post(reverse("core:person", args=[cast.employee.pk]), {"role": "admin"})
    assert response.status_code == 403
    cast.employee.refresh_from_db()
    assert cast.employee.role == "employee"


def test_the_people_list_filters_by_department_and_paginates(client, cast, login):
    login(cast.admin)
    response = client.get(reverse("core:people"), {"department": cast.sales.pk})
    names = {p.email for p in response.context["page_obj"].object_list}
    assert names == {cast.sales_employee.email}
    fragment = client.get(reverse("core:people"), {"q": "employee"}, HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode()


def test_an_empty_search_shows_a_clear_empty_state(client, cast, login):
    login(cast.admin)
    page = client.get(reverse("core:people"), {"q": "存在しない名前"}).content.decode()
    assert "empty-state" in page
