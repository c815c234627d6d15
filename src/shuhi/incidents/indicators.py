"""The channel's and the register's figures for the management dashboard and the monthly report.

Figures of the whole home organisation, counted without a reader's gate: the dashboard that shows
them is for management, and a count names no reporter.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuhi.core.registry import ManagementIndicator, register_indicator
from shuhi.incidents.models import CAUSE_GROUPS, Incident, Report

AREA = _("Reports and incidents")


def reports_last_30_days(organisation: Any) -> float:
    # Anonymous reports belong to the home organisation, named ones to their reporter's: count both.
    since = timezone.localdate() - dt.timedelta(days=30)
    return float(Report.objects.filter(received_on__gte=since).count())


def open_incidents(organisation: Any) -> float:
    return float(Incident.objects.filter(organisation=organisation).exclude(status=Incident.Status.CLOSED).count())


def _incidents_of_group(group: str):
    def value(organisation: Any) -> float:
        since = timezone.localdate() - dt.timedelta(days=365)
        return float(Incident.objects.filter(organisation=organisation, detected_on__gte=since,
                                             cause__in=CAUSE_GROUPS[group]).count())

    return value


GROUP_LABELS = {
    "internal-malicious": _("Incidents in the last 12 months: internal, malicious"),
    "internal-mistake": _("Incidents in the last 12 months: internal, by mistake"),
    "internal-ignorance": _("Incidents in the last 12 months: internal, ignorance of the rules"),
    "external": _("Incidents in the last 12 months: external"),
}


def register() -> None:
    register_indicator(ManagementIndicator(
        key="incidents.reports_30d", label=_("Reports received in the last 30 days"), area=AREA,
        value=reports_last_30_days, order=700, unit="count", url_name="incidents:register"))
    register_indicator(ManagementIndicator(
        key="incidents.open", label=_("Open incidents"), area=AREA, value=open_incidents, order=710,
        unit="count", url_name="incidents:register", higher_is_better=False))
    for offset, (group, label) in enumerate(GROUP_LABELS.items()):
        register_indicator(ManagementIndicator(
            key=f"incidents.12m.{group}", label=label, area=AREA, value=_incidents_of_group(group),
            order=720 + offset, unit="count", url_name="incidents:register", higher_is_better=False))
