from rest_framework import serializers

from shuhi.core.models import Department, Organisation, Project, User
from shuhi.core.rest.strict import StrictJSONMixin


class OrganisationSerializer(StrictJSONMixin, serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "parent", "created_at"]
        # Organisations made through the API are always suppliers (the service sets the kind).
        read_only_fields = ["id", "kind", "created_at"]


class DepartmentSerializer(StrictJSONMixin, serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name", "code", "organisation"]
        read_only_fields = ["id", "organisation"]


class ProjectSerializer(StrictJSONMixin, serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["id", "name", "code", "department", "description", "start_date", "end_date", "organisation"]
        read_only_fields = ["id", "organisation"]


class UserSerializer(StrictJSONMixin, serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "full_name", "organisation", "role", "department", "projects", "language",
                  "is_active"]
        read_only_fields = ["id", "email", "organisation", "projects"]
