"""Reads of notifications, through the gate."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shuhi.notifications.models import Delivery, Notification, Preference


def inbox(*, user: Any, unread: bool = False) -> QuerySet[Notification]:
    """The user's own notifications: administrators, who may read every row, see only theirs here too."""
    rows = Notification.objects.visible_to(user).filter(recipient_id=user.pk)
    return rows.filter(read_at__isnull=True) if unread else rows


def unread_count(*, user: Any) -> int | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return inbox(user=user, unread=True).count()


def mail_failures(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.visible_to(user).filter(
        mail_status=Notification.MailStatus.FAILED).select_related("recipient", "organisation")


def delivery_of(user: Any) -> str:
    """How `user` wants e-mail (not gated: the services ask it for every recipient)."""
    preference = Preference.objects.filter(user_id=user.pk).first()
    return preference.delivery if preference else Delivery.IMMEDIATE
