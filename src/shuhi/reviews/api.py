"""API of the review app: read-only, except the upload of CSV exports as a log source; the other
writes go through the pages, where each is a deliberate act."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from shuhi.core.permissions import require_action
from shuhi.core.rest.viewsets import ScopedReadOnlyViewSet
from shuhi.logreview.csvcheck import READY_MADE
from shuhi.reviews import permissions as can
from shuhi.reviews import serializers as s
from shuhi.reviews.models import (
    FollowUpCase,
    LogSource,
    Reidentification,
    ReviewCycle,
    SignOff,
)
from shuhi.reviews.services_upload import MAX_FILES, source_create_from_upload


class UploadRequestSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    preset = serializers.ChoiceField(choices=sorted(READY_MADE))
    files = serializers.ListField(child=serializers.FileField(), min_length=1, max_length=MAX_FILES)
    auto_schedule = serializers.BooleanField(default=False)


class LogSourceViewSet(ScopedReadOnlyViewSet):
    """Sources of access logs that review cycles run over."""

    model = LogSource
    serializer_class = s.LogSourceSerializer

    @extend_schema(request={"multipart/form-data": UploadRequestSerializer}, responses={201: s.LogSourceSerializer})
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def upload(self, request):
        """A source from CSV exports (Microsoft 365, file server, proxy). All or nothing: 400 names every
        file and missing column, and nothing is kept."""
        require_action(can.can_manage_reviews, request.user, request.user.organisation)
        body = UploadRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            source, _checked = source_create_from_upload(actor=request.user, organisation=request.user.organisation,
                                                         **body.validated_data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
        return Response(s.LogSourceSerializer(source).data, status=201)


class ReviewCycleViewSet(ScopedReadOnlyViewSet):
    """Review cycles with their pseudonymised reports."""

    model = ReviewCycle
    serializer_class = s.ReviewCycleSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("source", "reviewer")


class SignOffViewSet(ScopedReadOnlyViewSet):
    """Reviewers' sign-offs: the evidence of periodic review."""

    model = SignOff
    serializer_class = s.SignOffSerializer


class FollowUpCaseViewSet(ScopedReadOnlyViewSet):
    """Follow-up cases opened from reviews."""

    model = FollowUpCase
    serializer_class = s.FollowUpCaseSerializer


class ReidentificationViewSet(ScopedReadOnlyViewSet):
    """Who re-identified which pseudonym, when and why (never the identity itself)."""

    model = Reidentification
    serializer_class = s.ReidentificationSerializer


routes = [
    ("log-sources", LogSourceViewSet),
    ("review-cycles", ReviewCycleViewSet),
    ("review-signoffs", SignOffViewSet),
    ("follow-up-cases", FollowUpCaseViewSet),
    ("reidentifications", ReidentificationViewSet),
]
