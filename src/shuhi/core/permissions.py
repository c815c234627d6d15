"""The one permission gate, for reads and for actions.

Reads: every model of shuhi declares a `Scope`: the path from a row to the organisation that owns it
and, optionally, to the department, projects or person it concerns. `visible_to(user)` turns
that declaration into one queryset filter; selectors, views and API viewsets read only through
it. Single objects are fetched with `access_object`, which raises Http404 for anything outside
the user's reach so that a probe cannot tell "exists but forbidden" from "does not exist".

Actions: each app's permissions.py holds `can_<verb>(user, obj=None) -> bool` functions made
with `@action(roles=...)` from the role sets of core/roles.py. Services enforce them with
`@enforces(...)` or `require(...)`, which raise the one `PermissionDenied`; pages and the API map
it to 403 (404 when the object itself is out of reach) and take their buttons from the same
functions. Trusted code without a log-in (commands, jobs, demo data) acts as a `SystemActor`;
an anonymous or missing actor is refused everywhere.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from shuhi.core.roles import (
    ADMINS,
    ASSET_OWNERS,
    EVERY_ROLE,
    FULL_VIEW_ROLES,
    GRANTABLE_ROLES,
    MANAGERS,
    READ_ONLY_ROLES,
    SUPPLIER_ROLES,
    Role,
    grantable_roles,
)

if TYPE_CHECKING:
    from shuhi.core.models import User


class PermissionDenied(DjangoPermissionDenied):
    """The user may see the object but not do this to it.

    Django's own exception underneath, so that pages answer 403 and the API its 403 error
    without a view having to translate it.
    """


class SystemActor:
    """Trusted code acting with no log-in: command-line tools, background jobs, demo data.

    It passes every action check. Only code on the server can hold one; no request can.
    """

    is_authenticated = False
    is_active = True
    is_supplier = False
    pk = None
    organisation_id = None
    department_id = None
    role = None

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        # What the audit log shows as the actor: "cli", "job", "demo", as before there were objects.
        return self.name

    def __repr__(self) -> str:
        return f"SystemActor({self.name!r})"


SYSTEM_CLI = SystemActor("cli")
SYSTEM_JOB = SystemActor("job")
SYSTEM_DEMO = SystemActor("demo")


def is_system(actor: Any) -> bool:
    return isinstance(actor, SystemActor)


def is_member(actor: Any) -> bool:
    """A signed-in, active user of some organisation: the only kind of person who may act."""
    return _is_active(actor) and getattr(actor, "organisation_id", None) is not None


@dataclass(frozen=True)
class Action:
    """One thing a user may do, as listed in docs/development/permissions.md."""

    name: str
    roles: frozenset[str]
    decide: Callable[..., bool]
    rule: str


ACTIONS: dict[str, Action] = {}


def action(*, roles: frozenset[str], rule: str = ""):
    """Make `func(user, obj)` an action check open to `roles` (suppliers: Role.SUPPLIER_REP).

    The wrapper answers the questions every check shares, so that no app can forget one: a
    system actor may; an anonymous, inactive or missing actor may not; a role outside `roles`
    may not. `func` then decides by the object (own department, own organisation, state).
    `rule` says in words what `func` adds, for the permissions table.
    """

    def decorate(func: Callable[..., bool]) -> Callable[..., bool]:
        @functools.wraps(func)
        def decide(user: Any, obj: Any = None) -> bool:
            if is_system(user):
                return True
            if not is_member(user) or not role_in(user, roles):
                return False
            return bool(func(user, obj))

        name = f"{func.__module__.removeprefix('shuhi.').removesuffix('.permissions')}.{func.__name__}"
        decide.action = Action(name=name, roles=frozenset(roles), decide=decide, rule=rule)  # type: ignore[attr-defined]
        ACTIONS[name] = decide.action  # type: ignore[attr-defined]
        return decide

    return decorate


def role_in(user: Any, roles: frozenset[str]) -> bool:
    """Whether the user acts in one of `roles`; a supplier's user only ever as a supplier."""
    if getattr(user, "is_supplier", False):
        return bool(SUPPLIER_ROLES & roles)
    return getattr(user, "role", None) in roles


