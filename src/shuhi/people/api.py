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
from shuhi.core.rest.viewsets import ScopedReadOnlyViewSet
from shuhi.people import permissions as can
from shuhi.people import selectors, services
from shuhi.people import serializers as s
from shuhi.people.models import LifecycleEvent, Person, Pledge

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


routes = [
    ("people", PersonViewSet),
    ("lifecycle-events", LifecycleEventViewSet),
    ("pledges", PledgeViewSet),
]
