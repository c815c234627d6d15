"""Roles and what each may do. One place, so the permission gate and the UI agree."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    SECURITY_MANAGER = "security_manager", _("Security manager")
    DEPT_MANAGER = "dept_manager", _("Department manager / asset owner")
    HR = "hr", _("HR")
    AUDITOR = "auditor", _("Auditor")
    EMPLOYEE = "employee", _("Employee")
    SUPPLIER_REP = "supplier_rep", _("Supplier representative")


# Roles that see every row of the home organisation's data.
FULL_VIEW_ROLES = frozenset({Role.ADMIN, Role.SECURITY_MANAGER, Role.AUDITOR})
# Auditors read everything and change nothing.
READ_ONLY_ROLES = frozenset({Role.AUDITOR})
# The seed's "information management officers" must not be one stolen password away.
TWO_FACTOR_REQUIRED_ROLES = frozenset({Role.ADMIN, Role.SECURITY_MANAGER})
HOME_ROLES = frozenset(set(Role) - {Role.SUPPLIER_REP})