def of_own_organisation(user: Any, obj: Any) -> bool:
    """Whether obj (a row with organisation_id, or an Organisation) is the user's own organisation's;
    True when there is no object yet (the check is then about the actor alone)."""
    if obj is None:
        return True
    return getattr(obj, "organisation_id", getattr(obj, "pk", None)) == user.organisation_id


def require(allowed: bool, message: str | None = None) -> None:
    """The one way services refuse an action."""
    if not allowed:
        raise PermissionDenied(message or _("You are not allowed to do this."))


def require_action(check: Callable[..., bool], user: Any, obj: Any = None) -> None:
    """`require(check(user, obj))` for a request, but 404 for a supplier's user when the action
    is one no supplier may take: to them that part of the outsourcer does not exist."""
    if getattr(user, "is_supplier", False) and not SUPPLIER_ROLES & check.action.roles:
        raise Http404(_("Not found."))
    require(check(user, obj))


def enforces(check: Callable[..., bool], obj: str | None = None, message: str | None = None):
    """Decorate a service `f(*, actor, ...)`: refuse before anything else unless `check(actor, obj)`.

    obj names the keyword argument holding the object acted on; without it the check is about
    the actor alone (creating something, for example). Refusing first means a forbidden request
    never learns, from a validation message, what exists.
    """

    def decorate(service: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(service)
        if "actor" not in signature.parameters:
            raise TypeError(f"{service.__qualname__} takes no actor")

        @functools.wraps(service)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            actor = kwargs.get("actor")
            target = kwargs.get(obj) if obj else None
            require(check(actor, target), message)
            return service(*args, **kwargs)

        guarded.enforced_by = check  # type: ignore[attr-defined]
        return guarded

    return decorate


@dataclass(frozen=True)
class Scope:
    """Who may see rows of a model.

    org: lookup path to the owning Organisation's id ("pk" for Organisation itself).
    department / project / person: optional lookup paths that widen what ordinary home users
        see: rows of their department, of their projects, or about themselves.
    supplier_visible: whether a supplier's user sees the rows owned by their organisation.
    home_visible: "all" lets every home user read every home row (reference data such as
        departments); "scoped" limits roles outside FULL_VIEW_ROLES to department/project/person.
    view_roles: roles that see all rows; others see nothing unless department/project/person match.
    change_roles: home roles that may change rows they can see (suppliers change only rows of
        their own organisation, and only where supplier_writable).
    supplier_owned: org always leads to a supplier; the home organisation is the counterparty.
    """

    org: str
    department: str | None = None
    project: str | None = None
    person: str | None = None
    supplier_visible: bool = False
    supplier_writable: bool = False
    home_visible: str = "scoped"
    view_roles: frozenset[str] = FULL_VIEW_ROLES
    change_roles: frozenset[str] = MANAGERS
    # Roles for which the department path applies; None means every home role.
    department_roles: frozenset[str] | None = None
    # Roles that change the rows of their own department (besides change_roles).
    department_editors: frozenset[str] = frozenset({Role.DEPT_MANAGER})
    extra: tuple[str, ...] = field(default_factory=tuple)
    # Rows that always belong to a supplier's side (an NDA, a disclosure): the outsourcer reads and
    # changes them as the other party and never owns one, so the world has no home-owned row of them.
    supplier_owned: bool = False
    # A second path to an organisation whose supplier users also see the row: the sub-supplier
    # that holds what its supplier passed on sees that record, though the supplier owns it.
    supplier_also: str | None = None
    # Rows addressed to one user (a notification): the lookup path to that user. Only they see the
    # row, even among colleagues of their own organisation or department; view_roles see every row.
    personal: str | None = None


def _is_active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_home_member(user: Any) -> bool:
    return is_member(user) and not user.is_supplier


def scope_filter(scope: Scope, user: User) -> Q | None:
    """The Q a user's reads are limited to; None means "everything", an empty Q(pk__in=[]) nothing."""
    nothing = Q(pk__in=[])
    if not _is_active(user) or user.organisation_id is None:
        return nothing
    if user.is_supplier:
        if not scope.supplier_visible:
            return nothing
        own = Q(**{scope.org: user.organisation_id})
        if scope.personal:
            return own & Q(**{scope.personal: user.pk})
        return own | Q(**{scope.supplier_also: user.organisation_id}) if scope.supplier_also else own
    if user.role in scope.view_roles:
        return None
    if scope.personal:
        return Q(**{scope.personal: user.pk})
    if scope.home_visible == "all":
        return None
    allowed = nothing
    if scope.department and user.department_id and (
        scope.department_roles is None or user.role in scope.department_roles
    ):
        allowed |= Q(**{scope.department: user.department_id})
    if scope.project:
        allowed |= Q(**{f"{scope.project}__in": user.projects.values("pk")})
    if scope.person:
        allowed |= Q(**{scope.person: user.pk})
    return allowed


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ScopedQuerySet:
        condition = scope_filter(self.model.scope, user)
        if condition is None:
            return self.all()
        # distinct() because project and person paths can cross many-to-many relations.
        return self.filter(condition).distinct()


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass


def can_change(user: User, obj: models.Model) -> bool:
    """Whether `user` may change `obj` by its model's Scope, assuming they can already see it.

    The generic object rule that the apps' `can_<verb>` functions build on.
    """
    if is_system(user):
        return True
    if not is_member(user) or user.role in READ_ONLY_ROLES:
        return False
    scope: Scope = type(obj).scope
    if user.is_supplier:
        return scope.supplier_writable and owner_organisation_id(obj) == user.organisation_id
    if user.role in scope.change_roles:
        return True
    if user.role in scope.department_editors and scope.department:
        return user.department_id is not None and _follow(obj, scope.department) == user.department_id
    return False


def access_object(user: User, model: type[models.Model], pk: Any, *, change: bool = False,
                  may: Callable[..., bool] | None = None):
    """Fetch one object through the gate: 404 when out of reach, PermissionDenied when the action
    `may(user, obj)` (or, with change=True, the model's generic change rule) refuses it."""
    try:
        obj = model.objects.visible_to(user).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404(_("Not found.")) from exc
    if change and not can_change(user, obj):
        raise PermissionDenied(_("You may view this but not change it."))
    if may is not None and not may(user, obj):
        raise PermissionDenied(_("You may view this but not change it."))
    return obj


def require_change(user: User, obj: models.Model) -> None:
    if not can_change(user, obj):
        raise PermissionDenied(_("You may view this but not change it."))


def _follow(obj: models.Model, path: str) -> Any:
    """Walk a lookup path ("department__organisation") in Python; the last step yields an id."""
    parts = path.split("__")
    current: Any = obj
    for index, part in enumerate(parts):
        if current is None:
            return None
        last = index == len(parts) - 1
        if part == "pk":
            return current.pk
        if last and hasattr(current, f"{part}_id"):
            return getattr(current, f"{part}_id")
        current = getattr(current, part)
    return current.pk if isinstance(current, models.Model) else current


def owner_organisation_id(obj: models.Model) -> Any:
    return _follow(obj, type(obj).scope.org)


# ---- core's own actions: organisations, departments, projects, users -------------------------


@action(roles=MANAGERS)
def can_register_supplier(user: User, obj: Any = None) -> bool:
    return True


@action(roles=MANAGERS)
def can_create_department(user: User, obj: Any = None) -> bool:
    return True


@action(roles=ASSET_OWNERS, rule="department managers: projects of their own department")
def can_create_project(user: User, department: Any = None) -> bool:
    if user.role in MANAGERS:
        return True
    return department is None or getattr(department, "pk", department) == user.department_id


@action(roles=ADMINS, rule="users they can see, never themselves")
def can_edit_user(user: User, person: Any = None) -> bool:
    # Nobody edits their own role, department or active flag: that is how a manager would
    # promote themselves or lock the last administrator out.
    return person is None or person.pk != user.pk


@action(roles=ADMINS)
def can_create_user(user: User, obj: Any = None) -> bool:
    return True


@action(roles=frozenset(GRANTABLE_ROLES), rule="only the roles core/roles.py GRANTABLE_ROLES gives their role")
def can_grant_role(user: User, role: Any = None) -> bool:
    return role is None or role in grantable_roles(user.role)


@action(roles=EVERY_ROLE, rule="only their own account")
def can_change_own_account(user: User, person: Any = None) -> bool:
    return person is not None and person.pk == user.pk
