"""Supplier management (委託先管理): profiles, frameworks, campaigns, assessments and their versions.

Who owns what, for the permission gate:
- a profile, an assessment and everything under it belong to the assessed organisation, so its
  representatives see them and nobody else outside the home organisation does;
- frameworks, campaigns and interview notes belong to the outsourcer and are never shown to
  suppliers (a supplier reads its questions through its own assessment).

Improvement plans (one item per gap).

- An improvement item belongs to the assessed organisation, like the assessment it came from: its
  representatives track it in the portal, and another supplier's item answers 404. Items of a
  private self-assessment stay private with it.
- What each supplier holds is counted from the disclosure register (shuhi.disclosures).
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from shuhi.core.permissions import Scope, ScopedManager, ScopedQuerySet
from shuhi.core.roles import FULL_VIEW_ROLES, MANAGERS
from shuhi.core.storage import PrivateStorage


class PrivateAwareQuerySet(ScopedQuerySet):
    """The core gate, minus rows of a supplier's private self-assessment for anyone outside that supplier.

    A model opts in with `private_path`, the lookup to the assessment's `private` flag. The core
    Scope lets home full-view roles read every row; a supplier that uses shuhi on its own must be
    able to keep its self-assessment to itself until it chooses to share it.
    """

    def visible_to(self, user):
        rows = super().visible_to(user)
        path = getattr(self.model, "private_path", None)
        if path and not getattr(user, "is_supplier", True):
            rows = rows.exclude(**{path: True})
        return rows


class PrivateAwareManager(ScopedManager.from_queryset(PrivateAwareQuerySet)):
    pass


class SizeBand(models.TextChoices):
    UP_TO_20 = "le20", _("20 or fewer employees")
    UP_TO_50 = "21-50", _("21–50 employees")
    UP_TO_100 = "51-100", _("51–100 employees")
    UP_TO_300 = "101-300", _("101–300 employees")
    UP_TO_1000 = "301-1000", _("301–1,000 employees")
    OVER_1000 = "gt1000", _("More than 1,000 employees")


class Certification(models.TextChoices):
    ISMS = "isms", _("ISMS (ISO/IEC 27001)")
    TICS = "tics", _("Technical information management certification (TICS)")
    PMARK = "pmark", _("Privacy Mark")


class SupplierProfile(models.Model):
    class ContractStatus(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        ACTIVE = "active", _("Under contract")
        SUSPENDED = "suspended", _("Suspended")
        ENDED = "ended", _("Ended")

    organisation = models.OneToOneField("core.Organisation", on_delete=models.CASCADE, related_name="profile")
    legal_name = models.CharField(_("legal name"), max_length=200)
    size_band = models.CharField(_("size (employees)"), max_length=10, choices=SizeBand.choices, blank=True)
    industry = models.CharField(_("industry"), max_length=120, blank=True)
    certifications = models.JSONField(_("certifications"), default=list, blank=True)
    other_certifications = models.CharField(_("other certifications"), max_length=300, blank=True)
    contacts = models.TextField(_("contacts"), blank=True, help_text=_("Names, roles, e-mail and telephone."))
    contract_status = models.CharField(_("contract status"), max_length=12, choices=ContractStatus.choices,
                                       default=ContractStatus.ACTIVE)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    # A representative reads their own organisation's profile; only the outsourcer changes it.
    scope = Scope(org="organisation", supplier_visible=True, change_roles=MANAGERS)

    class Meta:
        verbose_name = _("supplier profile")
        verbose_name_plural = _("supplier profiles")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.legal_name or self.organisation.name

    @property
    def is_small(self) -> bool:
        """The survey's "small firm" group: 100 employees or fewer."""
        return self.size_band in {SizeBand.UP_TO_20, SizeBand.UP_TO_50, SizeBand.UP_TO_100}

    def certification_labels(self) -> list[str]:
        labels = dict(Certification.choices)
        found = [str(labels.get(code, code)) for code in self.certifications or []]
        return found + ([self.other_certifications] if self.other_certifications else [])


