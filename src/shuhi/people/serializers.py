"""REST shapes of the people register. A supplier's representative reads only its on-site staff,
and without the outsourcer's departments and projects."""

from __future__ import annotations

from rest_framework import serializers

from shuhi.core.rest.strict import BoundedCharField, StrictJSONMixin
from shuhi.people.models import LifecycleEvent, Person, Pledge


class PersonSerializer(serializers.ModelSerializer):
    # Plain text: many people have no e-mail, and "" is no e-mail address to the schema.
    email = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = ["id", "organisation", "user", "kind", "employee_number", "name", "kana", "email", "department",
                  "projects", "language", "hired_on", "left_on", "status", "created_at", "updated_at"]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and getattr(request.user, "is_supplier", False):
            # Blank, not left out, so that the shape stays the documented one.
            data.update(department=None, projects=[], user=None)
        return data


class LifecycleEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = LifecycleEvent
        fields = ["id", "person", "kind", "occurred_on", "project", "department", "note", "recorded_by", "created_at"]
        read_only_fields = fields


class PledgeSerializer(serializers.ModelSerializer):
    template_version = serializers.IntegerField(source="template.version", read_only=True)

    class Meta:
        model = Pledge
        fields = ["id", "person", "event", "template", "template_version", "kind", "title", "text", "items",
                  "removed", "status", "sent_at", "sha256", "acknowledged_at", "acknowledged_by", "refused_at",
                  "refusal_reason", "follow_up", "paper_name", "paper_sha256", "signed_on", "created_at"]
        read_only_fields = fields


class RefusalSerializer(StrictJSONMixin, serializers.Serializer):
    reason = BoundedCharField(max_length=2000)
