"""The incident register as an Excel workbook: one row per incident, and a sheet of counts by cause and
kind in the survey's categories."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from shuhi.core.spreadsheet import xlsx_text
from shuhi.incidents.models import CAUSE_GROUP_LABELS, CAUSE_GROUPS, Cause, DataKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _names(items: Any) -> str:
    return ", ".join(str(item) for item in items)


def _row(incident: Any) -> list[Any]:
    return [incident.number, incident.title, incident.get_cause_display(), incident.get_data_kind_display(),
            incident.get_severity_display(), incident.get_status_display(), incident.occurred_on,
            incident.detected_on, incident.closed_on, _names(incident.assets.all()),
            _names(s.name for s in incident.suppliers.all()), _names(d.number for d in incident.disclosures.all()),
            incident.leak_response.number if incident.leak_response_id else "", incident.summary, incident.lessons]


def incidents_workbook(incidents: list[Any], stats: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Incidents")[:31]
    headers = [_("Incident number"), _("Title"), _("Cause"), _("Kind of information"), _("Severity"), _("Status"),
               _("Occurred on"), _("Detected on"), _("Closed"), _("Assets"), _("Suppliers"), _("Disclosures"),
               _("Leak response"), _("Summary"), _("Lessons learned")]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for incident in incidents:
        sheet.append(_row(incident))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            xlsx_text(cell)
    counts = book.create_sheet(_("By cause and kind")[:31])
    counts.append([_("Cause"), *[str(label) for _value, label in DataKind.choices], _("Total")])
    for cause in Cause.values:
        counts.append([str(Cause(cause).label), *[stats["matrix"][cause][k] for k in DataKind.values],
                       stats["by_cause"][cause]])
    counts.append([])
    counts.append([_("Survey category"), _("Total")])
    for group in CAUSE_GROUPS:
        counts.append([str(CAUSE_GROUP_LABELS[group]), stats["by_group"][group]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
