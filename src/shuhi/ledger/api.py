from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from shuhi.core.permissions import require_action
from shuhi.core.rest.params import MAX_ID, choice_param, id_parameter, int_param
from shuhi.core.rest.strict import StrictJSONMixin
from shuhi.core.rest.viewsets import ScopedReadOnlyViewSet, ScopedViewSet
from shuhi.ledger import permissions as can
from shuhi.ledger import selectors, services
from shuhi.ledger.models import ClassificationRule, InformationAsset, StorageLocation, Tier
from shuhi.ledger.serializers import AssetSerializer, LocationSerializer, RuleSerializer, TierSerializer

FILTERS = ("q", "tier", "department", "category", "trade_secret", "sort")


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    locations_created = serializers.IntegerField()
    locations_updated = serializers.IntegerField()
    dry_run = serializers.BooleanField()
    errors = serializers.ListField(child=serializers.DictField())


class RetierRequestSerializer(StrictJSONMixin, serializers.Serializer):
    assets = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID), allow_empty=False,
                                   max_length=10_000)
    tier = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    reason = serializers.CharField(max_length=300)


class RetierResultSerializer(serializers.Serializer):
    changed = serializers.IntegerField()


class LedgerFindingSerializer(serializers.Serializer):
    kind = serializers.CharField()
    asset_code = serializers.CharField()
    message = serializers.CharField()
    severity = serializers.CharField()


EXPORT_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv"}


def _problem_text(problem) -> str:
    """"Sheet row column: message", leaving out the parts a problem has not (a wrong file type has none)."""
    place = " ".join(str(part) for part in (problem.sheet, problem.row, problem.column) if part not in (None, ""))
    return f"{place}: {problem.message}" if place else problem.message


class LedgerActionsMixin:
    """Import, export, findings and bulk re-tiering, as on the ledger pages."""

    @extend_schema(request={"multipart/form-data": ImportRequestSerializer}, responses={200: ImportResultSerializer})
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser], url_path="import")
    def import_file(self, request):
        """All or nothing: 400 lists every problem (sheet, row, column, message) and nothing is written."""
        from shuhi.ledger.spreadsheet.importer import import_ledger

        require_action(can.can_manage_ledger, request.user)
        body = ImportRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        suffix = Path(upload.name).suffix.lower()
        with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
            handle.flush()
            report = import_ledger(actor=request.user, organisation=request.user.organisation, path=handle.name,
                                   dry_run=body.validated_data["dry_run"])
        if report.errors:
            raise ValidationError({"file": [_problem_text(p) for p in report.errors]})
        return Response(report.as_dict())

    @extend_schema(parameters=[OpenApiParameter("type", str, enum=list(EXPORT_TYPES), default="xlsx")],
                   responses={(200, media): OpenApiResponse(OpenApiTypes.BINARY, description=f"ledger.{kind}")
                              for kind, media in EXPORT_TYPES.items()})
    @action(detail=False, methods=["get"])
    def export(self, request):
        from shuhi.ledger.spreadsheet.exporter import export_ledger

        require_action(can.can_export_ledger, request.user)
        kind = choice_param(request, "type", list(EXPORT_TYPES), default="xlsx")
        # Written to a folder that is gone before the response leaves: no export stays on disk.
        with tempfile.TemporaryDirectory(prefix="shuhi-export-") as folder:
            path = Path(folder) / f"ledger.{kind}"
            export_ledger(user_or_none=request.user, organisation=request.user.organisation, path=str(path))
            content = io.BytesIO(path.read_bytes())
        return FileResponse(content, as_attachment=True, filename=f"ledger.{kind}", content_type=EXPORT_TYPES[kind])

    @extend_schema(responses={200: LedgerFindingSerializer(many=True)})
    @action(detail=False, methods=["get"], pagination_class=None)
    def findings(self, request):
        """The self-check's findings over the assets you may see: kind, asset code, message."""
        from shuhi.ledger.checks import run_checks

        require_action(can.can_self_check, request.user)
        findings = run_checks(request.user.organisation, assets=self.get_queryset())
        return Response([{"kind": f.kind, "asset_code": f.asset_code, "message": f.message,
                          "severity": f.severity} for f in findings])

    @extend_schema(request=RetierRequestSerializer, responses={200: RetierResultSerializer})
    @action(detail=False, methods=["post"])
    def retier(self, request):
        """Move several assets to one tier; the reason is kept on each asset's history."""
        require_action(can.can_manage_ledger, request.user)
        body = RetierRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        tier = Tier.objects.visible_to(request.user).filter(pk=body.validated_data["tier"]).first()
        if tier is None:
            raise ValidationError({"tier": [_("Unknown tier.")]})
        assets = list(self.get_queryset().filter(pk__in=body.validated_data["assets"]))
        changed = services.asset_bulk_retier(actor=request.user, assets=assets, tier=tier,
                                             reason=body.validated_data["reason"])
        return Response({"changed": changed})


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
    create_check = can.can_manage_ledger
    update_check = can.can_edit_location

    def perform_create(self, serializer):
        serializer.instance = services.location_create(
            actor=self.request.user, organisation=self.request.user.organisation, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.location_update(
            actor=self.request.user, location=serializer.instance, **serializer.validated_data
        )


class AssetViewSet(LedgerActionsMixin, ScopedViewSet):
    """Information assets. Filters: q (code, name, description), tier (key), department (id), category,
    trade_secret (yes/no), sort."""

    model = InformationAsset
    serializer_class = AssetSerializer
    create_check = can.can_add_asset
    update_check = can.can_edit_asset

    @extend_schema(parameters=[
        OpenApiParameter("q", str), OpenApiParameter("tier", str, description="tier key"),
        id_parameter("department", "department id"), OpenApiParameter("category", str),
        OpenApiParameter("trade_secret", str, enum=["yes", "no"]),
        OpenApiParameter("sort", str, enum=list(selectors.SORTS)),
    ])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        # The same selector as the ledger page, so the API takes the same filters; the API checks
        # them first and answers a malformed one with a 400.
        request = self.request
        filters = {key: request.query_params.get(key, "") for key in FILTERS if key != "department"}
        filters["trade_secret"] = choice_param(request, "trade_secret", ["yes", "no"], default="")
        filters["sort"] = choice_param(request, "sort", list(selectors.SORTS), default="")
        assets = selectors.asset_list(user=request.user, filters=filters)
        department = int_param(request, "department")
        return assets if department is None else assets.filter(department_id=department)

    def perform_create(self, serializer):
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
