"""Who may act on the reporting channel and the incident register.

Handlers are not a role: an administrator names them in the channel's settings. So the checks
below admit the roles a handler may hold and then ask whether this user handles this report.
"""

from __future__ import annotations

from typing import Any

from shuhi.core.permissions import action, is_system
from shuhi.core.roles import ADMINS, EVERY_ROLE, FULL_VIEW_ROLES, HOME_ROLES, MANAGERS, READ_ONLY_ROLES

WORKING_ROLES = HOME_ROLES - READ_ONLY_ROLES


def is_handler(user: Any) -> bool:
    """Whether `user` is named a handler in the channel settings of their organisation."""
    from shuhi.incidents.models import ChannelSettings

    if is_system(user) or getattr(user, "is_supplier", True) or not getattr(user, "pk", None):
        return False
    return ChannelSettings.objects.filter(organisation_id=user.organisation_id, handlers=user).exists()


def handles(user: Any, report: Any) -> bool:
    """Whether the report was routed to `user` as one of its handlers."""
    from shuhi.incidents.models import ReportAccess

    return ReportAccess.objects.filter(report=report, user_id=user.pk, role=ReportAccess.Role.HANDLER).exists()


@action(roles=EVERY_ROLE, rule="staff of the outsourcer and suppliers' staff")
def can_file_report(user: Any, obj: Any = None) -> bool:
    return True


@action(roles=WORKING_ROLES, rule="handlers named in the channel settings; only reports routed to them")
def can_handle_report(user: Any, report: Any = None) -> bool:
    if report is None:
        return is_handler(user)
    return handles(user, report)


@action(roles=WORKING_ROLES, rule="handlers of the report, while it is open")
def can_ask_reporter(user: Any, report: Any = None) -> bool:
    if report is None:
        return is_handler(user)
    return report.status != report.Status.CLOSED and handles(user, report)


@action(roles=WORKING_ROLES, rule="handlers of the report, once, while it is open")
def can_open_incident_from_report(user: Any, report: Any = None) -> bool:
    if report is None:
        return is_handler(user)
    return report.incident_id is None and report.status != report.Status.CLOSED and handles(user, report)


@action(roles=WORKING_ROLES, rule="handlers of the report, while it is open")
def can_close_report(user: Any, report: Any = None) -> bool:
    return report is None or (report.status != report.Status.CLOSED and handles(user, report))


@action(roles=EVERY_ROLE, rule="only the named reporter, while the report is open")
def can_answer_report(user: Any, report: Any = None) -> bool:
    if report is None:
        return True
    return report.status != report.Status.CLOSED and report.reporter_id == user.pk and not report.anonymous


@action(roles=ADMINS, rule="the settings of their own organisation")
def can_manage_channel(user: Any, obj: Any = None) -> bool:
    organisation_id = getattr(obj, "organisation_id", getattr(obj, "pk", None)) if obj is not None else None
    return obj is None or organisation_id == user.organisation_id


@action(roles=WORKING_ROLES, rule="security managers and administrators, and the channel's handlers")
def can_create_incident(user: Any, obj: Any = None) -> bool:
    return user.role in MANAGERS or is_handler(user)


@action(roles=WORKING_ROLES, rule="managers, and members of the incident's team")
def can_edit_incident(user: Any, incident: Any = None) -> bool:
    if incident is None or user.role in MANAGERS:
        return True
    return incident.team.filter(pk=user.pk).exists()


@action(roles=WORKING_ROLES, rule="the action's owner, or whoever may edit its incident")
def can_complete_incident_action(user: Any, item: Any = None) -> bool:
    if item is None:
        return True
    if item.done_on is not None:
        return False
    return item.owner_id == user.pk or can_edit_incident(user, item.incident)


@action(roles=HOME_ROLES, rule="full-view roles, and anyone on an incident's team")
def can_view_incident_register(user: Any, obj: Any = None) -> bool:
    from shuhi.incidents.models import Incident

    return user.role in FULL_VIEW_ROLES or is_handler(user) or Incident.objects.filter(team=user).exists()


@action(roles=frozenset(), rule="the retention job and the command line only")
def can_purge_reports(user: Any, obj: Any = None) -> bool:
    return True
