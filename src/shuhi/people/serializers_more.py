"""REST shapes of policies, acknowledgements, exit checklists and management messages."""

from __future__ import annotations

from rest_framework import serializers

from shuhi.core.rest.strict import BoundedCharField, StrictJSONMixin
from shuhi.people.models import ExitChecklist, ManagementMessage, Policy, PolicyAcknowledgement


class PolicySerializer(StrictJSONMixin, serializers.ModelSerializer):
    class Meta:
        model = Policy
        fields = ["id", "kind", "version", "title", "body", "is_current", "published_at", "published_by"]
        read_only_fields = ["id", "version", "is_current", "published_at", "published_by"]


class PolicyAcknowledgementSerializer(serializers.ModelSerializer):
    class Meta:
        model = PolicyAcknowledgement
        fields = ["id", "policy", "user", "acknowledged_at", "sha256"]
        read_only_fields = fields


class ExitChecklistSerializer(serializers.ModelSerializer):
    open_items = serializers.SerializerMethodField()

    class Meta:
        model = ExitChecklist
        fields = ["id", "person", "event", "status", "assets_returned", "assets_note", "accounts", "review_cycle_id",
                  "review_label", "review_result", "review_signed_by", "review_signed_at", "override_reason",
                  "override_by", "closed_at", "closed_by", "created_at", "open_items"]
        read_only_fields = fields

    def get_open_items(self, obj) -> list[str]:
        from shuhi.people.exits import open_items

        return [item.key for item in open_items(obj)]


class ChecklistUpdateSerializer(StrictJSONMixin, serializers.Serializer):
    assets_returned = serializers.BooleanField(required=False)
    assets_note = BoundedCharField(max_length=500, required=False, allow_blank=True)
    accounts = serializers.DictField(child=serializers.BooleanField(), required=False)


class ReviewAttachSerializer(StrictJSONMixin, serializers.Serializer):
    cycle_id = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    result = BoundedCharField(max_length=4000, required=False, allow_blank=True)
    signed_by = BoundedCharField(max_length=200, required=False, allow_blank=True)


class OverrideSerializer(StrictJSONMixin, serializers.Serializer):
    reason = BoundedCharField(max_length=2000)


class ManagementMessageSerializer(StrictJSONMixin, serializers.ModelSerializer):
    class Meta:
        model = ManagementMessage
        fields = ["id", "said_on", "speaker", "speaker_title", "channel", "audience", "subject", "content", "evidence",
                  "recorded_by", "created_at"]
        read_only_fields = ["id", "recorded_by", "created_at"]
