"""Notifications: what a person is told (in the inbox and by e-mail), and how each person wants e-mail.

Who sees what, for the permission gate: a notification is addressed to one person (`recipient`), and
only they read it, even among colleagues of their own organisation (Scope.personal). Administrators
of the outsourcer read every row, because they must see e-mails that could not be delivered. An
invitation is e-mailed before its person has an account: its row has no recipient, only an
address, and only administrators see it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuhi.core.permissions import Scope, ScopedManager
from shuhi.core.roles import ADMINS, NOBODY


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately, one e-mail per notification")
    DIGEST = "digest", _("Once a day, in one summary e-mail")


class Notification(models.Model):
    class MailStatus(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")
        SKIPPED = "skipped", _("Not sent (already read)")

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="notifications", verbose_name=_("recipient"))
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=8, default="ja")
    event = models.CharField(_("event"), max_length=64)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    delivery = models.CharField(_("e-mail"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    mail_status = models.CharField(_("e-mail status"), max_length=10, choices=MailStatus.choices,
                                   default=MailStatus.PENDING)
    mail_attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    mail_error = models.TextField(_("last error"), blank=True)
    mailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", person="recipient", personal="recipient", supplier_visible=True,
                  view_roles=ADMINS, change_roles=NOBODY)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"]), models.Index(fields=["mail_status", "delivery"])]

    def __str__(self) -> str:
        return self.subject


class Preference(models.Model):
    """How one person wants their e-mail: each notification at once, or a daily summary."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    delivery = models.CharField(_("e-mail notifications"), max_length=10, choices=Delivery.choices,
                                default=Delivery.IMMEDIATE)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    scope = Scope(org="user__organisation", person="user", personal="user", supplier_visible=True,
                  view_roles=ADMINS, change_roles=NOBODY)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.delivery}"
