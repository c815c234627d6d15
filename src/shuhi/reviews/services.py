"""Writes of the review app. Each is atomic and records itself in the audit log.

Audit entries never carry real user ids: auditors read them, and only the security manager may
learn who is behind a pseudonym.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.audit.services import audit_record, snapshot
from shuhi.core.models import Organisation, User
from shuhi.core.permissions import enforces, is_member, is_system, require
from shuhi.core.roles import READ_ONLY_ROLES
from shuhi.jobs.models import Job
from shuhi.jobs.services import job_enqueue
from shuhi.reviews import notify as notices
from shuhi.reviews import permissions as can
from shuhi.reviews.conf import paths_outside_roots
from shuhi.reviews.models import (
    FollowUpCase,
    LogSource,
    Reidentification,
    ReviewCycle,
    ReviewSettings,
    SignOff,
)
from shuhi.reviews.pseudonyms import PSEUDONYM_RE

CYCLE_FIELDS = ["source", "period_start", "period_end", "cadence", "window", "reviewer", "due_date", "status"]


MANAGE_MESSAGE = gettext_lazy("Only administrators and security managers can manage log reviews.")
RUN_MESSAGE = gettext_lazy("Only the reviewer or a review manager can run this cycle.")
SIGN_MESSAGE = gettext_lazy("Only the assigned reviewer can sign off this cycle.")
OPEN_MESSAGE = gettext_lazy("Only the reviewer or a review manager can open follow-up cases.")
CLOSE_MESSAGE = gettext_lazy("Only the reviewer or a review manager can close follow-up cases.")
REIDENTIFY_MESSAGE = gettext_lazy("Only the security manager can re-identify a pseudonym.")


@enforces(can.can_manage_reviews, obj="organisation", message=MANAGE_MESSAGE)
@transaction.atomic
def source_create(*, actor: Any, organisation: Organisation, name: str, path: str, kind: str = LogSource.Kind.CERT,
                  mapping: str = "", context_path: str = "", auto_schedule: bool = True) -> LogSource:
    source = LogSource(organisation=organisation, name=name.strip(), kind=kind, path=path.strip(),
                       mapping=mapping.strip(), context_path=context_path.strip(), auto_schedule=auto_schedule)
    if kind == LogSource.Kind.GENERIC and not source.mapping:
        raise ValidationError({"mapping": _("A generic source needs a mapping file.")})
    outside = paths_outside_roots(source)
    if outside:
        raise ValidationError(outside)
    source.full_clean()
    source.save()
    audit_record(actor=actor, action="log_source.create", obj=source, after=snapshot(source))
    return source


def _check_reviewer(reviewer: User, organisation_id: int) -> None:
    if reviewer.is_supplier or reviewer.organisation_id != organisation_id or not reviewer.is_active:
        raise ValidationError({"reviewer": _("The reviewer must be an active member of your organisation.")})
    if reviewer.role in READ_ONLY_ROLES:
        raise ValidationError({"reviewer": _("Auditors only read; choose someone who can sign off.")})


@enforces(can.can_manage_reviews, obj="source", message=MANAGE_MESSAGE)
@transaction.atomic
def cycle_create(*, actor: Any, source: LogSource, period_start: dt.date, period_end: dt.date, reviewer: User,
                 due_date: dt.date | None = None, cadence: str = ReviewCycle.Cadence.WEEKLY,
                 window: str = ReviewCycle.Window.WEEK) -> ReviewCycle:
    _check_reviewer(reviewer, source.organisation_id)
    cycle = ReviewCycle(organisation_id=source.organisation_id, source=source, period_start=period_start,
                        period_end=period_end, reviewer=reviewer, cadence=cadence, window=window,
                        due_date=due_date or period_end + dt.timedelta(days=7),
                        created_by=None if is_system(actor) else actor)
    cycle.full_clean()
    cycle.save()
    audit_record(actor=actor, action="review_cycle.create", obj=cycle, after=snapshot(cycle, CYCLE_FIELDS))
    return cycle


@enforces(can.can_manage_reviews, obj="cycle", message=MANAGE_MESSAGE)
@transaction.atomic
def cycle_schedule_next(*, actor: Any, cycle: ReviewCycle) -> ReviewCycle:
    """The following week's or month's cycle, with the same source, reviewer and lead time."""
    start, end = cycle.next_period()
    if ReviewCycle.objects.filter(source=cycle.source, period_start=start).exists():
        raise ValidationError(_("The next cycle has already been scheduled."))
    lead = cycle.due_date - cycle.period_end
    return cycle_create(actor=actor, source=cycle.source, period_start=start, period_end=end,
                        reviewer=cycle.reviewer, due_date=end + lead, cadence=cycle.cadence, window=cycle.window)


@enforces(can.can_work_on_cycle, obj="cycle", message=RUN_MESSAGE)
@transaction.atomic
def cycle_start(*, actor: Any, cycle: ReviewCycle) -> Job:
    """Run the engine over the cycle's period in a background job (jobs.run_cycle_job)."""
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status not in {ReviewCycle.Status.SCHEDULED, ReviewCycle.Status.READY}:
        raise ValidationError(_("This cycle is running or signed off."))
    # The installation's runs (rolled forward by cron or a job) start the job for the reviewer.
    job_actor = cycle.reviewer if is_system(actor) else actor
    job = job_enqueue(actor=job_actor, kind="reviews.run", params={"cycle_id": cycle.pk},
                      organisation_id=cycle.organisation_id)
    cycle.status, cycle.job, cycle.error = ReviewCycle.Status.RUNNING, job, ""
    cycle.save(update_fields=["status", "job", "error"])
    audit_record(actor=actor, action="review_cycle.start", obj=cycle, after={"job": job.pk})
    return job


