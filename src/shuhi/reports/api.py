"""Read-only REST routes of the management figures; shuhi/api_urls.py registers `routes`.

The PDF itself is downloaded from the page (reports:download), where each download is recorded."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema

from shuhi.core.rest.viewsets import ScopedReadOnlyViewSet
from shuhi.reports import selectors
from shuhi.reports import serializers as s
from shuhi.reports.models import IndicatorSnapshot, ManagementReport


class IndicatorSnapshotViewSet(ScopedReadOnlyViewSet):
    """Monthly values of the management indicators. Filter: key."""

    model = IndicatorSnapshot
    serializer_class = s.IndicatorSnapshotSerializer

    @extend_schema(parameters=[OpenApiParameter("key", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if self.action != "list":
            return super().get_queryset()
        return selectors.snapshot_list(self.request.user, key=self.request.query_params.get("key", "")[:100])


class ManagementReportViewSet(ScopedReadOnlyViewSet):
    """Versions of the monthly management report."""

    model = ManagementReport
    serializer_class = s.ManagementReportSerializer

    def get_queryset(self):
        if self.action != "list":
            return super().get_queryset()
        return selectors.report_list(self.request.user)


routes = [
    ("indicator-snapshots", IndicatorSnapshotViewSet),
    ("management-reports", ManagementReportViewSet),
]
