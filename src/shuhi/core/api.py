from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response

from shuhi.api.viewsets import ScopedViewSet
from shuhi.core import services
from shuhi.core.models import Department, Organisation, Project, User
from shuhi.core.roles import Role
from shuhi.core.serializers import (
    DepartmentSerializer,
    OrganisationSerializer,
    ProjectSerializer,
    UserSerializer,
)

MANAGERS = frozenset({Role.ADMIN, Role.SECURITY_MANAGER})


class OrganisationViewSet(ScopedViewSet):
    model = Organisation
    serializer_class = OrganisationSerializer
    create_roles = MANAGERS
    filterset_fields = ["kind"]

    def perform_create(self, serializer):
        self.check_create_allowed()
        data = serializer.validated_data
        serializer.instance = services.organisation_create(
            actor=self.request.user, name=data["name"], kind=Organisation.Kind.SUPPLIER, parent=data.get("parent")
        )

    def perform_update(self, serializer):
        raise_not_allowed()


class DepartmentViewSet(ScopedViewSet):
    model = Department
    serializer_class = DepartmentSerializer
    create_roles = MANAGERS

    def perform_create(self, serializer):
        self.check_create_allowed()
        serializer.instance = services.department_create(
            actor=self.request.user, organisation=self.request.user.organisation, **serializer.validated_data
        )

    def perform_update(self, serializer):
        raise_not_allowed()


class ProjectViewSet(ScopedViewSet):
    model = Project
    serializer_class = ProjectSerializer
    create_roles = MANAGERS | {Role.DEPT_MANAGER}

    def perform_create(self, serializer):
        self.check_create_allowed()
        data = dict(serializer.validated_data)
        serializer.instance = services.project_create(
            actor=self.request.user, organisation=self.request.user.organisation,
            name=data["name"], code=data.get("code", ""), department=data.get("department"),
            description=data.get("description", ""),
        )

    def perform_update(self, serializer):
        raise_not_allowed()


class UserViewSet(ScopedViewSet):
    model = User
    serializer_class = UserSerializer

    def perform_create(self, serializer):
        # Accounts are made through invitations, so that each person sets their own password.
        raise_not_allowed()

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in services.USER_EDITABLE_FIELDS}
        serializer.instance = services.user_update(actor=self.request.user, user=serializer.instance, **data)


def raise_not_allowed():
    from rest_framework.exceptions import MethodNotAllowed

    raise MethodNotAllowed("POST/PATCH")


@extend_schema(responses=UserSerializer)
@api_view(["GET"])
def me(request):
    """The signed-in user."""
    return Response(UserSerializer(request.user).data)


routes = [
    ("organisations", OrganisationViewSet),
    ("departments", DepartmentViewSet),
    ("projects", ProjectViewSet),
    ("users", UserViewSet),
]
