"""The one permission gate.

Every model of shuhi declares a `Scope`: the path from a row to the organisation that owns it
and, optionally, to the department, projects or person it concerns. `visible_to(user)` turns
that declaration into one queryset filter; selectors, views and API viewsets read only through
it. Single objects are fetched with `access_object`, which raises Http404 for anything outside
the user's reach so that a probe cannot tell "exists but forbidden" from "does not exist".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from shuhi.core.roles import FULL_VIEW_ROLES, READ_ONLY_ROLES, Role

if TYPE_CHECKING:
    from shuhi.core.models import User


class PermissionDenied(Exception):
    """The user may see the object but not do this to it."""


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
    """

    org: str
    department: str | None = None
    project: str | None = None
    person: str | None = None
    supplier_visible: bool = False
    supplier_writable: bool = False
    home_visible: str = "scoped"
    view_roles: frozenset[str] = FULL_VIEW_ROLES
    change_roles: frozenset[str] = frozenset({Role.ADMIN, Role.SECURITY_MANAGER})
    # Roles for which the department path applies; None means every home role.
    department_roles: frozenset[str] | None = None
    extra: tuple[str, ...] = field(default_factory=tuple)


def _is_active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def scope_filter(scope: Scope, user: User) -> Q | None:
    """The Q a user's reads are limited to; None means "everything", an empty Q(pk__in=[]) nothing."""
    nothing = Q(pk__in=[])
    if not _is_active(user) or user.organisation_id is None:
        return nothing
    if user.is_supplier:
        if not scope.supplier_visible:
            return nothing
        return Q(**{scope.org: user.organisation_id})
    if user.role in scope.view_roles:
        return None
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
    """Whether `user` may change `obj`, assuming they can already see it."""
    if not _is_active(user) or user.role in READ_ONLY_ROLES:
        return False
    scope: Scope = type(obj).scope
    if user.is_supplier:
        return scope.supplier_writable and owner_organisation_id(obj) == user.organisation_id
    if user.role in scope.change_roles:
        return True
    if user.role == Role.DEPT_MANAGER and scope.department:
        return _follow(obj, scope.department) == user.department_id
    return False


def access_object(user: User, model: type[models.Model], pk: Any, *, change: bool = False):
    """Fetch one object through the gate: 404 when out of reach, PermissionDenied when read-only."""
    try:
        obj = model.objects.visible_to(user).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("Not found.")) from exc
    if change and not can_change(user, obj):
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
