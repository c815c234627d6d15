"""Writes for the exit checklist and the organisation's list of systems an exit closes.

The exit event opens a checklist: assets returned, each listed system's account disabled, the exit
pledge signed, the last 30 days' log review attached with its sign-off. The case closes only when
nothing mandatory is open, unless a manager records an override with a reason. Every write is
guarded, atomic and audited.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shuhi.core.audit.services import audit_record
from shuhi.core.models import Organisation, User
from shuhi.core.permissions import enforces
from shuhi.people import exits
from shuhi.people import permissions as can
from shuhi.people.models import ExitChecklist, ExitSystems, LifecycleEvent, Person
from shuhi.people.pledging import home_of


def _user(actor: Any) -> User | None:
    return actor if isinstance(actor, User) else None


def _state(checklist: ExitChecklist) -> dict[str, Any]:
    return {"status": checklist.status, "assets_returned": checklist.assets_returned,
            "assets_note": checklist.assets_note, "accounts": dict(checklist.accounts),
            "review_cycle": checklist.review_cycle_id, "review_result": checklist.review_result,
            "review_signed_by": checklist.review_signed_by}


def _locked(checklist: ExitChecklist) -> ExitChecklist:
    list(ExitChecklist.objects.select_for_update().filter(pk=checklist.pk).values_list("pk"))
    checklist.refresh_from_db()
    return checklist


@enforces(can.can_edit_exit_systems, obj="organisation")
@transaction.atomic
def exit_systems_update(*, actor: Any, organisation: Organisation, systems: str) -> ExitSystems:
    """The systems (one a line) whose accounts every new exit checklist asks to disable."""
    if not organisation.is_home:
        raise ValidationError(_("The list of systems belongs to the outsourcer."))
    row, _created = ExitSystems.objects.get_or_create(organisation=organisation)
    before = row.names
    row.systems = "\n".join(line.strip()[:100] for line in systems.splitlines() if line.strip())
    row.updated_by = _user(actor)
    row.save()
    audit_record(actor=actor, action="exit_systems.update", obj=row, before={"systems": before},
                 after={"systems": row.names})
    return row


@enforces(can.can_manage_people, obj="person")
@transaction.atomic
def exit_checklist_open(*, actor: Any, person: Person, event: LifecycleEvent | None = None) -> ExitChecklist:
    """The checklist of a leaver, with a box for every system listed now; one per exit event."""
    if event is not None and ExitChecklist.objects.filter(event=event).exists():
        return ExitChecklist.objects.get(event=event)
    systems = ExitSystems.objects.filter(organisation=home_of(person.organisation)).first()
    checklist = ExitChecklist.objects.create(person=person, event=event,
                                             accounts={name: False for name in (systems.names if systems else [])})
    audit_record(actor=actor, action="exit_checklist.open", obj=checklist,
                 after={"person": person.pk, "event": getattr(event, "pk", None), **_state(checklist)})
    return checklist


@enforces(can.can_update_exit_checklist, obj="checklist")
@transaction.atomic
def exit_checklist_update(*, actor: Any, checklist: ExitChecklist, assets_returned: bool | None = None,
                          assets_note: str | None = None, accounts: dict[str, bool] | None = None) -> ExitChecklist:
    """Tick or untick items. `accounts` names systems of the checklist (unknown names are refused)."""
    checklist = _locked(checklist)
    before = _state(checklist)
    if assets_returned is not None:
        checklist.assets_returned = bool(assets_returned)
    if assets_note is not None:
        checklist.assets_note = assets_note.strip()[:500]
    if accounts:
        unknown = sorted(set(accounts) - set(checklist.accounts))
        if unknown:
            raise ValidationError({"accounts": _("This checklist lists no system %(names)s.") % {
                "names": "、".join(unknown)}})
        checklist.accounts = {**checklist.accounts, **{name: bool(v) for name, v in accounts.items()}}
    checklist.save()
    audit_record(actor=actor, action="exit_checklist.update", obj=checklist, before=before, after=_state(checklist))
    return checklist


@enforces(can.can_update_exit_checklist, obj="checklist")
@transaction.atomic
def exit_checklist_attach_review(*, actor: Any, checklist: ExitChecklist, cycle_id: int | None = None,
                                 result: str = "", signed_by: str = "") -> ExitChecklist:
    """Attach the last 30 days' log review: a signed-off review cycle the actor may see, or a result
    recorded by hand with the name of the reviewer who signed it off."""
    checklist = _locked(checklist)
    before = _state(checklist)
    if cycle_id is not None:
        found = next((row for row in exits.signed_reviews(actor, checklist) if row["id"] == cycle_id), None)
        if found is None:
            raise ValidationError({"cycle": _("Choose a signed-off log review covering the last 30 days.")})
        checklist.review_cycle_id, checklist.review_label = found["id"], found["label"][:300]
        checklist.review_signed_by, checklist.review_signed_at = found["signed_by"][:200], found["signed_at"]
        checklist.review_result = ""
    else:
        if not result.strip() or not signed_by.strip():
            raise ValidationError({"result": _("Give the result of the review and who signed it off.")})
        checklist.review_cycle_id, checklist.review_label = None, ""
        checklist.review_result, checklist.review_signed_by = result.strip()[:4000], signed_by.strip()[:200]
        checklist.review_signed_at = timezone.now()
    checklist.save()
    audit_record(actor=actor, action="exit_checklist.attach_review", obj=checklist, before=before,
                 after=_state(checklist))
    return checklist


@enforces(can.can_update_exit_checklist, obj="checklist")
@transaction.atomic
def exit_checklist_close(*, actor: Any, checklist: ExitChecklist) -> ExitChecklist:
    """Close the case; refused while a mandatory item is open."""
    checklist = _locked(checklist)
    missing = exits.open_items(checklist)
    if missing:
        raise ValidationError(_("The case cannot close while these items are open: %(items)s.") % {
            "items": "、".join(item.label for item in missing)})
    checklist.status = ExitChecklist.Status.CLOSED
    checklist.closed_at, checklist.closed_by = timezone.now(), _user(actor)
    checklist.save()
    audit_record(actor=actor, action="exit_checklist.close", obj=checklist, after=_state(checklist))
    return checklist


@enforces(can.can_override_exit_checklist, obj="checklist")
@transaction.atomic
def exit_checklist_override(*, actor: Any, checklist: ExitChecklist, reason: str) -> ExitChecklist:
    """A manager closes the case with items still open, recording why."""
    checklist = _locked(checklist)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case closes with items open.")})
    missing = [item.key for item in exits.open_items(checklist)]
    checklist.status = ExitChecklist.Status.CLOSED
    checklist.closed_at, checklist.closed_by = timezone.now(), _user(actor)
    checklist.override_reason, checklist.override_by = reason.strip()[:2000], _user(actor)
    checklist.save()
    audit_record(actor=actor, action="exit_checklist.override", obj=checklist,
                 after={**_state(checklist), "reason": checklist.override_reason, "open_items": missing})
    return checklist
