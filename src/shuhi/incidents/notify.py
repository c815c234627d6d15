"""What the reporting channel tells people (see shuhi.notifications).

Every inbox row can be read by the administrators, so these messages carry the report's number
and category only: never who filed it, never its subject or text. The notifications are sent by
the channel (a system actor), so no job or audit entry names the reporter as the one who started it.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from shuhi.notifications.services import notify


def _handlers(report: Any) -> list[Any]:
    from shuhi.incidents.models import ReportAccess

    return [a.user for a in report.accesses.filter(role=ReportAccess.Role.HANDLER).select_related("user")]


def report_received(*, actor: Any, report: Any) -> None:
    notify(actor=actor, event="incidents.report_received", recipients=_handlers(report),
           context={"number": report.number, "category": report.get_category_display()},
           link=reverse("incidents:report", args=[report.pk]))


def question_asked(*, actor: Any, report: Any) -> None:
    """Only a named reporter can be told; an anonymous one looks with their code."""
    if report.anonymous or report.reporter is None:
        return
    # No number and no link to the report: an administrator reading this inbox row learns only
    # that a message waits, not that its recipient filed a report.
    notify(actor=actor, event="incidents.report_question", recipients=[report.reporter],
           context={}, link=reverse("incidents:my_reports"))


def answer_received(*, actor: Any, report: Any) -> None:
    notify(actor=actor, event="incidents.report_answer", recipients=_handlers(report),
           context={"number": report.number}, link=reverse("incidents:report", args=[report.pk]))
