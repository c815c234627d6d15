"""Writes for organisations, departments, projects and users. Each records itself in the audit log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shuhi.core import permissions as can
from shuhi.core.audit.services import audit_record, snapshot
from shuhi.core.models import Department, Organisation, Project, User
from shuhi.core.permissions import enforces, require
from shuhi.core.roles import SUPPLIER_ROLES


@enforces(can.can_register_supplier)
@transaction.atomic
def organisation_create(
    *, actor: Any, name: str, kind: str = Organisation.Kind.SUPPLIER, parent: Organisation | None = None
) -> Organisation:
    if parent is not None and parent.is_home:
        raise ValidationError({"parent": _("A sub-supplier's parent must be a supplier.")})
    if kind == Organisation.Kind.HOME and parent is not None:
        raise ValidationError({"parent": _("The home organisation has no parent.")})
    organisation = Organisation(name=name.strip(), kind=kind, parent=parent)
    organisation.full_clean()
    organisation.save()
    audit_record(actor=actor, action="organisation.create", obj=organisation, after=snapshot(organisation))
    return organisation


def home_organisation() -> Organisation | None:
    return Organisation.objects.filter(kind=Organisation.Kind.HOME).first()


@enforces(can.can_create_department)
@transaction.atomic
def department_create(*, actor: Any, organisation: Organisation, name: str, code: str = "") -> Department:
    department = Department(organisation=organisation, name=name.strip(), code=code)
    department.full_clean()
    department.save()
    audit_record(actor=actor, action="department.create", obj=department, after=snapshot(department))
    return department


@enforces(can.can_create_project, obj="department")
@transaction.atomic
def project_create(
    *, actor: Any, organisation: Organisation, name: str, code: str = "",
    department: Department | None = None, description: str = "",
) -> Project:
    project = Project(
        organisation=organisation, name=name.strip(), code=code, department=department,
        description=description,
    )
    project.full_clean()
    project.save()
    audit_record(actor=actor, action="project.create", obj=project, after=snapshot(project))
    return project


def check_role_fits_organisation(role: str, organisation: Organisation) -> None:
    if organisation.is_home and role in SUPPLIER_ROLES:
        raise ValidationError({"role": _("Staff of the home organisation cannot be supplier representatives.")})
    if not organisation.is_home and role not in SUPPLIER_ROLES:
        raise ValidationError({"role": _("Users of a supplier can only be supplier representatives.")})


def check_department_fits_organisation(department: Department | None, organisation: Organisation) -> None:
    if department is not None and department.organisation_id != organisation.pk:
        raise ValidationError({"department": _("The department belongs to another organisation.")})


@enforces(can.can_create_user)
@transaction.atomic
def user_create(
    *, actor: Any, email: str, full_name: str, organisation: Organisation, role: str,
    password: str | None = None, department: Department | None = None,
    projects: list[Project] | None = None, language: str = "ja",
) -> User:
    require(can.can_grant_role(actor, role), _("You may not give this role."))
    return user_insert(actor=actor, email=email, full_name=full_name, organisation=organisation, role=role,
                       password=password, department=department, projects=projects, language=language)


def user_insert(
    *, actor: Any, email: str, full_name: str, organisation: Organisation, role: str,
    password: str | None = None, department: Department | None = None,
    projects: list[Project] | None = None, language: str = "ja",
) -> User:
    """The row and its audit record, for callers that decided who may create it (invitations)."""
    check_role_fits_organisation(role, organisation)
    check_department_fits_organisation(department, organisation)
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("A user with this e-mail address already exists.")})
    user = User(
        email=email, full_name=full_name.strip(), organisation=organisation, role=role,
        department=department, language=language,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    if projects:
        user.projects.set(projects)
    audit_record(actor=actor, action="user.create", obj=user, after=snapshot(user))
    return user


USER_EDITABLE_FIELDS = ("full_name", "role", "department", "language", "is_active")


@enforces(can.can_edit_user, obj="user")
@transaction.atomic
def user_update(*, actor: Any, user: User, **changes: Any) -> User:
    unknown = set(changes) - set(USER_EDITABLE_FIELDS) - {"projects"}
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    # An actor changes only accounts whose role they could have given, and gives only such roles.
    require(can.can_grant_role(actor, user.role), _("You may not change an account of this role."))
    before = snapshot(user)
    if "role" in changes:
        require(can.can_grant_role(actor, changes["role"]), _("You may not give this role."))
        check_role_fits_organisation(changes["role"], user.organisation)
    if "department" in changes:
        check_department_fits_organisation(changes["department"], user.organisation)
    projects = changes.pop("projects", None)
    for name, value in changes.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save()
    if projects is not None:
        user.projects.set(projects)
    audit_record(actor=actor, action="user.update", obj=user, before=before, after=snapshot(user))
    return user


@enforces(can.can_change_own_account, obj="user")
@transaction.atomic
def user_set_language(*, actor: Any, user: User, language: str) -> User:
    if language not in {"ja", "en"}:
        raise ValidationError({"language": _("Unsupported language.")})
    before = snapshot(user, ["language"])
    user.language = language
    user.save(update_fields=["language"])
    audit_record(actor=actor, action="user.language", obj=user, before=before, after=snapshot(user, ["language"]))
    return user
