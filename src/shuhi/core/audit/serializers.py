from rest_framework import serializers

from shuhi.core.audit.models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = ["id", "created_at", "actor", "actor_label", "source", "action", "object_type", "object_id",
                  "object_repr", "before", "after", "prev_hash", "hash"]
