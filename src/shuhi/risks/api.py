"""REST routes of the risk register and the case library; shuhi/api_urls.py registers `routes`.

Risks are created and changed through the same services as the pages (each change a new
version); `remove` and `restore` delete and bring back a risk. Versions are read-only. Cases
are created, changed and deleted (`remove`) by the managers and read by every home user. Like the
rest of the API, nothing answers DELETE: a deletion is a named action.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from shuhi.core.permissions import require_action
from shuhi.core.rest.params import choice_param, id_parameter, int_param
from shuhi.core.rest.strict import StrictJSONMixin
from shuhi.core.rest.viewsets import ScopedReadOnlyViewSet, ScopedViewSet
from shuhi.risks import permissions as can
from shuhi.risks import selectors, services
from shuhi.risks import serializers as s
from shuhi.risks.models import InsiderRisk, LeakCase, Principle, RiskVersion


class ReasonSerializer(StrictJSONMixin, serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class RiskViewSet(ScopedViewSet):
    """Insider-fraud risks with their measures. Filters: band, status, principle, review=overdue,
    deleted=yes (the deleted ones instead of the current ones)."""

    model = InsiderRisk
    serializer_class = s.RiskSerializer
    create_check = can.can_add_insider_risk
    update_check = can.can_edit_insider_risk

    @extend_schema(parameters=[
        OpenApiParameter("band", str, enum=["low", "medium", "high"]),
        OpenApiParameter("status", str, enum=InsiderRisk.Status.values),
        OpenApiParameter("principle", str, enum=Principle.values),
        OpenApiParameter("review", str, enum=["overdue"]),
        OpenApiParameter("deleted", str, enum=["yes", "no"]),
    ])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if self.action != "list":
            return super().get_queryset().prefetch_related("measures", "assets")
        request = self.request
        return selectors.risks(
            request.user, band=choice_param(request, "band", ["low", "medium", "high"], default="") or "",
            status=choice_param(request, "status", InsiderRisk.Status.values, default="") or "",
            principle=choice_param(request, "principle", Principle.values, default="") or "",
            review=choice_param(request, "review", ["overdue"], default="") or "",
            deleted=choice_param(request, "deleted", ["yes", "no"], default="no") == "yes",
        ).prefetch_related("measures", "assets")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.risk_create(actor=self.request.user, organisation=self.request.user.organisation,
                                                   **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.risk_update(actor=self.request.user, risk=serializer.instance, **data)

    def _answer(self, risk: InsiderRisk) -> Response:
        return Response(s.RiskSerializer(risk, context=self.get_serializer_context()).data)

    @extend_schema(request=ReasonSerializer, responses={200: s.RiskSerializer})
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """Delete the risk (it can be restored)."""
        risk = self.get_object()
        require_action(can.can_edit_insider_risk, request.user, risk)
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(services.risk_delete(actor=request.user, risk=risk, **body.validated_data))

    @extend_schema(request=ReasonSerializer, responses={200: s.RiskSerializer})
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        risk = self.get_object()
        require_action(can.can_restore_insider_risk, request.user, risk)
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(services.risk_restore(actor=request.user, risk=risk, **body.validated_data))


class RiskVersionViewSet(ScopedReadOnlyViewSet):
    """Every version of every risk: its full state after the change, who, when and why. Filter: risk (id)."""

    model = RiskVersion
    serializer_class = s.RiskVersionSerializer

    @extend_schema(parameters=[id_parameter("risk", "risk id")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        rows = super().get_queryset().order_by("risk_id", "-number")
        risk = int_param(self.request, "risk") if self.action == "list" else None
        return rows.filter(risk_id=risk) if risk is not None else rows


class LeakCaseViewSet(ScopedViewSet):
    """The case library: public leak cases with their source. Filter: principle."""

    model = LeakCase
    serializer_class = s.LeakCaseSerializer
    create_check = can.can_manage_leak_cases
    update_check = can.can_manage_leak_cases

    @extend_schema(parameters=[OpenApiParameter("principle", str, enum=Principle.values)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if self.action != "list":
            return super().get_queryset()
        principle = choice_param(self.request, "principle", Principle.values, default="") or ""
        return selectors.cases(self.request.user, principle=principle)

    def perform_create(self, serializer):
        serializer.instance = services.case_create(actor=self.request.user,
                                                   organisation=self.request.user.organisation,
                                                   **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.case_update(actor=self.request.user, case=serializer.instance,
                                                   **serializer.validated_data)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """Delete the case from the library (the audit log keeps its full text)."""
        case = self.get_object()
        require_action(can.can_manage_leak_cases, request.user, case)
        services.case_delete(actor=request.user, case=case)
        return Response(status=204)


routes = [
    ("insider-risks", RiskViewSet),
    ("insider-risk-versions", RiskVersionViewSet),
    ("leak-cases", LeakCaseViewSet),
]
