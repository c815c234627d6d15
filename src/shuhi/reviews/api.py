"""Read-only API of the review app; writes go through the pages, where each is a deliberate act."""

from __future__ import annotations

from shuhi.core.rest.viewsets import ScopedReadOnlyViewSet
from shuhi.reviews import serializers as s
from shuhi.reviews.models import (
    FollowUpCase,
    LogSource,
    Reidentification,
    ReviewCycle,
    SignOff,
)


class LogSourceViewSet(ScopedReadOnlyViewSet):
    """Sources of access logs that review cycles run over."""

    model = LogSource
    serializer_class = s.LogSourceSerializer


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
