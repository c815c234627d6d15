"""Writes for people, lifecycle events, pledge templates and pledges. Each is guarded, atomic and audited.

A lifecycle event updates the person (status, department, projects) and drafts the pledge it calls
for, with its concrete scope from the ledger. A pledge then moves draft → sent (after HR has
reviewed the scope) → acknowledged or refused by the person, or is signed on paper and uploaded
by HR. The acknowledgement records the time, the account and the SHA-256 of the exact text and
scope; `pledging.pledge_verify` re-checks it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shuhi.core.audit.services import audit_record, snapshot
from shuhi.core.models import Department, Organisation, Project, User
from shuhi.core.permissions import enforces, require
from shuhi.core.registry import followers
from shuhi.core.storage import check_private_upload, delete_unless_committed
from shuhi.ledger.models import Tier
from shuhi.people import permissions as can
from shuhi.people import pledging, services_exit
from shuhi.people.defaults import DEFAULT_MIN_TIER, DEFAULT_TEMPLATES
from shuhi.people.models import Language, LifecycleEvent, Person, Pledge, PledgeKind, PledgeTemplate

PERSON_FIELDS = ["kind", "employee_number", "name", "kana", "email", "department", "language", "hired_on",
                 "left_on", "status", "user"]
# Which pledge each event calls for. A project leave calls for none (the project pledge already
# promises the return); an exit after a notice reuses the exit pledge drafted at the notice.
PLEDGE_FOR_EVENT = {
    LifecycleEvent.Kind.HIRE: PledgeKind.HIRE,
    LifecycleEvent.Kind.PROJECT_JOIN: PledgeKind.PROJECT_JOIN,
    LifecycleEvent.Kind.TRANSFER: PledgeKind.TRANSFER,
    LifecycleEvent.Kind.LEAVE_NOTICE: PledgeKind.EXIT,
    LifecycleEvent.Kind.EXIT: PledgeKind.EXIT,
}


def _user(actor: Any) -> User | None:
    return actor if isinstance(actor, User) else None


def _today() -> dt.date:
    return timezone.localdate()


# ---- people --------------------------------------------------------------------------------------


def _check_person(organisation: Organisation, fields: dict[str, Any], person: Person | None = None) -> None:
    errors: dict[str, str] = {}
    number = str(fields.get("employee_number", person.employee_number if person else "")).strip()
    if not number:
        errors["employee_number"] = _("Give the employee number.")
    elif Person.objects.filter(organisation=organisation, employee_number=number).exclude(
            pk=getattr(person, "pk", None)).exists():
        errors["employee_number"] = _("Another person of this organisation has the employee number %(number)s.") % {
            "number": number}
    if "name" in fields and not str(fields["name"]).strip():
        errors["name"] = _("Give the name.")
    home = pledging.home_of(organisation)
    department = fields.get("department")
    if department is not None and department.organisation_id != home.pk:
        errors["department"] = _("Choose a department of your own organisation.")
    kind = fields.get("kind")
    if kind and not organisation.is_home and kind != Person.Kind.SUPPLIER_ONSITE:
        errors["kind"] = _("A supplier's staff are registered as supplier staff on site.")
    if kind == Person.Kind.SUPPLIER_ONSITE and organisation.is_home:
        errors["kind"] = _("Supplier staff on site are registered under their supplier.")
    hired, left = fields.get("hired_on"), fields.get("left_on")
    if hired and left and left < hired:
        errors["left_on"] = _("The leaving date must not come before the hiring date.")
    user = fields.get("user")
    if user is not None and Person.objects.filter(user=user).exclude(pk=getattr(person, "pk", None)).exists():
        errors["user"] = _("This account is already linked to another person.")
    if errors:
        raise ValidationError(errors)


def _check_projects(organisation: Organisation, projects) -> list[Project]:
    projects = list(projects or ())
    home = pledging.home_of(organisation)
    if any(p.organisation_id != home.pk for p in projects):
        raise ValidationError({"projects": _("Choose projects of your own organisation.")})
    return projects


@enforces(can.can_manage_people, obj="organisation")
@transaction.atomic
def person_create(*, actor: Any, organisation: Organisation, projects=(), **fields: Any) -> Person:
    fields = {k: v for k, v in fields.items() if k in PERSON_FIELDS}
    fields.setdefault("kind", Person.Kind.EMPLOYEE if organisation.is_home else Person.Kind.SUPPLIER_ONSITE)
    _check_person(organisation, fields)
    projects = _check_projects(organisation, projects)
    person = Person.objects.create(organisation=organisation, **fields)
    person.projects.set(projects)
    audit_record(actor=actor, action="person.create", obj=person, after=snapshot(person))
    return person


@enforces(can.can_manage_people, obj="person")
@transaction.atomic
def person_update(*, actor: Any, person: Person, projects=None, **fields: Any) -> Person:
    fields = {k: v for k, v in fields.items() if k in PERSON_FIELDS}
    _check_person(person.organisation, fields, person)
    before = snapshot(person)
    for name, value in fields.items():
        setattr(person, name, value)
    person.save()
    if projects is not None:
        person.projects.set(_check_projects(person.organisation, projects))
    audit_record(actor=actor, action="person.update", obj=person, before=before, after=snapshot(person))
    return person


# ---- lifecycle events ----------------------------------------------------------------------------


def _apply(event: LifecycleEvent) -> None:
    """What the event changes about the person."""
    person, kind = event.person, event.kind
    Kind = LifecycleEvent.Kind
    if kind == Kind.HIRE:
        person.hired_on = person.hired_on or event.occurred_on
        person.status = Person.Status.ACTIVE
    elif kind == Kind.PROJECT_JOIN:
        person.projects.add(event.project)
    elif kind == Kind.PROJECT_LEAVE:
        person.projects.remove(event.project)
    elif kind == Kind.TRANSFER:
        person.department = event.department
    elif kind == Kind.LEAVE_NOTICE:
        person.status = Person.Status.LEAVE_NOTICE
        person.left_on = event.occurred_on if event.occurred_on > _today() else person.left_on
    elif kind == Kind.EXIT:
        person.status = Person.Status.LEFT
        person.left_on = event.occurred_on
    person.save()


def _check_event(person: Person, kind: str, project: Project | None, department: Department | None) -> None:
    Kind = LifecycleEvent.Kind
    home = pledging.home_of(person.organisation)
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose an event.")})
    if kind in (Kind.PROJECT_JOIN, Kind.PROJECT_LEAVE):
        if project is None:
            raise ValidationError({"project": _("Choose the project.")})
        if project.organisation_id != home.pk:
            raise ValidationError({"project": _("Choose projects of your own organisation.")})
        if kind == Kind.PROJECT_LEAVE and not person.projects.filter(pk=project.pk).exists():
            raise ValidationError({"project": _("%(name)s is not on this project.") % {"name": person.name}})
    if kind == Kind.TRANSFER:
        if department is None:
            raise ValidationError({"department": _("Choose the new department.")})
        if department.organisation_id != home.pk:
            raise ValidationError({"department": _("Choose a department of your own organisation.")})


@enforces(can.can_record_event, obj="person")
@transaction.atomic
def lifecycle_event_record(*, actor: Any, person: Person, kind: str, occurred_on: dt.date,
                           project: Project | None = None, department: Department | None = None,
                           note: str = "") -> LifecycleEvent:
    """Record the event, apply it to the person, and draft the pledge it calls for."""
    _check_event(person, kind, project, department)
    event = LifecycleEvent.objects.create(person=person, kind=kind, occurred_on=occurred_on, project=project,
                                          department=department, note=note[:500], recorded_by=_user(actor))
    _apply(event)
    audit_record(actor=actor, action="lifecycle_event.record", obj=event,
                 after={"person": person.pk, "kind": kind, "occurred_on": occurred_on,
                        "project": getattr(project, "pk", None), "department": getattr(department, "pk", None)})
    pledge_kind = PLEDGE_FOR_EVENT.get(kind)
    if pledge_kind == PledgeKind.EXIT and person.pledges.filter(kind=PledgeKind.EXIT).exclude(
            status=Pledge.Status.REFUSED).exists():
        pledge_kind = None
    if pledge_kind:
        _draft(actor, person, pledge_kind, event)
    if kind == LifecycleEvent.Kind.EXIT:
        services_exit.exit_checklist_open(actor=actor, person=person, event=event)
    for follower in followers("people.lifecycle_event"):
        follower(actor=actor, obj=event)
    return event


# ---- pledge templates ----------------------------------------------------------------------------


def current_template(organisation: Organisation, kind: str, language: str) -> PledgeTemplate | None:
    home = pledging.home_of(organisation)
    rows = PledgeTemplate.objects.filter(organisation=home, kind=kind, is_current=True)
    return rows.filter(language=language).first() or rows.filter(language=Language.JA).first()


@enforces(can.can_manage_pledge_templates, obj="organisation")
@transaction.atomic
def pledge_templates_setup_defaults(*, actor: Any, organisation: Organisation) -> list[PledgeTemplate]:
    """Install shuhi's templates (four kinds, Japanese and English) where the organisation has none
    of that kind and language yet; safe to repeat."""
    if not organisation.is_home:
        raise ValidationError(_("Pledge templates belong to the outsourcer."))
    tier = Tier.objects.filter(organisation=organisation, key=DEFAULT_MIN_TIER).first()
    made = []
    for (kind, language), (title, body) in DEFAULT_TEMPLATES.items():
        if PledgeTemplate.objects.filter(organisation=organisation, kind=kind, language=language).exists():
            continue
        made.append(PledgeTemplate.objects.create(organisation=organisation, kind=kind, language=language,
                                                  title=title, body=body, min_tier=tier, created_by=_user(actor)))
    if made:
        audit_record(actor=actor, action="pledge_template.setup", obj=organisation,
                     after={"templates": [f"{t.kind}/{t.language}" for t in made]})
    return made


@enforces(can.can_manage_pledge_templates, obj="template")
@transaction.atomic
def pledge_template_revise(*, actor: Any, template: PledgeTemplate, title: str, body: str,
                           min_tier: Tier | None = None) -> PledgeTemplate:
    """A new version of the template; the old one stays for the pledges made from it."""
    if not title.strip() or not body.strip():
        raise ValidationError(_("Give the title and the body."))
    if min_tier is not None and min_tier.organisation_id != template.organisation_id:
        raise ValidationError({"min_tier": _("Choose a tier of your own ledger.")})
    latest = PledgeTemplate.objects.select_for_update().filter(
        organisation=template.organisation, kind=template.kind, language=template.language).order_by("-version")
    last = latest.first()
    latest.update(is_current=False)
    revised = PledgeTemplate.objects.create(
        organisation=template.organisation, kind=template.kind, language=template.language,
        version=last.version + 1, title=title.strip(), body=body, min_tier=min_tier, created_by=_user(actor))
    audit_record(actor=actor, action="pledge_template.revise", obj=revised,
                 before={"version": last.version}, after={"version": revised.version, "title": revised.title})
    return revised


# ---- pledges -------------------------------------------------------------------------------------


def _draft(actor: Any, person: Person, kind: str, event: LifecycleEvent | None) -> Pledge:
    template = current_template(person.organisation, kind, person.language)
    if template is None:
        raise ValidationError(_("There is no pledge template for this event; install the default templates "
                                "first."))
    project = event.project if event is not None and kind == PledgeKind.PROJECT_JOIN else None
    date = event.occurred_on if event is not None else _today()
    items = pledging.scope_for(person, kind, minimum_tier=template.min_tier, project=project, on=date)
    text = pledging.render(template.body, person=person, items=items, date=date, project=project)
    pledge = Pledge.objects.create(person=person, event=event, template=template, kind=kind, title=template.title,
                                   text=text, items=items, created_by=_user(actor))
    audit_record(actor=actor, action="pledge.draft", obj=pledge,
                 after={"person": person.pk, "kind": kind, "template": template.pk, "version": template.version,
                        "assets": [item["code"] for item in items]})
    return pledge


@enforces(can.can_record_event, obj="person")
@transaction.atomic
def pledge_draft(*, actor: Any, person: Person, kind: str) -> Pledge:
    """A pledge of `kind` without an event (for someone already on staff before shuhi)."""
    if kind not in PledgeKind.values:
        raise ValidationError({"kind": _("Choose a kind of pledge.")})
    return _draft(actor, person, kind, None)


def _locked(pledge: Pledge) -> Pledge:
    list(Pledge.objects.select_for_update().filter(pk=pledge.pk).values_list("pk"))
    pledge.refresh_from_db()
    return pledge


def _rerender(pledge: Pledge) -> None:
    event = pledge.event
    project = event.project if event is not None and pledge.kind == PledgeKind.PROJECT_JOIN else None
    date = event.occurred_on if event is not None else pledge.created_at.date()
    pledge.text = pledging.render(pledge.template.body, person=pledge.person, items=pledge.items, date=date,
                                  project=project)


@enforces(can.can_review_pledge, obj="pledge")
@transaction.atomic
def pledge_remove_item(*, actor: Any, pledge: Pledge, code: str, reason: str) -> Pledge:
    """HR takes an asset out of a draft's scope, with the reason (kept with the pledge and audited)."""
    pledge = _locked(pledge)
    require(can.can_review_pledge(actor, pledge))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the item is removed.")})
    kept = [item for item in pledge.items if item["code"] != code]
    if len(kept) == len(pledge.items):
        raise ValidationError({"code": _("The scope names no asset %(code)s.") % {"code": code}})
    removed = next(item for item in pledge.items if item["code"] == code)
    pledge.items = kept
    pledge.removed = [*pledge.removed, {**removed, "reason": reason.strip()[:500],
                                        "removed_by": str(actor), "removed_at": timezone.now().isoformat()}]
    _rerender(pledge)
    pledge.save()
    audit_record(actor=actor, action="pledge.scope_remove", obj=pledge, after={"code": code, "reason": reason[:500]})
    return pledge


