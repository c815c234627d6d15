"""Ledger reads, through the permission gate."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from shuhi.core.rest.params import parse_int
from shuhi.ledger.models import InformationAsset, StorageLocation, Tier

SORTS = {
    "code": "code", "-code": "-code", "name": "name", "-name": "-name",
    "tier": "tier__rank", "-tier": "-tier__rank", "review": "review_date", "-review": "-review_date",
    "updated": "updated_at", "-updated": "-updated_at",
}


def asset_list(*, user: Any, filters: dict[str, str] | None = None) -> QuerySet[InformationAsset]:
    filters = filters or {}
    assets = InformationAsset.objects.visible_to(user).select_related("tier", "department", "owner")
    if filters.get("q"):
        q = filters["q"]
        assets = assets.filter(Q(code__icontains=q) | Q(name__icontains=q) | Q(description__icontains=q))
    if filters.get("tier"):
        assets = assets.filter(tier__key=filters["tier"])
    # Bounded ASCII digits: "²" or a 30-digit id is "no filter", never a crash or a database overflow.
    department = parse_int(filters.get("department", ""))
    if department is not None:
        assets = assets.filter(department_id=department)
    if filters.get("category"):
        assets = assets.filter(category=filters["category"])
    wanted = filters.get("trade_secret")
    if wanted in {"yes", "no"}:
        assets = assets.filter(is_trade_secret=(wanted == "yes"))
    return assets.order_by(SORTS.get(filters.get("sort", ""), "code"), "pk")


def tier_list(*, user: Any) -> QuerySet[Tier]:
    return Tier.objects.visible_to(user).order_by("-rank")


def location_list(*, user: Any) -> QuerySet[StorageLocation]:
    return StorageLocation.objects.visible_to(user).select_related("tier")


def asset_locations(*, user: Any, asset: InformationAsset) -> list[StorageLocation]:
    return list(location_list(user=user).filter(assets=asset))


def ledger_summary(*, user: Any) -> dict[str, Any]:
    """Counts for the dashboard: assets the user may see, per tier, and how many are trade secrets."""
    assets = InformationAsset.objects.visible_to(user)
    # order_by() first: the gate's distinct() would otherwise select the model's ordering too, which
    # splits each tier's group into one row per asset, and the dict kept only the last of them (the
    # employee's dashboard said 2 assets where the ledger listed 3).
    by_tier = dict(assets.order_by().values_list("tier_id").annotate(n=Count("pk", distinct=True))
                   .values_list("tier_id", "n"))
    tiers = [(tier, by_tier.get(tier.pk, 0)) for tier in tier_list(user=user)]
    return {
        "total": asset_list(user=user).count(),
        "tiers": tiers,
        "trade_secrets": assets.filter(is_trade_secret=True).count(),
        "unlabelled": assets.exclude(label_status="applied").exclude(label_status="not_needed").count(),
    }
