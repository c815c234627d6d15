from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from shuhi.core.audit.models import AuditEntry
from shuhi.core.audit.selectors import audit_entries
from shuhi.core.audit.serializers import AuditEntrySerializer
from shuhi.core.audit.verify import verify_chain
from shuhi.core.rest.viewsets import ScopedReadOnlyViewSet


class AuditEntryViewSet(ScopedReadOnlyViewSet):
    """The audit log, read-only. Filters: q, action, object_type, since, until (YYYY-MM-DD)."""

    model = AuditEntry
    serializer_class = AuditEntrySerializer

    def get_queryset(self):
        keys = ("q", "action", "object_type", "since", "until")
        return audit_entries(user=self.request.user, filters={k: self.request.query_params.get(k, "") for k in keys})

    @extend_schema(request=None, responses={200: dict})
    @action(detail=False, methods=["get"])
    def verify(self, request):
        if not self.get_queryset().exists() and not AuditEntry.objects.visible_to(request.user).exists():
            from rest_framework.exceptions import NotFound

            raise NotFound()
        result = verify_chain()
        return Response({"ok": result.ok, "checked": result.checked, "bad_entry": result.bad_entry,
                         "reason": result.reason})


routes = [("audit-entries", AuditEntryViewSet)]
