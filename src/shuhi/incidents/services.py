"""Writes of the reporting channel: its settings, filing, routing, questions and answers, closing, purging.

Anonymity is kept here, in one place: for an anonymous report nothing about the person who filed
it reaches the report's row, the audit log (the actor recorded is ANONYMOUS_REPORTER, never the
user), a notification or a background job. Only the hash of the follow-up code is kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shuhi.core.audit.services import audit_record
from shuhi.core.models import Organisation, User
from shuhi.core.permissions import SystemActor, enforces, is_system, require
from shuhi.core.roles import ADMINS
from shuhi.core.services import home_organisation
from shuhi.core.storage import check_private_upload, delete_unless_committed
from shuhi.incidents import codes, notify
from shuhi.incidents import permissions as can
from shuhi.incidents.models import (
    ChannelSettings,
    FollowUpThrottle,
    Report,
    ReportAccess,
    ReportAttachment,
    ReportMessage,
)

# Who the audit log names for what a reporter does: nobody. The log outlives the reports (they are
# purged, its entries are not), and the auditors who read it are not the handlers; so even a named
# reporter is recorded only on the report, which its handlers alone read.
ANONYMOUS_REPORTER = SystemActor("anonymous reporter")
REPORTER = SystemActor("reporter")
# The channel itself, for the notifications it sends and the jobs behind them: the person who set
# them off (a reporter) must not appear as the one who started a job.
CHANNEL = SystemActor("reporting channel")
MAX_ATTACHMENTS = 5
FOLLOW_UP_FAILURES = 5
FOLLOW_UP_WINDOW = dt.timedelta(minutes=15)


def _home() -> Organisation:
    home = home_organisation()
    if home is None:
        raise ValidationError(_("There is no outsourcer yet to receive reports."))
    return home


def channel_settings(organisation: Organisation) -> ChannelSettings:
    """The channel's settings, made with the defaults the first time they are needed."""
    found, _created = ChannelSettings.objects.get_or_create(organisation=organisation)
    return found


@enforces(can.can_manage_channel, obj="organisation")
@transaction.atomic
def channel_update(*, actor: Any, organisation: Organisation, handlers: list[User],
                   retention_days: int) -> ChannelSettings:
    handlers = list(handlers)
    if any(user.organisation_id != organisation.pk or not user.is_active for user in handlers):
        raise ValidationError({"handlers": _("Handlers must be active users of your own organisation.")})
    if not handlers:
        raise ValidationError({"handlers": _("Name at least one handler, or reports reach nobody.")})
    if retention_days < 30:
        raise ValidationError({"retention_days": _("Keep closed reports for at least 30 days.")})
    current = channel_settings(organisation)
    before = {"handlers": sorted(current.handlers.values_list("pk", flat=True)),
              "retention_days": current.retention_days}
    current.retention_days = retention_days
    current.save()
    current.handlers.set(handlers)
    audit_record(actor=actor, action="report_channel.update", obj=current, before=before,
                 after={"handlers": sorted(u.pk for u in handlers), "retention_days": retention_days})
    for report in Report.objects.filter(status__in=[Report.Status.NEW, Report.Status.IN_PROGRESS]):
        _route(report, handlers, reporter_id=_reporter_id(report))
    return current


def _reporter_id(report: Report) -> int | None:
    return None if report.anonymous else report.reporter_id


def _handlers_for(organisation: Organisation, *, concerned: User | None, reporter: User | None) -> list[User]:
    """The configured handlers, minus the person the report is about and its own reporter; the
    home organisation's administrators when that leaves nobody."""
    excluded = {getattr(concerned, "pk", None), getattr(reporter, "pk", None)} - {None}
    configured = [u for u in channel_settings(organisation).handlers.filter(is_active=True) if u.pk not in excluded]
    if configured:
        return configured
    fallback = User.objects.filter(organisation=organisation, role__in=list(ADMINS), is_active=True)
    return [u for u in fallback.exclude(pk__in=excluded)]


def _route(report: Report, handlers: list[User], *, reporter_id: int | None) -> None:
    """Make the report's handler list `handlers`, never the person it is about or its reporter."""
    keep = {u.pk for u in handlers} - {report.concerned_id, reporter_id}
    report.accesses.filter(role=ReportAccess.Role.HANDLER).exclude(user_id__in=keep).delete()
    have = set(report.accesses.values_list("user_id", flat=True))
    ReportAccess.objects.bulk_create([ReportAccess(report=report, user_id=pk, role=ReportAccess.Role.HANDLER)
                                      for pk in sorted(keep - have)])


