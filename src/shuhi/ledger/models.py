"""The information-asset ledger (情報資産台帳): tiers, classification rules, storage locations, assets."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuhi.core.permissions import Scope, ScopedManager
from shuhi.core.roles import FULL_VIEW_ROLES, MANAGERS, Role


class Tier(models.Model):
    """A classification level (格付け). Higher rank = stronger protection."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="tiers")
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=60)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("Higher means stronger protection."))
    label_text = models.CharField(_("label"), max_length=60, blank=True,
                                  help_text=_("How documents of this tier are marked, e.g. 【社外秘】."))
    handling = models.TextField(_("handling"), blank=True)
    may_disclose = models.BooleanField(_("may be disclosed under an NDA"), default=False)

    objects = ScopedManager()
    # The rules are communicated company-wide, so every home user reads them.
    scope = Scope(org="organisation", home_visible="all")

    class Meta:
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")
        ordering = ["-rank"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="unique_tier_key"),
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_tier_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ClassificationRule(models.Model):
    """One written criterion: a yes/no question and the tier a "yes" calls for at least."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="rules")
    question = models.CharField(_("question"), max_length=300)
    explanation = models.TextField(_("explanation"), blank=True)
    tier_if_yes = models.ForeignKey(Tier, verbose_name=_("tier if yes"), on_delete=models.PROTECT)
    identifies_trade_secret = models.BooleanField(_("a yes identifies a trade secret"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ScopedManager()
    scope = Scope(org="organisation", home_visible="all")

    class Meta:
        verbose_name = _("classification rule")
        verbose_name_plural = _("classification rules")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.question


class StorageLocation(models.Model):
    class Kind(models.TextChoices):
        SHARED_FOLDER = "shared_folder", _("Shared folder")
        CLOUD_DRIVE = "cloud_drive", _("Cloud drive")
        BUSINESS_SYSTEM = "business_system", _("Business system")
        CABINET = "cabinet", _("Cabinet (paper)")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SHARED_FOLDER)
    tier = models.ForeignKey(Tier, verbose_name=_("tier"), on_delete=models.PROTECT)
    path_patterns = models.TextField(
        _("path patterns"), blank=True,
        help_text=_("One pattern per line, e.g. \\\\fileserver\\secret\\** — matched against scanned files and logs."),
    )
    access_groups = models.CharField(_("who may access"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", home_visible="all", change_roles=MANAGERS)

    class Meta:
        verbose_name = _("storage location")
        verbose_name_plural = _("storage locations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_location_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def patterns(self) -> list[str]:
        return [p.strip() for p in self.path_patterns.replace(";", "\n").splitlines() if p.strip()]


class InformationAsset(models.Model):
    class Category(models.TextChoices):
        TECHNICAL = "technical", _("Technical")
        PRODUCTION = "production", _("Production")
        SALES = "sales", _("Sales")
        MANAGEMENT = "management", _("Management")
        PERSONAL = "personal", _("Personal data")
        OTHER = "other", _("Other")

    class Retention(models.TextChoices):
        UNSET = "unset", _("Not set")
        YEARS = "years", _("Years")
        UNTIL = "until", _("Until a date")
        PERMANENT = "permanent", _("Permanent")

    class Label(models.TextChoices):
        APPLIED = "applied", _("Applied")
        NOT_APPLIED = "not_applied", _("Not applied")
        NOT_NEEDED = "not_needed", _("Not needed")

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="assets")
    code = models.CharField(_("asset ID"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.OTHER)
    tier = models.ForeignKey(Tier, verbose_name=_("tier"), on_delete=models.PROTECT, related_name="assets")
    suggested_tier = models.ForeignKey(
        Tier, verbose_name=_("suggested tier"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rule_answers = models.JSONField(_("answers to the classification rules"), default=dict, blank=True)
    is_trade_secret = models.BooleanField(_("trade secret"), default=False)
    is_personal_data = models.BooleanField(_("personal data"), default=False)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="owned_assets",
    )
    projects = models.ManyToManyField("core.Project", verbose_name=_("projects"), blank=True, related_name="assets")
    locations = models.ManyToManyField(StorageLocation, verbose_name=_("storage locations"), blank=True,
                                       related_name="assets")
    retention = models.CharField(_("retention"), max_length=12, choices=Retention.choices, default=Retention.UNSET)
    retention_years = models.PositiveSmallIntegerField(_("retention years"), null=True, blank=True)
    retention_until = models.DateField(_("retained until"), null=True, blank=True)
    disposal_method = models.CharField(_("disposal method"), max_length=200, blank=True)
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    label_status = models.CharField(_("label"), max_length=12, choices=Label.choices, default=Label.NOT_APPLIED)
    usefulness_reason = models.TextField(_("usefulness (有用性): reason"), blank=True)
    non_public_reason = models.TextField(_("non-public status (非公知性): reason"), blank=True)
    review_date = models.DateField(_("next review"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    scope = Scope(
        org="organisation", department="department", project="projects",
        view_roles=FULL_VIEW_ROLES, change_roles=MANAGERS,
        # Department managers own their department's assets; other staff see only their projects'.
        department_roles=frozenset({Role.DEPT_MANAGER}),
    )

    class Meta:
        verbose_name = _("information asset")
        verbose_name_plural = _("information assets")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="unique_asset_code")]
        indexes = [models.Index(fields=["organisation", "tier"]), models.Index(fields=["organisation", "department"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        errors = {}
        if self.tier_id and self.tier.organisation_id != self.organisation_id:
            errors["tier"] = _("Choose one of your organisation's tiers.")
        if self.retention == self.Retention.YEARS and not self.retention_years:
            errors["retention_years"] = _("Give the number of years.")
        if self.retention == self.Retention.UNTIL and not self.retention_until:
            errors["retention_until"] = _("Give the date until which it is kept.")
        if self.department_id and self.department.organisation_id != self.organisation_id:
            errors["department"] = _("Choose one of your organisation's departments.")
        if errors:
            raise ValidationError(errors)

    @property
    def risk_score(self) -> int | None:
        if self.likelihood is None or self.impact is None:
            return None
        return self.likelihood * self.impact

    @property
    def risk_level(self) -> str:
        return risk_level(self.risk_score)


def risk_level(score: int | None) -> str:
    """5×5 matrix bands, as commonly used in Japanese ISMS risk registers."""
    if score is None:
        return "unknown"
    if score >= 15:
        return "high"
    if score >= 8:
        return "medium"
    return "low"
