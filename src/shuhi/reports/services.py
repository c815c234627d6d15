"""Writes of the reports app: monthly indicator snapshots, report versions, and the record of each download."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import translation

from shuhi.core.audit.services import audit_record
from shuhi.core.permissions import enforces, is_system
from shuhi.core.registry import management_indicators
from shuhi.core.storage import delete_unless_committed
from shuhi.reports import notify
from shuhi.reports import permissions as can
from shuhi.reports.models import IndicatorSnapshot, ManagementReport
from shuhi.reports.months import this_month

logger = logging.getLogger(__name__)


def measure(organisation: Any) -> dict[str, float | None]:
    """Every registered indicator measured now; one that fails is left out rather than stopping the rest."""
    values: dict[str, float | None] = {}
    for indicator in management_indicators():
        try:
            value = indicator.value(organisation)
        except Exception:  # an app's figure must not stop the board's report; the log says which
            logger.exception("management indicator %s failed", indicator.key)
            continue
        values[indicator.key] = None if value is None else round(float(value), 2)
    return values


@enforces(can.can_record_snapshots, obj="organisation")
@transaction.atomic
def snapshots_record(*, actor: Any, organisation: Any, month: dt.date,
                     values: dict[str, float | None] | None = None) -> list[IndicatorSnapshot]:
    """The month's value of every indicator, one row per key: re-running a month replaces its values.

    `values` (the demo's history) is stored as given; otherwise each indicator is measured now."""
    month = month.replace(day=1)
    measured = measure(organisation) if values is None else values
    before = dict(IndicatorSnapshot.objects.filter(organisation=organisation, month=month)
                  .values_list("key", "value"))
    rows = []
    for key, value in measured.items():
        row, _created = IndicatorSnapshot.objects.update_or_create(
            organisation=organisation, month=month, key=key, defaults={"value": value})
        rows.append(row)
    audit_record(actor=actor, action="indicator_snapshot.record", object_type="reports.indicatorsnapshot",
                 object_id=f"{organisation.pk}:{month:%Y-%m}", object_repr=f"{month:%Y-%m}",
                 organisation_id=organisation.pk, before=before or None, after=measured)
    return rows


def _snapshot_if_missing(*, actor: Any, organisation: Any, month: dt.date) -> None:
    """A report needs its month's figures: the current month is measured afresh (figures so far); a
    past month is measured now only when it never was, since its history must not be overwritten."""
    stored = IndicatorSnapshot.objects.filter(organisation=organisation, month=month).exists()
    if month >= this_month() or not stored:
        snapshots_record(actor=actor, organisation=organisation, month=month)


@enforces(can.can_generate_report, obj="organisation")
def report_generate(*, actor: Any, organisation: Any, month: dt.date) -> ManagementReport:
    """A new version of the month's management report, kept in private storage; the management
    roles are told it is ready."""
    from shuhi.reports.pdf import render_management_report
    from shuhi.reports.presenters import report_data

    month = month.replace(day=1)
    with transaction.atomic():
        _snapshot_if_missing(actor=actor, organisation=organisation, month=month)
        # The board's report is Japanese whoever (or whichever schedule) asks for it.
        with translation.override("ja"):
            pdf, pages = render_management_report(report_data(organisation=organisation, month=month))
        # The organisation's row lock keeps two generations from taking the same version number.
        type(organisation).objects.select_for_update().filter(pk=organisation.pk).first()
        number = (ManagementReport.objects.filter(organisation=organisation, month=month)
                  .aggregate(n=Max("version"))["n"] or 0) + 1
        report = ManagementReport(organisation=organisation, month=month, version=number, size=len(pdf),
                                  sha256=hashlib.sha256(pdf).hexdigest(), pages=pages,
                                  generated_by=None if is_system(actor) else actor)
        report.file.save(f"{month:%Y-%m}.pdf", ContentFile(pdf), save=False)
        delete_unless_committed(report.file.storage, report.file.name)
        report.save()
        audit_record(actor=actor, action="management_report.generate", obj=report,
                     after={"month": f"{month:%Y-%m}", "version": number, "sha256": report.sha256})
        notify.report_ready(actor=actor, report=report)
    return report


@enforces(can.can_download_report, obj="report")
@transaction.atomic
def report_downloaded(*, actor: Any, report: ManagementReport) -> ManagementReport:
    """Who took a copy of the board's report, and when."""
    audit_record(actor=actor, action="management_report.download", obj=report,
                 after={"version": report.version, "sha256": report.sha256})
    return report


def open_report(report: ManagementReport):
    try:
        return report.file.open("rb")
    except FileNotFoundError:
        return None