@enforces(can.can_review_pledge, obj="pledge")
@transaction.atomic
def pledge_send(*, actor: Any, pledge: Pledge) -> Pledge:
    pledge = _locked(pledge)
    require(can.can_review_pledge(actor, pledge))
    pledge.status, pledge.sent_at, pledge.sent_by = Pledge.Status.SENT, timezone.now(), _user(actor)
    pledge.save()
    audit_record(actor=actor, action="pledge.send", obj=pledge, after={"person": pledge.person_id})
    return pledge


@enforces(can.can_answer_pledge, obj="pledge")
@transaction.atomic
def pledge_acknowledge(*, actor: Any, pledge: Pledge) -> Pledge:
    """The person acknowledges the exact text and scope they were shown: time, account and SHA-256."""
    pledge = _locked(pledge)
    require(can.can_answer_pledge(actor, pledge))
    pledge.sha256 = pledging.digest(pledge.text, pledge.items)
    pledge.status, pledge.acknowledged_at = Pledge.Status.ACKNOWLEDGED, timezone.now()
    pledge.acknowledged_by = _user(actor)
    pledge.save()
    audit_record(actor=actor, action="pledge.acknowledge", obj=pledge,
                 after={"sha256": pledge.sha256, "at": pledge.acknowledged_at.isoformat()})
    return pledge


