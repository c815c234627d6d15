from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, schema
from rest_framework.response import Response

from shuhi.core import permissions as can
from shuhi.core import services
from shuhi.core.models import Department, Organisation, Project, User
from shuhi.core.rest.schema import ShuhiAutoSchema
from shuhi.core.rest.viewsets import ScopedViewSet
from shuhi.core.serializers import (
    DepartmentSerializer,
    OrganisationSerializer,
    ProjectSerializer,
    UserSerializer,
)

CREATE_ONLY = ["get", "post", "head", "options"]


class OrganisationViewSet(ScopedViewSet):
    model = Organisation
    serializer_class = OrganisationSerializer
    create_check = can.can_register_supplier
    http_method_names = CREATE_ONLY
    filterset_fields = ["kind"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.organisation_create(
            actor=self.request.user, name=data["name"], kind=Organisation.Kind.SUPPLIER, parent=data.get("parent")
        )


class DepartmentViewSet(ScopedViewSet):
    model = Department
    serializer_class = DepartmentSerializer
    create_check = can.can_create_department
    http_method_names = CREATE_ONLY

    def perform_create(self, serializer):
        serializer.instance = services.department_create(
            actor=self.request.user, organisation=self.request.user.organisation, **serializer.validated_data
        )


class ProjectViewSet(ScopedViewSet):
    model = Project
    serializer_class = ProjectSerializer
    create_check = can.can_create_project
    http_method_names = CREATE_ONLY

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.project_create(
            actor=self.request.user, organisation=self.request.user.organisation,
            name=data["name"], code=data.get("code", ""), department=data.get("department"),
            description=data.get("description", ""),
        )


class UserViewSet(ScopedViewSet):
    """Accounts are made through invitations, so that each person sets their own password: no POST."""

    model = User
    serializer_class = UserSerializer
    update_check = can.can_edit_user
    http_method_names = ["get", "patch", "head", "options"]

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in services.USER_EDITABLE_FIELDS}
        serializer.instance = services.user_update(actor=self.request.user, user=serializer.instance, **data)


@extend_schema(responses=UserSerializer)
@api_view(["GET"])
@schema(ShuhiAutoSchema())
def me(request):
    """The signed-in user."""
    return Response(UserSerializer(request.user).data)


routes = [
    ("organisations", OrganisationViewSet),
    ("departments", DepartmentViewSet),
    ("projects", ProjectViewSet),
    ("users", UserViewSet),
]
