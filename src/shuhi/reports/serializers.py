"""REST shapes of the management figures: monthly snapshots and the report versions (no file path)."""

from __future__ import annotations

from rest_framework import serializers

from shuhi.reports.models import IndicatorSnapshot, ManagementReport


class IndicatorSnapshotSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorSnapshot
        fields = ["id", "organisation", "month", "key", "value", "recorded_at"]
        read_only_fields = fields


class ManagementReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ManagementReport
        fields = ["id", "organisation", "month", "version", "size", "sha256", "pages", "generated_by", "created_at"]
        read_only_fields = fields
