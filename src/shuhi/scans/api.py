from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from shuhi.core.permissions import require_action
from shuhi.core.rest.params import id_parameter, int_param
from shuhi.core.rest.viewsets import ScopedReadOnlyViewSet, ScopedViewSet
from shuhi.scans import permissions as can
from shuhi.scans import selectors, services
from shuhi.scans.models import ScanFinding, ScannedFile, ScanRun
from shuhi.scans.serializers import (
    CoverageSerializer,
    ScanArchiveRequestSerializer,
    ScanFindingSerializer,
    ScanLocationRequestSerializer,
    ScannedFileSerializer,
    ScanRunSerializer,
    ScanStartSerializer,
)


class ScanRunViewSet(ScopedViewSet):
    """Document scans. POST a location id to scan its folders on the server, or multipart with an
    `archive` (.zip) and optionally the `location` it came from; the scan runs as a background job."""

    model = ScanRun
    serializer_class = ScanRunSerializer
    create_check = can.can_start_scan
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return super().get_queryset().select_related("location")

    def get_serializer_class(self):
        return ScanStartSerializer if self.action == "create" else ScanRunSerializer

    @extend_schema(request={"application/json": ScanLocationRequestSerializer,
                            "multipart/form-data": ScanArchiveRequestSerializer},
                   responses={201: ScanRunSerializer})
    def create(self, request, *args, **kwargs):
        require_action(can.can_start_scan, request.user)
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            if data.get("archive"):
                run = services.scan_start_archive(actor=request.user, upload=data["archive"],
                                                  location=data.get("location"))
            else:
                run = services.scan_start_location(actor=request.user, location=data["location"])
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
        return Response(ScanRunSerializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: CoverageSerializer(many=True)})
    @action(detail=False, methods=["get"], pagination_class=None)
    def coverage(self, request):
        """Label coverage per storage location, from the latest scan of each."""
        require_action(can.can_read_scans, request.user)
        return Response(CoverageSerializer(selectors.location_coverage(user=request.user), many=True).data)


class ScannedFileViewSet(ScopedReadOnlyViewSet):
    """Files of document scans. Filters: run (id), kind (finding kind or "any"), tier (key or "none"), q (path)."""

    model = ScannedFile
    serializer_class = ScannedFileSerializer

    @extend_schema(parameters=[id_parameter("run", "scan run id"), OpenApiParameter("kind", str),
                               OpenApiParameter("tier", str), OpenApiParameter("q", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        files = super().get_queryset().select_related("tier").prefetch_related("findings")
        params = self.request.query_params
        run = int_param(self.request, "run")
        if run is not None:
            files = files.filter(run_id=run)
        kind = params.get("kind")
        if kind == "any":
            files = files.filter(findings__isnull=False).distinct()
        elif kind:
            files = files.filter(findings__kind=kind).distinct()
        if params.get("tier") == "none":
            files = files.filter(tier_key="")
        elif params.get("tier"):
            files = files.filter(tier__key=params["tier"])
        if params.get("q"):
            files = files.filter(path__icontains=params["q"])
        return files.order_by("run_id", "path", "pk")


class ScanFindingViewSet(ScopedReadOnlyViewSet):
    """Findings of document scans. Filters: run (id), kind."""

    model = ScanFinding
    serializer_class = ScanFindingSerializer

    @extend_schema(parameters=[id_parameter("run", "scan run id"), OpenApiParameter("kind", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        findings = super().get_queryset().select_related("file")
        params = self.request.query_params
        run = int_param(self.request, "run")
        if run is not None:
            findings = findings.filter(file__run_id=run)
        if params.get("kind"):
            findings = findings.filter(kind=params["kind"])
        return findings.order_by("file__run_id", "file__path", "kind", "pk")


routes = [
    ("scan-runs", ScanRunViewSet),
    ("scanned-files", ScannedFileViewSet),
    ("scan-findings", ScanFindingViewSet),
]
