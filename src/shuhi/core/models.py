"""Organisations (the outsourcer and its suppliers), departments, projects and users."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shuhi.core.permissions import Scope, ScopedManager, ScopedQuerySet, SystemActor
from shuhi.core.roles import ADMINS, PEOPLE_READERS, SUPPLIER_ROLES, TWO_FACTOR_REQUIRED_ROLES, Role


class Organisation(models.Model):
    class Kind(models.TextChoices):
        HOME = "home", _("Outsourcer (home organisation)")
        SUPPLIER = "supplier", _("Supplier")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SUPPLIER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent supplier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_suppliers",
        help_text=_("Set for a sub-supplier (再委託先): the supplier that passes work on to it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()
    scope = Scope(org="pk", supplier_visible=True, home_visible="all")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "name"]
        constraints = [
            # One outsourcer per installation: everything else is a supplier of it.
            models.UniqueConstraint(fields=["kind"], condition=Q(kind="home"), name="one_home_organisation"),
            models.UniqueConstraint(fields=["name"], name="unique_organisation_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_home(self) -> bool:
        return self.kind == self.Kind.HOME


class Department(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=32, blank=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", home_visible="all")

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_department")]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="projects")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=32, blank=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", department="department", project="pk")

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_project")]

    def __str__(self) -> str:
        return self.name


class ShuhiUserManager(UserManager.from_queryset(ScopedQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        email = self.normalize_email(email)
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        # Django's own commands (createsuperuser) create users here, past the services: they are
        # audited all the same. Imported late because the audit app builds on core's models.
        from shuhi.core.audit.services import audit_record, snapshot

        audit_record(actor=SystemActor("manage.py"), action="user.create", obj=user, after=snapshot(user))
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", Role.ADMIN)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.EMPLOYEE)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="members",
    )
    projects = models.ManyToManyField(Project, verbose_name=_("projects"), blank=True, related_name="members")
    language = models.CharField(
        _("language"), max_length=8, choices=[("ja", "日本語"), ("en", "English")], default="ja"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = ShuhiUserManager()
    scope = Scope(
        org="organisation",
        department="department",
        person="pk",
        supplier_visible=True,
        view_roles=PEOPLE_READERS,
        change_roles=ADMINS,
        # A department manager reads their department's people but changes no account: the
        # department path here widens reads only (the outside probe's self-promotion hole).
        department_editors=frozenset(),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    @property
    def is_supplier(self) -> bool:
        return self.role in SUPPLIER_ROLES or (
            self.organisation_id is not None and self.organisation.kind == Organisation.Kind.SUPPLIER
        )

    @property
    def two_factor_required(self) -> bool:
        return self.role in TWO_FACTOR_REQUIRED_ROLES
