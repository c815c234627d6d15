"""Rows of this app's models for the isolation world: two months of snapshots of the home
organisation and one report. Suppliers have none (they never see management figures)."""

from __future__ import annotations

from shuhi.reports.jobs import run_month
from shuhi.reports.months import last_month, shift
from shuhi.reports.services import snapshots_record
from shuhi.testing.cast import SYSTEM_TEST


def build_report_world(cast) -> None:
    snapshots_record(actor=SYSTEM_TEST, organisation=cast.home, month=shift(last_month(), -1))
    run_month(organisation=cast.home, month=last_month(), actor=SYSTEM_TEST)