@enforces(can.can_record_cycle_run, obj="cycle")
@transaction.atomic
def cycle_store_report(*, actor: Any, cycle: ReviewCycle, report: dict[str, Any], html: str) -> ReviewCycle:
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status == ReviewCycle.Status.SIGNED_OFF:
        raise ValidationError(_("This cycle is running or signed off."))
    cycle.report, cycle.report_html = report, html
    cycle.status, cycle.error = ReviewCycle.Status.READY, ""
    cycle.save(update_fields=["report", "report_html", "status", "error"])
    stats = report.get("stats", {})
    audit_record(actor=actor, action="review_cycle.report", obj=cycle,
                 after={"windows": len(report.get("windows", [])), "events": stats.get("events")})
    notices.cycle_ready(actor=actor, cycle=cycle)
    return cycle


@enforces(can.can_record_cycle_run, obj="cycle")
@transaction.atomic
def cycle_fail(*, actor: Any, cycle: ReviewCycle, error: str) -> ReviewCycle:
    """Back to scheduled, so that the cycle can be run again once the cause is fixed."""
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    cycle.status, cycle.error = ReviewCycle.Status.SCHEDULED, error[:500]
    cycle.save(update_fields=["status", "error"])
    audit_record(actor=actor, action="review_cycle.fail", obj=cycle, after={"error": cycle.error})
    return cycle


@enforces(can.can_sign_off, obj="cycle", message=SIGN_MESSAGE)
@transaction.atomic
def signoff_create(*, actor: Any, cycle: ReviewCycle, notes: str) -> SignOff:
    """The reviewer's sign-off: who reviewed, when, with what notes. It can never be changed."""
    # A person signs, never the installation on someone's behalf.
    require(is_member(actor), SIGN_MESSAGE)
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != ReviewCycle.Status.READY:
        raise ValidationError(_("Only a cycle with a report that is not yet signed off can be signed off."))
    if not notes.strip():
        raise ValidationError({"notes": _("Write what you reviewed and what you found.")})
    signoff = SignOff(cycle=cycle, reviewer=actor, notes=notes.strip(), signed_at=timezone.now())
    signoff.save()
    cycle.status = ReviewCycle.Status.SIGNED_OFF
    cycle.save(update_fields=["status"])
    audit_record(actor=actor, action="review_cycle.sign_off", obj=cycle,
                 after={"notes": signoff.notes, "signed_at": signoff.signed_at.isoformat()})
    return signoff


