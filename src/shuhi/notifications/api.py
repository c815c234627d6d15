"""REST routes of the user's own notifications; shuhi/api_urls.py registers `routes`.

Every user, administrators included, reads here only the notifications addressed to them (the
administrators' wider view is the failure page's). Reading one does not mark it read: `read` does,
as opening it in the inbox does, and `read-all` marks every unread one.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from shuhi.core.permissions import require_action
from shuhi.core.rest.params import choice_param
from shuhi.core.rest.viewsets import ScopedReadOnlyViewSet
from shuhi.notifications import permissions as can
from shuhi.notifications import selectors, services
from shuhi.notifications import serializers as s
from shuhi.notifications.models import Notification


class NotificationViewSet(ScopedReadOnlyViewSet):
    """The signed-in user's notifications, newest first. Filter: unread=1."""

    model = Notification
    serializer_class = s.NotificationSerializer

    @extend_schema(parameters=[OpenApiParameter("unread", str, enum=["0", "1"],
                                                description="1: only the notifications not read yet")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        unread = self.action == "list" and choice_param(self.request, "unread", ["0", "1"], default="0") == "1"
        return selectors.inbox(user=self.request.user, unread=unread)

    @extend_schema(request=None, responses={200: s.NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        require_action(can.can_read_notification, request.user, notification)
        notification = services.notification_mark_read(actor=request.user, notification=notification)
        return Response(s.NotificationSerializer(notification, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={200: s.MarkedSerializer})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.notifications_mark_all_read(actor=request.user)})


routes = [("notifications", NotificationViewSet)]
