from __future__ import annotations

from django.db.models import Q

from shuhi.api.viewsets import ScopedReadOnlyViewSet, ScopedViewSet
from shuhi.ledger import services
from shuhi.ledger.models import ClassificationRule, InformationAsset, StorageLocation, Tier
from shuhi.ledger.serializers import AssetSerializer, LocationSerializer, RuleSerializer, TierSerializer


class TierViewSet(ScopedReadOnlyViewSet):
    """The organisation's tiers (格付け), strongest first."""

    model = Tier
    serializer_class = TierSerializer


class RuleViewSet(ScopedReadOnlyViewSet):
    """Identification and classification criteria."""

    model = ClassificationRule
    serializer_class = RuleSerializer


class LocationViewSet(ScopedViewSet):
    """Storage locations (保管場所) with their tier and path patterns."""

    model = StorageLocation
    serializer_class = LocationSerializer
    create_roles = services.LEDGER_EDITORS

    def perform_create(self, serializer):
        self.check_create_allowed()
        serializer.instance = services.location_create(
            actor=self.request.user, organisation=self.request.user.organisation, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.location_update(
            actor=self.request.user, location=serializer.instance, **serializer.validated_data
        )


class AssetViewSet(ScopedViewSet):
    """Information assets. Filters: q, tier (key), department (id), category."""

    model = InformationAsset
    serializer_class = AssetSerializer
    create_roles = services.LEDGER_EDITORS | {"dept_manager"}

    def get_queryset(self):
        assets = super().get_queryset().select_related("tier")
        params = self.request.query_params
        if params.get("q"):
            assets = assets.filter(Q(code__icontains=params["q"]) | Q(name__icontains=params["q"]))
        if params.get("tier"):
            assets = assets.filter(tier__key=params["tier"])
        if params.get("department", "").isdigit():
            assets = assets.filter(department_id=int(params["department"]))
        if params.get("category"):
            assets = assets.filter(category=params["category"])
        return assets

    def perform_create(self, serializer):
        self.check_create_allowed()
        data = dict(serializer.validated_data)
        data.pop("reason", None)
        serializer.instance = services.asset_create(
            actor=self.request.user, organisation=self.request.user.organisation, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        serializer.instance = services.asset_update(
            actor=self.request.user, asset=serializer.instance, reason=reason, **data
        )


routes = [
    ("tiers", TierViewSet),
    ("classification-rules", RuleViewSet),
    ("locations", LocationViewSet),
    ("assets", AssetViewSet),
]
