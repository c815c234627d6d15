"""Policies and their acknowledgements, exit checklists, the systems an exit must close, and
management messages. Imported by models.py (Django finds the models there).

Who sees what, for the permission gate:
- policies (the insider-fraud basic policy, the log-monitoring notice, the penalty rules) are read
  by every member of the home organisation; HR and the information management officers publish.
- an acknowledgement is read by the person who gave it and by HR and the full-view roles.
- exit checklists and the list of systems are HR's records: HR and the full-view roles read them.
- management messages are read by every member of the home organisation (they were said to them).
No supplier user sees any of these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuhi.core.permissions import Scope, ScopedManager
from shuhi.core.roles import ADMINS, PEOPLE_MANAGERS, PEOPLE_READERS


class Policy(models.Model):
    """One version of a policy staff must read and acknowledge. A new version asks everyone again."""

    class Kind(models.TextChoices):
        INSIDER_FRAUD = "insider_fraud", _("Basic policy on insider-fraud prevention")
        LOG_MONITORING = "log_monitoring", _("Notice on access-log monitoring")
        PENALTIES = "penalties", _("Penalty rules")

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="policies")
    kind = models.CharField(_("policy"), max_length=20, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    is_current = models.BooleanField(_("current version"), default=True)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    objects = ScopedManager()
    scope = Scope(org="organisation", home_visible="all", view_roles=PEOPLE_READERS, change_roles=PEOPLE_MANAGERS,
                  department_editors=frozenset())

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["organisation", "kind", "version"],
                                               name="unique_policy_version")]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class PolicyAcknowledgement(models.Model):
    """A member of staff read one version of a policy. The hash covers the exact title and text."""

    policy = models.ForeignKey(Policy, verbose_name=_("policy"), on_delete=models.CASCADE,
                               related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE,
                             related_name="+")
    acknowledged_at = models.DateTimeField(_("acknowledged"))
    sha256 = models.CharField(_("SHA-256 of the text"), max_length=64, blank=True)

    objects = ScopedManager()
    scope = Scope(org="policy__organisation", person="user", view_roles=PEOPLE_READERS, change_roles=frozenset(),
                  department_editors=frozenset())

    class Meta:
        verbose_name = _("policy acknowledgement")
        verbose_name_plural = _("policy acknowledgements")
        ordering = ["-acknowledged_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["policy", "user"], name="unique_policy_acknowledgement")]

    def __str__(self) -> str:
        return f"{self.policy} — {self.user}"


class ExitSystems(models.Model):
    """The organisation's list of systems whose accounts an exit must disable (one per line)."""

    organisation = models.OneToOneField("core.Organisation", on_delete=models.CASCADE, related_name="exit_systems")
    systems = models.TextField(_("systems"), blank=True,
                               help_text=_("One system per line; each becomes a box to tick on every exit checklist."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", view_roles=PEOPLE_READERS, change_roles=ADMINS, department_editors=frozenset())

    class Meta:
        verbose_name = _("systems closed at exit")
        verbose_name_plural = _("systems closed at exit")

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def names(self) -> list[str]:
        seen: list[str] = []
        for line in self.systems.splitlines():
            if line.strip() and line.strip() not in seen:
                seen.append(line.strip()[:100])
        return seen


class ExitChecklist(models.Model):
    """What must be done before a leaver's case closes (made by the exit event)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    person = models.ForeignKey("people.Person", verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="exit_checklists")
    event = models.OneToOneField("people.LifecycleEvent", verbose_name=_("event"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="exit_checklist")
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    assets_returned = models.BooleanField(_("assets returned"), default=False)
    assets_note = models.CharField(_("what was returned"), max_length=500, blank=True)
    # {system name: disabled?}, the systems listed when the checklist was made plus any added since.
    accounts = models.JSONField(_("accounts disabled"), default=dict, blank=True)
    # The last 30 days' log review: a signed-off review cycle, or a result recorded by hand.
    review_cycle_id = models.PositiveIntegerField(_("review cycle"), null=True, blank=True)
    review_label = models.CharField(_("log review"), max_length=300, blank=True)
    review_result = models.TextField(_("log-review result"), blank=True)
    review_signed_by = models.CharField(_("signed off by"), max_length=200, blank=True)
    review_signed_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    override_reason = models.TextField(_("reason for closing with items open"), blank=True)
    override_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()
    scope = Scope(org="person__organisation", view_roles=PEOPLE_READERS, change_roles=PEOPLE_MANAGERS,
                  department_editors=frozenset())

    class Meta:
        verbose_name = _("exit checklist")
        verbose_name_plural = _("exit checklists")
        ordering = ["status", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person.name}: {self.get_status_display()}"


class ManagementMessage(models.Model):
    """Who in management said what, to whom, when and through which channel: evidence of leadership."""

    class Channel(models.TextChoices):
        MORNING_MEETING = "morning_meeting", _("Morning meeting (朝礼)")
        EMAIL = "email", _("E-mail")
        NEWSLETTER = "newsletter", _("In-house newsletter")
        TRAINING = "training", _("Training")
        MEETING = "meeting", _("Meeting")
        INTRANET = "intranet", _("Intranet")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE,
                                     related_name="management_messages")
    speaker = models.CharField(_("who said it"), max_length=200)
    speaker_title = models.CharField(_("position"), max_length=200, blank=True)
    said_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    audience = models.CharField(_("audience"), max_length=300)
    subject = models.CharField(_("subject"), max_length=200)
    content = models.TextField(_("what was said"))
    evidence = models.CharField(_("evidence"), max_length=500, blank=True,
                                help_text=_("Where the record is kept: minutes, the e-mail, the newsletter issue."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", home_visible="all", view_roles=PEOPLE_READERS, change_roles=PEOPLE_MANAGERS,
                  department_editors=frozenset())

    class Meta:
        verbose_name = _("management message")
        verbose_name_plural = _("management messages")
        ordering = ["-said_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.said_on} {self.speaker}: {self.subject}"
