"""Writing notifications as e-mails and handing them to Django's mail framework, with retries."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation

from shuhi.core.conf import app_setting
from shuhi.notifications.events import DIGEST_TEMPLATE, event
from shuhi.notifications.models import Notification

logger = logging.getLogger(__name__)

ATTEMPTS = 3


def absolute(link: str) -> str:
    if not link or "://" in link:
        return link
    return settings.SHUHI_BASE_URL + (link if link.startswith("/") else f"/{link}")


def render(event_key: str, *, language: str, context: dict) -> tuple[str, str]:
    """(subject, body) of an event's template in `language`: the first line is the subject."""
    with translation.override(language):
        text = render_to_string(event(event_key).template, context).strip()
    subject, _sep, body = text.partition("\n")
    return subject.strip()[:200], body.strip() + "\n"


def digest_text(rows: list[Notification], *, language: str, name: str) -> tuple[str, str]:
    with translation.override(language):
        text = render_to_string(DIGEST_TEMPLATE, {"rows": rows, "name": name, "count": len(rows),
                                                  "inbox": absolute("/notifications/")}).strip()
    subject, _sep, body = text.partition("\n")
    return subject.strip()[:200], body.strip() + "\n"


def _delays() -> list[float]:
    """Seconds to wait before the second and third attempt."""
    return [float(s) for s in app_setting("SHUHI_MAIL_RETRY_SECONDS", ["10", "60"])]


def deliver(*, to: str, subject: str, body: str) -> tuple[bool, int, str]:
    """Send one message, trying up to three times with growing pauses: (sent, attempts, last error)."""
    delays = _delays()
    error = ""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to],
                                   connection=get_connection())
            message.send()
            return True, attempt, ""
        except Exception as exc:  # every transport error (SMTP, socket, file system) is retried alike
            error = f"{type(exc).__name__}: {exc}"[:2000]
            logger.warning("e-mail to %s failed (attempt %s): %s", to, attempt, error)
            if attempt < ATTEMPTS:
                time.sleep(delays[min(attempt - 1, len(delays) - 1)] if delays else 0)
    return False, ATTEMPTS, error


def record(rows: Iterable[Notification], *, sent: bool, attempts: int, error: str) -> None:
    ids = [row.pk for row in rows]
    if sent:
        Notification.objects.filter(pk__in=ids).update(
            mail_status=Notification.MailStatus.SENT, mailed_at=timezone.now(), mail_attempts=attempts,
            mail_error="")
    else:
        Notification.objects.filter(pk__in=ids).update(
            mail_status=Notification.MailStatus.FAILED, mail_attempts=attempts, mail_error=error)
