from rest_framework import serializers

from shuhi.core.models import Department, Organisation, Project, User


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "parent", "created_at"]
        read_only_fields = ["id", "created_at"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name", "code", "organisation"]
        read_only_fields = ["id", "organisation"]


class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["id", "name", "code", "department", "description", "start_date", "end_date", "organisation"]
        read_only_fields = ["id", "organisation"]


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "full_name", "organisation", "role", "department", "projects", "language",
                  "is_active"]
        read_only_fields = ["id", "email", "organisation", "projects"]
