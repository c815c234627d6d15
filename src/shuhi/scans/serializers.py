from __future__ import annotations

from rest_framework import serializers

from shuhi.core.rest.strict import StrictJSONMixin
from shuhi.ledger.models import StorageLocation
from shuhi.scans.models import ScanFinding, ScannedFile, ScanRun


class ScanRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScanRun
        fields = ["id", "source", "location", "archive_name", "status", "files_total", "files_labelled",
                  "files_failed", "findings_total", "message", "job", "created_at", "finished_at"]


class ScanStartSerializer(StrictJSONMixin, serializers.Serializer):
    """Either a location (its folders on the server are scanned) or an archive (with an optional location)."""

    location = serializers.PrimaryKeyRelatedField(queryset=StorageLocation.objects.none(), required=False,
                                                  allow_null=True)
    archive = serializers.FileField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")  # absent when the OpenAPI schema is generated
        if request is not None:
            self.fields["location"].queryset = StorageLocation.objects.visible_to(request.user).filter(
                organisation_id=request.user.organisation_id)

    def validate(self, attrs):
        if not attrs.get("archive") and not attrs.get("location"):
            raise serializers.ValidationError("Give a location to scan, or upload an archive.")
        return attrs


class ScanLocationRequestSerializer(serializers.Serializer):
    """The JSON body: scan the folders on the server of one storage location."""

    location = serializers.IntegerField(min_value=1, help_text="storage location id")


class ScanArchiveRequestSerializer(serializers.Serializer):
    """The multipart body: scan an uploaded .zip archive, optionally as the contents of a location."""

    archive = serializers.FileField()
    location = serializers.IntegerField(min_value=1, required=False, help_text="storage location id")


class FindingInlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScanFinding
        fields = ["kind", "message"]


class ScannedFileSerializer(serializers.ModelSerializer):
    findings = FindingInlineSerializer(many=True, read_only=True)

    class Meta:
        model = ScannedFile
        fields = ["id", "run", "path", "format", "tier_key", "tier", "labels", "mip", "error", "location",
                  "location_tier", "findings", "ocr"]


class ScanFindingSerializer(serializers.ModelSerializer):
    run = serializers.IntegerField(source="file.run_id", read_only=True)
    path = serializers.CharField(source="file.path", read_only=True)

    class Meta:
        model = ScanFinding
        fields = ["id", "run", "file", "path", "kind", "message"]


class CoverageSerializer(serializers.Serializer):
    location = serializers.IntegerField(source="location.pk")
    location_name = serializers.CharField(source="location.name")
    tier = serializers.CharField(source="location.tier.key")
    needs_labels = serializers.BooleanField()
    files = serializers.IntegerField()
    labelled = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)
    run = serializers.IntegerField(source="run_id", allow_null=True)