def _ranked_pseudonyms(cycle: ReviewCycle) -> set[str]:
    return {e["user"] for w in (cycle.report or {}).get("windows", []) for e in w.get("ranking", [])}


def check_pseudonym(cycle: ReviewCycle, alias: str) -> str:
    alias = alias.strip().upper()
    if not PSEUDONYM_RE.match(alias) or alias not in _ranked_pseudonyms(cycle):
        raise ValidationError({"pseudonym": _("This pseudonym is not in the cycle's report.")})
    return alias


@enforces(can.can_work_on_cycle, obj="cycle", message=OPEN_MESSAGE)
@transaction.atomic
def followup_open(*, actor: Any, cycle: ReviewCycle, pseudonym: str, reason_summary: str,
                  window_start: dt.date | None = None, notes: str = "") -> FollowUpCase:
    require(is_member(actor), OPEN_MESSAGE)  # the case names the person who opened it
    alias = check_pseudonym(cycle, pseudonym)
    if not reason_summary.strip():
        raise ValidationError({"reason_summary": _("Say why this needs a follow-up.")})
    case = FollowUpCase(cycle=cycle, pseudonym=alias, reason_summary=reason_summary.strip()[:500],
                        window_start=window_start, notes=notes.strip(), opened_by=actor)
    case.full_clean()
    case.save()
    audit_record(actor=actor, action="follow_up.open", obj=case, after=snapshot(case))
    return case


@enforces(can.can_handle_case, obj="case", message=CLOSE_MESSAGE)
@transaction.atomic
def followup_close(*, actor: Any, case: FollowUpCase, notes: str) -> FollowUpCase:
    require(is_member(actor), CLOSE_MESSAGE)  # the case names the person who closed it
    if case.status != FollowUpCase.Status.OPEN:
        raise ValidationError(_("This case is already closed."))
    if not notes.strip():
        raise ValidationError({"notes": _("Write what was found and done.")})
    before = snapshot(case)
    case.status, case.closed_by, case.closed_at = FollowUpCase.Status.CLOSED, actor, timezone.now()
    case.notes = "\n\n".join(p for p in (case.notes, notes.strip()) if p)
    case.save()
    audit_record(actor=actor, action="follow_up.close", obj=case, before=before, after=snapshot(case))
    return case


@enforces(can.can_reidentify, obj="cycle", message=REIDENTIFY_MESSAGE)
def reidentify(*, actor: Any, cycle: ReviewCycle, pseudonym: str, reason: str) -> tuple[Reidentification,
                                                                                         list[dict[str, str]]]:
    """Who is behind a pseudonym, at once: only where the organisation has switched off the second
    approval (services_reidentify has the request and approval); for the security manager only, with a
    reason, always recorded.

    The identity is returned to the caller and shown once; neither the row nor the audit entry
    holds it.
    """
    from shuhi.reviews.runner import find_identities, person_details

    # Always a named person, with a reason: the installation never looks behind a pseudonym.
    require(is_member(actor), REIDENTIFY_MESSAGE)
    if ReviewSettings.needs_approval(cycle.organisation_id):
        raise ValidationError(_("Your organisation requires a second person's approval to re-identify: "
                                "send a request instead."))
    alias = check_pseudonym(cycle, pseudonym)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for re-identifying this person.")})
    matches = find_identities(cycle.source, alias)
    with transaction.atomic():
        row = Reidentification.objects.create(cycle=cycle, pseudonym=alias, reason=reason.strip()[:500],
                                              actor=actor, found=bool(matches),
                                              status=Reidentification.Status.REVEALED, revealed_at=timezone.now())
        audit_record(actor=actor, action="pseudonym.reidentify", obj=row,
                     after={"cycle": cycle.pk, "pseudonym": alias, "reason": row.reason, "found": row.found})
    return row, [person_details(cycle.source, user_id) for user_id in matches]
