"""Writes for improvement plans, exposures and a supplier's own self-assessment. Each records itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from shuhi.core.audit.services import audit_record
from shuhi.core.models import Organisation, User
from shuhi.core.permissions import enforces, require
from shuhi.suppliers import permissions as can
from shuhi.suppliers.models import Assessment, Framework, ImprovementItem, SupplierExposure
from shuhi.suppliers.schema import pick
from shuhi.suppliers.scoring import gaps, score

ITEM_FIELDS = ("status", "notes", "owner", "owner_name", "due_date", "practice")
# What a supplier may change on an item the outsourcer planned: how it is getting on, not what was agreed.
SUPPLIER_ITEM_FIELDS = frozenset({"status", "notes", "owner", "owner_name"})


PLANNERS_ONLY = gettext_lazy("Only administrators and security managers make improvement plans.")
MANAGERS_ONLY = gettext_lazy("Only administrators and security managers can do this.")


def _item_snapshot(item: ImprovementItem) -> dict[str, Any]:
    # Notes are free text a private plan may want kept to itself: the log records only that they changed.
    return {"status": item.status, "due_date": item.due_date, "owner": item.owner_id, "owner_name": item.owner_name,
            "question": item.question_id}


def _check_owner(item_org_id: int, owner: User | None) -> None:
    if owner is not None and owner.organisation_id != item_org_id:
        raise ValidationError({"owner": _("The person in charge must be a user of the organisation the plan is for.")})


@enforces(can.can_plan_improvements, obj="assessment", message=PLANNERS_ONLY)
@transaction.atomic
def plan_create(*, actor: Any, assessment: Assessment, question_ids: list[str], due_date: dt.date | None = None,
                owner: User | None = None, owner_name: str = "") -> list[ImprovementItem]:
    """One item per chosen gap of the latest submitted version, with the framework's good practice.

    A question that already has an item in this assessment's plan is skipped, so submitting the
    form twice does not double the plan.
    """
    version = assessment.versions.order_by("-number").first()
    if version is None:
        raise ValidationError(_("Submit the assessment first: a plan is made from its scored answers."))
    _check_owner(assessment.supplier_id, owner)
    found = {g.question.id: g for g in gaps(score(assessment.framework.doc, version.answers))}
    unknown = [qid for qid in question_ids if qid not in found]
    if unknown:
        raise ValidationError(_("Not a gap of this assessment: %(ids)s") % {"ids": ", ".join(unknown)})
    if not question_ids:
        raise ValidationError(_("Choose at least one gap."))
    existing = set(assessment.improvements.values_list("question_id", flat=True))
    lang = (get_language() or "ja")[:2]
    created = []
    for qid in question_ids:
        if qid in existing:
            continue
        gap = found[qid]
        item = ImprovementItem.objects.create(
            assessment=assessment, question_id=qid, due_date=due_date, owner=owner, owner_name=owner_name.strip(),
            practice=pick(gap.question.practice, lang) or pick(gap.question.text, lang),
            answer_then=(version.answers.get(qid) or {}).get("value"), share_then=gap.share,
            created_by=actor if isinstance(actor, User) else None,
        )
        audit_record(actor=actor, action="improvement.create", obj=item, after=_item_snapshot(item))
        created.append(item)
    return created


@enforces(can.can_update_improvement, obj="item", message=gettext_lazy("You may view this item but not change it."))
@transaction.atomic
def item_update(*, actor: Any, item: ImprovementItem, **fields: Any) -> ImprovementItem:
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"not improvement item fields: {sorted(unknown)}")
    item = ImprovementItem.objects.select_for_update().select_related("assessment").get(pk=item.pk)
    own_plan = item.assessment.private and actor.organisation_id == item.assessment.supplier_id
    if actor.is_supplier and not own_plan:
        fields = {k: v for k, v in fields.items() if k in SUPPLIER_ITEM_FIELDS}
    _check_owner(item.assessment.supplier_id, fields.get("owner"))
    before = _item_snapshot(item)
    notes_changed = "notes" in fields and fields["notes"] != item.notes
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="improvement.update", obj=item, before=before,
                 after={**_item_snapshot(item), "notes_changed": notes_changed})
    return item


@enforces(can.can_manage_suppliers, obj="organisation", message=MANAGERS_ONLY)
@transaction.atomic
def exposure_set(*, actor: Any, organisation: Organisation, supplier: Organisation, tier, count: int,
                 note: str = "") -> SupplierExposure:
    """How many secrets of `tier` the supplier holds, entered by hand; one row per supplier and tier."""
    if supplier.kind != Organisation.Kind.SUPPLIER:
        raise ValidationError({"supplier": _("Choose a supplier.")})
    if tier.organisation_id != organisation.pk:
        raise ValidationError({"tier": _("Choose one of your own tiers.")})
    row = SupplierExposure.objects.filter(organisation=organisation, supplier=supplier, tier=tier).first()
    before = {"count": row.count, "note": row.note} if row else None
    row = row or SupplierExposure(organisation=organisation, supplier=supplier, tier=tier)
    row.count, row.note = count, note.strip()
    row.updated_by = actor if isinstance(actor, User) else None
    row.full_clean()
    row.save()
    audit_record(actor=actor, action="exposure.update" if before else "exposure.create", obj=row, before=before,
                 after={"supplier": supplier.pk, "tier": tier.key, "count": count, "note": row.note})
    return row


def self_assessment_framework() -> Framework | None:
    """The built-in questionnaire a supplier assesses itself with.

    Read outside the gate on purpose: frameworks are the outsourcer's rows, and a supplier reads
    the questions only through the assessment made here, never the framework list.
    """
    return (Framework.objects.filter(kind=Framework.Kind.QUESTIONNAIRE, builtin=True,
                                     organisation__kind=Organisation.Kind.HOME)
            .order_by("ref_id", "-version").first())


@enforces(can.can_start_self_assessment,
          message=gettext_lazy("Only a supplier's representative starts a self-assessment from the portal."))
@transaction.atomic
def supplier_self_assessment_create(*, actor: User) -> Assessment:
    """A supplier representative assesses their own organisation, privately; reuses an open draft."""
    framework = self_assessment_framework()
    if framework is None:
        raise ValidationError(_("No questionnaire is installed yet; ask the outsourcer's administrator."))
    open_one = Assessment.objects.filter(supplier=actor.organisation, campaign=None, private=True,
                                         status__in=[Assessment.Status.DRAFT, Assessment.Status.RETURNED]).first()
    if open_one is not None:
        return open_one
    assessment = Assessment.objects.create(framework=framework, supplier=actor.organisation, private=True)
    audit_record(actor=actor, action="assessment.create", obj=assessment,
                 after={"framework": framework.pk, "private": True})
    return assessment


@enforces(can.can_share_assessment, obj="assessment",
          message=gettext_lazy("Only the assessed organisation shares its own self-assessment."))
@transaction.atomic
def assessment_share(*, actor: User, assessment: Assessment) -> Assessment:
    """The supplier shows its private self-assessment (and its plan) to the outsourcer. Cannot be undone:
    once shared, the outsourcer may already have read or printed it."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    require(can.can_share_assessment(actor, assessment),
            gettext_lazy("Only the assessed organisation shares its own self-assessment."))
    assessment.private = False
    assessment.save(update_fields=["private", "updated_at"])
    audit_record(actor=actor, action="assessment.share", obj=assessment, after={"private": False})
    return assessment
