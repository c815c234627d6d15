"""The log review's figures on the management dashboard: cycles signed off on time, and overdue ones."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuhi.core.registry import ManagementIndicator, register_indicator
from shuhi.ledger.indicators import share
from shuhi.reviews.models import ReviewCycle


def on_time_share(organisation: Any) -> float | None:
    """Of the cycles due by today or already signed off, the share signed off by their due date."""
    cycles = ReviewCycle.objects.filter(organisation=organisation)
    due = cycles.filter(due_date__lt=timezone.localdate()) | cycles.filter(status=ReviewCycle.Status.SIGNED_OFF)
    on_time = cycles.filter(status=ReviewCycle.Status.SIGNED_OFF, signoff__signed_at__date__lte=F("due_date"))
    return share(on_time.count(), due.distinct().count())


def overdue(organisation: Any) -> float | None:
    return float(ReviewCycle.objects.filter(organisation=organisation, due_date__lt=timezone.localdate())
                 .exclude(status=ReviewCycle.Status.SIGNED_OFF).count())


def register_management_indicators() -> None:
    area = _("Access-log review")
    register_indicator(ManagementIndicator(
        key="reviews.on_time", label=_("Log reviews signed off on time"), area=area, value=on_time_share,
        order=60, url_name="reviews:list",
        description=_("Share of the review cycles due so far that the reviewer signed off by the due date.")))
    register_indicator(ManagementIndicator(
        key="reviews.overdue", label=_("Log reviews overdue"), area=area, value=overdue, order=61, unit="count",
        url_name="reviews:list", higher_is_better=False,
        description=_("Review cycles past their due date and not yet signed off.")))
