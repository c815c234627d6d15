"""Months as the first day of the month: parsing "2026-11", stepping back and forth."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def first_day(day: dt.date) -> dt.date:
    return day.replace(day=1)


def this_month() -> dt.date:
    return first_day(timezone.localdate())


def shift(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def last_month() -> dt.date:
    return shift(this_month(), -1)


def parse_month(text: str) -> dt.date:
    """"2026-11" as 2026-11-01; a clear message for anything else or for a month still to come."""
    try:
        month = dt.datetime.strptime(text.strip(), "%Y-%m").date()
    except ValueError:
        raise ValidationError(_("Give the month as YYYY-MM, for example 2026-11.")) from None
    if month > this_month():
        raise ValidationError(_("%(month)s has not begun yet.") % {"month": f"{month:%Y-%m}"})
    if month.year < 2000:
        raise ValidationError(_("Give the month as YYYY-MM, for example 2026-11."))
    return month


def span(last: dt.date, count: int) -> list[dt.date]:
    """`count` months ending with `last`, oldest first."""
    return [shift(last, offset) for offset in range(1 - count, 1)]
