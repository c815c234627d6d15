"""The role-grant matrix: every role tries to give every role to itself and to others, through the
API, the people pages and invitations; only what core/roles.py GRANTABLE_ROLES allows succeeds.

The outside probe made a department manager administrator with one PATCH to his own account.
"""

from __future__ import annotations

import pytest
from django.test import Client

from shuhi.accounts.models import Invitation
from shuhi.core.models import User
from shuhi.core.roles import GRANTABLE_ROLES, HOME_ROLES, SUPPLIER_ROLES, Role
from shuhi.testing.cast import api_client, sign_in

ACTORS = ["admin", "security", "owner", "hr", "auditor", "employee", "rep_a"]


def _expected(actor: User, target: User, role: str) -> bool:
    """The table: only administrators edit accounts, never their own, and give only grantable,
    fitting roles."""
    fits = role in (SUPPLIER_ROLES if target.is_supplier else HOME_ROLES)
    return (actor.role == Role.ADMIN and actor.pk != target.pk and fits
            and role in GRANTABLE_ROLES.get(actor.role, frozenset()))


def _targets(cast, actor: User) -> list[User]:
    return [actor, cast.sales_employee, cast.rep_b]


@pytest.mark.parametrize("who", ACTORS)
def test_through_the_api_only_the_tables_grants_succeed(cast, who):
    actor = getattr(cast, who)
    client = api_client(actor)
    for target in _targets(cast, actor):
        original = target.role
        for role in Role.values:
            response = client.patch(f"/api/v1/users/{target.pk}/", {"role": role}, format="json")
            now = User.objects.get(pk=target.pk).role
            if _expected(actor, target, role):
                assert response.status_code == 200, (who, target.email, role, response.content)
                assert now == role
                User.objects.filter(pk=target.pk).update(role=original)
            else:
                assert response.status_code in (400, 403, 404), (who, target.email, role, response.status_code)
                assert now == original, (who, target.email, role)


@pytest.mark.parametrize("who", ACTORS)
def test_through_the_people_page_only_the_tables_grants_succeed(cast, who):
    actor = getattr(cast, who)
    client = Client()
    sign_in(client, actor)
    for target in _targets(cast, actor):
        original = target.role
        for role in Role.values:
            data = {"full_name": target.full_name, "role": role, "is_active": "on"}
            response = client.post(f"/people/{target.pk}/", data)
            now = User.objects.get(pk=target.pk).role
            if _expected(actor, target, role):
                assert response.status_code == 302, (who, target.email, role)
                assert now == role
                User.objects.filter(pk=target.pk).update(role=original)
            else:
                assert now == original, (who, target.email, role, response.status_code)


@pytest.mark.parametrize("who", ACTORS)
def test_through_invitations_only_the_tables_grants_succeed(cast, who):
    actor = getattr(cast, who)
    client = Client()
    sign_in(client, actor)
    for number, role in enumerate(Role.values):
        organisation = cast.supplier_a if role in SUPPLIER_ROLES else cast.home
        client.post("/accounts/invitations/", {
            "full_name": "招待", "email": f"new{number}@example.com", "organisation": organisation.pk, "role": role,
        })
        made = Invitation.objects.filter(email=f"new{number}@example.com").exists()
        allowed = actor.role in (Role.ADMIN, Role.SECURITY_MANAGER) and role in GRANTABLE_ROLES[actor.role]
        assert made == allowed, (who, role)


def test_a_department_manager_cannot_promote_himself_as_the_probe_did(cast):
    client = api_client(cast.owner)
    response = client.patch(f"/api/v1/users/{cast.owner.pk}/", {"role": "admin"}, format="json")
    assert response.status_code == 403
    cast.owner.refresh_from_db()
    assert cast.owner.role == Role.DEPT_MANAGER


def test_a_department_manager_cannot_move_or_deactivate_the_people_of_his_department(cast):
    client = api_client(cast.owner)
    moved = client.patch(f"/api/v1/users/{cast.employee.pk}/", {"department": cast.sales.pk}, format="json")
    deactivated = client.patch(f"/api/v1/users/{cast.employee.pk}/", {"is_active": False}, format="json")
    assert (moved.status_code, deactivated.status_code) == (403, 403)
    cast.employee.refresh_from_db()
    assert (cast.employee.department_id, cast.employee.is_active) == (cast.dev.pk, True)


def test_the_edit_form_offers_only_roles_the_editor_may_give(cast, login):
    client = login(cast.admin)
    page = client.get(f"/people/{cast.employee.pk}/").content.decode()
    assert 'value="supplier_rep"' not in page
    assert 'value="admin"' in page
    assert 'name="role"' not in login(cast.owner).get(f"/people/{cast.employee.pk}/").content.decode()


def test_an_invitation_cannot_put_a_supplier_representative_into_an_outsourcer_department(cast, login):
    client = login(cast.admin)
    client.post("/accounts/invitations/", {
        "full_name": "侵入", "email": "intruder@a.example", "organisation": cast.supplier_a.pk,
        "role": "supplier_rep", "department": cast.dev.pk,
    })
    assert not Invitation.objects.filter(email="intruder@a.example").exists()
