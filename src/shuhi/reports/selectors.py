"""Reads of the reports app, every one through the gate."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shuhi.reports import permissions as can
from shuhi.reports.models import IndicatorSnapshot, ManagementReport


def snapshot_list(user: Any, *, key: str = "", month: Any = None) -> QuerySet[IndicatorSnapshot]:
    rows = IndicatorSnapshot.objects.visible_to(user).filter(organisation_id=user.organisation_id)
    if key:
        rows = rows.filter(key=key)
    if month is not None:
        rows = rows.filter(month=month)
    return rows.order_by("-month", "key")


def report_list(user: Any) -> QuerySet[ManagementReport]:
    return (ManagementReport.objects.visible_to(user).filter(organisation_id=user.organisation_id)
            .select_related("generated_by").order_by("-month", "-version"))


def dashboard_card(user: Any) -> dict[str, Any] | None:
    """The card on the home dashboard: the latest report and the month of the latest snapshot."""
    if not can.can_view_management(user):
        return None
    latest = snapshot_list(user).values_list("month", flat=True).first()
    return {"latest_report": report_list(user).first(), "latest_month": latest}
