"""Roles and the role sets built from them. The only module that names roles: permission
functions, scopes and forms take their sets from here, so the gate and the UI cannot drift."""

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


ADMINS = frozenset({Role.ADMIN})
# The seed's information management officers: they run the ledger, suppliers, scans and reviews.
MANAGERS = frozenset({Role.ADMIN, Role.SECURITY_MANAGER})
# Managers plus the department managers who own assets and projects of their department.
ASSET_OWNERS = MANAGERS | {Role.DEPT_MANAGER}
# Roles that see every row of the home organisation's data.
FULL_VIEW_ROLES = frozenset({Role.ADMIN, Role.SECURITY_MANAGER, Role.AUDITOR})
# Who reads the management dashboard and the monthly management report: the roles that read the
# whole company. There is no separate executive role: an executive who only reads is given the
# auditor's role.
MANAGEMENT_READERS = FULL_VIEW_ROLES
# Auditors read everything and change nothing.
READ_ONLY_ROLES = frozenset({Role.AUDITOR})
AUDITORS = frozenset({Role.AUDITOR})
# Who reads the people register: the full viewers and HR.
PEOPLE_READERS = FULL_VIEW_ROLES | {Role.HR}
# Who keeps the people register, its lifecycle events and pledges: HR and the information
# management officers. Auditors read, everyone else sees only themselves.
PEOPLE_MANAGERS = MANAGERS | {Role.HR}
# Re-identifying a pseudonymised person in a log review is kept to one role, apart from administration.
REIDENTIFIERS = frozenset({Role.SECURITY_MANAGER})
# Who may approve another person's re-identification request (never their own): the information
# management officers, so that an organisation with one security manager still has a second person.
REIDENTIFICATION_APPROVERS = MANAGERS
# The seed's "information management officers" must not be one stolen password away.
TWO_FACTOR_REQUIRED_ROLES = frozenset({Role.ADMIN, Role.SECURITY_MANAGER})
SUPPLIER_ROLES = frozenset({Role.SUPPLIER_REP})
HOME_ROLES = frozenset(set(Role) - SUPPLIER_ROLES)
EVERY_ROLE = frozenset(Role)
# Home staff who may work on a log review assigned to them (auditors only read).
REVIEWERS = HOME_ROLES - READ_ONLY_ROLES
# Work only the installation itself does (a background job storing its result): no person.
NOBODY: frozenset[str] = frozenset()

# Which roles each role may give to someone else (through the people pages, the API or an
# invitation). No role grants its own rank or above, except that administrators appoint
# administrators; nobody changes their own role.
GRANTABLE_ROLES: dict[str, frozenset[str]] = {
    Role.ADMIN: EVERY_ROLE,
    Role.SECURITY_MANAGER: frozenset({Role.DEPT_MANAGER, Role.HR, Role.EMPLOYEE, Role.SUPPLIER_REP}),
}


def grantable_roles(role: str | None) -> frozenset[str]:
    return GRANTABLE_ROLES.get(role, frozenset())
