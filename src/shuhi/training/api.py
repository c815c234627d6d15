"""REST routes of training; shuhi/api_urls.py registers `routes`.

Modules are read (the quiz without its marks, unless you manage the modules); assignments are
read, and HR creates one; the person assigned submits answers (`submit`), through the same
service as the page; attempts ("completions") are read.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from shuhi.core.permissions import require_action
from shuhi.core.rest.params import choice_param
from shuhi.core.rest.viewsets import ScopedReadOnlyViewSet, ScopedViewSet
from shuhi.training import permissions as can
from shuhi.training import selectors, services, services_assign
from shuhi.training import serializers as s
from shuhi.training.models import Assignment, Attempt, Module, ModuleVersion

STATES = list(selectors.STATES)


class ModuleViewSet(ScopedReadOnlyViewSet):
    """Training modules with their current version (text and quiz)."""

    model = Module
    serializer_class = s.ModuleSerializer


class AssignmentViewSet(ScopedViewSet):
    """Who must take which module. Filter: state (open, overdue, passed, cancelled).

    HR creates one (`person`, `module`, optional `due_on`); the person assigned submits the
    answers to the current version (`submit`)."""

    model = Assignment
    serializer_class = s.AssignmentSerializer
    create_check = can.can_manage_assignments
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(parameters=[OpenApiParameter("state", str, enum=STATES)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if self.action != "list":
            return super().get_queryset().select_related("person", "module", "passed_version")
        state = choice_param(self.request, "state", STATES, default="") or ""
        return selectors.assignments(self.request.user, state=state)

    @extend_schema(request=s.AssignmentCreateSerializer, responses={201: s.AssignmentSerializer})
    def create(self, request, *args, **kwargs):
        require_action(can.can_manage_assignments, request.user)
        body = s.AssignmentCreateSerializer(data=request.data, context={"request": request})
        for name in ("person", "module"):
            field = body.fields[name]
            field.queryset = field.queryset.model.objects.visible_to(request.user)
        body.is_valid(raise_exception=True)
        assignment = services_assign.assignment_create(actor=request.user, **body.validated_data)
        return Response(s.AssignmentSerializer(assignment, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=s.QuizAnswersSerializer, responses={201: s.AttemptSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        assignment = self.get_object()
        require_action(can.can_take_training, request.user, assignment)
        body = s.QuizAnswersSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        version = ModuleVersion.objects.visible_to(request.user).filter(
            pk=body.validated_data["version"], module=assignment.module).first()
        if version is None:
            raise ValidationError({"version": "This is not a version of the assigned module."})
        attempt = services.attempt_submit(actor=request.user, assignment=assignment, version=version,
                                          answers=body.validated_data["answers"])
        return Response(s.AttemptSerializer(attempt).data, status=status.HTTP_201_CREATED)


class AttemptViewSet(ScopedReadOnlyViewSet):
    """Attempts (completions): every quiz taken online and every result recorded from paper."""

    model = Attempt
    serializer_class = s.AttemptSerializer


routes = [
    ("training-modules", ModuleViewSet),
    ("training-assignments", AssignmentViewSet),
    ("training-attempts", AttemptViewSet),
]
