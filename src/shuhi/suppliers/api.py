"""REST routes of the suppliers app; shuhi/api_urls.py registers `routes`.

Reads only: every write has a page (and a service) that checks the workflow's rules, and the
Excel and CISO Assistant formats cover bulk exchange.
"""

from shuhi.core.rest.viewsets import ScopedReadOnlyViewSet
from shuhi.suppliers import serializers as s
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


class ProfileViewSet(ScopedReadOnlyViewSet):
    """Supplier profiles (size band, industry, certifications, contract status)."""

    model = SupplierProfile
    serializer_class = s.ProfileSerializer


class FrameworkViewSet(ScopedReadOnlyViewSet):
    """Assessment frameworks with their questions (normalised shuhi form)."""

    model = Framework
    serializer_class = s.FrameworkSerializer


class CampaignViewSet(ScopedReadOnlyViewSet):
    model = Campaign
    serializer_class = s.CampaignSerializer


class AssessmentViewSet(ScopedReadOnlyViewSet):
    """Assessments with their current (draft) answers."""

    model = Assessment
    serializer_class = s.AssessmentSerializer


class VersionViewSet(ScopedReadOnlyViewSet):
    """Submitted versions, immutable, with scores and review comments."""

    model = AssessmentVersion
    serializer_class = s.VersionSerializer


class EvidenceViewSet(ScopedReadOnlyViewSet):
    """Evidence file metadata; the files themselves are served by the gated page only."""

    model = Evidence
    serializer_class = s.EvidenceSerializer


class ReminderViewSet(ScopedReadOnlyViewSet):
    model = Reminder
    serializer_class = s.ReminderSerializer


class InterviewViewSet(ScopedReadOnlyViewSet):
    model = Interview
    serializer_class = s.InterviewSerializer


class ImprovementItemViewSet(ScopedReadOnlyViewSet):
    """Improvement plan items; a supplier sees its own organisation's, never those of a private plan of another."""

    model = ImprovementItem
    serializer_class = s.ImprovementItemSerializer


routes = [
    ("supplier-profiles", ProfileViewSet),
    ("frameworks", FrameworkViewSet),
    ("campaigns", CampaignViewSet),
    ("assessments", AssessmentViewSet),
    ("assessment-versions", VersionViewSet),
    ("evidence", EvidenceViewSet),
    ("reminders", ReminderViewSet),
    ("interviews", InterviewViewSet),
    ("improvement-items", ImprovementItemViewSet),
]
