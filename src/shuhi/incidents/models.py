"""The reporting channel (相談・通報窓口) and the incident register.

Who sees what, for the permission gate:
- a report is read only by the people on its access list: the handlers it was routed to and, when
  it was filed under a name, its reporter. No role reads every report, not even administrators or
  auditors: the reporter's identity is for the handlers alone, and a report about a handler is
  routed away from them. An anonymous report has no reporter on its row at all; its reporter comes
  back with the follow-up code (only the code's hash is stored).
- a named report belongs to its reporter's organisation (a supplier's representative sees the
  reports it filed); an anonymous one belongs to the outsourcer, whose channel it is, so that not
  even the organisation of the reporter is on the row.
- incidents are the outsourcer's records: the full-view roles read them all, other home users only
  the incidents whose team they are on. Suppliers see none.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuhi.core.permissions import Scope, ScopedManager
from shuhi.core.roles import FULL_VIEW_ROLES, MANAGERS, NOBODY
from shuhi.core.storage import PrivateStorage

DEFAULT_RETENTION_DAYS = 3 * 365


def _private_storage() -> PrivateStorage:
    return PrivateStorage()


def _attachment_path(instance: ReportAttachment, filename: str) -> str:
    # A random name: the reporter's own file name (which may name them) stays out of the path.
    return f"reports/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class ChannelSettings(models.Model):
    """The outsourcer's settings of the reporting channel: who handles reports, how long they are kept."""

    organisation = models.OneToOneField("core.Organisation", on_delete=models.CASCADE,
                                        related_name="report_channel")
    handlers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("handlers"), blank=True,
                                      related_name="+")
    retention_days = models.PositiveIntegerField(
        _("days a closed report is kept"), default=DEFAULT_RETENTION_DAYS,
        help_text=_("Closed reports, their messages and attachments are deleted this many days after closing."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", view_roles=FULL_VIEW_ROLES, change_roles=frozenset())

    class Meta:
        verbose_name = _("reporting channel settings")
        verbose_name_plural = _("reporting channel settings")

    def __str__(self) -> str:
        return str(_("Reporting channel settings"))


class Report(models.Model):
    """One report to the channel. Nothing on this row says who filed an anonymous one."""

    class Category(models.TextChoices):
        SUSPICIOUS = "suspicious", _("Suspicious handling of secrets")
        LEAK = "leak", _("Leak or loss")
        RULE = "rule", _("Breach of rules")
        QUESTION = "question", _("Question or consultation")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    number = models.CharField(_("report number"), max_length=20, unique=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reporter"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, default=Category.SUSPICIOUS)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("what happened"))
    occurred_on = models.DateField(_("when it happened"), null=True, blank=True)
    concerned = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person concerned"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW)
    # A day, not a time: a timestamp to the second could be matched with who was on line then.
    received_on = models.DateField(_("received"))
    follow_up_hash = models.CharField(max_length=64, blank=True, db_index=True)
    incident = models.ForeignKey("Incident", verbose_name=_("incident"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="reports")
    outcome = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", personal="accesses__user", supplier_visible=True, view_roles=NOBODY,
                  change_roles=NOBODY)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        # The number only: this is what the audit log keeps, and it outlives the report.
        return self.number


class ReportAccess(models.Model):
    """Who may read a report, and as what: the handlers it was routed to and its named reporter."""

    class Role(models.TextChoices):
        HANDLER = "handler", _("Handler")
        REPORTER = "reporter", _("Reporter")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    objects = ScopedManager()
    scope = Scope(org="report__organisation", personal="report__accesses__user", supplier_visible=True,
                  view_roles=NOBODY, change_roles=NOBODY)

    class Meta:
        verbose_name = _("report access")
        verbose_name_plural = _("report accesses")
        constraints = [models.UniqueConstraint(fields=["report", "user"], name="one_access_per_report_user")]

    def __str__(self) -> str:
        return self.report.number


class ReportMessage(models.Model):
    """A question from a handler, or the reporter's answer (an anonymous answer has no author)."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question from the handlers")
        ANSWER = "answer", _("Answer from the reporter")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    body = models.TextField(_("message"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    objects = ScopedManager()
    scope = Scope(org="report__organisation", personal="report__accesses__user", supplier_visible=True,
                  view_roles=NOBODY, change_roles=NOBODY)

    class Meta:
        verbose_name = _("report message")
        verbose_name_plural = _("report messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.report.number


class ReportAttachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=_private_storage, upload_to=_attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    objects = ScopedManager()
    scope = Scope(org="report__organisation", personal="report__accesses__user", supplier_visible=True,
                  view_roles=NOBODY, change_roles=NOBODY)

    class Meta:
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        # Not the file name, which may name the reporter: this is what the audit log keeps.
        return self.report.number


class FollowUpThrottle(models.Model):
    """Failed follow-up codes per client in the current window. The client is a keyed hash of its
    address, kept only for the window; no report is linked to it."""

    client = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField()

    gate_internal = True

    def __str__(self) -> str:
        return self.client[:8]


class Cause(models.TextChoices):
    """The survey's categories of how an incident came about."""

    INTERNAL_MALICIOUS = "internal_malicious", _("Internal: malicious")
    INTERNAL_MISTAKE = "internal_mistake", _("Internal: mistake")
    INTERNAL_IGNORANCE = "internal_ignorance", _("Internal: ignorance of the rules")
    EXTERNAL_CYBER = "external_cyber", _("External: cyber attack")
    EXTERNAL_OTHER = "external_other", _("External: other")


# The survey's top-level groups: the three internal causes apart, the external ones together.
CAUSE_GROUPS = {
    "internal-malicious": (Cause.INTERNAL_MALICIOUS,),
    "internal-mistake": (Cause.INTERNAL_MISTAKE,),
    "internal-ignorance": (Cause.INTERNAL_IGNORANCE,),
    "external": (Cause.EXTERNAL_CYBER, Cause.EXTERNAL_OTHER),
}
CAUSE_GROUP_LABELS = {
    "internal-malicious": _("Internal: malicious"),
    "internal-mistake": _("Internal: mistake"),
    "internal-ignorance": _("Internal: ignorance of the rules"),
    "external": _("External"),
}


class DataKind(models.TextChoices):
    TRADE_SECRET = "trade_secret", _("Trade secret")
    PERSONAL_DATA = "personal_data", _("Personal data")
    OTHER = "other", _("Other information")


class Incident(models.Model):
    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CONTAINED = "contained", _("Contained")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="incidents")
    number = models.CharField(_("incident number"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    cause = models.CharField(_("cause"), max_length=24, choices=Cause.choices)
    data_kind = models.CharField(_("kind of information"), max_length=16, choices=DataKind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    occurred_on = models.DateField(_("occurred on"), null=True, blank=True)
    detected_on = models.DateField(_("detected on"))
    assets = models.ManyToManyField("ledger.InformationAsset", verbose_name=_("assets"), blank=True,
                                    related_name="incidents")
    people = models.ManyToManyField("people.Person", verbose_name=_("people"), blank=True, related_name="incidents")
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("users involved"), blank=True,
                                   related_name="+")
    suppliers = models.ManyToManyField("core.Organisation", verbose_name=_("suppliers"), blank=True,
                                       related_name="+")
    disclosures = models.ManyToManyField("disclosures.Disclosure", verbose_name=_("disclosures"), blank=True,
                                         related_name="incidents")
    leak_response = models.ForeignKey("disclosures.LeakResponse", verbose_name=_("leak response"), null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="incidents")
    origin_cases = models.ManyToManyField("reviews.FollowUpCase", verbose_name=_("review cases it came from"),
                                          blank=True, related_name="incidents_raised")
    resulting_cases = models.ManyToManyField("reviews.FollowUpCase", verbose_name=_("review cases it led to"),
                                             blank=True, related_name="incidents_from")
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("team"), blank=True, related_name="+")
    lessons = models.TextField(_("lessons learned"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", person="team", view_roles=FULL_VIEW_ROLES, change_roles=MANAGERS,
                  department_editors=frozenset())

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-detected_on", "-pk"]
        indexes = [models.Index(fields=["cause", "data_kind"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class IncidentEntry(models.Model):
    """A line of the incident's timeline."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="entries")
    happened_at = models.DateTimeField(_("when"))
    text = models.TextField(_("what happened"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ScopedManager()
    scope = Scope(org="incident__organisation", person="incident__team", view_roles=FULL_VIEW_ROLES,
                  change_roles=MANAGERS, department_editors=frozenset())

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["happened_at", "pk"]

    def __str__(self) -> str:
        return f"{self.incident.number}: {self.text[:40]}"


class IncidentAction(models.Model):
    """Something to do about an incident, with its owner and due date."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT,
                              related_name="+")
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ScopedManager()
    scope = Scope(org="incident__organisation", person="incident__team", view_roles=FULL_VIEW_ROLES,
                  change_roles=MANAGERS, department_editors=frozenset())

    class Meta:
        verbose_name = _("incident action")
        verbose_name_plural = _("incident actions")
        ordering = ["done_on", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.incident.number}: {self.title}"
