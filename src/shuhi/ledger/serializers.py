from rest_framework import serializers

from shuhi.core.rest.strict import StrictJSONMixin
from shuhi.ledger.models import ClassificationRule, InformationAsset, StorageLocation, Tier


class TierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tier
        fields = ["id", "key", "name", "rank", "label_text", "handling", "may_disclose"]


class RuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClassificationRule
        fields = ["id", "question", "explanation", "tier_if_yes", "identifies_trade_secret", "order"]


class LocationSerializer(StrictJSONMixin, serializers.ModelSerializer):
    class Meta:
        model = StorageLocation
        fields = ["id", "name", "kind", "tier", "path_patterns", "access_groups", "description"]


class AssetSerializer(StrictJSONMixin, serializers.ModelSerializer):
    risk_score = serializers.IntegerField(read_only=True, allow_null=True,
                                          help_text="likelihood × impact; null while either is unknown")
    risk_level = serializers.ChoiceField(choices=["high", "medium", "low", "unknown"], read_only=True)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True,
                                   help_text="Why the change is made; kept in the audit log.")

    class Meta:
        model = InformationAsset
        fields = ["id", "code", "name", "description", "category", "tier", "suggested_tier", "is_trade_secret",
                  "is_personal_data", "department", "owner", "projects", "locations", "retention", "retention_years",
                  "retention_until", "disposal_method", "likelihood", "impact", "risk_score", "risk_level",
                  "label_status", "usefulness_reason", "non_public_reason", "review_date", "notes", "created_at",
                  "updated_at", "reason"]
        read_only_fields = ["suggested_tier", "created_at", "updated_at"]
