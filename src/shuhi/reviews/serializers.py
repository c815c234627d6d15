from rest_framework import serializers

from shuhi.reviews.models import (
    FollowUpCase,
    LogSource,
    Reidentification,
    ReviewCycle,
    SignOff,
)


class LogSourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = LogSource
        fields = ["id", "organisation", "name", "kind", "path", "mapping", "context_path", "preset", "uploads",
                  "auto_schedule", "created_at"]


class ReviewCycleSerializer(serializers.ModelSerializer):
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = ReviewCycle
        # The report is pseudonymised; the HTML rendering of it is left to the page's download.
        fields = ["id", "organisation", "source", "period_start", "period_end", "cadence", "window", "reviewer",
                  "due_date", "status", "is_overdue", "report", "job", "error", "created_at"]


class SignOffSerializer(serializers.ModelSerializer):
    class Meta:
        model = SignOff
        fields = ["id", "cycle", "reviewer", "notes", "signed_at"]


class FollowUpCaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUpCase
        fields = ["id", "cycle", "pseudonym", "window_start", "reason_summary", "status", "notes", "opened_by",
                  "opened_at", "closed_by", "closed_at"]


class ReidentificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reidentification
        fields = ["id", "cycle", "pseudonym", "reason", "actor", "created_at", "status", "approver", "decided_at",
                  "decision_reason", "revealed_at", "found"]