def _next_number(prefix: str, model: type, on: dt.date) -> str:
    start = f"{prefix}-{on.year}-"
    taken = model.objects.filter(number__startswith=start).values_list("number", flat=True)
    highest = max((int(n.rsplit("-", 1)[1]) for n in taken if n.rsplit("-", 1)[1].isdigit()), default=0)
    return f"{start}{highest + 1:04d}"


def _attach(report: Report, uploads: list[Any], audit_actor: Any) -> list[ReportAttachment]:
    if len(uploads) + report.attachments.count() > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("Attach at most %(n)s files to a report.") % {"n": MAX_ATTACHMENTS}})
    stored = []
    for upload in uploads:
        content_type, data = check_private_upload(upload)
        upload.seek(0)
        item = ReportAttachment(report=report, original_name=Path(upload.name).name[:255], content_type=content_type,
                                size=len(data), sha256=hashlib.sha256(data).hexdigest())
        item.file.save(upload.name, upload, save=False)
        delete_unless_committed(item.file.storage, item.file.name)
        item.save()
        audit_record(actor=audit_actor, action="report.attach", obj=item,
                     after={"report": report.number, "size": item.size, "sha256": item.sha256})
        stored.append(item)
    return stored


def concerned_choices(user: Any):
    """Whom a reporter may name as the person concerned: the users they can see and, for the
    outsourcer's staff, the channel's handlers (a report about a handler must be possible)."""
    visible = User.objects.visible_to(user).filter(is_active=True)
    if getattr(user, "is_supplier", True):
        return visible.order_by("full_name", "email")
    handlers = ChannelSettings.objects.filter(organisation_id=user.organisation_id).values("handlers")
    return User.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=handlers), is_active=True
                               ).order_by("full_name", "email")


@enforces(can.can_file_report)
@transaction.atomic
def report_file(*, actor: Any, anonymous: bool, subject: str, body: str, category: str = Report.Category.SUSPICIOUS,
                occurred_on: dt.date | None = None, concerned: User | None = None,
                attachments: list[Any] | tuple = ()) -> tuple[Report, str]:
    """File a report; returns it and, for an anonymous one, the follow-up code (shown once, never stored).

    `actor` is the signed-in user; for an anonymous report it is used for the permission check only.
    """
    if not subject.strip() or not body.strip():
        raise ValidationError(_("Give the report a subject and describe what happened."))
    home = _home()
    if concerned is not None and not is_system(actor) and not concerned_choices(actor).filter(pk=concerned.pk).exists():
        raise ValidationError({"concerned": _("Choose the person concerned from the list.")})
    today = timezone.localdate()
    reporter = None if anonymous or not getattr(actor, "pk", None) else actor
    code = codes.new_code() if anonymous else ""
    report = Report.objects.create(
        organisation=home if anonymous or reporter is None else reporter.organisation,
        number=_next_number("R", Report, today), anonymous=anonymous, reporter=reporter, category=category,
        subject=subject.strip(), body=body.strip(), occurred_on=occurred_on, concerned=concerned, received_on=today,
        follow_up_hash=codes.code_hash(code) if code else "")
    if reporter is not None:
        ReportAccess.objects.create(report=report, user=reporter, role=ReportAccess.Role.REPORTER)
    _route(report, _handlers_for(home, concerned=concerned, reporter=reporter),
           reporter_id=getattr(reporter, "pk", None))
    if not report.accesses.filter(role=ReportAccess.Role.HANDLER).exists():
        raise ValidationError(_("The reporting channel has no handler yet. Ask an administrator to name one."))
    audit_actor = ANONYMOUS_REPORTER if anonymous else REPORTER
    # No person concerned either: entries about a report become readable to auditors once it is purged,
    # and a name in an accusation is for the handlers alone.
    audit_record(actor=audit_actor, action="report.file", obj=report, after={
        "number": report.number, "category": category, "anonymous": anonymous,
        "names_someone": concerned is not None})
    _attach(report, list(attachments), audit_actor)
    notify.report_received(actor=CHANNEL, report=report)
    return report, code


