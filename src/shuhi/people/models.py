"""The people register: people (separate from log-in accounts), their lifecycle events, and pledges.

Who owns what, for the permission gate:
- a person belongs to the organisation that employs them: the outsourcer for its own staff
  (employees, contract and dispatched staff), a supplier for its staff working on site. HR and the
  full-view roles read every person; an ordinary home user reads only the person linked to their
  own account; a supplier's representative reads only its own on-site staff.
- lifecycle events and pledges follow their person's organisation but are the outsourcer's
  records: HR and the full-view roles read them, the person reads their own (through the linked
  account), and no supplier user sees them.
- pledge templates are the outsourcer's: HR and the full-view roles read them.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuhi.core.permissions import Scope, ScopedManager
from shuhi.core.roles import PEOPLE_MANAGERS, PEOPLE_READERS
from shuhi.core.storage import PrivateStorage


def _private_storage() -> PrivateStorage:
    return PrivateStorage()


def _paper_path(instance: Pledge, filename: str) -> str:
    return f"pledges/{instance.person_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Language(models.TextChoices):
    JA = "ja", _("Japanese")
    EN = "en", _("English")


class Person(models.Model):
    """Someone who handles the outsourcer's secrets, whether or not they ever log in."""

    class Kind(models.TextChoices):
        EMPLOYEE = "regular", _("Employee")
        CONTRACT = "contract", _("Contract staff")
        DISPATCHED = "dispatched", _("Dispatched staff")
        SUPPLIER_ONSITE = "supplier_onsite", _("Supplier staff on site")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        LEAVE_NOTICE = "leave_notice", _("Notice of leaving given")
        LEFT = "left", _("Left")

    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="people")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("log-in account"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="person")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.EMPLOYEE)
    employee_number = models.CharField(_("employee number"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    kana = models.CharField(_("name in kana"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    department = models.ForeignKey("core.Department", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="people")
    projects = models.ManyToManyField("core.Project", verbose_name=_("projects"), blank=True, related_name="people")
    language = models.CharField(_("language of pledges"), max_length=5, choices=Language.choices,
                                default=Language.JA)
    hired_on = models.DateField(_("hired on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", person="user", supplier_visible=True, view_roles=PEOPLE_READERS,
                  change_roles=PEOPLE_MANAGERS, department_editors=frozenset())

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["employee_number", "pk"]
        constraints = [models.UniqueConstraint(fields=["organisation", "employee_number"],
                                               name="unique_employee_number")]

    def __str__(self) -> str:
        return f"{self.employee_number} {self.name}"


class LifecycleEvent(models.Model):
    """A step in a person's working life that calls for a pledge (and, later, checklists and training)."""

    class Kind(models.TextChoices):
        HIRE = "hire", _("Hire")
        PROJECT_JOIN = "project_join", _("Joins a project")
        PROJECT_LEAVE = "project_leave", _("Leaves a project")
        TRANSFER = "transfer", _("Transfer")
        LEAVE_NOTICE = "leave_notice", _("Notice of leaving")
        EXIT = "exit", _("Exit")

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=16, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    project = models.ForeignKey("core.Project", verbose_name=_("project"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    department = models.ForeignKey("core.Department", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ScopedManager()
    scope = Scope(org="person__organisation", person="person__user", view_roles=PEOPLE_READERS,
                  change_roles=PEOPLE_MANAGERS, department_editors=frozenset())

    class Meta:
        verbose_name = _("lifecycle event")
        verbose_name_plural = _("lifecycle events")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}: {self.person.name}"


class PledgeKind(models.TextChoices):
    HIRE = "hire", _("Hiring pledge")
    PROJECT_JOIN = "project_join", _("Project pledge")
    TRANSFER = "transfer", _("Transfer pledge")
    EXIT = "exit", _("Exit pledge")


class PledgeTemplate(models.Model):
    """One version of the text of a pledge. A change makes a new version; old ones stay for the
    pledges made from them."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="pledge_templates")
    kind = models.CharField(_("kind"), max_length=16, choices=PledgeKind.choices)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.JA)
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    min_tier = models.ForeignKey("ledger.Tier", verbose_name=_("lowest tier named in the scope"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="+")
    is_current = models.BooleanField(_("current version"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", view_roles=PEOPLE_READERS, change_roles=PEOPLE_MANAGERS)

    class Meta:
        verbose_name = _("pledge template")
        verbose_name_plural = _("pledge templates")
        ordering = ["kind", "language", "-version"]
        constraints = [models.UniqueConstraint(fields=["organisation", "kind", "language", "version"],
                                               name="unique_pledge_template_version")]

    def __str__(self) -> str:
        return f"{self.title} v{self.version} ({self.language})"


class Pledge(models.Model):
    """A pledge (誓約書) made for one person from one template version, with its concrete scope."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        REFUSED = "refused", _("Refused")
        PAPER = "paper", _("Signed on paper")

    SIGNED = (Status.ACKNOWLEDGED, Status.PAPER)

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="pledges")
    event = models.ForeignKey(LifecycleEvent, verbose_name=_("event"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="pledges")
    template = models.ForeignKey(PledgeTemplate, verbose_name=_("template version"), on_delete=models.PROTECT,
                                 related_name="pledges")
    kind = models.CharField(_("kind"), max_length=16, choices=PledgeKind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    # "scope" is the gate's declaration on every model: the secrets a pledge names are its items.
    items = models.JSONField(_("secrets named"), default=list, blank=True)
    removed = models.JSONField(_("items removed from the scope"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    sha256 = models.CharField(_("SHA-256 of the text and scope"), max_length=64, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    refused_at = models.DateTimeField(_("refused"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    follow_up = models.TextField(_("follow-up steps"), blank=True)
    paper_copy = models.FileField(_("signed paper copy"), storage=_private_storage, upload_to=_paper_path,
                                  max_length=300, blank=True)
    paper_name = models.CharField(_("file name"), max_length=255, blank=True)
    paper_sha256 = models.CharField(_("SHA-256 of the paper copy"), max_length=64, blank=True)
    signed_on = models.DateField(_("signed on paper on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    scope = Scope(org="person__organisation", person="person__user", view_roles=PEOPLE_READERS,
                  change_roles=PEOPLE_MANAGERS, department_editors=frozenset())

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return f"{self.title}: {self.person.name}"


# The models of the second increment live in their own module; Django finds them here.
from shuhi.people.models_more import (  # noqa: E402, F401
    ExitChecklist,
    ExitSystems,
    ManagementMessage,
    Policy,
    PolicyAcknowledgement,
)
