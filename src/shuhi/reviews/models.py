"""Review cycles of access logs, their sign-off (the evidence of periodic review), follow-up cases,
re-identifications of pseudonyms, and the notice to staff that logs are kept.

Review data belongs to the home organisation only: suppliers never see it. Full-view roles
(administrator, security manager, auditor) see every row; a reviewer sees the cycles assigned to
them and what hangs off those cycles.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuhi.core.permissions import Scope, ScopedManager
from shuhi.core.roles import ADMINS, FULL_VIEW_ROLES, MANAGERS


class LogSource(models.Model):
    class Kind(models.TextChoices):
        CERT = "cert", _("CERT insider-threat format")
        GENERIC = "generic", _("Generic CSV/JSONL with a mapping")

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="log_sources")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CERT)
    path = models.CharField(_("path on the server"), max_length=1000,
                            help_text=_("The directory (CERT) or the file, directory or glob (generic) of the logs."))
    mapping = models.CharField(_("mapping file"), max_length=1000, blank=True,
                               help_text=_("For generic sources: the YAML mapping of columns to events."))
    context_path = models.CharField(_("context file"), max_length=1000, blank=True,
                                    help_text=_("Optional YAML with people, locations, domain lists and weights."))
    # Set for a source made from uploaded CSV exports (services_upload.py): which ready-made mapping
    # reads them, and what each file held (name, rows, encoding, time range; no row content).
    preset = models.CharField(_("export kind"), max_length=16, blank=True, choices=[
        ("m365", _("Microsoft 365 audit log (CSV export)")),
        ("fileserver", _("Windows file server audit (CSV export)")),
        ("proxy", _("Web proxy access log (CSV export)")),
    ])
    uploads = models.JSONField(_("uploaded files"), default=list, blank=True)
    auto_schedule = models.BooleanField(_("schedule cycles automatically"), default=True,
                                        help_text=_("When a cycle's period ends, the daily run schedules the next "
                                                    "cycle and starts the review of the ended one."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()
    # Server paths and log origins are for those who run reviews, not for every reviewer.
    scope = Scope(org="organisation", change_roles=MANAGERS)

    class Meta:
        verbose_name = _("log source")
        verbose_name_plural = _("log sources")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_log_source_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def spec(self) -> str:
        """The engine's source string: cert:DIR or generic:MAPPING:PATH."""
        if self.kind == self.Kind.GENERIC:
            return f"generic:{self.mapping}:{self.path}"
        return f"cert:{self.path}"


class ReviewCycle(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        RUNNING = "running", _("Running")
        READY = "ready", _("Ready for review")
        SIGNED_OFF = "signed_off", _("Signed off")

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")

    class Window(models.TextChoices):
        DAY = "day", _("Day")
        WEEK = "week", _("Week")
        MONTH = "month", _("Month")

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="review_cycles")
    source = models.ForeignKey(LogSource, verbose_name=_("log source"), on_delete=models.PROTECT,
                               related_name="cycles")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    cadence = models.CharField(_("cadence"), max_length=16, choices=Cadence.choices, default=Cadence.WEEKLY)
    window = models.CharField(_("window"), max_length=8, choices=Window.choices, default=Window.WEEK)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT,
                                 related_name="review_cycles")
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    # The engine's output with every user id replaced by its pseudonym (see pseudonyms.py).
    report = models.JSONField(_("report"), null=True, blank=True)
    report_html = models.TextField(_("report (HTML)"), blank=True)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    error = models.CharField(_("last error"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", person="reviewer", change_roles=MANAGERS)

    class Meta:
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        ordering = ["-period_start", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} {self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})

    @property
    def is_overdue(self) -> bool:
        return self.status != self.Status.SIGNED_OFF and self.due_date < timezone.localdate()

    @property
    def days(self) -> int:
        return (self.period_end - self.period_start).days + 1

    def next_period(self) -> tuple[dt.date, dt.date]:
        start = self.period_end + dt.timedelta(days=1)
        if self.cadence == self.Cadence.MONTHLY:
            following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return start, following - dt.timedelta(days=1)
        return start, start + dt.timedelta(days=6)


class SignOff(models.Model):
    """The reviewer's record that the cycle's report was reviewed. Written once, never changed."""

    cycle = models.OneToOneField(ReviewCycle, on_delete=models.PROTECT, related_name="signoff")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(_("notes"))
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    objects = ScopedManager()
    scope = Scope(org="cycle__organisation", person="cycle__reviewer")

    class Meta:
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        return f"{self.cycle} ✓ {self.signed_at:%Y-%m-%d}"

    def save(self, *args, **kwargs) -> None:
        # The sign-off is the evidence of review: an update would rewrite history.
        if self.pk is not None:
            raise ValidationError(_("A sign-off cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A sign-off cannot be deleted."))


class FollowUpCase(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.PROTECT, related_name="cases")
    pseudonym = models.CharField(_("pseudonym"), max_length=32)
    window_start = models.DateField(_("window start"), null=True, blank=True)
    reason_summary = models.CharField(_("reason"), max_length=500)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    notes = models.TextField(_("notes"), blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = ScopedManager()
    scope = Scope(org="cycle__organisation", person="cycle__reviewer", change_roles=MANAGERS)

    class Meta:
        verbose_name = _("follow-up case")
        verbose_name_plural = _("follow-up cases")
        ordering = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.pseudonym}: {self.reason_summary[:60]}"


class Reidentification(models.Model):
    """Who asked to look behind which pseudonym, why, who approved or refused it, and when the
    identity was shown. The real identity is never stored here: auditors read these rows, and they
    must not learn it from them."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        REVEALED = "revealed", _("Identity shown")

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.PROTECT, related_name="reidentifications")
    pseudonym = models.CharField(_("pseudonym"), max_length=32)
    reason = models.CharField(_("reason"), max_length=500)
    # The requester: the only person the identity is ever shown to.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT,
                              related_name="+")
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved or refused by"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.CharField(_("reason for the decision"), max_length=500, blank=True)
    revealed_at = models.DateTimeField(_("identity shown"), null=True, blank=True)
    found = models.BooleanField(_("found"), default=False)

    objects = ScopedManager()
    # The reviewer of the cycle may know that someone in their cycle was re-identified, and why.
    scope = Scope(org="cycle__organisation", person="cycle__reviewer", change_roles=frozenset())

    class Meta:
        verbose_name = _("re-identification")
        verbose_name_plural = _("re-identifications")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.pseudonym} {self.created_at:%Y-%m-%d %H:%M}"


class ReviewSettings(models.Model):
    """The organisation's rules for log review that its administrators choose."""

    organisation = models.OneToOneField("core.Organisation", on_delete=models.CASCADE,
                                        related_name="review_settings")
    reidentify_needs_approval = models.BooleanField(
        _("re-identification needs a second person's approval"), default=True,
        help_text=_("When on, a security manager's request to re-identify a pseudonym is shown only after "
                    "another administrator or security manager approves it."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    # Administrators only: the security manager, who re-identifies, must not switch off the check on
    # themselves.
    scope = Scope(org="organisation", view_roles=FULL_VIEW_ROLES, change_roles=ADMINS)

    class Meta:
        verbose_name = _("log-review settings")
        verbose_name_plural = _("log-review settings")

    def __str__(self) -> str:
        return str(self.organisation)

    @classmethod
    def needs_approval(cls, organisation_id: int) -> bool:
        """On unless the organisation's administrators switched it off."""
        row = cls.objects.filter(organisation_id=organisation_id).first()
        return True if row is None else row.reidentify_needs_approval

