"""Writes of the insider-fraud risk register and the case library: guarded, atomic, audited.

Every change to a risk (its fields, its assets, its measures, deleting and restoring it) adds a
version with the risk's full state after the change, who made it and why; `versions.state_diff`
shows what changed between any two. Deleting a risk only marks it deleted, so it can be restored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shuhi.core.audit.services import audit_record, snapshot
from shuhi.core.models import Organisation, User
from shuhi.core.permissions import enforces, require
from shuhi.ledger.models import InformationAsset
from shuhi.risks import notify as notices
from shuhi.risks import permissions as can
from shuhi.risks.models import InsiderRisk, LeakCase, Principle, RiskMeasure, RiskReviewReminder, RiskVersion
from shuhi.risks.versions import risk_state

RISK_FIELDS = ("title", "description", "likelihood", "impact", "asset_categories", "owner", "review_date", "status")
MEASURE_FIELDS = ("principle", "description", "status", "owner", "due_date")
CASE_FIELDS = ("title", "occurred_on", "summary", "what_went_wrong", "lessons", "principles", "source_name",
               "source_url")


def _user(actor: Any) -> User | None:
    return actor if isinstance(actor, User) else None


def _version(actor: Any, risk: InsiderRisk, change: str, reason: str = "") -> RiskVersion:
    risk.version += 1
    InsiderRisk.objects.filter(pk=risk.pk).update(version=risk.version)
    user = _user(actor)
    return RiskVersion.objects.create(risk=risk, number=risk.version, change=change, state=risk_state(risk),
                                      reason=reason[:500], changed_by=user,
                                      changed_by_name=(user.full_name or user.email) if user else str(actor))


# ---- checks ----------------------------------------------------------------------------------------


def _check_owner(organisation: Organisation, owner: Any, field: str, errors: dict[str, str]) -> None:
    if owner is not None and (owner.organisation_id != organisation.pk or not owner.is_active):
        errors[field] = _("Choose an active member of your own organisation.")


def _check_risk(organisation: Organisation, fields: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if "title" in fields and not str(fields["title"] or "").strip():
        errors["title"] = _("Give the risk a name.")
    for name in ("likelihood", "impact"):
        if name in fields and (not isinstance(fields[name], int) or not 1 <= fields[name] <= 5):
            errors[name] = _("Choose a value from 1 to 5.")
    categories = fields.get("asset_categories")
    if categories is not None and not set(categories) <= set(InformationAsset.Category.values):
        errors["asset_categories"] = _("Choose categories of the ledger.")
    if "status" in fields and fields["status"] not in InsiderRisk.Status.values:
        errors["status"] = _("Choose a status.")
    _check_owner(organisation, fields.get("owner"), "owner", errors)
    if errors:
        raise ValidationError(errors)


def _check_assets(organisation: Organisation, assets: Any) -> list[InformationAsset]:
    assets = list(assets or ())
    if any(a.organisation_id != organisation.pk for a in assets):
        raise ValidationError({"assets": _("Choose assets of your own ledger.")})
    return assets


# ---- risks -----------------------------------------------------------------------------------------


@enforces(can.can_add_insider_risk, obj="organisation")
@transaction.atomic
def risk_create(*, actor: Any, organisation: Organisation, assets: Any = (), reason: str = "",
                measures: Any = (), starter_key: str = "", **fields: Any) -> InsiderRisk:
    fields = {k: v for k, v in fields.items() if k in RISK_FIELDS}
    _check_risk(organisation, {"title": "", **fields})
    assets = _check_assets(organisation, assets)
    risk = InsiderRisk.objects.create(organisation=organisation, starter_key=starter_key, **fields)
    risk.assets.set(assets)
    for measure in measures:
        _check_measure(organisation, measure)
        RiskMeasure.objects.create(risk=risk, **{k: v for k, v in measure.items() if k in MEASURE_FIELDS})
    _version(actor, risk, RiskVersion.Change.CREATE, reason)
    audit_record(actor=actor, action="insider_risk.create", obj=risk, after=snapshot(risk))
    return risk


@enforces(can.can_edit_insider_risk, obj="risk")
@transaction.atomic
def risk_update(*, actor: Any, risk: InsiderRisk, reason: str = "", assets: Any = None,
                **fields: Any) -> InsiderRisk:
    fields = {k: v for k, v in fields.items() if k in RISK_FIELDS}
    _check_risk(risk.organisation, fields)
    before = snapshot(risk)
    state_before = risk_state(risk)
    for name, value in fields.items():
        setattr(risk, name, value)
    risk.save()
    if assets is not None:
        risk.assets.set(_check_assets(risk.organisation, assets))
    if risk_state(risk) == state_before:
        return risk  # nothing changed: no version, no audit entry
    _version(actor, risk, RiskVersion.Change.UPDATE, reason)
    audit_record(actor=actor, action="insider_risk.update", obj=risk, before=before, after=snapshot(risk))
    return risk


@enforces(can.can_edit_insider_risk, obj="risk")
@transaction.atomic
def risk_delete(*, actor: Any, risk: InsiderRisk, reason: str = "") -> InsiderRisk:
    """Marks the risk deleted: it leaves the register, the heat map and the figures, and can be restored."""
    risk.deleted_at = timezone.now()
    risk.save(update_fields=["deleted_at", "updated_at"])
    _version(actor, risk, RiskVersion.Change.DELETE, reason)
    audit_record(actor=actor, action="insider_risk.delete", obj=risk, after={"reason": reason[:500]})
    return risk


@enforces(can.can_restore_insider_risk, obj="risk")
@transaction.atomic
def risk_restore(*, actor: Any, risk: InsiderRisk, reason: str = "") -> InsiderRisk:
    risk.deleted_at = None
    risk.save(update_fields=["deleted_at", "updated_at"])
    _version(actor, risk, RiskVersion.Change.RESTORE, reason)
    audit_record(actor=actor, action="insider_risk.restore", obj=risk, after={"reason": reason[:500]})
    return risk


# ---- measures --------------------------------------------------------------------------------------


def _check_measure(organisation: Organisation, fields: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if "principle" in fields and fields["principle"] not in Principle.values:
        errors["principle"] = _("Choose one of the five principles.")
    if "description" in fields and not str(fields["description"] or "").strip():
        errors["description"] = _("Describe the measure.")
    if "status" in fields and fields["status"] not in RiskMeasure.Status.values:
        errors["status"] = _("Choose a status.")
    _check_owner(organisation, fields.get("owner"), "owner", errors)
    if errors:
        raise ValidationError(errors)


@enforces(can.can_edit_insider_risk, obj="risk")
@transaction.atomic
def measure_add(*, actor: Any, risk: InsiderRisk, reason: str = "", **fields: Any) -> RiskMeasure:
    fields = {k: v for k, v in fields.items() if k in MEASURE_FIELDS}
    _check_measure(risk.organisation, {"principle": "", "description": "", **fields})
    measure = RiskMeasure.objects.create(risk=risk, **fields)
    _version(actor, risk, RiskVersion.Change.MEASURES, reason)
    audit_record(actor=actor, action="risk_measure.add", obj=measure, after=snapshot(measure))
    return measure


@enforces(can.can_edit_risk_measure, obj="measure")
@transaction.atomic
def measure_update(*, actor: Any, measure: RiskMeasure, reason: str = "", **fields: Any) -> RiskMeasure:
    fields = {k: v for k, v in fields.items() if k in MEASURE_FIELDS}
    _check_measure(measure.risk.organisation, fields)
    before = snapshot(measure)
    for name, value in fields.items():
        setattr(measure, name, value)
    measure.save()
    after = snapshot(measure)
    if after != before:
        _version(actor, measure.risk, RiskVersion.Change.MEASURES, reason)
        audit_record(actor=actor, action="risk_measure.update", obj=measure, before=before, after=after)
    return measure


@enforces(can.can_edit_risk_measure, obj="measure")
@transaction.atomic
def measure_remove(*, actor: Any, measure: RiskMeasure, reason: str = "") -> None:
    """Removes a measure; the risk's previous version keeps it, word for word."""
    risk, before = measure.risk, snapshot(measure)
    audit_record(actor=actor, action="risk_measure.remove", obj=measure, before=before)
    measure.delete()
    _version(actor, risk, RiskVersion.Change.MEASURES, reason)


