"""Demo data of the management dashboard: six months of every registered indicator, and the report
of last month.

Runs last (order 90), so every other app's demo data, and with it every indicator, exists. Each
indicator's history climbs, with month-to-month noise, towards its value measured now on the demo
data, so the trends show; an indicator with nothing to measure yet gets a plausible made-up path,
since a demo with empty charts explains nothing. Every write goes through the services.
"""

from __future__ import annotations

import random
import zlib

from shuhi.core.models import Organisation
from shuhi.core.permissions import SYSTEM_DEMO
from shuhi.core.registry import management_indicators
from shuhi.reports import services
from shuhi.reports.models import IndicatorSnapshot
from shuhi.reports.months import last_month, span

MONTHS = 6


def _path(key: str, unit: str, now: float | None, higher_is_better: bool) -> list[float]:
    """Six monthly values, oldest first, ending near `now`; the same for the same key every time."""
    rng = random.Random(zlib.crc32(key.encode()))
    if unit != "%":
        end = now if now is not None else float(rng.randint(0, 2))
        return [float(max(0, round(end + (MONTHS - 1 - i) * rng.choice([0, 1]) * (1 if not higher_is_better else -1)
                                   + rng.choice([-1, 0, 0, 1]))))
                for i in range(MONTHS - 1)] + [float(max(0, round(end)))]
    end = now if now is not None else rng.uniform(35, 75)
    start = max(0.0, end - rng.uniform(12, 30)) if higher_is_better else min(100.0, end + rng.uniform(8, 20))
    values = []
    for i in range(MONTHS):
        share = i / (MONTHS - 1)
        noise = 0.0 if i == MONTHS - 1 else rng.uniform(-4, 4)
        values.append(round(min(100.0, max(0.0, start + (end - start) * share + noise)), 1))
    return values


def load_demo_snapshots(home: Organisation) -> None:
    if IndicatorSnapshot.objects.filter(organisation=home).exists():
        return
    measured = services.measure(home)
    months = span(last_month(), MONTHS)
    paths = {i.key: _path(i.key, i.unit, measured.get(i.key), i.higher_is_better) for i in management_indicators()}
    for index, month in enumerate(months):
        services.snapshots_record(actor=SYSTEM_DEMO, organisation=home, month=month,
                                  values={key: path[index] for key, path in paths.items()})
    services.report_generate(actor=SYSTEM_DEMO, organisation=home, month=months[-1])
