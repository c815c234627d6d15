"""Writes of the incident register: open (from scratch, a report or a leak response), change, timeline,
actions with owners and due dates, close with lessons learned."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shuhi.core.audit.services import audit_record, snapshot
from shuhi.core.models import Organisation, User
from shuhi.core.permissions import enforces, require
from shuhi.incidents import permissions as can
from shuhi.incidents.models import Incident, IncidentAction, IncidentEntry, Report
from shuhi.incidents.services import _next_number

RELATIONS = ("assets", "people", "users", "suppliers", "disclosures", "origin_cases", "resulting_cases")
FIELDS = ("title", "summary", "cause", "data_kind", "severity", "occurred_on", "detected_on", "leak_response",
          "lessons")

EARLIEST_ENTRY = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)


def _check_relations(organisation: Organisation, relations: dict[str, Any]) -> None:
    """Everything an incident names must be of the outsourcer's own records (suppliers: its suppliers)."""
    for supplier in relations.get("suppliers") or []:
        if supplier.is_home:
            raise ValidationError({"suppliers": _("Name suppliers here; your own organisation is implied.")})
    for asset in relations.get("assets") or []:
        if asset.organisation_id != organisation.pk:
            raise ValidationError({"assets": _("Choose assets of your own ledger.")})


def _set_relations(incident: Incident, relations: dict[str, Any]) -> None:
    for name in RELATIONS:
        if name in relations and relations[name] is not None:
            getattr(incident, name).set(relations[name])


@enforces(can.can_create_incident)
@transaction.atomic
def incident_create(*, actor: Any, organisation: Organisation, title: str, cause: str, data_kind: str,
                    detected_on: dt.date | None = None, severity: str = Incident.Severity.MEDIUM, summary: str = "",
                    occurred_on: dt.date | None = None, leak_response: Any = None, lessons: str = "",
                    report: Report | None = None, team: list[User] | tuple = (), **relations: Any) -> Incident:
    """Open an incident; from a report when `report` is given (its handler opens it, the report links to it)."""
    unknown = set(relations) - set(RELATIONS)
    if unknown:
        raise TypeError(f"unknown relations {sorted(unknown)}")
    if report is not None:
        require(can.can_open_incident_from_report(actor, report))
    if not title.strip():
        raise ValidationError({"title": _("Give the incident a title.")})
    if leak_response is not None and leak_response.organisation_id != organisation.pk:
        raise ValidationError({"leak_response": _("Choose a leak response of your own organisation.")})
    _check_relations(organisation, relations)
    today = timezone.localdate()
    incident = Incident.objects.create(
        organisation=organisation, number=_next_number("I", Incident, today), title=title.strip(), summary=summary,
        cause=cause, data_kind=data_kind, severity=severity, occurred_on=occurred_on,
        detected_on=detected_on or today, leak_response=leak_response, lessons=lessons,
        created_by=actor if getattr(actor, "pk", None) else None)
    _set_relations(incident, relations)
    members = {u.pk: u for u in team}
    if getattr(actor, "pk", None):
        members[actor.pk] = actor
    incident.team.set(list(members.values()))
    IncidentEntry.objects.create(incident=incident, happened_at=timezone.now(), text=_("Incident recorded."),
                                 author=incident.created_by)
    if report is not None:
        report.incident = incident
        if report.status == Report.Status.NEW:
            report.status = Report.Status.IN_PROGRESS
        report.save(update_fields=["incident", "status"])
        audit_record(actor=actor, action="report.escalate", obj=report, after={"incident": incident.number})
    audit_record(actor=actor, action="incident.create", obj=incident, after=snapshot(incident))
    return incident


@enforces(can.can_edit_incident, obj="incident")
@transaction.atomic
def incident_update(*, actor: Any, incident: Incident, **changes: Any) -> Incident:
    unknown = set(changes) - set(FIELDS) - set(RELATIONS) - {"team", "status"}
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    if "title" in changes and not str(changes["title"]).strip():
        raise ValidationError({"title": _("Give the incident a title.")})
    _check_relations(incident.organisation, changes)
    before = snapshot(incident)
    for name in FIELDS:
        if name in changes:
            setattr(incident, name, changes[name])
    if "status" in changes:
        incident.status = changes["status"]
        incident.closed_on = timezone.localdate() if incident.status == Incident.Status.CLOSED else None
        if incident.status == Incident.Status.CLOSED and not incident.lessons.strip():
            raise ValidationError({"lessons": _("Write the lessons learned before closing the incident.")})
    incident.save()
    _set_relations(incident, changes)
    if changes.get("team") is not None:
        incident.team.set(changes["team"])
    after = snapshot(incident)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    audit_record(actor=actor, action="incident.update", obj=incident,
                 before={k: before.get(k) for k in changed}, after=changed)
    return incident


@enforces(can.can_edit_incident, obj="incident")
@transaction.atomic
def incident_entry_add(*, actor: Any, incident: Incident, text: str,
                       happened_at: dt.datetime | None = None) -> IncidentEntry:
    if not text.strip():
        raise ValidationError({"text": _("Describe what happened.")})
    now = timezone.now()
    # A timeline records what has happened. A year like 0029 is a typing slip, and before 1888
    # Asia/Tokyo's offset has seconds (+09:18:59), which no ISO 8601 reader accepts.
    if happened_at is not None and not (EARLIEST_ENTRY <= happened_at <= now + dt.timedelta(days=1)):
        raise ValidationError({"happened_at": _("Enter a time between 1900 and now.")})
    entry = IncidentEntry.objects.create(incident=incident, happened_at=happened_at or now,
                                         text=text.strip(), author=actor if getattr(actor, "pk", None) else None)
    audit_record(actor=actor, action="incident.entry", obj=entry, after={"text": entry.text[:200]})
    return entry


@enforces(can.can_edit_incident, obj="incident")
@transaction.atomic
def incident_action_add(*, actor: Any, incident: Incident, title: str, owner: User,
                        due_on: dt.date) -> IncidentAction:
    if not title.strip():
        raise ValidationError({"title": _("Say what is to be done.")})
    if owner.organisation_id != incident.organisation_id or not owner.is_active:
        raise ValidationError({"owner": _("The owner must be an active user of your organisation.")})
    item = IncidentAction.objects.create(incident=incident, title=title.strip(), owner=owner, due_on=due_on)
    # The owner must see what they own: they join the team.
    incident.team.add(owner)
    audit_record(actor=actor, action="incident.action.add", obj=item,
                 after={"title": item.title, "owner": owner.pk, "due_on": due_on})
    return item


@enforces(can.can_complete_incident_action, obj="item")
@transaction.atomic
def incident_action_complete(*, actor: Any, item: IncidentAction, done_on: dt.date | None = None) -> IncidentAction:
    item.done_on = done_on or timezone.localdate()
    item.save(update_fields=["done_on"])
    audit_record(actor=actor, action="incident.action.complete", obj=item, after={"done_on": item.done_on})
    return item