# ---- the starter set ---------------------------------------------------------------------------------


@enforces(can.can_add_insider_risk, obj="organisation")
@transaction.atomic
def risk_load_starter_set(*, actor: Any, organisation: Organisation) -> list[InsiderRisk]:
    """Adds the starter insider risks with their measures; those already loaded once (even if
    since changed or deleted) are left alone, so loading twice adds nothing."""
    from shuhi.risks.starter import STARTER_RISKS

    require(organisation.is_home, _("The risk register belongs to your own organisation."))
    known = set(InsiderRisk.objects.filter(organisation=organisation).values_list("starter_key", flat=True))
    made = []
    for item in STARTER_RISKS:
        if item["key"] in known:
            continue
        made.append(risk_create(
            actor=actor, organisation=organisation, starter_key=item["key"], title=item["title"],
            description=item["description"], likelihood=item["likelihood"], impact=item["impact"],
            asset_categories=item["categories"], reason=_("Starter set"),
            measures=[{"principle": p, "description": text} for p, text in item["measures"]]))
    audit_record(actor=actor, action="insider_risk.starter_set", obj=organisation, after={"added": len(made)})
    return made


# ---- review reminders --------------------------------------------------------------------------------


@enforces(can.can_record_risk_reminders)
@transaction.atomic
def risk_review_reminders_record(*, actor: Any, today: dt.date | None = None) -> list[RiskReviewReminder]:
    """Tells each overdue risk's owner (or the managers, when it has none) once per review date."""
    today = today or timezone.localdate()
    made = []
    overdue = InsiderRisk.objects.filter(deleted_at__isnull=True, review_date__lt=today).exclude(
        status=InsiderRisk.Status.CLOSED).select_related("owner")
    for risk in overdue:
        try:
            with transaction.atomic():
                reminder = RiskReviewReminder.objects.create(risk=risk, review_date=risk.review_date)
        except IntegrityError:
            continue
        notices.review_overdue(actor=actor, risk=risk)
        audit_record(actor=actor, action="insider_risk.review_reminder", obj=risk,
                     after={"review_date": risk.review_date})
        made.append(reminder)
    return made


