"""REST routes of the people register; shuhi/api_urls.py registers `routes`.

People, lifecycle events and pledges are read through the gate; the person a pledge is for
acknowledges or refuses it through the actions below (the same services as the pages).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from shuhi.core.permissions import require_action
from shuhi.core.rest.params import choice_param
from shuhi.core.rest.viewsets import ScopedReadOnlyViewSet, ScopedViewSet
from shuhi.people import permissions as can
from shuhi.people import selectors, services, services_exit, services_messages, services_policies
from shuhi.people import serializers as s
from shuhi.people import serializers_more as m
from shuhi.people.models import (
    ExitChecklist,
    LifecycleEvent,
    ManagementMessage,
    Person,
    Pledge,
    Policy,
    PolicyAcknowledgement,
)

PLEDGE_STATUSES = ["pending", *Pledge.Status.values]


class PersonViewSet(ScopedReadOnlyViewSet):
    """People of the register. Filters: q, kind, status."""

    model = Person
    serializer_class = s.PersonSerializer

    @extend_schema(parameters=[OpenApiParameter("q", str), OpenApiParameter("kind", str, enum=Person.Kind.values),
                               OpenApiParameter("status", str, enum=Person.Status.values)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if self.action != "list":
            return super().get_queryset()
        request = self.request
        return selectors.people(request.user, q=request.query_params.get("q", ""),
                                kind=choice_param(request, "kind", Person.Kind.values, default="") or "",
                                status=choice_param(request, "status", Person.Status.values, default="") or "",
                                ).prefetch_related("projects")


class LifecycleEventViewSet(ScopedReadOnlyViewSet):
    """Lifecycle events: hire, project join and leave, transfer, notice of leaving, exit."""

    model = LifecycleEvent
    serializer_class = s.LifecycleEventSerializer


class PledgeViewSet(ScopedReadOnlyViewSet):
    """Pledges with their text and the secrets they name. Filter: status (pending = draft or sent).

    The person a sent pledge is for acknowledges it (`acknowledge`: time, account and SHA-256 of the
    exact text and scope are recorded) or refuses it with a reason (`refuse`)."""

    model = Pledge
    serializer_class = s.PledgeSerializer

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=PLEDGE_STATUSES)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if self.action != "list":
            return super().get_queryset().select_related("template")
        status = choice_param(self.request, "status", PLEDGE_STATUSES, default="") or ""
        return selectors.pledges(self.request.user, status=status)

    def _answer(self, pledge: Pledge) -> Response:
        return Response(s.PledgeSerializer(pledge, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={200: s.PledgeSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        pledge = self.get_object()
        require_action(can.can_answer_pledge, request.user, pledge)
        return self._answer(services.pledge_acknowledge(actor=request.user, pledge=pledge))

    @extend_schema(request=s.RefusalSerializer, responses={200: s.PledgeSerializer})
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        pledge = self.get_object()
        require_action(can.can_answer_pledge, request.user, pledge)
        body = s.RefusalSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(services.pledge_refuse(actor=request.user, pledge=pledge, **body.validated_data))


class PolicyViewSet(ScopedViewSet):
    """Policies staff acknowledge, every version (filter current=yes for the current ones). POST
    publishes a new version of a kind (staff are asked again); `acknowledge` records that the caller
    read this version."""

    model = Policy
    serializer_class = m.PolicySerializer
    create_check = can.can_publish_policy
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(parameters=[OpenApiParameter("current", str, enum=["yes", "no"])])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if self.action != "list":
            return super().get_queryset()
        current = choice_param(self.request, "current", ["yes", "no"], default="") or ""
        rows = selectors.policies(self.request.user, current_only=current == "yes")
        return rows.filter(is_current=False) if current == "no" else rows

    def perform_create(self, serializer):
        serializer.instance = services_policies.policy_publish(
            actor=self.request.user, organisation=self.request.user.organisation, **serializer.validated_data)

    @extend_schema(request=None, responses={200: m.PolicyAcknowledgementSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        policy = self.get_object()
        require_action(can.can_acknowledge_policy, request.user, policy)
        ack = services_policies.policy_acknowledge(actor=request.user, policy=policy)
        return Response(m.PolicyAcknowledgementSerializer(ack, context=self.get_serializer_context()).data)


class PolicyAcknowledgementViewSet(ScopedReadOnlyViewSet):
    """Acknowledgements of policies: one's own, or everyone's for HR and the full-view roles."""

    model = PolicyAcknowledgement
    serializer_class = m.PolicyAcknowledgementSerializer


class ExitChecklistViewSet(ScopedReadOnlyViewSet):
    """Exit checklists with their open mandatory items. Actions: `tick` (assets, accounts), `review`
    (attach the signed-off log review or a recorded result), `close`, `override` (managers, with a reason)."""

    model = ExitChecklist
    serializer_class = m.ExitChecklistSerializer

    def _answer(self, checklist: ExitChecklist) -> Response:
        return Response(m.ExitChecklistSerializer(checklist, context=self.get_serializer_context()).data)

    def _body(self, serializer_class, request):
        body = serializer_class(data=request.data)
        body.is_valid(raise_exception=True)
        return body.validated_data

    @extend_schema(request=m.ChecklistUpdateSerializer, responses={200: m.ExitChecklistSerializer})
    @action(detail=True, methods=["post"])
    def tick(self, request, pk=None):
        checklist = self.get_object()
        require_action(can.can_update_exit_checklist, request.user, checklist)
        data = self._body(m.ChecklistUpdateSerializer, request)
        return self._answer(services_exit.exit_checklist_update(actor=request.user, checklist=checklist, **data))

    @extend_schema(request=m.ReviewAttachSerializer, responses={200: m.ExitChecklistSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        checklist = self.get_object()
        require_action(can.can_update_exit_checklist, request.user, checklist)
        data = self._body(m.ReviewAttachSerializer, request)
        return self._answer(services_exit.exit_checklist_attach_review(actor=request.user, checklist=checklist,
                                                                       **data))

    @extend_schema(request=None, responses={200: m.ExitChecklistSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        checklist = self.get_object()
        require_action(can.can_update_exit_checklist, request.user, checklist)
        return self._answer(services_exit.exit_checklist_close(actor=request.user, checklist=checklist))

    @extend_schema(request=m.OverrideSerializer, responses={200: m.ExitChecklistSerializer})
    @action(detail=True, methods=["post"])
    def override(self, request, pk=None):
        checklist = self.get_object()
        require_action(can.can_override_exit_checklist, request.user, checklist)
        data = self._body(m.OverrideSerializer, request)
        return self._answer(services_exit.exit_checklist_override(actor=request.user, checklist=checklist, **data))


class ManagementMessageViewSet(ScopedViewSet):
    """Management messages: who said what, to whom, when and through which channel."""

    model = ManagementMessage
    serializer_class = m.ManagementMessageSerializer
    create_check = can.can_record_management_message
    update_check = can.can_record_management_message

    def perform_create(self, serializer):
        serializer.instance = services_messages.management_message_record(
            actor=self.request.user, organisation=self.request.user.organisation, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services_messages.management_message_update(
            actor=self.request.user, message=serializer.instance, **serializer.validated_data)


routes = [
    ("people", PersonViewSet),
    ("lifecycle-events", LifecycleEventViewSet),
    ("pledges", PledgeViewSet),
    ("policies", PolicyViewSet),
    ("policy-acknowledgements", PolicyAcknowledgementViewSet),
    ("exit-checklists", ExitChecklistViewSet),
    ("management-messages", ManagementMessageViewSet),
]
