"""REST shapes of the risk register (risks with their measures, versions read-only) and the case library."""

from __future__ import annotations

from rest_framework import serializers

from shuhi.core.rest.strict import StrictJSONMixin
from shuhi.ledger.models import InformationAsset
from shuhi.risks.models import InsiderRisk, LeakCase, Principle, RiskMeasure, RiskVersion


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskMeasure
        fields = ["id", "principle", "description", "status", "owner", "due_date"]
        read_only_fields = fields


class RiskSerializer(StrictJSONMixin, serializers.ModelSerializer):
    score = serializers.IntegerField(read_only=True)
    band = serializers.CharField(read_only=True)
    asset_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=InformationAsset.Category.choices), required=False, max_length=10)
    measures = MeasureSerializer(many=True, read_only=True)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=500)

    class Meta:
        model = InsiderRisk
        fields = ["id", "title", "description", "likelihood", "impact", "score", "band", "asset_categories", "assets",
                  "owner", "review_date", "status", "version", "deleted_at", "measures", "reason", "created_at",
                  "updated_at"]
        read_only_fields = ["id", "score", "band", "version", "deleted_at", "measures", "created_at", "updated_at"]


class RiskVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskVersion
        fields = ["id", "risk", "number", "change", "state", "reason", "changed_by", "changed_by_name", "changed_at"]
        read_only_fields = fields


class LeakCaseSerializer(StrictJSONMixin, serializers.ModelSerializer):
    principles = serializers.ListField(child=serializers.ChoiceField(choices=Principle.choices), required=False,
                                       max_length=5)

    class Meta:
        model = LeakCase
        fields = ["id", "title", "occurred_on", "summary", "what_went_wrong", "lessons", "principles", "source_name",
                  "source_url", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
