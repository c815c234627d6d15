"""The register's figures for the management dashboard and the monthly report (core/registry.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuhi.core.registry import ManagementIndicator, register_indicator
from shuhi.risks.models import InsiderRisk, RiskMeasure

AREA = _("Insider-fraud risks")


def _live(organisation: Any):
    """Risks that count: not deleted, not closed. Read as the installation itself, for one organisation."""
    return InsiderRisk.objects.filter(organisation=organisation, deleted_at__isnull=True).exclude(
        status=InsiderRisk.Status.CLOSED)


def open_risks(organisation: Any) -> float:
    return _live(organisation).filter(status=InsiderRisk.Status.OPEN).count()


def high_risks(organisation: Any) -> float:
    # The high band starts at a score of 10 (models.BANDS).
    return sum(1 for likelihood, impact in _live(organisation).values_list("likelihood", "impact")
               if likelihood * impact >= 10)


def overdue_reviews(organisation: Any) -> float:
    return _live(organisation).filter(review_date__lt=timezone.localdate()).count()


def measures_in_place(organisation: Any) -> float | None:
    measures = RiskMeasure.objects.filter(risk__in=_live(organisation))
    counts = measures.aggregate(total=Count("pk"), done=Count("pk", filter=Q(status=RiskMeasure.Status.IN_PLACE)))
    if not counts["total"]:
        return None
    return round(100 * counts["done"] / counts["total"], 1)


def register() -> None:
    for key, label, value, unit, order, better in (
        ("risks.open", _("Open insider risks"), open_risks, "count", 70, False),
        ("risks.high", _("Insider risks in the high band"), high_risks, "count", 71, False),
        ("risks.review_overdue", _("Insider risks past their review date"), overdue_reviews, "count", 72, False),
        ("risks.measures_in_place", _("Insider-risk measures in place"), measures_in_place, "%", 73, True),
    ):
        register_indicator(ManagementIndicator(key=key, label=label, area=AREA, value=value, order=order, unit=unit,
                                               url_name="risks:list", higher_is_better=better))
