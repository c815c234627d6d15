"""Reads of the risk register and the case library: every one starts from the gate (`visible_to`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from shuhi.core.rest.params import parse_int
from shuhi.risks.models import BANDS, InsiderRisk, LeakCase, Principle, RiskMeasure, RiskVersion

SORTS = {"score": ("-score_value", "-impact", "title", "pk"), "title": ("title", "pk"),
         "review": ("review_date", "pk"), "-updated": ("-updated_at", "pk")}
BAND_NAMES = [name for name, _minimum in BANDS]


def _band_filter(band: str) -> Q:
    names = [name for name, _m in BANDS]
    low = dict(BANDS)[band]
    following = names.index(band) + 1
    high = BANDS[following][1] if following < len(BANDS) else 26
    # score = likelihood × impact, taken cell by cell: at most 25 pairs
    pairs = [(i, j) for i in range(1, 6) for j in range(1, 6) if low <= i * j < high]
    condition = Q(pk__in=[])
    for likelihood, impact in pairs:
        condition |= Q(likelihood=likelihood, impact=impact)
    return condition


def risks(user: Any, *, q: str = "", band: str = "", status: str = "", principle: str = "", review: str = "",
          likelihood: str = "", impact: str = "", deleted: bool = False, sort: str = "score") -> QuerySet:
    rows = InsiderRisk.objects.visible_to(user).filter(deleted_at__isnull=not deleted).select_related("owner")
    if q.strip():
        rows = rows.filter(Q(title__icontains=q.strip()) | Q(description__icontains=q.strip()))
    if band in BAND_NAMES:
        rows = rows.filter(_band_filter(band))
    if status in InsiderRisk.Status.values:
        rows = rows.filter(status=status)
    if principle in Principle.values:
        rows = rows.filter(measures__principle=principle)
    if review == "overdue":
        rows = rows.filter(review_date__lt=timezone.localdate()).exclude(status=InsiderRisk.Status.CLOSED)
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        number = parse_int(value) if value else None
        if number is not None:
            rows = rows.filter(**{name: number})
    rows = rows.annotate(score_value=F("likelihood") * F("impact"), measure_count=Count("measures", distinct=True),
                         in_place_count=Count("measures", filter=Q(measures__status=RiskMeasure.Status.IN_PLACE),
                                              distinct=True))
    return rows.order_by(*(SORTS.get(sort) or SORTS["score"]))


def overdue_reviews(user: Any) -> QuerySet:
    return risks(user, review="overdue")


def heat_counts(user: Any) -> dict[tuple[int, int], int]:
    """Open and accepted risks (not closed, not deleted) per (likelihood, impact)."""
    rows = (InsiderRisk.objects.visible_to(user).filter(deleted_at__isnull=True)
            .exclude(status=InsiderRisk.Status.CLOSED).values("likelihood", "impact").annotate(n=Count("pk")))
    return {(row["likelihood"], row["impact"]): row["n"] for row in rows}


def measures(user: Any, *, risk: InsiderRisk) -> QuerySet:
    return RiskMeasure.objects.visible_to(user).filter(risk=risk).select_related("owner")


def versions(user: Any, *, risk: InsiderRisk) -> QuerySet:
    return RiskVersion.objects.visible_to(user).filter(risk=risk).select_related("changed_by")


def principle_coverage(user: Any) -> list[dict[str, Any]]:
    """Per principle: how many measures, and how many of them in place, over the live register."""
    rows = RiskMeasure.objects.visible_to(user).filter(risk__deleted_at__isnull=True)
    counts = {row["principle"]: row for row in rows.values("principle").annotate(
        total=Count("pk"), in_place=Count("pk", filter=Q(status=RiskMeasure.Status.IN_PLACE)))}
    return [{"principle": value, "label": label, "total": counts.get(value, {}).get("total", 0),
             "in_place": counts.get(value, {}).get("in_place", 0)} for value, label in Principle.choices]


def cases(user: Any, *, q: str = "", principle: str = "") -> QuerySet:
    rows = LeakCase.objects.visible_to(user)
    if q.strip():
        rows = rows.filter(Q(title__icontains=q.strip()) | Q(summary__icontains=q.strip())
                           | Q(lessons__icontains=q.strip()))
    if principle in Principle.values:
        # A library holds tens of cases: membership of the JSON list is checked in Python, the same
        # on SQLite and PostgreSQL.
        rows = rows.filter(pk__in=[pk for pk, values in rows.values_list("pk", "principles")
                                   if principle in (values or [])])
    return rows.order_by("-occurred_on", "pk")
