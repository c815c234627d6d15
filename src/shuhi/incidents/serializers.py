"""REST shapes of the reporting channel and the incident register.

A report shows its reporter only to its handlers; an anonymous report has none to show.
"""

from __future__ import annotations

from rest_framework import serializers

from shuhi.core.models import Organisation
from shuhi.core.rest.strict import BoundedCharField, StrictJSONMixin
from shuhi.incidents.models import Cause, DataKind, Incident, IncidentAction, IncidentEntry, Report, ReportMessage


class ReportMessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportMessage
        fields = ["id", "kind", "body", "created_at"]
        read_only_fields = fields


class ReportSerializer(serializers.ModelSerializer):
    messages = ReportMessageSerializer(many=True, read_only=True)
    reporter = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = ["id", "number", "anonymous", "reporter", "category", "subject", "body", "occurred_on", "concerned",
                  "status", "received_on", "incident", "outcome", "closed_on", "messages"]
        read_only_fields = fields

    def get_reporter(self, report: Report) -> int | None:
        from shuhi.incidents.permissions import handles

        request = self.context.get("request")
        if report.anonymous or request is None or not handles(request.user, report):
            return None
        return report.reporter_id


class MessageSerializer(StrictJSONMixin, serializers.Serializer):
    body = BoundedCharField(max_length=20000)


class OutcomeSerializer(StrictJSONMixin, serializers.Serializer):
    outcome = BoundedCharField(max_length=8000)


class IncidentEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = IncidentEntry
        fields = ["id", "happened_at", "text", "author"]
        read_only_fields = fields


class IncidentActionSerializer(StrictJSONMixin, serializers.ModelSerializer):
    class Meta:
        model = IncidentAction
        fields = ["id", "title", "owner", "due_on", "done_on"]
        read_only_fields = ["id", "done_on"]


class IncidentSerializer(StrictJSONMixin, serializers.ModelSerializer):
    entries = IncidentEntrySerializer(many=True, read_only=True)
    actions = IncidentActionSerializer(many=True, read_only=True)
    suppliers = serializers.PrimaryKeyRelatedField(many=True, required=False,
                                                   queryset=Organisation.objects.exclude(kind=Organisation.Kind.HOME))
    cause = serializers.ChoiceField(choices=Cause.choices)
    data_kind = serializers.ChoiceField(choices=DataKind.choices)

    class Meta:
        model = Incident
        fields = ["id", "number", "title", "summary", "cause", "data_kind", "severity", "status", "occurred_on",
                  "detected_on", "closed_on", "assets", "people", "users", "suppliers", "disclosures", "leak_response",
                  "origin_cases", "resulting_cases", "lessons", "entries", "actions", "created_at"]
        read_only_fields = ["id", "number", "closed_on", "entries", "actions", "created_at"]
        extra_kwargs = {"detected_on": {"required": False}}


class EntrySerializer(StrictJSONMixin, serializers.Serializer):
    text = BoundedCharField(max_length=8000)
    happened_at = serializers.DateTimeField(required=False)
