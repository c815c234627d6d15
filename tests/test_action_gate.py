"""Every action goes through one gate: a `can_<verb>` built on core/roles.py, enforced by the service.

The table in docs/development/permissions.md is generated from the same registry, so what the
documentation promises is what these tests prove.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from shuhi.core import action_table
from shuhi.core.permissions import ACTIONS, PermissionDenied, SystemActor
from shuhi.core.roles import Role

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "shuhi"
CAST_BY_ROLE = {
    Role.ADMIN: "admin", Role.SECURITY_MANAGER: "security", Role.DEPT_MANAGER: "owner", Role.HR: "hr",
    Role.AUDITOR: "auditor", Role.EMPLOYEE: "employee", Role.SUPPLIER_REP: "rep_a",
}


@pytest.fixture(scope="module", autouse=True)
def _all_actions():
    action_table.load_permission_modules()


def _services():
    return sorted(action_table.writing_services())


def test_every_service_that_takes_an_actor_enforces_an_action():
    unguarded = [name for name, func in _services()
                 if not hasattr(func, "enforced_by") and name not in action_table.UNGUARDED_SERVICES]
    assert not unguarded, f"guard these with @enforces(can_...): {unguarded}"


@pytest.mark.parametrize("name", [name for name, func in _services() if hasattr(func, "enforced_by")])
def test_each_service_refuses_an_anonymous_or_missing_actor_before_doing_anything(db, name):
    func = dict(_services())[name]
    for actor in (AnonymousUser(), None, "cli"):
        with pytest.raises(PermissionDenied):
            func(actor=actor)


@pytest.mark.parametrize("name", [name for name, func in _services() if hasattr(func, "enforced_by")])
def test_each_service_refuses_every_role_the_table_does_not_list(cast, name):
    func = dict(_services())[name]
    allowed = func.enforced_by.action.roles
    for role, member in CAST_BY_ROLE.items():
        if role in allowed:
            continue
        with pytest.raises(PermissionDenied):
            func(actor=getattr(cast, member))


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_each_action_admits_the_system_and_refuses_strangers(cast, name):
    decide = ACTIONS[name].decide
    assert decide(SystemActor("test")) is True
    assert decide(AnonymousUser()) is False
    assert decide(None) is False
    cast.admin.is_active = False
    assert decide(cast.admin) is False


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_each_action_refuses_the_roles_it_does_not_list(cast, name):
    action = ACTIONS[name]
    for role, member in CAST_BY_ROLE.items():
        if role not in action.roles:
            assert action.decide(getattr(cast, member)) is False, (name, role)


def test_the_permissions_page_lists_every_action_as_the_code_decides():
    page = ROOT / "docs" / "development" / "permissions.md"
    assert page.read_text(encoding="utf-8") == action_table.markdown(), (
        "run: DJANGO_SETTINGS_MODULE=shuhi.settings python -m shuhi.core.action_table > "
        "docs/development/permissions.md")


def _role_literals(path: Path) -> list[str]:
    values = set(Role.values)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in values:
            found.append(f"{path.relative_to(SRC)}:{node.lineno} {node.value!r}")
    return found


def test_no_module_but_core_roles_spells_a_role_as_a_string():
    skip = {"migrations", "tests", "testing", "logreview", "documents", "locale"}
    hits = []
    for path in SRC.rglob("*.py"):
        parts = set(path.relative_to(SRC).parts)
        if parts & skip or path == SRC / "core" / "roles.py":
            continue
        hits += _role_literals(path)
    assert not hits, hits


def test_the_one_permission_error_is_a_403_in_pages_and_the_api():
    from django.core.exceptions import PermissionDenied as DjangoPermissionDenied

    assert issubclass(PermissionDenied, DjangoPermissionDenied)
    assert "actor" in inspect.signature(inspect.unwrap(dict(_services())["core.services.user_update"])).parameters
