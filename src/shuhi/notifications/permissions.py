"""Who may do what with notifications."""

from __future__ import annotations

from typing import Any

from shuhi.core.permissions import action
from shuhi.core.roles import ADMINS, EVERY_ROLE, NOBODY


@action(roles=EVERY_ROLE, rule="on behalf of the service that calls it, for that service's actor")
def can_notify(user: Any, obj: Any = None) -> bool:
    return True


@action(roles=EVERY_ROLE, rule="only notifications addressed to them")
def can_read_notification(user: Any, notification: Any = None) -> bool:
    return notification is None or notification.recipient_id == user.pk


@action(roles=ADMINS, rule="e-mails of every organisation the installation serves")
def can_read_mail_failures(user: Any, obj: Any = None) -> bool:
    return True


@action(roles=ADMINS, rule="e-mails that could not be sent")
def can_resend_mail(user: Any, notification: Any = None) -> bool:
    return notification is None or notification.mail_status == "failed"


@action(roles=NOBODY, rule="nobody: only the mail job (a system actor) sends e-mail")
def can_send_mail(user: Any, obj: Any = None) -> bool:
    return True