class Framework(models.Model):
    class Kind(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", _("Questionnaire")
        INTERVIEW = "interview", _("Management interview sheet")

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="frameworks")
    ref_id = models.SlugField(_("name"), max_length=100)
    urn = models.CharField(_("URN"), max_length=200)
    version = models.PositiveIntegerField(_("version"), default=1)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.QUESTIONNAIRE)
    name_ja = models.CharField(_("name (Japanese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    content = models.JSONField(_("content"))
    builtin = models.BooleanField(_("built in"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()
    # Reference content every home user may read; suppliers see questions only through their assessment.
    scope = Scope(org="organisation", home_visible="all", change_roles=MANAGERS)

    class Meta:
        verbose_name = _("assessment framework")
        verbose_name_plural = _("assessment frameworks")
        ordering = ["ref_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "ref_id", "version"], name="unique_framework_version"),
        ]

    def __str__(self) -> str:
        return f"{self.ref_id} v{self.version}"

    @cached_property
    def doc(self):
        from shuhi.suppliers.schema import build

        return build(self.content)

    def display_name(self, lang: str | None = None) -> str:
        from shuhi.suppliers.schema import pick

        return pick({"ja": self.name_ja, "en": self.name_en}, lang)


class Campaign(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="campaigns")
    framework = models.ForeignKey(Framework, verbose_name=_("framework"), on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=200)
    message = models.TextField(_("message to suppliers"), blank=True)
    due_date = models.DateField(_("due date"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", change_roles=MANAGERS)

    class Meta:
        verbose_name = _("assessment campaign")
        verbose_name_plural = _("assessment campaigns")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for changes")
        ACCEPTED = "accepted", _("Accepted")

    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="assessments")
    framework = models.ForeignKey(Framework, verbose_name=_("framework"), on_delete=models.PROTECT)
    # The assessed organisation: a supplier, or the home organisation for its own self-check.
    supplier = models.ForeignKey("core.Organisation", verbose_name=_("assessed organisation"),
                                 on_delete=models.CASCADE, related_name="assessments")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # A supplier's own self-assessment, started from its portal: only that supplier sees it until shared.
    private = models.BooleanField(_("private to the assessed organisation"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PrivateAwareManager()
    scope = Scope(org="supplier", supplier_visible=True, supplier_writable=True, change_roles=MANAGERS)
    private_path = "private"

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "supplier"], name="one_assessment_per_campaign_supplier"),
        ]

    def __str__(self) -> str:
        # Outside the f-string: xgettext does not look inside f-strings.
        what = self.campaign or _("self-assessment")
        return f"{self.supplier} — {what}"

    @property
    def editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}

    def due_state(self, today) -> str:
        """"overdue", "due_soon" (within a week) or "" — only while the supplier still owes answers."""
        if not self.editable or self.due_date is None:
            return ""
        if self.due_date < today:
            return "overdue"
        return "due_soon" if (self.due_date - today).days <= 7 else ""


class AssessmentVersion(models.Model):
    """What was submitted, exactly as submitted. Only the review fields are ever set afterwards."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    REVIEW_FIELDS = frozenset({"outcome", "review_comments", "review_note", "reviewed_by", "reviewed_at"})

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    answers = models.JSONField(_("answers"))
    scores = models.JSONField(_("scores"), default=dict)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    review_comments = models.JSONField(_("comments per question"), default=dict, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    objects = PrivateAwareManager()
    scope = Scope(org="assessment__supplier", supplier_visible=True, change_roles=MANAGERS)
    private_path = "assessment__private"

    class Meta:
        verbose_name = _("assessment version")
        verbose_name_plural = _("assessment versions")
        ordering = ["assessment", "-number"]
        constraints = [models.UniqueConstraint(fields=["assessment", "number"], name="unique_assessment_version")]

    def __str__(self) -> str:
        return f"{self.assessment} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            fields = set(kwargs.get("update_fields") or ())
            if not fields or not fields <= self.REVIEW_FIELDS:
                raise ValidationError(_("A submitted version cannot be changed."))
            if AssessmentVersion.objects.filter(pk=self.pk).exclude(outcome=self.Outcome.PENDING).exists():
                raise ValidationError(_("This version has already been reviewed."))
        super().save(*args, **kwargs)


def _evidence_storage() -> FileSystemStorage:
    return PrivateStorage()


def _evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.assessment_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Evidence(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    question_id = models.CharField(_("question"), max_length=40)
    file = models.FileField(_("file"), storage=_evidence_storage, upload_to=_evidence_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = PrivateAwareManager()
    scope = Scope(org="assessment__supplier", supplier_visible=True, supplier_writable=True, change_roles=MANAGERS)
    private_path = "assessment__private"

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["question_id", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Reminder(models.Model):
    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    due_date = models.DateField(_("due date"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = PrivateAwareManager()
    scope = Scope(org="assessment__supplier", supplier_visible=True)
    private_path = "assessment__private"

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at"]
        # One reminder of each kind per due date, however often the reminder run is repeated.
        constraints = [models.UniqueConstraint(fields=["assessment", "kind", "due_date"], name="unique_reminder")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.assessment}"


class Interview(models.Model):
    """The outsourcer's notes from asking a supplier's management directly. Never shown to the supplier."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="interviews")
    supplier = models.ForeignKey("core.Organisation", verbose_name=_("supplier"), on_delete=models.CASCADE,
                                 related_name="interviews_about")
    framework = models.ForeignKey(Framework, verbose_name=_("interview sheet"), on_delete=models.PROTECT)
    held_on = models.DateField(_("held on"))
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", change_roles=MANAGERS, view_roles=FULL_VIEW_ROLES)

    class Meta:
        verbose_name = _("management interview")
        verbose_name_plural = _("management interviews")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.supplier} {self.held_on:%Y-%m-%d}"


class ImprovementItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    # The assessment whose gap the item closes; its organisation owns the item.
    assessment = models.ForeignKey("suppliers.Assessment", verbose_name=_("assessment"), on_delete=models.CASCADE,
                                   related_name="improvements")
    question_id = models.CharField(_("question"), max_length=40)
    practice = models.TextField(_("good practice"))
    # The answer and its share when the plan was made, so the next assessment can show the change.
    answer_then = models.JSONField(_("answer when planned"), null=True, blank=True)
    share_then = models.FloatField(_("share when planned"), null=True, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person in charge"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    owner_name = models.CharField(_("person in charge (name)"), max_length=200, blank=True,
                                  help_text=_("When the person has no account in shuhi."))
    due_date = models.DateField(_("complete by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PrivateAwareManager()
    scope = Scope(org="assessment__supplier", supplier_visible=True, supplier_writable=True, change_roles=MANAGERS)
    private_path = "assessment__private"

    class Meta:
        verbose_name = _("improvement item")
        verbose_name_plural = _("improvement items")
        # Open first, then in progress, then done: "-status" happens to sort them so.
        ordering = ["-status", "due_date", "question_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "question_id"],
                                               name="one_improvement_per_assessment_question")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.practice[:60]}"

    @property
    def owner_label(self) -> str:
        return self.owner.full_name if self.owner_id else self.owner_name

    def is_overdue(self, today) -> bool:
        return self.status != self.Status.DONE and self.due_date is not None and self.due_date < today
