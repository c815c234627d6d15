"""Improvement plans (one item per gap) and the outsourcer's record of what each supplier holds.

- An improvement item belongs to the assessed organisation, like the assessment it came from: its
  representatives track it in the portal, and another supplier's item answers 404. Items of a
  private self-assessment stay private with it.
- An exposure row is the outsourcer's own note of how many of its secrets, of which tier, a
  supplier holds: entered by hand until the disclosure register can count them. Suppliers never see it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuhi.core.permissions import Scope, ScopedManager
from shuhi.core.roles import FULL_VIEW_ROLES, MANAGERS
from shuhi.suppliers.models import PrivateAwareManager


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


class SupplierExposure(models.Model):
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="exposures")
    supplier = models.ForeignKey("core.Organisation", verbose_name=_("supplier"), on_delete=models.CASCADE,
                                 related_name="exposures_held")
    tier = models.ForeignKey("ledger.Tier", verbose_name=_("tier"), on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(_("number of secrets"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    # The outsourcer's own assessment of its suppliers: full-view roles read it, managers enter it.
    scope = Scope(org="organisation", change_roles=MANAGERS, view_roles=FULL_VIEW_ROLES)

    class Meta:
        verbose_name = _("supplier exposure")
        verbose_name_plural = _("supplier exposures")
        ordering = ["supplier__name", "-tier__rank"]
        constraints = [models.UniqueConstraint(fields=["organisation", "supplier", "tier"],
                                               name="one_exposure_per_supplier_tier")]

    def __str__(self) -> str:
        return f"{self.supplier}: {self.tier} × {self.count}"
