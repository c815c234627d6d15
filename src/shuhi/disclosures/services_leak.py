"""Writes for the supply-chain leak response: open it, notify every holder, record their answers.

A response starts from an asset, or from a leaked copy whose fingerprint leads to a disclosure.
Every organisation that holds the asset at that moment, whatever its tier in the chain, gets a
notice with the steps asked of it and the deadline of its NDA; the timeline records each step.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shuhi.core.audit.services import audit_record, snapshot
from shuhi.core.models import Organisation
from shuhi.core.permissions import enforces
from shuhi.core.storage import EVIDENCE_MAX_BYTES
from shuhi.disclosures import notify as notifying
from shuhi.disclosures import permissions as can
from shuhi.disclosures.models import DisclosedFile, Disclosure, LeakEvent, LeakNotice, LeakResponse
from shuhi.disclosures.selectors import current_holders
from shuhi.disclosures.services import _lock, _next_number, _user
from shuhi.documents.isolated import trace_isolated
from shuhi.documents.stamp_marks import StampError
from shuhi.ledger.models import InformationAsset

TRACEABLE = {".pdf", ".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm", ".txt"}


def _event(response: LeakResponse, actor: Any, text: str) -> LeakEvent:
    name = getattr(actor, "full_name", "") or str(actor)
    return LeakEvent.objects.create(response=response, actor=_user(actor), actor_name=name[:200], text=text)


@dataclass
class TraceResult:
    name: str
    sha256: str
    trace: dict
    file: DisclosedFile | None

    @property
    def disclosure(self) -> Disclosure | None:
        return self.file.disclosure if self.file else None


@enforces(can.can_respond_to_leak)
def leaked_file_trace(*, actor: Any, upload) -> TraceResult:
    """Read the fingerprint of a leaked copy in a child process and find the file it was stamped into.

    Nothing is stored: the copy may hold more secrets, and only its name and hash go on record
    when a response is opened from it.
    """
    name = Path(upload.name or "").name[:255]
    suffix = Path(name).suffix.lower()
    if suffix not in TRACEABLE:
        raise ValidationError(_("shuhi reads fingerprints from PDF, Word, Excel, PowerPoint and text files."))
    if upload.size > EVIDENCE_MAX_BYTES * 5:
        raise ValidationError(_("The file is too large (at most %(mb)s MB).") % {"mb": EVIDENCE_MAX_BYTES * 5 // 2**20})
    data = upload.read()
    with tempfile.TemporaryDirectory(prefix="shuhi-trace-") as folder:
        path = Path(folder) / f"leaked{suffix}"
        path.write_bytes(data)
        try:
            trace = trace_isolated(path)
        except StampError as exc:
            raise ValidationError(_("The file could not be read: %(reason)s") % {"reason": exc}) from exc
    found = None
    if trace.get("valid"):
        found = DisclosedFile.objects.visible_to(actor).select_related("disclosure", "asset").filter(
            fingerprint=trace["disclosure_id"]).first()
    return TraceResult(name=name, sha256=hashlib.sha256(data).hexdigest(), trace=trace, file=found)


def _deadline(holdings, now: dt.datetime) -> dt.datetime | None:
    hours = [h.nda.notify_within_hours for h in holdings if h.nda_id]
    return now + dt.timedelta(hours=min(hours)) if hours else None


@enforces(can.can_respond_to_leak)
@transaction.atomic
def leak_response_open(*, actor: Any, organisation: Organisation, asset: InformationAsset, title: str, steps: str,
                       traced: TraceResult | None = None) -> LeakResponse:
    if asset.organisation_id != organisation.pk:
        raise ValidationError({"asset": _("Choose an asset of your own ledger.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the response a title.")})
    if not steps.strip():
        raise ValidationError({"steps": _("Say what every holder must do now.")})
    _lock(organisation)
    response = LeakResponse.objects.create(
        organisation=organisation, number=_next_number(LeakResponse, organisation, "L"), title=title.strip()[:200],
        asset=asset, steps=steps.strip(), opened_by=_user(actor),
        traced_disclosure=traced.disclosure if traced else None, trace=traced.trace if traced else {},
        leaked_name=traced.name if traced else "", leaked_sha256=traced.sha256 if traced else "")
    audit_record(actor=actor, action="leak.open", obj=response, after=snapshot(response))
    if traced is not None:
        source = traced.disclosure.number if traced.disclosure else _("no valid fingerprint")
        _event(response, actor, _("Leaked copy %(name)s (SHA-256 %(hash)s) traced: %(source)s.")
               % {"name": traced.name, "hash": traced.sha256[:16], "source": source})
    _event(response, actor, _("Response opened for %(asset)s.") % {"asset": asset})
    _notify_holders(actor, response)
    return response


def _notify_holders(actor: Any, response: LeakResponse) -> list[LeakNotice]:
    now = timezone.now()
    by_holder: dict[int, list[Disclosure]] = {}
    for holding in current_holders(response.asset):
        by_holder.setdefault(holding.recipient_id, []).append(holding)
    notices = []
    for holdings in by_holder.values():
        first = holdings[0]
        notice = LeakNotice.objects.create(response=response, supplier=first.supplier, holder=first.recipient,
                                           deadline=_deadline(holdings, now))
        notifying.leak_notice(actor=actor, notice=notice)
        notice.disclosures.set(holdings)
        notices.append(notice)
        when = timezone.localtime(notice.deadline).strftime("%Y-%m-%d %H:%M") if notice.deadline else _("none")
        _event(response, actor, _("Notified %(holder)s (holds %(numbers)s); report due %(deadline)s.") % {
            "holder": first.recipient, "numbers": ", ".join(h.number for h in holdings), "deadline": when})
        audit_record(actor=actor, action="leak.notify", obj=notice,
                     after={"holder": first.recipient_id, "deadline": notice.deadline})
    if not notices:
        _event(response, actor, _("No supplier holds this asset now: nobody was notified."))
    return notices


@enforces(can.can_answer_leak_notice, obj="notice")
@transaction.atomic
def leak_notice_answer(*, actor: Any, notice: LeakNotice, report: str = "") -> LeakNotice:
    """The holder acknowledges the notice, and reports what it has done (again as often as needed)."""
    now = timezone.now()
    first = notice.acknowledged_at is None
    if first:
        notice.acknowledged_at = now
        notice.acknowledged_by = _user(actor)
    if report.strip():
        notice.report = (notice.report + "\n\n" if notice.report else "") + \
            f"[{timezone.localtime(now):%Y-%m-%d %H:%M}] {report.strip()}"
        notice.reported_at = now
    elif not first:
        raise ValidationError({"report": _("Write what you have done.")})
    notice.save()
    late = notice.deadline is not None and now > notice.deadline
    if first:
        _event(notice.response, actor, _("%(holder)s acknowledged the notice%(late)s.") % {
            "holder": notice.holder, "late": _(" (after the deadline)") if late else ""})
    if report.strip():
        _event(notice.response, actor, _("%(holder)s reported: %(text)s") % {"holder": notice.holder,
                                                                          "text": report.strip()})
    audit_record(actor=actor, action="leak.answer", obj=notice, after={"acknowledged": first, "report": report.strip()})
    return notice


@enforces(can.can_respond_to_leak, obj="response")
@transaction.atomic
def leak_response_note(*, actor: Any, response: LeakResponse, text: str) -> LeakEvent:
    if response.status != LeakResponse.Status.OPEN:
        raise ValidationError(_("This response is closed."))
    if not text.strip():
        raise ValidationError({"text": _("Write what happened.")})
    event = _event(response, actor, text.strip())
    audit_record(actor=actor, action="leak.note", obj=response, after={"text": event.text})
    return event


@enforces(can.can_respond_to_leak, obj="response")
@transaction.atomic
def leak_response_close(*, actor: Any, response: LeakResponse, summary: str) -> LeakResponse:
    if response.status != LeakResponse.Status.OPEN:
        raise ValidationError(_("This response is already closed."))
    if not summary.strip():
        raise ValidationError({"summary": _("Sum up the outcome before closing.")})
    response.status = LeakResponse.Status.CLOSED
    response.summary = summary.strip()
    response.closed_at = timezone.now()
    response.save()
    _event(response, actor, _("Response closed."))
    audit_record(actor=actor, action="leak.close", obj=response, after={"summary": response.summary})
    return response