# ---- the case library --------------------------------------------------------------------------------


def _check_case(fields: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    for name, message in (("title", _("Give the case a title.")), ("summary", _("Summarise the case.")),
                          ("source_name", _("Say where the facts come from (court, publisher)."))):
        if name in fields and not str(fields[name] or "").strip():
            errors[name] = message
    if "occurred_on" in fields and not fields["occurred_on"]:
        errors["occurred_on"] = _("Give the date.")
    principles = fields.get("principles")
    if principles is not None and not set(principles) <= set(Principle.values):
        errors["principles"] = _("Choose among the five principles.")
    url = str(fields.get("source_url") or "")
    if url and not url.startswith(("https://", "http://")):
        errors["source_url"] = _("Give a web address starting with https://.")
    if errors:
        raise ValidationError(errors)


@enforces(can.can_manage_leak_cases, obj="organisation")
@transaction.atomic
def case_create(*, actor: Any, organisation: Organisation, starter_key: str = "", **fields: Any) -> LeakCase:
    fields = {k: v for k, v in fields.items() if k in CASE_FIELDS}
    _check_case({"title": "", "summary": "", "source_name": "", "occurred_on": None, **fields})
    case = LeakCase.objects.create(organisation=organisation, starter_key=starter_key, **fields)
    audit_record(actor=actor, action="leak_case.create", obj=case, after=snapshot(case))
    return case


@enforces(can.can_manage_leak_cases, obj="case")
@transaction.atomic
def case_update(*, actor: Any, case: LeakCase, **fields: Any) -> LeakCase:
    fields = {k: v for k, v in fields.items() if k in CASE_FIELDS}
    _check_case(fields)
    before = snapshot(case)
    for name, value in fields.items():
        setattr(case, name, value)
    case.save()
    audit_record(actor=actor, action="leak_case.update", obj=case, before=before, after=snapshot(case))
    return case


@enforces(can.can_manage_leak_cases, obj="case")
@transaction.atomic
def case_delete(*, actor: Any, case: LeakCase) -> None:
    """Deletes the case; the audit log keeps its full text, from which it can be entered again."""
    audit_record(actor=actor, action="leak_case.delete", obj=case, before=snapshot(case))
    case.delete()


@enforces(can.can_manage_leak_cases, obj="organisation")
@transaction.atomic
def cases_load_starter_set(*, actor: Any, organisation: Organisation) -> list[LeakCase]:
    """Adds the shipped public cases not loaded before (by key): loading twice adds nothing."""
    from shuhi.risks.starter import STARTER_CASES

    require(organisation.is_home, _("The case library belongs to your own organisation."))
    known = set(LeakCase.objects.filter(organisation=organisation).values_list("starter_key", flat=True))
    return [case_create(actor=actor, organisation=organisation, starter_key=item["key"], title=item["title"],
                        occurred_on=dt.date.fromisoformat(item["date"]), summary=item["summary"],
                        what_went_wrong=item["went_wrong"], lessons=item["lessons"],
                        principles=item["principles"], source_name=item["source"], source_url=item["url"])
            for item in STARTER_CASES if item["key"] not in known]
