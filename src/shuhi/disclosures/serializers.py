"""REST shapes of the disclosure register: NDAs, disclosures and their files, leak responses and notices.

Reads show a supplier's user what its portal shows: the outsourcer's deliberations (policy
warnings, the executive exception) are blanked for them. Writes are request bodies handed to the
services, never saved by the serializer itself.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from shuhi.core.models import Organisation, Project
from shuhi.core.rest.strict import BoundedCharField, StrictJSONMixin
from shuhi.disclosures.models import (
    DisclosedFile,
    Disclosure,
    EndAction,
    LeakEvent,
    LeakNotice,
    LeakResponse,
    Nda,
)
from shuhi.ledger.models import InformationAsset

CATEGORIES = [value for value, _label in InformationAsset.Category.choices]


def _is_supplier(serializer: serializers.Serializer) -> bool:
    request = serializer.context.get("request")
    return bool(request is not None and getattr(request.user, "is_supplier", False))


# ---- NDAs ---------------------------------------------------------------------------------------


class NdaSerializer(StrictJSONMixin, serializers.ModelSerializer):
    """An NDA; supplier and sub-supplier are chosen at creation and fixed afterwards."""

    supplier = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.filter(parent__isnull=True))
    sub_supplier = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.filter(parent__isnull=False),
                                                      required=False, allow_null=True)
    scope_categories = serializers.ListField(child=serializers.ChoiceField(choices=CATEGORIES), required=False,
                                             max_length=len(CATEGORIES))
    scope_assets = serializers.PrimaryKeyRelatedField(queryset=InformationAsset.objects.all(), many=True,
                                                      required=False)
    scope_projects = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), many=True, required=False)
    state = serializers.SerializerMethodField(help_text="draft, active, expiring, expired or terminated")
    activate = serializers.BooleanField(write_only=True, required=False, default=False,
                                        help_text="On creation: put the NDA in force at once.")

    class Meta:
        model = Nda
        fields = ["id", "supplier", "sub_supplier", "reference", "title", "scope_categories", "scope_assets",
                  "scope_projects", "starts_on", "ends_on", "requires_marking", "end_action", "allows_redisclosure",
                  "notify_within_hours", "document_name", "document_sha256", "status", "state", "terminated_reason",
                  "created_at", "updated_at", "activate"]
        read_only_fields = ["document_name", "document_sha256", "status", "terminated_reason", "created_at",
                            "updated_at"]

    @extend_schema_field(serializers.ChoiceField(choices=list(Nda.STATES)))
    def get_state(self, nda: Nda) -> str:
        return nda.state(timezone.localdate())


# ---- disclosures --------------------------------------------------------------------------------


class DisclosureSerializer(serializers.ModelSerializer):
    files = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Disclosure
        fields = ["id", "number", "supplier", "recipient", "parent", "nda", "assets", "purpose", "justification",
                  "channel", "copies", "due_date", "end_action", "status", "warnings", "requested_by", "requested_at",
                  "decided_by", "decided_at", "decision_reason", "exception_executive", "exception_reason",
                  "handed_over_on", "received_at", "ended_on", "end_statement", "files", "updated_at"]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if _is_supplier(self):
            # The outsourcer's own deliberation: its policy's warnings and who allowed an exception.
            data.update(warnings=[], exception_executive="", exception_reason="")
        return data


class DisclosureRequestSerializer(StrictJSONMixin, serializers.Serializer):
    """A request to disclose assets to a first-tier supplier; the policy is checked by the service."""

    supplier = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.filter(parent__isnull=True))
    assets = serializers.PrimaryKeyRelatedField(queryset=InformationAsset.objects.all(), many=True,
                                                allow_empty=False)
    purpose = serializers.CharField(max_length=300, allow_blank=True, default="")
    justification = serializers.CharField(max_length=5000, allow_blank=True, default="")
    due_date = serializers.DateField(help_text="return or destroy by")
    channel = serializers.ChoiceField(choices=Disclosure.Channel.choices, default=Disclosure.Channel.PORTAL)
    copies = serializers.IntegerField(min_value=1, max_value=1000, default=1)
    end_action = serializers.ChoiceField(choices=EndAction.choices, default=EndAction.EITHER)


class DecisionSerializer(StrictJSONMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=5000, allow_blank=True, default="")
    exception_executive = serializers.CharField(max_length=200, allow_blank=True, default="",
                                                help_text="the executive who allowed an exception to the policy")
    exception_reason = serializers.CharField(max_length=5000, allow_blank=True, default="")


class RejectionSerializer(StrictJSONMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class HandOverSerializer(StrictJSONMixin, serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, default=None, help_text="default: today")


class CertifyEndSerializer(StrictJSONMixin, serializers.Serializer):
    method = serializers.ChoiceField(choices=[Disclosure.Status.RETURNED, Disclosure.Status.DESTROYED])
    statement = serializers.CharField(max_length=5000)
    on = serializers.DateField(required=False, allow_null=True, default=None, help_text="default: today")


class DisclosedFileSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField(help_text="the page that serves the stamped copy")

    class Meta:
        model = DisclosedFile
        fields = ["id", "disclosure", "asset", "original_name", "size", "original_sha256", "sha256", "fingerprint",
                  "stamped", "added_at", "downloads", "download_url"]
        read_only_fields = fields

    def get_download_url(self, file: DisclosedFile) -> str:
        return reverse("disclosures:file", args=[file.pk])


# ---- holders and leaks --------------------------------------------------------------------------


class HeldDisclosureSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    handed_over_on = serializers.DateField(allow_null=True)
    due_date = serializers.DateField()
    nda = serializers.CharField(allow_null=True, help_text="NDA reference")


class HolderSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    organisation_id = serializers.IntegerField()
    tier_in_chain = serializers.IntegerField(help_text="1: a supplier of the outsourcer, 2: its sub-supplier")
    through = serializers.CharField(allow_null=True)
    since = serializers.DateField(allow_null=True)
    copies = serializers.IntegerField()
    disclosures = HeldDisclosureSerializer(many=True)


class AssetHoldersSerializer(serializers.ModelSerializer):
    holder_count = serializers.IntegerField(read_only=True, help_text="organisations holding it now")

    class Meta:
        model = InformationAsset
        fields = ["id", "code", "name", "tier", "holder_count"]
        read_only_fields = fields


class AssetHoldersDetailSerializer(AssetHoldersSerializer):
    holders = serializers.SerializerMethodField()

    class Meta(AssetHoldersSerializer.Meta):
        fields = [*AssetHoldersSerializer.Meta.fields, "holders"]
        read_only_fields = fields

    @extend_schema_field(HolderSerializer(many=True))
    def get_holders(self, asset: InformationAsset) -> list[dict]:
        from shuhi.disclosures.selectors import holders

        return [h.as_dict() for h in holders(asset)]


class LeakEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = LeakEvent
        fields = ["at", "actor_name", "text"]
        read_only_fields = fields


class LeakResponseSerializer(serializers.ModelSerializer):
    holders = serializers.IntegerField(read_only=True, help_text="holders notified")
    acknowledged = serializers.IntegerField(read_only=True, help_text="holders who acknowledged")
    events = LeakEventSerializer(many=True, read_only=True)

    class Meta:
        model = LeakResponse
        fields = ["id", "number", "title", "asset", "traced_disclosure", "trace", "leaked_name", "leaked_sha256",
                  "steps", "status", "summary", "opened_by", "opened_at", "closed_at", "holders", "acknowledged",
                  "events"]
        read_only_fields = fields


class LeakNoticeSerializer(serializers.ModelSerializer):
    response_number = serializers.CharField(source="response.number", read_only=True)
    title = serializers.CharField(source="response.title", read_only=True)
    steps = serializers.CharField(source="response.steps", read_only=True, help_text="what the holder must do")
    open = serializers.SerializerMethodField()

    class Meta:
        model = LeakNotice
        fields = ["id", "response", "response_number", "title", "steps", "open", "supplier", "holder", "disclosures",
                  "deadline", "sent_at", "acknowledged_at", "acknowledged_by", "report", "reported_at"]
        read_only_fields = fields

    def get_open(self, notice: LeakNotice) -> bool:
        return notice.response.status == LeakResponse.Status.OPEN


class NoticeAnswerSerializer(StrictJSONMixin, serializers.Serializer):
    report = BoundedCharField(max_length=5000, allow_blank=True, default="",
                                   help_text="what you have done; the first answer acknowledges the notice")
