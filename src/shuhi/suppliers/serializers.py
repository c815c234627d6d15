from rest_framework import serializers

from shuhi.suppliers.models import (
    Assessment,
    AssessmentVersion,
    Campaign,
    Evidence,
    Framework,
    ImprovementItem,
    Interview,
    Reminder,
    SupplierProfile,
)


class ProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupplierProfile
        fields = ["id", "organisation", "legal_name", "size_band", "industry", "certifications",
                  "other_certifications", "contacts", "contract_status", "notes", "updated_at"]
        read_only_fields = ["organisation", "updated_at"]


class FrameworkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Framework
        fields = ["id", "ref_id", "urn", "version", "kind", "name_ja", "name_en", "builtin", "content", "created_at"]


class CampaignSerializer(serializers.ModelSerializer):
    class Meta:
        model = Campaign
        fields = ["id", "title", "framework", "message", "due_date", "created_at"]


class AssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["id", "campaign", "framework", "supplier", "status", "due_date", "private", "answers", "updated_at"]


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentVersion
        fields = ["id", "assessment", "number", "answers", "scores", "submitted_at", "outcome", "review_comments",
                  "review_note", "reviewed_at"]


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "assessment", "question_id", "original_name", "content_type", "size", "sha256",
                  "uploaded_at"]


class ReminderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reminder
        fields = ["id", "assessment", "kind", "due_date", "created_at"]


class InterviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = Interview
        fields = ["id", "supplier", "framework", "held_on", "answers", "updated_at"]


class ImprovementItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImprovementItem
        fields = ["id", "assessment", "question_id", "practice", "answer_then", "share_then", "owner", "owner_name",
                  "due_date", "status", "notes", "created_at", "updated_at"]
