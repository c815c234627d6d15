"""Rows of this app's models for the isolation world, and helpers for tests that read the mail."""

from __future__ import annotations

from shuhi.core.permissions import SYSTEM_JOB
from shuhi.notifications.models import Delivery
from shuhi.notifications.services import notify, preference_set


def build_notification_world(cast) -> None:
    """A notification for a home employee, the admin, and each supplier's representative; a digest
    preference for the employee and supplier A's representative."""
    for user in (cast.employee, cast.admin, cast.owner, cast.rep_a, cast.rep_b, cast.rep_sub_a):
        notify(actor=SYSTEM_JOB, event="suppliers.assessment_due_soon", recipients=[user],
               context={"title": f"秘密通知 {user.email}", "due_date": "2026-04-01"}, link="/")
    for user in (cast.employee, cast.rep_a, cast.rep_b, cast.rep_sub_a):
        preference_set(actor=SYSTEM_JOB, user=user, delivery=Delivery.DIGEST)


class FlakyBackend:
    """A mail backend that fails the first `FAILURES` sends, then delivers to django.core.mail.outbox."""

    FAILURES = 0
    calls = 0

    def __init__(self, *args, **kwargs) -> None:
        from django.core.mail.backends.locmem import EmailBackend

        self.inner = EmailBackend(*args, **kwargs)

    def open(self):
        return True

    def close(self):
        return None

    def send_messages(self, messages):
        FlakyBackend.calls += 1
        if FlakyBackend.calls <= FlakyBackend.FAILURES:
            raise ConnectionRefusedError("mail server refused the connection")
        return self.inner.send_messages(messages)