@enforces(can.can_answer_pledge, obj="pledge")
@transaction.atomic
def pledge_refuse(*, actor: Any, pledge: Pledge, reason: str) -> Pledge:
    pledge = _locked(pledge)
    require(can.can_answer_pledge(actor, pledge))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you refuse.")})
    pledge.status, pledge.refused_at, pledge.refusal_reason = Pledge.Status.REFUSED, timezone.now(), reason.strip()
    pledge.save()
    audit_record(actor=actor, action="pledge.refuse", obj=pledge, after={"reason": pledge.refusal_reason[:500]})
    return pledge


@enforces(can.can_follow_up_pledge, obj="pledge")
@transaction.atomic
def pledge_follow_up(*, actor: Any, pledge: Pledge, steps: str) -> Pledge:
    """HR records what follows a refusal (a talk, a revised scope, a paper signature, …)."""
    if not steps.strip():
        raise ValidationError({"steps": _("Describe the follow-up steps.")})
    pledge = _locked(pledge)
    pledge.follow_up = steps.strip()
    pledge.save()
    audit_record(actor=actor, action="pledge.follow_up", obj=pledge, after={"steps": pledge.follow_up[:500]})
    return pledge


@enforces(can.can_record_paper_pledge, obj="pledge")
@transaction.atomic
def pledge_record_paper(*, actor: Any, pledge: Pledge, upload, signed_on: dt.date) -> Pledge:
    """The signed paper copy, under the private upload rules; the text and scope it was printed
    from are hashed as for an electronic acknowledgement."""
    pledge = _locked(pledge)
    require(can.can_record_paper_pledge(actor, pledge))
    if signed_on > _today():
        raise ValidationError({"signed_on": _("The signing date cannot be in the future.")})
    _content_type, data = check_private_upload(upload)
    pledge.paper_copy.save(upload.name, ContentFile(data), save=False)
    delete_unless_committed(pledge.paper_copy.storage, pledge.paper_copy.name)
    pledge.paper_name = Path(upload.name).name[:255]
    pledge.paper_sha256 = hashlib.sha256(data).hexdigest()
    pledge.sha256 = pledging.digest(pledge.text, pledge.items)
    pledge.status, pledge.signed_on = Pledge.Status.PAPER, signed_on
    pledge.save()
    audit_record(actor=actor, action="pledge.paper", obj=pledge,
                 after={"file": pledge.paper_name, "file_sha256": pledge.paper_sha256, "sha256": pledge.sha256,
                        "signed_on": signed_on})
    return pledge
