"""What the reports app tells people (see shuhi.notifications): a new monthly report is ready."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from shuhi.core.roles import MANAGEMENT_READERS
from shuhi.notifications.services import notify, people_of


def report_ready(*, actor: Any, report: Any) -> None:
    notify(actor=actor, event="reports.monthly_ready", recipients=people_of(report.organisation_id, MANAGEMENT_READERS),
           context={"month": f"{report.month:%Y-%m}", "version": report.version},
           link=reverse("reports:reports"))
