"""REST routes of the reporting channel (for its handlers) and the incident register.

Reports: only the reports routed to the caller as a handler are listed or shown (404 otherwise,
named reporters included: they use the pages); handlers ask the reporter (`ask`) and close
(`close`). Incidents: read through the gate, created and changed through the services, with
timeline entries (`entries`), actions (`actions`) and their completion (`complete-action`).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from shuhi.core.permissions import require_action
from shuhi.core.rest.params import choice_param
from shuhi.core.rest.viewsets import ScopedReadOnlyViewSet, ScopedViewSet
from shuhi.incidents import permissions as can
from shuhi.incidents import selectors, services, services_incidents
from shuhi.incidents import serializers as s
from shuhi.incidents.models import CAUSE_GROUPS, Cause, DataKind, Incident, IncidentAction, Report, ReportAccess


class ReportViewSet(ScopedReadOnlyViewSet):
    """Reports routed to you as a handler. Filter: status."""

    model = Report
    serializer_class = s.ReportSerializer

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=Report.Status.values)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            # Schema generation has no handler behind it: the model is all it needs to type the id.
            return Report.objects.none()
        status = choice_param(self.request, "status", Report.Status.values, default="") or ""
        return selectors.reports(self.request.user, status=status, role=ReportAccess.Role.HANDLER
                                 ).prefetch_related("messages")

    def _answer(self, report: Report) -> Response:
        report.refresh_from_db()
        return Response(s.ReportSerializer(report, context=self.get_serializer_context()).data)

    @extend_schema(request=s.MessageSerializer, responses={200: s.ReportSerializer})
    @action(detail=True, methods=["post"])
    def ask(self, request, pk=None):
        report = self.get_object()
        require_action(can.can_ask_reporter, request.user, report)
        body = s.MessageSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.report_ask(actor=request.user, report=report, body=body.validated_data["body"])
        return self._answer(report)

    @extend_schema(request=s.OutcomeSerializer, responses={200: s.ReportSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        report = self.get_object()
        require_action(can.can_close_report, request.user, report)
        body = s.OutcomeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.report_close(actor=request.user, report=report, outcome=body.validated_data["outcome"])
        return self._answer(report)


class IncidentViewSet(ScopedViewSet):
    """The incident register. Filters: cause, group (internal-malicious, internal-mistake, internal-ignorance,
    external), data_kind, status (open, contained, closed, active)."""

    model = Incident
    serializer_class = s.IncidentSerializer
    create_check = can.can_create_incident
    update_check = can.can_edit_incident

    @extend_schema(parameters=[OpenApiParameter("cause", str, enum=Cause.values),
                               OpenApiParameter("group", str, enum=list(CAUSE_GROUPS)),
                               OpenApiParameter("data_kind", str, enum=DataKind.values),
                               OpenApiParameter("status", str, enum=[*Incident.Status.values, "active"])])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if self.action != "list":
            return super().get_queryset()
        request = self.request
        return selectors.incidents(
            request.user, cause=choice_param(request, "cause", Cause.values, default="") or "",
            group=choice_param(request, "group", list(CAUSE_GROUPS), default="") or "",
            data_kind=choice_param(request, "data_kind", DataKind.values, default="") or "",
            status=choice_param(request, "status", [*Incident.Status.values, "active"], default="") or "")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        # A new incident is open; it is contained or closed by a change, which asks for the lessons learned.
        data.pop("status", None)
        serializer.instance = services_incidents.incident_create(
            actor=self.request.user, organisation=self.request.user.organisation, **data)

    def perform_update(self, serializer):
        serializer.instance = services_incidents.incident_update(
            actor=self.request.user, incident=serializer.instance, **serializer.validated_data)

    def _answer(self, incident: Incident) -> Response:
        return Response(s.IncidentSerializer(Incident.objects.get(pk=incident.pk),
                                             context=self.get_serializer_context()).data)

    @extend_schema(request=s.EntrySerializer, responses={200: s.IncidentSerializer})
    @action(detail=True, methods=["post"])
    def entries(self, request, pk=None):
        incident = self.get_object()
        require_action(can.can_edit_incident, request.user, incident)
        body = s.EntrySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services_incidents.incident_entry_add(actor=request.user, incident=incident, **body.validated_data)
        return self._answer(incident)

    @extend_schema(request=s.IncidentActionSerializer, responses={200: s.IncidentSerializer})
    @action(detail=True, methods=["post"], url_path="actions")
    def add_action(self, request, pk=None):
        incident = self.get_object()
        require_action(can.can_edit_incident, request.user, incident)
        body = s.IncidentActionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services_incidents.incident_action_add(actor=request.user, incident=incident, **body.validated_data)
        return self._answer(incident)


class IncidentActionViewSet(ScopedReadOnlyViewSet):
    """Actions of the incidents you can see; `complete` marks one done."""

    model = IncidentAction
    serializer_class = s.IncidentActionSerializer

    @extend_schema(request=None, responses={200: s.IncidentActionSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        item = self.get_object()
        require_action(can.can_complete_incident_action, request.user, item)
        done = services_incidents.incident_action_complete(actor=request.user, item=item)
        return Response(s.IncidentActionSerializer(done, context=self.get_serializer_context()).data)


routes = [
    ("reports", ReportViewSet),
    ("incidents", IncidentViewSet),
    ("incident-actions", IncidentActionViewSet),
]
