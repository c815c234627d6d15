from shuhi.core.rest.viewsets import ScopedReadOnlyViewSet
from shuhi.jobs.models import Job
from shuhi.jobs.serializers import JobSerializer


class JobViewSet(ScopedReadOnlyViewSet):
    """Background jobs you started (all jobs for administrators, security managers and auditors)."""

    model = Job
    serializer_class = JobSerializer


routes = [("jobs", JobViewSet)]
