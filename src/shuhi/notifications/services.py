"""Writes of notifications: `notify` for the other apps, reading, preferences, and sending e-mail.

`notify` is called by other apps' services inside their transaction; it stores one notification per
recipient, rendered in that person's language, and starts the mail job once the transaction commits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuhi.core.audit.services import audit_record
from shuhi.core.permissions import SYSTEM_JOB, can_change_own_account, enforces, is_system
from shuhi.jobs.services import job_enqueue
from shuhi.notifications import mail
from shuhi.notifications import permissions as can
from shuhi.notifications.events import event as event_named
from shuhi.notifications.models import Delivery, Notification, Preference
from shuhi.notifications.selectors import delivery_of


def _recipients(users: Iterable[Any]) -> list[Any]:
    seen: dict[int, Any] = {}
    for user in users:
        if user is not None and user.is_active and user.email and user.pk not in seen:
            seen[user.pk] = user
    return list(seen.values())


@enforces(can.can_notify)
@transaction.atomic
def notify(*, actor: Any, event: str, recipients: Iterable[Any] = (), context: dict[str, Any] | None = None,
           link: str = "", address: tuple[str, str, Any] | None = None) -> list[Notification]:
    """Tell `recipients` (users) of `event`, in the inbox and by e-mail as each of them chose.

    `address` is (e-mail, language, organisation) for someone without an account yet (an
    invitation): always e-mailed at once, and never in anyone's inbox. The actor is not notified of
    their own action.
    """
    event_named(event)
    url = mail.absolute(link)
    rows = []
    for user in _recipients(recipients):
        if not is_system(actor) and user.pk == getattr(actor, "pk", None):
            continue
        subject, body = mail.render(event, language=user.language, context={
            **(context or {}), "recipient": user, "link": url})
        rows.append(Notification.objects.create(
            organisation_id=user.organisation_id, recipient=user, email=user.email, language=user.language,
            event=event, subject=subject, body=body, link=link, delivery=delivery_of(user)))
    if address is not None:
        email, language, organisation = address
        subject, body = mail.render(event, language=language, context={**(context or {}), "link": url})
        rows.append(Notification.objects.create(
            organisation=organisation, email=email, language=language, event=event, subject=subject, body=body,
            link="", delivery=Delivery.IMMEDIATE))
    immediate = [row for row in rows if row.delivery == Delivery.IMMEDIATE]
    if immediate:
        job_enqueue(actor=SYSTEM_JOB if is_system(actor) else actor, kind="notifications.send",
                    params={"ids": [row.pk for row in immediate]},
                    organisation_id=getattr(actor, "organisation_id", None) or immediate[0].organisation_id)
    return rows


@enforces(can.can_read_notification, obj="notification")
@transaction.atomic
def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@enforces(can.can_read_notification)
@transaction.atomic
def notifications_mark_all_read(*, actor: Any) -> int:
    return Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(read_at=timezone.now())


@enforces(can_change_own_account, obj="user")
@transaction.atomic
def preference_set(*, actor: Any, user: Any, delivery: str) -> Preference:
    if delivery not in Delivery.values:
        raise ValueError(delivery)
    preference, _created = Preference.objects.get_or_create(user=user)
    before = preference.delivery
    preference.delivery = delivery
    preference.save(update_fields=["delivery", "updated_at"])
    audit_record(actor=actor, action="notification.preference", obj=user, before={"delivery": before},
                 after={"delivery": delivery})
    return preference


@enforces(can.can_resend_mail, obj="notification")
@transaction.atomic
def notification_resend(*, actor: Any, notification: Notification):
    """Try a failed e-mail again, three more attempts, from the mail job."""
    Notification.objects.filter(pk=notification.pk).update(mail_status=Notification.MailStatus.PENDING,
                                                            delivery=Delivery.IMMEDIATE)
    audit_record(actor=actor, action="notification.resend", obj=notification,
                 after={"email": notification.email, "event": notification.event})
    return job_enqueue(actor=actor, kind="notifications.send", params={"ids": [notification.pk]})


@enforces(can.can_send_mail)
def mail_send(*, actor: Any, ids: list[int]) -> dict[str, int]:
    """Send the e-mails of these immediate notifications that are still waiting (the mail job)."""
    sent = failed = 0
    for row in Notification.objects.filter(pk__in=ids, mail_status=Notification.MailStatus.PENDING,
                                           delivery=Delivery.IMMEDIATE).order_by("pk"):
        ok, attempts, error = mail.deliver(to=row.email, subject=row.subject, body=row.body)
        mail.record([row], sent=ok, attempts=attempts, error=error)
        sent, failed = sent + ok, failed + (not ok)
    return {"sent": sent, "failed": failed}


@enforces(can.can_send_mail)
def digest_send(*, actor: Any) -> dict[str, int]:
    """One summary e-mail per person for their digest notifications not yet e-mailed; those already
    read in the inbox are left out (and never e-mailed)."""
    waiting = Notification.objects.filter(delivery=Delivery.DIGEST, mail_status=Notification.MailStatus.PENDING)
    waiting.filter(read_at__isnull=False).update(mail_status=Notification.MailStatus.SKIPPED)
    by_person: dict[int, list[Notification]] = defaultdict(list)
    for row in waiting.filter(read_at__isnull=True).select_related("recipient").order_by("created_at", "pk"):
        by_person[row.recipient_id].append(row)
    sent = failed = 0
    for rows in by_person.values():
        person = rows[0].recipient
        subject, body = mail.digest_text(rows, language=person.language, name=str(person))
        ok, attempts, error = mail.deliver(to=person.email, subject=subject, body=body)
        mail.record(rows, sent=ok, attempts=attempts, error=error)
        sent, failed = sent + ok, failed + (not ok)
    return {"sent": sent, "failed": failed}


def digest_enqueue(*, organisation_id: int) -> Any:
    """Start the digest job (the daily command and the scheduled run)."""
    return job_enqueue(actor=SYSTEM_JOB, kind="notifications.digest", organisation_id=organisation_id)


def people_of(organisation_id: int | None, roles: Iterable[str] | None = None) -> list[Any]:
    """The active members of an organisation (in `roles`, when given): whom an app notifies.

    Not gated: choosing recipients is the calling service's business, not a read for a page."""
    from shuhi.core.models import User

    people = User.objects.filter(organisation_id=organisation_id, is_active=True)
    return list(people.filter(role__in=list(roles)) if roles is not None else people)