@enforces(can.can_ask_reporter, obj="report")
@transaction.atomic
def report_ask(*, actor: Any, report: Report, body: str) -> ReportMessage:
    if not body.strip():
        raise ValidationError({"body": _("Write the question.")})
    message = ReportMessage.objects.create(report=report, kind=ReportMessage.Kind.QUESTION, body=body.strip(),
                                           author=actor)
    if report.status == Report.Status.NEW:
        report.status = Report.Status.IN_PROGRESS
        report.save(update_fields=["status"])
    audit_record(actor=actor, action="report.ask", obj=report, after={"message": message.pk})
    notify.question_asked(actor=CHANNEL, report=report)
    return message


def _answer(report: Report, body: str, attachments: list[Any], *, author: Any, audit_actor: Any) -> ReportMessage:
    if not body.strip():
        raise ValidationError({"body": _("Write your answer.")})
    message = ReportMessage.objects.create(report=report, kind=ReportMessage.Kind.ANSWER, body=body.strip(),
                                           author=author)
    audit_record(actor=audit_actor, action="report.answer", obj=report, after={"message": message.pk})
    _attach(report, list(attachments), audit_actor)
    notify.answer_received(actor=CHANNEL, report=report)
    return message


@enforces(can.can_answer_report, obj="report")
@transaction.atomic
def report_answer(*, actor: Any, report: Report, body: str, attachments: list[Any] | tuple = ()) -> ReportMessage:
    """The named reporter answers (or adds to) their report."""
    return _answer(report, body, attachments, author=actor, audit_actor=REPORTER)


def report_for_code(code: str) -> Report | None:
    """The anonymous report a follow-up code opens, or None. Not gated: the code is the credential."""
    if len(codes.normalise(code)) != codes.LENGTH:
        return None
    return Report.objects.filter(anonymous=True, follow_up_hash=codes.code_hash(code)).first()


@transaction.atomic
def report_answer_with_code(*, code: str, body: str, attachments: list[Any] | tuple = ()) -> ReportMessage:
    """The anonymous reporter answers, holding only the follow-up code. No user, no actor: the code
    is the proof, and the audit log names the anonymous reporter."""
    report = report_for_code(code)
    require(report is not None and report.status != Report.Status.CLOSED)
    return _answer(report, body, attachments, author=None, audit_actor=ANONYMOUS_REPORTER)


@enforces(can.can_close_report, obj="report")
@transaction.atomic
def report_close(*, actor: Any, report: Report, outcome: str) -> Report:
    if not outcome.strip():
        raise ValidationError({"outcome": _("Say how the report was dealt with; the reporter reads it.")})
    report.status, report.outcome, report.closed_on = Report.Status.CLOSED, outcome.strip(), timezone.localdate()
    report.save(update_fields=["status", "outcome", "closed_on"])
    audit_record(actor=actor, action="report.close", obj=report, after={"status": report.status})
    return report


@enforces(can.can_purge_reports)
@transaction.atomic
def reports_purge(*, actor: Any, today: dt.date | None = None) -> list[str]:
    """Delete the closed reports kept longer than the channel's retention; returns their numbers.

    What was deleted stays in the audit log as a number and a date, without the report's content.
    """
    today = today or timezone.localdate()
    home = _home()
    keep_days = channel_settings(home).retention_days
    expired = Report.objects.filter(status=Report.Status.CLOSED, closed_on__lt=today - dt.timedelta(days=keep_days))
    numbers = []
    for report in expired.order_by("pk"):
        for item in report.attachments.all():
            transaction.on_commit(lambda name=item.file.name, storage=item.file.storage: storage.delete(name))
        audit_record(actor=actor, action="report.purge", object_type="incidents.report", object_id=str(report.pk),
                     object_repr=report.number, organisation_id=home.pk,
                     after={"number": report.number, "closed_on": report.closed_on, "retention_days": keep_days})
        numbers.append(report.number)
        report.delete()
    return numbers


def follow_up_allowed(address: str) -> bool:
    """Whether this client may try another code now (a few failures per window)."""
    row = FollowUpThrottle.objects.filter(client=codes.client_key(address)).first()
    if row is None or timezone.now() - row.window_start > FOLLOW_UP_WINDOW:
        return True
    return row.failures < FOLLOW_UP_FAILURES


@transaction.atomic
def follow_up_failed(address: str) -> None:
    now = timezone.now()
    FollowUpThrottle.objects.filter(window_start__lt=now - FOLLOW_UP_WINDOW).delete()
    row, _created = FollowUpThrottle.objects.select_for_update().get_or_create(
        client=codes.client_key(address), defaults={"window_start": now})
    row.failures += 1
    row.save(update_fields=["failures"])
