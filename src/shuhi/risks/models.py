"""The insider-fraud risk register and the case library, kept apart from cybersecurity.

The seed's second viewpoint: insider-fraud prevention has its own basic policy, risk assessment
and measures. A risk here is one an insider poses (a leaver copying drawings, a shared account),
scored by likelihood × impact, tied to the ledger's assets, and answered by measures filed under
IPA's five principles of situational crime prevention. Every change keeps the previous state as
a version row, so the register can always show what it said before and who changed it.

Who owns what, for the permission gate: risks, their measures and versions are the home
organisation's; the full-view roles read them, the information management officers change them,
and no supplier user sees any of them. Leak cases are reference material every home user reads.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shuhi.core.permissions import Scope, ScopedManager
from shuhi.core.roles import FULL_VIEW_ROLES, MANAGERS


class Principle(models.TextChoices):
    """IPA「組織における内部不正防止ガイドライン」: the five principles of situational crime prevention."""

    DIFFICULT = "difficult", _("Make it difficult (犯行を難しくする)")
    CAUGHT = "caught", _("Make it likely to be caught (捕まるリスクを高める)")
    REWARD = "reward", _("Reduce the reward (犯行の見返りを減らす)")
    PROVOCATION = "provocation", _("Remove the provocation (犯行の誘因を減らす)")
    EXCUSE = "excuse", _("Leave no excuse (犯罪の弁明をさせない)")


# Score bands of likelihood × impact (1–25).
BANDS = (("low", 1), ("medium", 5), ("high", 10))
BAND_LABELS = {"low": _("Low (1–4)"), "medium": _("Medium (5–9)"), "high": _("High (10–25)")}


def band_of(score: int) -> str:
    found = BANDS[0][0]
    for name, minimum in BANDS:
        if score >= minimum:
            found = name
    return found


def heat_level(likelihood: int, impact: int) -> int:
    """The heat map's colour for a cell: 1 for the lowest scores up to 4 for 15 and over."""
    score = likelihood * impact
    return 1 if score <= 4 else 2 if score <= 9 else 3 if score <= 14 else 4


def _one_to_five(label):
    return models.PositiveSmallIntegerField(label, default=3,
                                            validators=[MinValueValidator(1), MaxValueValidator(5)])


class InsiderRisk(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="insider_risks")
    title = models.CharField(_("risk"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    likelihood = _one_to_five(_("likelihood"))
    impact = _one_to_five(_("impact"))
    asset_categories = models.JSONField(_("asset categories"), default=list, blank=True)
    assets = models.ManyToManyField("ledger.InformationAsset", verbose_name=_("assets concerned"), blank=True,
                                    related_name="insider_risks")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="insider_risks")
    review_date = models.DateField(_("next review"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    # Which risk of the starter set this row came from: loading the set again adds none twice,
    # even one the user has deleted or renamed.
    starter_key = models.CharField(max_length=40, blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=0)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", view_roles=FULL_VIEW_ROLES, change_roles=MANAGERS,
                  department_editors=frozenset())

    class Meta:
        verbose_name = _("insider risk")
        verbose_name_plural = _("insider risks")
        ordering = ["-likelihood", "-impact", "title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "starter_key"], condition=~models.Q(starter_key=""),
                                    name="unique_insider_risk_starter"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> str:
        return band_of(self.score)

    @property
    def band_label(self):
        return BAND_LABELS[self.band]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def category_labels(self) -> list:
        from shuhi.ledger.models import InformationAsset

        labels = dict(InformationAsset.Category.choices)
        return [labels.get(c, c) for c in self.asset_categories or []]

    def review_overdue(self, today: dt.date) -> bool:
        return self.review_date is not None and self.review_date < today and not self.is_deleted


class RiskMeasure(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PLACE = "in_place", _("In place")

    risk = models.ForeignKey(InsiderRisk, on_delete=models.CASCADE, related_name="measures")
    principle = models.CharField(_("principle"), max_length=12, choices=Principle.choices)
    description = models.TextField(_("measure"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    due_date = models.DateField(_("due date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()
    scope = Scope(org="risk__organisation", view_roles=FULL_VIEW_ROLES, change_roles=MANAGERS,
                  department_editors=frozenset())

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["principle", "pk"]

    def __str__(self) -> str:
        return f"{self.get_principle_display()}: {self.description[:60]}"


class RiskVersion(models.Model):
    """The full state of a risk after one change: who changed it, when and why."""

    class Change(models.TextChoices):
        CREATE = "create", pgettext_lazy("a risk version", "Created")
        UPDATE = "update", _("Changed")
        MEASURES = "measures", _("Measures changed")
        DELETE = "delete", _("Deleted")
        RESTORE = "restore", _("Restored")

    risk = models.ForeignKey(InsiderRisk, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    change = models.CharField(_("change"), max_length=10, choices=Change.choices)
    state = models.JSONField(_("state"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    changed_by_name = models.CharField(_("changed by"), max_length=200, blank=True)
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    objects = ScopedManager()
    scope = Scope(org="risk__organisation", view_roles=FULL_VIEW_ROLES, change_roles=frozenset(),
                  department_editors=frozenset())

    class Meta:
        verbose_name = _("risk version")
        verbose_name_plural = _("risk versions")
        ordering = ["risk", "-number"]
        constraints = [models.UniqueConstraint(fields=["risk", "number"], name="unique_risk_version")]

    def __str__(self) -> str:
        return f"{self.risk} v{self.number}"


class RiskReviewReminder(models.Model):
    """That the owner was told once that a risk's review date has passed; no page reads it."""

    gate_internal = True

    risk = models.ForeignKey(InsiderRisk, on_delete=models.CASCADE, related_name="+")
    review_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["risk", "review_date"], name="unique_risk_review_reminder")]

    def __str__(self) -> str:
        return f"{self.risk_id} {self.review_date}"


class LeakCase(models.Model):
    """A public case of a leak to learn from, with where its facts come from."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="leak_cases")
    title = models.CharField(_("title"), max_length=200)
    occurred_on = models.DateField(_("date"), help_text=_(
        "When it came to light or was decided (judgment, arrest, announcement)."))
    summary = models.TextField(_("summary"))
    what_went_wrong = models.TextField(_("what went wrong"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    principles = models.JSONField(_("principles concerned"), default=list, blank=True)
    source_name = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    starter_key = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", home_visible="all", change_roles=MANAGERS, department_editors=frozenset())

    class Meta:
        verbose_name = _("leak case")
        verbose_name_plural = _("leak cases")
        ordering = ["-occurred_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def principle_labels(self) -> list:
        labels = dict(Principle.choices)
        return [labels[p] for p in self.principles if p in labels]
