"""Writes for the supplier register, frameworks and campaigns. Each records itself in the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.accounts.services import invitation_create
from shuhi.core.audit.services import audit_record, snapshot
from shuhi.core.models import Organisation, User
from shuhi.core.permissions import enforces
from shuhi.core.roles import Role
from shuhi.core.services import organisation_create
from shuhi.suppliers import permissions as can
from shuhi.suppliers.models import Assessment, Campaign, Certification, Framework, SupplierProfile
from shuhi.suppliers.schema import FrameworkError, builtin_contents, normalise

PROFILE_FIELDS = ("legal_name", "size_band", "industry", "certifications", "other_certifications", "contacts",
                  "contract_status", "notes")


MANAGERS_ONLY = gettext_lazy("Only administrators and security managers can do this.")


def _clean_profile(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    codes = set(Certification.values)
    bad = [c for c in fields.get("certifications") or [] if c not in codes]
    if bad:
        raise ValidationError({"certifications": _("Unknown certification: %(codes)s") % {"codes": ", ".join(bad)}})
    return fields


@enforces(can.can_manage_suppliers, message=MANAGERS_ONLY)
@transaction.atomic
def profile_create(*, actor: Any, organisation: Organisation, **fields: Any) -> SupplierProfile:
    fields = _clean_profile(fields)
    fields.setdefault("legal_name", organisation.name)
    profile = SupplierProfile(organisation=organisation, **fields)
    profile.full_clean()
    profile.save()
    audit_record(actor=actor, action="supplier_profile.create", obj=profile, after=snapshot(profile))
    return profile


@enforces(can.can_manage_suppliers, message=MANAGERS_ONLY)
@transaction.atomic
def profile_update(*, actor: Any, profile: SupplierProfile, **fields: Any) -> SupplierProfile:
    fields = _clean_profile(fields)
    before = snapshot(profile)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    audit_record(actor=actor, action="supplier_profile.update", obj=profile, before=before, after=snapshot(profile))
    return profile


@enforces(can.can_manage_suppliers, message=MANAGERS_ONLY)
@transaction.atomic
def supplier_register(*, actor: Any, name: str, parent: Organisation | None = None,
                      **fields: Any) -> SupplierProfile:
    """A new supplier (or sub-supplier under `parent`) with its profile, in one step."""
    organisation = organisation_create(actor=actor, name=name, parent=parent)
    return profile_create(actor=actor, organisation=organisation, **fields)


@enforces(can.can_manage_suppliers, message=MANAGERS_ONLY)
def representative_invite(*, actor: User, profile: SupplierProfile, email: str, full_name: str):
    """An expiring, single-use link for a supplier representative; returns (invitation, token)."""
    if profile.organisation.is_home:
        raise ValidationError(_("Invite representatives for suppliers only."))
    return invitation_create(actor=actor, email=email, full_name=full_name, organisation=profile.organisation,
                             role=Role.SUPPLIER_REP)


@enforces(can.can_manage_suppliers, obj="organisation", message=MANAGERS_ONLY)
@transaction.atomic
def framework_import(*, actor: Any, organisation: Organisation, content: dict[str, Any],
                     builtin: bool = False) -> Framework:
    """Stores a framework; the same name and version may be replaced only while no assessment uses it."""
    content = normalise(content)
    existing = Framework.objects.filter(organisation=organisation, ref_id=content["id"],
                                        version=content["version"]).first()
    if existing is not None:
        if existing.content == content:
            return existing
        if Assessment.objects.filter(framework=existing).exists():
            raise FrameworkError([_("%(name)s version %(version)s is already in use; give the changed file a "
                                    "higher version.") % {"name": content["id"], "version": content["version"]}])
    framework = existing or Framework(organisation=organisation, ref_id=content["id"], version=content["version"])
    before = snapshot(framework) if existing else None
    framework.urn, framework.kind, framework.content = content["urn"], content["kind"], content
    framework.name_ja = content["name"].get("ja") or content["name"].get("en", "")
    framework.name_en = content["name"].get("en", "")
    framework.builtin = builtin or framework.builtin
    framework.full_clean()
    framework.save()
    audit_record(actor=actor, action="framework.update" if existing else "framework.import", obj=framework,
                 before=before, after={"ref_id": framework.ref_id, "version": framework.version,
                                       "questions": len(framework.doc.questions())})
    return framework


@enforces(can.can_manage_suppliers, obj="organisation", message=MANAGERS_ONLY)
def framework_install_builtin(*, actor: Any, organisation: Organisation) -> list[Framework]:
    return [framework_import(actor=actor, organisation=organisation, content=c, builtin=True)
            for c in builtin_contents()]


@enforces(can.can_manage_suppliers, message=MANAGERS_ONLY)
@transaction.atomic
def campaign_create(*, actor: User, framework: Framework, title: str, due_date: dt.date,
                    suppliers: list[Organisation], message: str = "") -> Campaign:
    """Sends the framework to each chosen organisation: one draft assessment each."""
    if framework.kind != Framework.Kind.QUESTIONNAIRE:
        raise ValidationError({"framework": _("Interview sheets are filled in by the outsourcer, not sent.")})
    if not suppliers:
        raise ValidationError({"suppliers": _("Choose at least one supplier.")})
    campaign = Campaign(organisation=framework.organisation, framework=framework, title=title.strip(),
                        message=message, due_date=due_date, created_by=actor)
    campaign.full_clean()
    campaign.save()
    for supplier in suppliers:
        Assessment.objects.create(campaign=campaign, framework=framework, supplier=supplier, due_date=due_date)
    audit_record(actor=actor, action="campaign.create", obj=campaign, after={
        "framework": framework.pk, "due_date": due_date, "suppliers": sorted(s.pk for s in suppliers),
    })
    return campaign


@enforces(can.can_manage_suppliers, message=MANAGERS_ONLY)
@transaction.atomic
def self_assessment_create(*, actor: User, framework: Framework, due_date: dt.date | None = None) -> Assessment:
    """The outsourcer's own self-check with the same framework (no campaign)."""
    assessment = Assessment.objects.create(framework=framework, supplier=actor.organisation, due_date=due_date)
    audit_record(actor=actor, action="assessment.create", obj=assessment, after={"framework": framework.pk})
    return assessment
