"""The disclosure register (開示台帳): NDAs, what went to which supplier, and the response to a leak.

Who owns what, for the permission gate:
- an NDA, a disclosure and its files, and a leak notice belong to the chain of one first-tier
  supplier (`supplier`): its representatives see them, whether the holder is the supplier itself
  or one of its sub-suppliers (再委託先), because the first-tier supplier answers to the outsourcer
  for its whole chain. A sub-supplier's users see the rows that concern it as holder (its NDA with
  the supplier, what it was given, its notices) and nothing else. Nobody else outside the home
  organisation sees them.
- the disclosure policy, the leak responses and their timelines, and holdings carried over from
  the old hand-entered exposure figures are the outsourcer's own and never shown to suppliers.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shuhi.core.permissions import Scope, ScopedManager
from shuhi.core.roles import FULL_VIEW_ROLES, MANAGERS, Role
from shuhi.core.storage import PrivateStorage

# Days before an NDA's end at which it counts as expiring and a reminder is recorded.
EXPIRING_DAYS = 30


def _private_storage() -> PrivateStorage:
    return PrivateStorage()


def _nda_path(instance: Nda, filename: str) -> str:
    return f"ndas/{instance.supplier_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


def _disclosed_path(instance: DisclosedFile, filename: str) -> str:
    return f"disclosures/{instance.disclosure_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class EndAction(models.TextChoices):
    RETURN = "return", _("Return")
    DESTROY = "destroy", _("Destruction")
    EITHER = "either", _("Return or destruction")


class Nda(models.Model):
    """A non-disclosure agreement (秘密保持契約): with a supplier, or between a supplier and its sub-supplier."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        TERMINATED = "terminated", _("Terminated")

    # What the page shows: the stored status, with "expiring" and "expired" read from the dates.
    STATES = {
        "draft": _("Draft"), "active": _("Active"), "expiring": _("Expiring soon"), "expired": _("Expired"),
        "terminated": _("Terminated"),
    }

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="ndas")
    supplier = models.ForeignKey("core.Organisation", verbose_name=_("supplier"), on_delete=models.PROTECT,
                                 related_name="ndas_held")
    sub_supplier = models.ForeignKey(
        "core.Organisation", verbose_name=_("sub-supplier"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="ndas_as_sub_supplier",
        help_text=_("Only for an NDA between the supplier and its sub-supplier (re-disclosure)."))
    reference = models.CharField(_("contract number"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    scope_categories = models.JSONField(_("asset categories covered"), default=list, blank=True)
    scope_projects = models.ManyToManyField("core.Project", verbose_name=_("projects covered"), blank=True,
                                            related_name="+")
    scope_assets = models.ManyToManyField("ledger.InformationAsset", verbose_name=_("assets covered"), blank=True,
                                          related_name="ndas")
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    requires_marking = models.BooleanField(_("disclosed secrets must be marked"), default=True)
    end_action = models.CharField(_("at the end"), max_length=10, choices=EndAction.choices,
                                  default=EndAction.EITHER)
    allows_redisclosure = models.BooleanField(_("re-disclosure to sub-suppliers allowed"), default=False)
    notify_within_hours = models.PositiveSmallIntegerField(
        _("incident notification deadline (hours)"), default=24)
    document = models.FileField(_("signed document"), storage=_private_storage, upload_to=_nda_path,
                                max_length=300, blank=True)
    document_name = models.CharField(_("file name"), max_length=255, blank=True)
    document_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    terminated_reason = models.CharField(_("reason for termination"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    scope = Scope(org="supplier", supplier_visible=True, supplier_owned=True, supplier_also="sub_supplier",
                  change_roles=MANAGERS)

    class Meta:
        verbose_name = _("NDA")
        verbose_name_plural = _("NDAs")
        ordering = ["ends_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["organisation", "reference"], name="unique_nda_reference")]
        indexes = [models.Index(fields=["supplier", "status", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def counterparty(self):
        """Who signed with the outsourcer's secret in their hands: the sub-supplier when there is one."""
        return self.sub_supplier if self.sub_supplier_id else self.supplier

    def state(self, today: dt.date) -> str:
        if self.status != self.Status.ACTIVE:
            return self.status
        if self.ends_on < today:
            return "expired"
        if self.ends_on <= today + dt.timedelta(days=EXPIRING_DAYS):
            return "expiring"
        return "active"

    def state_label(self, today: dt.date) -> str:
        return str(self.STATES[self.state(today)])


class NdaReminder(models.Model):
    """A recorded reminder that an NDA is about to end, or has ended with secrets still held."""

    class Kind(models.TextChoices):
        EXPIRING = "expiring", _("Expiring soon")
        EXPIRED = "expired", _("Expired")

    nda = models.ForeignKey(Nda, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    ends_on = models.DateField(_("end"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ScopedManager()
    scope = Scope(org="nda__supplier", supplier_visible=True, supplier_owned=True,
                  supplier_also="nda__sub_supplier", change_roles=frozenset())

    class Meta:
        verbose_name = _("NDA reminder")
        verbose_name_plural = _("NDA reminders")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["nda", "kind", "ends_on"], name="unique_nda_reminder")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.nda}"


class DisclosurePolicy(models.Model):
    """The rules a disclosure request is checked against: data, so that each company sets its own.

    The defaults follow the tiers of the label vocabulary: the top tier (極秘) never leaves without
    an executive's recorded exception, and every tier above the lowest needs an NDA and stamping.
    """

    organisation = models.OneToOneField("core.Organisation", on_delete=models.CASCADE,
                                        related_name="disclosure_policy")
    exception_tiers = models.ManyToManyField(
        "ledger.Tier", verbose_name=_("tiers that need an executive exception"), blank=True, related_name="+")
    nda_tiers = models.ManyToManyField(
        "ledger.Tier", verbose_name=_("tiers that need an NDA covering them"), blank=True, related_name="+")
    stamp_tiers = models.ManyToManyField(
        "ledger.Tier", verbose_name=_("tiers whose files must be stamped"), blank=True, related_name="+")
    require_justification = models.BooleanField(_("purpose and justification are required"), default=True)
    warn_over_assets = models.PositiveSmallIntegerField(
        _("warn when one request holds more assets than"), default=5)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", change_roles=MANAGERS, view_roles=FULL_VIEW_ROLES)

    class Meta:
        verbose_name = _("disclosure policy")
        verbose_name_plural = _("disclosure policies")

    def __str__(self) -> str:
        return str(self.organisation)


class Disclosure(models.Model):
    """Secrets handed to one holder: a supplier, or (re-disclosure) a sub-supplier through its supplier."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        HANDED_OVER = "handed_over", _("Handed over")
        RECEIVED = "received", _("Receipt confirmed")
        RETURNED = "returned", pgettext_lazy("disclosure end", "Returned")
        DESTROYED = "destroyed", pgettext_lazy("disclosure end", "Destroyed")
        CANCELLED = "cancelled", _("Withdrawn")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Portal download")
        EMAIL = "email", _("E-mail")
        PAPER = "paper", _("Paper")
        SYSTEM = "system", _("System access")

    # While the holder has the secret in hand (the leak response and exposure count these).
    HELD = (Status.HANDED_OVER, Status.RECEIVED)
    ENDED = (Status.RETURNED, Status.DESTROYED)

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="disclosures")
    number = models.CharField(_("disclosure number"), max_length=40)
    supplier = models.ForeignKey("core.Organisation", verbose_name=_("supplier"), on_delete=models.PROTECT,
                                 related_name="disclosures_in_chain")
    recipient = models.ForeignKey("core.Organisation", verbose_name=_("recipient"), on_delete=models.PROTECT,
                                  related_name="disclosures_received")
    parent = models.ForeignKey("self", verbose_name=_("re-disclosed from"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="redisclosures")
    nda = models.ForeignKey(Nda, verbose_name=_("NDA"), null=True, blank=True, on_delete=models.PROTECT,
                            related_name="disclosures")
    assets = models.ManyToManyField("ledger.InformationAsset", verbose_name=_("assets"), related_name="disclosures")
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    justification = models.TextField(_("why the supplier needs it"), blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.PORTAL)
    copies = models.PositiveSmallIntegerField(_("number of copies"), default=1)
    due_date = models.DateField(_("return or destroy by"))
    end_action = models.CharField(_("at the end"), max_length=10, choices=EndAction.choices,
                                  default=EndAction.EITHER)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED)
    warnings = models.JSONField(_("policy warnings"), default=list, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    exception_executive = models.CharField(_("executive who allowed the exception"), max_length=200, blank=True)
    exception_reason = models.TextField(_("reason for the exception"), blank=True)
    handed_over_on = models.DateField(_("handed over"), null=True, blank=True)
    handed_over_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    received_at = models.DateTimeField(_("receipt confirmed"), null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    ended_on = models.DateField(_("returned or destroyed on"), null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    end_statement = models.TextField(_("certification"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    scope = Scope(org="supplier", department="assets__department", person="requested_by",
                  supplier_visible=True, supplier_owned=True, supplier_also="recipient", change_roles=MANAGERS,
                  department_roles=frozenset({Role.DEPT_MANAGER}))

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-requested_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="unique_disclosure_number")]
        indexes = [models.Index(fields=["recipient", "status"]), models.Index(fields=["supplier", "status"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_redisclosure(self) -> bool:
        return self.parent_id is not None

    @property
    def is_held(self) -> bool:
        return self.status in self.HELD

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_held and self.due_date < today


class DisclosedFile(models.Model):
    """A stamped copy handed over in a disclosure, with the fingerprint that traces a leaked copy back."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="files")
    asset = models.ForeignKey("ledger.InformationAsset", verbose_name=_("asset"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(_("stamped file"), storage=_private_storage, upload_to=_disclosed_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    original_sha256 = models.CharField(_("SHA-256 of the original"), max_length=64)
    sha256 = models.CharField(_("SHA-256 of the stamped copy"), max_length=64)
    fingerprint = models.CharField(_("fingerprint"), max_length=80)
    stamped = models.BooleanField(_("stamped"), default=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    downloads = models.PositiveIntegerField(_("downloads by the supplier"), default=0)

    objects = ScopedManager()
    scope = Scope(org="disclosure__supplier", department="disclosure__assets__department",
                  person="disclosure__requested_by", supplier_visible=True, supplier_owned=True,
                  supplier_also="disclosure__recipient", change_roles=MANAGERS,
                  department_roles=frozenset({Role.DEPT_MANAGER}))

    class Meta:
        verbose_name = _("disclosed file")
        verbose_name_plural = _("disclosed files")
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class LeakResponse(models.Model):
    """The outsourcer's response to one leaked secret, across every holder in the chain."""

    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="leak_responses")
    number = models.CharField(_("response number"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    asset = models.ForeignKey("ledger.InformationAsset", verbose_name=_("asset"), on_delete=models.PROTECT,
                              related_name="leak_responses")
    traced_disclosure = models.ForeignKey(Disclosure, verbose_name=_("disclosure the copy was traced to"),
                                          null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    trace = models.JSONField(_("trace result"), default=dict, blank=True)
    leaked_name = models.CharField(_("leaked file"), max_length=255, blank=True)
    leaked_sha256 = models.CharField(_("SHA-256 of the leaked file"), max_length=64, blank=True)
    steps = models.TextField(_("response steps asked of every holder"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    summary = models.TextField(_("summary"), blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", change_roles=MANAGERS, view_roles=FULL_VIEW_ROLES)

    class Meta:
        verbose_name = _("leak response")
        verbose_name_plural = _("leak responses")
        ordering = ["-opened_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="unique_leak_number")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class LeakNotice(models.Model):
    """What one holder was told in a leak response, and what it answered."""

    response = models.ForeignKey(LeakResponse, on_delete=models.CASCADE, related_name="notices")
    supplier = models.ForeignKey("core.Organisation", verbose_name=_("supplier"), on_delete=models.PROTECT,
                                 related_name="+")
    holder = models.ForeignKey("core.Organisation", verbose_name=_("holder"), on_delete=models.PROTECT,
                               related_name="leak_notices")
    disclosures = models.ManyToManyField(Disclosure, verbose_name=_("disclosures held"), related_name="+")
    deadline = models.DateTimeField(_("report by"), null=True, blank=True)
    sent_at = models.DateTimeField(_("notified"), auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    report = models.TextField(_("actions reported"), blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)

    objects = ScopedManager()
    scope = Scope(org="supplier", supplier_visible=True, supplier_owned=True, supplier_also="holder",
                  change_roles=MANAGERS, view_roles=FULL_VIEW_ROLES)

    class Meta:
        verbose_name = _("leak notice")
        verbose_name_plural = _("leak notices")
        ordering = ["response", "holder__name"]
        constraints = [models.UniqueConstraint(fields=["response", "holder"], name="one_notice_per_holder")]

    def __str__(self) -> str:
        return f"{self.response.number}: {self.holder}"


class LeakEvent(models.Model):
    """One line of a leak response's timeline."""

    response = models.ForeignKey(LeakResponse, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_name = models.CharField(_("by"), max_length=200, blank=True)
    text = models.TextField(_("what happened"))

    objects = ScopedManager()
    scope = Scope(org="response__organisation", change_roles=MANAGERS, view_roles=FULL_VIEW_ROLES)

    class Meta:
        verbose_name = _("leak response event")
        verbose_name_plural = _("leak response events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class CarriedOverHolding(models.Model):
    """Secrets a supplier holds, as counted by hand before the disclosure register existed.

    The supplier risk view counted only these; now it counts disclosures. These rows keep what
    was entered until a manager records the real disclosures and removes them.
    """

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    supplier = models.ForeignKey("core.Organisation", verbose_name=_("supplier"), on_delete=models.CASCADE,
                                 related_name="carried_over_holdings")
    tier = models.ForeignKey("ledger.Tier", verbose_name=_("tier"), on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(_("number of secrets"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_at = models.DateTimeField(_("entered"))

    objects = ScopedManager()
    scope = Scope(org="organisation", change_roles=MANAGERS, view_roles=FULL_VIEW_ROLES)

    class Meta:
        verbose_name = _("holding carried over")
        verbose_name_plural = _("holdings carried over")
        ordering = ["supplier__name", "-tier__rank"]

    def __str__(self) -> str:
        return f"{self.supplier}: {self.tier} × {self.count}"
