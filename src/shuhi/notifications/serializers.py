"""REST shape of a notification: what its recipient reads in the inbox (not how the e-mail went)."""

from __future__ import annotations

from rest_framework import serializers

from shuhi.notifications.events import EVENTS
from shuhi.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    event_label = serializers.SerializerMethodField()
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "event", "event_label", "subject", "body", "link", "created_at", "read_at", "unread"]
        read_only_fields = fields

    def get_event_label(self, notification: Notification) -> str:
        event = EVENTS.get(notification.event)
        return str(event.label) if event else notification.event

    def get_unread(self, notification: Notification) -> bool:
        return notification.read_at is None


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="how many notifications were unread and are now read")
