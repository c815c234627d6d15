"""Reads of the reporting channel and the incident register, all through the gate."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from shuhi.incidents.models import (
    CAUSE_GROUPS,
    Cause,
    DataKind,
    Incident,
    IncidentAction,
    Report,
    ReportAccess,
)


def reports(user: Any, *, status: str = "", role: str = "") -> QuerySet[Report]:
    """Reports `user` may read; role "handler" or "reporter" keeps those they read as such."""
    rows = Report.objects.visible_to(user)
    if status in Report.Status.values:
        rows = rows.filter(status=status)
    if role in ReportAccess.Role.values:
        rows = rows.filter(accesses__user=user, accesses__role=role)
    return rows.order_by("-received_on", "-pk")


def reports_to_handle(user: Any) -> QuerySet[Report]:
    return reports(user, role=ReportAccess.Role.HANDLER).exclude(status=Report.Status.CLOSED)


def reports_awaiting_answer(user: Any) -> QuerySet[Report]:
    """The user's own named reports whose last message is a question from the handlers."""
    from django.db.models import OuterRef, Subquery

    from shuhi.incidents.models import ReportMessage

    last_kind = ReportMessage.objects.filter(report=OuterRef("pk")).order_by("-created_at", "-pk").values("kind")[:1]
    return (reports(user, role=ReportAccess.Role.REPORTER).exclude(status=Report.Status.CLOSED)
            .annotate(last_kind=Subquery(last_kind)).filter(last_kind="question"))


def incidents(user: Any, *, cause: str = "", group: str = "", data_kind: str = "", status: str = "",
              q: str = "") -> QuerySet[Incident]:
    rows = Incident.objects.visible_to(user)
    if cause in Cause.values:
        rows = rows.filter(cause=cause)
    if group in CAUSE_GROUPS:
        rows = rows.filter(cause__in=CAUSE_GROUPS[group])
    if data_kind in DataKind.values:
        rows = rows.filter(data_kind=data_kind)
    if status == "active":
        rows = rows.exclude(status=Incident.Status.CLOSED)
    elif status in Incident.Status.values:
        rows = rows.filter(status=status)
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(number__icontains=q) | Q(summary__icontains=q))
    return rows.order_by("-detected_on", "-pk")


def overdue_actions(user: Any, *, today: dt.date | None = None) -> QuerySet[IncidentAction]:
    """Open actions past their due date that `user` owns."""
    today = today or timezone.localdate()
    return (IncidentAction.objects.visible_to(user).filter(owner=user, done_on__isnull=True, due_on__lt=today)
            .select_related("incident").order_by("due_on", "pk"))


def incident_cause_statistics(user: Any, since: dt.date | None = None, until: dt.date | None = None) -> dict:
    """Incidents `user` may see, detected between `since` and `until` (inclusive), counted by cause, by
    the survey's cause groups, by kind of information, and by both.

    {"total": n, "by_cause": {cause: n}, "by_group": {group: n}, "by_kind": {kind: n},
     "matrix": {cause: {kind: n}}}, every cause and kind present, zeros included.
    """
    return cause_statistics(Incident.objects.visible_to(user), since=since, until=until)


def cause_statistics(rows: QuerySet[Incident], *, since: dt.date | None = None, until: dt.date | None = None) -> dict:
    """The counts of `incident_cause_statistics` over `rows` (already gated by the caller)."""
    if since is not None:
        rows = rows.filter(detected_on__gte=since)
    if until is not None:
        rows = rows.filter(detected_on__lte=until)
    matrix = {cause: dict.fromkeys(DataKind.values, 0) for cause in Cause.values}
    for row in rows.order_by().values("cause", "data_kind").annotate(n=Count("pk", distinct=True)):
        matrix[row["cause"]][row["data_kind"]] = row["n"]
    by_cause = {cause: sum(kinds.values()) for cause, kinds in matrix.items()}
    return {
        "total": sum(by_cause.values()),
        "by_cause": by_cause,
        "by_group": {group: sum(by_cause[c] for c in causes) for group, causes in CAUSE_GROUPS.items()},
        "by_kind": {kind: sum(matrix[c][kind] for c in Cause.values) for kind in DataKind.values},
        "matrix": matrix,
    }
