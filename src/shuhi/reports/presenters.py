"""The figures the dashboard and the report show: each registered indicator with its survey figures,
its monthly history, a status against the survey, grouped by area; and the decisions they call for.

Generic over core's registry of management indicators: no app is named here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from shuhi.core.charts import band
from shuhi.core.registry import ManagementIndicator, management_indicators
from shuhi.ledger.indicators import survey, survey_source
from shuhi.reports.models import IndicatorSnapshot
from shuhi.reports.months import span

# Status of a share without a survey figure, by where it falls (higher is better; reversed otherwise).
SHARE_BANDS = [("bad", 0.0), ("warn", 50.0), ("ok", 80.0)]
REVERSED_SHARE_BANDS = [("ok", 0.0), ("warn", 10.0001), ("bad", 30.0001)]
TREND_MONTHS = 12
FALL = 10.0  # points lost in a month that the board is asked about


@dataclass
class Row:
    indicator: ManagementIndicator
    value: float | None
    history: list[tuple[dt.date, float | None]] = field(default_factory=list)
    small: tuple[float, float] | None = None
    large: tuple[float, float] | None = None

    @property
    def key(self) -> str:
        return self.indicator.key

    @property
    def label(self) -> str:
        return str(self.indicator.label)

    @property
    def percent(self) -> bool:
        return self.indicator.unit == "%"

    def show(self, value: float | None) -> str:
        if value is None:
            return "—"
        return f"{value:.0f}%" if self.percent else f"{value:.0f}"

    @property
    def display(self) -> str:
        return self.show(self.value)

    @property
    def small_display(self) -> str:
        return "—" if self.small is None else f"{self.small[0]:.1f}–{self.small[1]:.1f}%"

    @property
    def large_display(self) -> str:
        return "—" if self.large is None else f"{self.large[0]:.1f}–{self.large[1]:.1f}%"

    @property
    def previous(self) -> float | None:
        earlier = [v for _m, v in self.history[:-1] if v is not None]
        return earlier[-1] if earlier else None

    @property
    def change(self) -> float | None:
        return None if self.value is None or self.previous is None else self.value - self.previous

    @property
    def change_display(self) -> str:
        if self.change is None:
            return "—"
        unit = _("pt") if self.percent else ""
        # A change that rounds to nothing prints as ±0, never as "-0" (a fall of 0.3 points).
        rounded = round(self.change)
        return f"{rounded:+d}{unit}" if rounded else f"±0{unit}"

    @property
    def status(self) -> str:
        """ok / warn / bad: against the survey (at least large firms' lowest figure is ok, at least
        small firms' lowest is warn), else against fixed bands of a share or a count."""
        value, better = self.value, self.indicator.higher_is_better
        if value is None:
            return ""
        if self.large is not None:
            floor_small = self.small[0] if self.small else 0.0
            return band(value, [("bad", 0.0), ("warn", floor_small), ("ok", self.large[0])])
        if not self.percent:
            return "ok" if (value == 0) != better else "bad"
        return band(value, SHARE_BANDS if better else REVERSED_SHARE_BANDS)

    @property
    def status_label(self) -> str:
        return {"ok": _("On track"), "warn": _("Watch"), "bad": _("Needs action")}.get(self.status, "—")

    @property
    def bands(self) -> dict[str, tuple[float, float]]:
        return {name: span_ for name, span_ in (("small", self.small), ("large", self.large)) if span_}

    @property
    def points(self) -> list[tuple[str, float | None]]:
        return [(f"{m.month}", v) for m, v in self.history]


@dataclass
class Area:
    name: str
    rows: list[Row]


def _survey_figures(key: str | None) -> tuple[Any, Any]:
    figures = survey()["figures"].get(key, {}) if key else {}
    small, large = figures.get("small"), figures.get("large")
    return (tuple(small) if small else None), (tuple(large) if large else None)


def _history(snapshots: Any, months: list[dt.date]) -> dict[str, list[tuple[dt.date, float | None]]]:
    by_key: dict[str, dict[dt.date, float | None]] = {}
    for row in snapshots.filter(month__gte=months[0], month__lte=months[-1]):
        by_key.setdefault(row.key, {})[row.month] = row.value
    return {key: [(m, values.get(m)) for m in months] for key, values in by_key.items()}


def rows_for(*, snapshots: Any, month: dt.date, current: dict[str, float | None] | None = None,
             months: int = TREND_MONTHS) -> list[Row]:
    """Every registered indicator: its value (`current` when measured now, else the month's snapshot)
    and its history of `months` months ending with `month` from `snapshots` (an already gated queryset)."""
    window = span(month, months)
    history = _history(snapshots, window)
    rows = []
    for indicator in management_indicators():
        past = history.get(indicator.key, [(m, None) for m in window])
        if current is not None:
            value = current.get(indicator.key)
            past = [*past[:-1], (window[-1], value)]
        else:
            value = past[-1][1]
        small, large = _survey_figures(indicator.survey_key)
        rows.append(Row(indicator=indicator, value=value, history=past, small=small, large=large))
    return rows


def by_area(rows: list[Row]) -> list[Area]:
    """Rows grouped by their indicator's area, areas in the order of their first indicator."""
    areas: dict[str, Area] = {}
    for row in rows:
        name = str(row.indicator.area)
        areas.setdefault(name, Area(name=name, rows=[])).rows.append(row)
    return list(areas.values())


def decisions(rows: list[Row]) -> list[str]:
    """What the board is asked to decide: figures below the survey's, figures that need action,
    overdue work, and sharp falls since last month."""
    found = []
    for row in rows:
        if row.value is None:
            continue
        if row.large is not None and row.value < row.large[0]:
            found.append(_("%(label)s is %(value)s, below large firms' %(large)s in IPA's survey (small firms: "
                           "%(small)s). Decide the measures and the owner that bring it to that level.")
                         % {"label": row.label, "value": row.display, "large": row.large_display,
                            "small": row.small_display})
        elif row.status == "bad" and not row.percent:
            found.append(_("%(label)s: %(value)s. Decide who clears them and by when.")
                         % {"label": row.label, "value": row.display})
        elif row.status == "bad":
            found.append(_("%(label)s is %(value)s. Decide the measures that raise it.")
                         % {"label": row.label, "value": row.display})
        if row.percent and row.change is not None and row.indicator.higher_is_better and row.change <= -FALL:
            found.append(_("%(label)s fell by %(change)s points since last month. Ask for the cause.")
                         % {"label": row.label, "change": f"{-row.change:.0f}"})
    return found


def dashboard_data(*, user: Any, organisation: Any, month: dt.date, current: dict[str, float | None]) -> dict:
    snapshots = IndicatorSnapshot.objects.visible_to(user).filter(organisation=organisation)
    rows = rows_for(snapshots=snapshots, month=month, current=current)
    return {"areas": by_area(rows), "rows": rows, "source": survey_source()}


def report_data(*, organisation: Any, month: dt.date) -> dict:
    """What the month's report prints: the stored snapshots of the report's organisation (read by the
    generating service, which is already gated)."""
    rows = rows_for(snapshots=IndicatorSnapshot.objects.filter(organisation=organisation), month=month, months=6)
    return {"organisation": organisation, "month": month, "rows": rows, "areas": by_area(rows),
            "decisions": decisions(rows), "source": survey_source()}
