"""Training (教育): modules with texts and quizzes, their versions, who must take them, and the attempts.

Who owns what, for the permission gate:
- modules, their versions and the assignment rules are the outsourcer's. Every home user reads the
  modules (the training is communicated company-wide, as the ledger's tiers and criteria are);
  HR and the full-view roles read the rules.
- an assignment and its attempts belong to the person who must take the training, and so to the
  organisation employing them: HR and the full-view roles read every one, an ordinary home user
  reads those of the person linked to their account, and a supplier's representative reads those
  of its own staff working on site (their record only; the module's text stays the outsourcer's).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shuhi.core.permissions import Scope, ScopedManager
from shuhi.core.roles import PEOPLE_MANAGERS, PEOPLE_READERS, Role


class Module(models.Model):
    """A training module across its versions: what is assigned, and what the pass mark is."""

    class Kind(models.TextChoices):
        STANDARD = "standard", _("Written by hand")
        CLASSIFICATION = "classification", _("Built from the ledger's classification criteria")

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="training_modules")
    code = models.SlugField(_("code"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STANDARD)
    title = models.CharField(_("title"), max_length=200)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=80)
    due_days = models.PositiveSmallIntegerField(_("days to complete"), default=30)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", home_visible="all", change_roles=PEOPLE_MANAGERS)

    class Meta:
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        ordering = ["code", "pk"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="unique_training_module_code")]

    def __str__(self) -> str:
        return self.title

    @property
    def current(self) -> ModuleVersion | None:
        return self.versions.filter(is_current=True).first()


class ModuleVersion(models.Model):
    """One version of a module's text and quiz. A change makes a new version; attempts keep theirs.

    sections: [{"heading": str, "body": str}]
    questions: [{"text": str, "choices": [{"text": str, "correct": bool}], "explanation": str}]
    source: for a module built from the ledger, the criteria it was built from (and their digest),
    so that a change in the ledger shows as "out of date".
    """

    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    sections = models.JSONField(_("sections"), default=list)
    questions = models.JSONField(_("questions"), default=list)
    source = models.JSONField(_("source"), default=dict, blank=True)
    is_current = models.BooleanField(_("current version"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()
    scope = Scope(org="module__organisation", home_visible="all", change_roles=PEOPLE_MANAGERS)

    class Meta:
        verbose_name = _("module version")
        verbose_name_plural = _("module versions")
        ordering = ["module", "-version"]
        constraints = [models.UniqueConstraint(fields=["module", "version"], name="unique_module_version")]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class AssignmentRule(models.Model):
    """Who must take a module: everyone, a role, a department, or whoever goes through an event."""

    class Trigger(models.TextChoices):
        EVERYONE = "everyone", _("Everyone on staff")
        ROLE = "role", _("A role (log-in accounts)")
        DEPARTMENT = "department", _("A department")
        EVENT = "event", _("A lifecycle event")

    class Event(models.TextChoices):
        HIRE = "hire", _("Hire")
        PROJECT_JOIN = "project_join", _("Joins a project")
        TRANSFER = "transfer", _("Transfer")

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="training_rules")
    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="rules")
    trigger = models.CharField(_("assign to"), max_length=12, choices=Trigger.choices)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    department = models.ForeignKey("core.Department", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    event = models.CharField(_("event"), max_length=16, choices=Event.choices, blank=True)
    due_days = models.PositiveSmallIntegerField(_("days to complete"), default=30)
    is_active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", view_roles=PEOPLE_READERS, change_roles=PEOPLE_MANAGERS,
                  department_editors=frozenset())

    class Meta:
        verbose_name = _("assignment rule")
        verbose_name_plural = _("assignment rules")
        ordering = ["module", "pk"]

    def __str__(self) -> str:
        return f"{self.module}: {self.describe()}"

    def describe(self) -> str:
        if self.trigger == self.Trigger.ROLE:
            return f"{self.get_trigger_display()}: {self.get_role_display()}"
        if self.trigger == self.Trigger.DEPARTMENT:
            return f"{self.get_trigger_display()}: {self.department.name if self.department else '—'}"
        if self.trigger == self.Trigger.EVENT:
            return f"{self.get_trigger_display()}: {self.get_event_display()}"
        return str(self.get_trigger_display())


class Assignment(models.Model):
    """A person must take a module by a date. Open until passed (online or on paper) or cancelled."""

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        PASSED = "passed", _("Passed")
        CANCELLED = "cancelled", _("Cancelled")

    person = models.ForeignKey("people.Person", verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="training_assignments")
    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="assignments")
    rule = models.ForeignKey(AssignmentRule, verbose_name=_("rule"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="assignments")
    event = models.ForeignKey("people.LifecycleEvent", verbose_name=_("event"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    assigned_on = models.DateField(_("assigned on"))
    due_on = models.DateField(_("due on"))
    passed_version = models.ForeignKey(ModuleVersion, verbose_name=_("version passed"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    passed_at = models.DateTimeField(_("passed"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()
    scope = Scope(org="person__organisation", person="person__user", supplier_visible=True,
                  view_roles=PEOPLE_READERS, change_roles=PEOPLE_MANAGERS, department_editors=frozenset())

    class Meta:
        verbose_name = _("training assignment")
        verbose_name_plural = _("training assignments")
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["person", "module"], condition=Q(status="open"),
                                               name="one_open_assignment_per_module")]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.module}: {self.person.name}"

    def is_overdue(self, today) -> bool:
        return self.status == self.Status.OPEN and self.due_on < today


class Attempt(models.Model):
    """One go at a module's quiz (online), or a result HR records from paper. Every attempt is kept."""

    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("On paper")

    assignment = models.ForeignKey(Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE,
                                   related_name="attempts")
    version = models.ForeignKey(ModuleVersion, verbose_name=_("version"), on_delete=models.PROTECT,
                                related_name="attempts")
    mode = models.CharField(_("how"), max_length=8, choices=Mode.choices, default=Mode.ONLINE)
    # {"0": [1], "1": [0, 2]}: for each question (by position), the choices ticked.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    correct = models.PositiveSmallIntegerField(_("questions answered correctly"), default=0)
    total = models.PositiveSmallIntegerField(_("questions"), default=0)
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    taken_on = models.DateField(_("taken on"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ScopedManager()
    scope = Scope(org="assignment__person__organisation", person="assignment__person__user", supplier_visible=True,
                  view_roles=PEOPLE_READERS, change_roles=PEOPLE_MANAGERS, department_editors=frozenset())

    class Meta:
        verbose_name = _("training attempt")
        verbose_name_plural = _("training attempts")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.assignment}: {self.score}%"
