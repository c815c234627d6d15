"""Writes for NDAs, the disclosure policy and disclosures. Each is guarded, atomic and audited.

A disclosure moves request → approve or reject → hand over → receipt confirmed → returned or
destroyed (or is withdrawn before the hand-over). The policy checks of policy.py run at the
request and again at the decision.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shuhi.core.audit.services import audit_record, snapshot
from shuhi.core.models import Organisation, User
from shuhi.core.permissions import enforces, require
from shuhi.core.storage import check_private_upload, delete_unless_committed
from shuhi.disclosures import permissions as can
from shuhi.disclosures import policy as rules
from shuhi.disclosures.models import (
    DisclosedFile,
    Disclosure,
    DisclosurePolicy,
    EndAction,
    Nda,
    NdaReminder,
)
from shuhi.documents.isolated import stamp_isolated
from shuhi.documents.stamp import FORMATS as STAMPABLE
from shuhi.documents.stamp_marks import StampError
from shuhi.ledger.models import InformationAsset, Tier

NDA_FIELDS = ["reference", "title", "starts_on", "ends_on", "requires_marking", "end_action", "allows_redisclosure",
              "notify_within_hours", "scope_categories"]
CATEGORIES = {value for value, _label in InformationAsset.Category.choices}


def _today() -> dt.date:
    return timezone.localdate()


def _next_number(model, organisation: Organisation, prefix: str) -> str:
    """D-2026-0001: the year's next number. Called under the organisation's row lock, so two
    requests at once cannot take the same one."""
    year = _today().year
    stem = f"{prefix}-{year}-"
    taken = model.objects.filter(organisation=organisation, number__startswith=stem).values_list("number", flat=True)
    highest = max((int(n.removeprefix(stem)) for n in taken if n.removeprefix(stem).isdigit()), default=0)
    return f"{stem}{highest + 1:04d}"


def _lock(organisation: Organisation) -> None:
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


def _locked(disclosure: Disclosure) -> Disclosure:
    """Lock the row, then refresh the caller's own object, so that the state checked and changed
    is the stored one and the caller sees the change."""
    list(Disclosure.objects.select_for_update().filter(pk=disclosure.pk).values_list("pk"))
    disclosure.refresh_from_db()
    return disclosure


# ---- NDAs --------------------------------------------------------------------------------------


def _check_parties(organisation: Organisation, supplier: Organisation, sub_supplier: Organisation | None) -> None:
    if supplier.is_home or supplier.parent_id is not None:
        raise ValidationError({"supplier": _("Choose a supplier the outsourcer contracts with directly.")})
    if sub_supplier is not None and sub_supplier.parent_id != supplier.pk:
        raise ValidationError({"sub_supplier": _("%(sub)s is not a sub-supplier of %(supplier)s.")
                               % {"sub": sub_supplier, "supplier": supplier}})
    if not organisation.is_home:
        raise ValidationError(_("NDAs are registered by the outsourcer."))


def _check_nda_fields(fields: dict[str, Any]) -> None:
    errors = {}
    if fields.get("starts_on") and fields.get("ends_on") and fields["ends_on"] < fields["starts_on"]:
        errors["ends_on"] = _("The end must not come before the start.")
    unknown = set(fields.get("scope_categories") or ()) - CATEGORIES
    if unknown:
        errors["scope_categories"] = _("Unknown asset categories: %(names)s") % {"names": ", ".join(sorted(unknown))}
    if not str(fields.get("reference", "x")).strip():
        errors["reference"] = _("Give the contract number.")
    if fields.get("end_action") and fields["end_action"] not in EndAction.values:
        errors["end_action"] = _("Choose return, destruction or either.")
    if errors:
        raise ValidationError(errors)


def _scope_rows(organisation: Organisation, assets, projects) -> tuple[list, list]:
    assets, projects = list(assets or ()), list(projects or ())
    if any(a.organisation_id != organisation.pk for a in assets):
        raise ValidationError({"scope_assets": _("Choose assets of your own ledger.")})
    if any(p.organisation_id != organisation.pk for p in projects):
        raise ValidationError({"scope_projects": _("Choose projects of your own organisation.")})
    return assets, projects


@enforces(can.can_manage_ndas, obj="organisation")
@transaction.atomic
def nda_create(*, actor: Any, organisation: Organisation, supplier: Organisation,
               sub_supplier: Organisation | None = None, assets=(), projects=(), activate: bool = False,
               **fields: Any) -> Nda:
    _check_parties(organisation, supplier, sub_supplier)
    _check_nda_fields(fields)
    assets, projects = _scope_rows(organisation, assets, projects)
    nda = Nda(organisation=organisation, supplier=supplier, sub_supplier=sub_supplier, created_by=_user(actor),
              status=Nda.Status.ACTIVE if activate else Nda.Status.DRAFT,
              **{k: v for k, v in fields.items() if k in NDA_FIELDS})
    nda.full_clean()
    nda.save()
    nda.scope_assets.set(assets)
    nda.scope_projects.set(projects)
    audit_record(actor=actor, action="nda.create", obj=nda, after=snapshot(nda))
    return nda


@enforces(can.can_manage_ndas, obj="nda")
@transaction.atomic
def nda_update(*, actor: Any, nda: Nda, assets=None, projects=None, **fields: Any) -> Nda:
    if nda.status == Nda.Status.TERMINATED:
        raise ValidationError(_("A terminated NDA cannot be changed."))
    before = snapshot(nda)
    # The stored dates as dates (a snapshot holds them as text), so that a change of one is checked
    # against the other.
    _check_nda_fields({"starts_on": nda.starts_on, "ends_on": nda.ends_on, **fields})
    for name, value in fields.items():
        if name in NDA_FIELDS:
            setattr(nda, name, value)
    nda.full_clean()
    nda.save()
    if assets is not None or projects is not None:
        new_assets, new_projects = _scope_rows(nda.organisation, assets, projects)
        if assets is not None:
            nda.scope_assets.set(new_assets)
        if projects is not None:
            nda.scope_projects.set(new_projects)
    audit_record(actor=actor, action="nda.update", obj=nda, before=before, after=snapshot(nda))
    return nda


@enforces(can.can_manage_ndas, obj="nda")
@transaction.atomic
def nda_activate(*, actor: Any, nda: Nda) -> Nda:
    if nda.status != Nda.Status.DRAFT:
        raise ValidationError(_("Only a draft NDA can be put in force."))
    nda.status = Nda.Status.ACTIVE
    nda.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="nda.activate", obj=nda, after={"status": nda.status})
    return nda


@enforces(can.can_manage_ndas, obj="nda")
@transaction.atomic
def nda_terminate(*, actor: Any, nda: Nda, reason: str) -> Nda:
    if nda.status == Nda.Status.TERMINATED:
        raise ValidationError(_("This NDA is already terminated."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the NDA ends early.")})
    nda.status = Nda.Status.TERMINATED
    nda.terminated_reason = reason.strip()[:300]
    nda.save(update_fields=["status", "terminated_reason", "updated_at"])
    audit_record(actor=actor, action="nda.terminate", obj=nda, after={"reason": nda.terminated_reason})
    return nda


@enforces(can.can_manage_ndas, obj="nda")
@transaction.atomic
def nda_attach_document(*, actor: Any, nda: Nda, upload) -> Nda:
    """The signed copy, under the same rules as supplier evidence; a new upload replaces the old one."""
    _content_type, data = check_private_upload(upload)
    old = nda.document.name
    nda.document.save(upload.name, ContentFile(data), save=False)
    delete_unless_committed(nda.document.storage, nda.document.name)
    nda.document_name = Path(upload.name).name[:255]
    nda.document_sha256 = hashlib.sha256(data).hexdigest()
    nda.save(update_fields=["document", "document_name", "document_sha256", "updated_at"])
    if old:
        transaction.on_commit(lambda: nda.document.storage.delete(old))
    audit_record(actor=actor, action="nda.document", obj=nda,
                 after={"name": nda.document_name, "sha256": nda.document_sha256})
    return nda


@enforces(can.can_record_nda_reminders)
@transaction.atomic
def nda_reminders_record(*, actor: Any, today: dt.date | None = None) -> list[NdaReminder]:
    """One reminder per NDA that ends within the warning period, and one when it has ended;
    repeated runs add nothing new."""
    today = today or _today()
    horizon = today + dt.timedelta(days=30)
    made = []
    for nda in Nda.objects.filter(status=Nda.Status.ACTIVE, ends_on__lte=horizon):
        kind = NdaReminder.Kind.EXPIRED if nda.ends_on < today else NdaReminder.Kind.EXPIRING
        reminder, created = NdaReminder.objects.get_or_create(nda=nda, kind=kind, ends_on=nda.ends_on)
        if created:
            made.append(reminder)
            audit_record(actor=actor, action="nda.reminder", obj=nda, after={"kind": kind, "ends_on": nda.ends_on})
    return made


# ---- the policy ---------------------------------------------------------------------------------


def policy_for(organisation: Organisation) -> DisclosurePolicy:
    """The organisation's policy, made with the defaults the first time it is needed."""
    found = DisclosurePolicy.objects.filter(organisation=organisation).first()
    if found is not None:
        return found
    policy = DisclosurePolicy.objects.create(organisation=organisation)
    tiers = sorted(Tier.objects.filter(organisation=organisation), key=lambda t: t.rank)
    # The defaults of document-labels.md: what may not be disclosed (極秘) needs an exception;
    # every tier above the lowest (社外秘 and up) needs an NDA and stamping.
    policy.exception_tiers.set([t for t in tiers if not t.may_disclose])
    policy.nda_tiers.set(tiers[1:])
    policy.stamp_tiers.set(tiers[1:])
    return policy


def policy_facts(policy: DisclosurePolicy) -> rules.PolicyFacts:
    return rules.PolicyFacts(
        exception_tier_ids=frozenset(policy.exception_tiers.values_list("pk", flat=True)),
        nda_tier_ids=frozenset(policy.nda_tiers.values_list("pk", flat=True)),
        stamp_tier_ids=frozenset(policy.stamp_tiers.values_list("pk", flat=True)),
        require_justification=policy.require_justification,
        warn_over_assets=policy.warn_over_assets,
    )


@enforces(can.can_manage_ndas, obj="organisation")
@transaction.atomic
def policy_update(*, actor: Any, organisation: Organisation, exception_tiers, nda_tiers, stamp_tiers,
                  require_justification: bool, warn_over_assets: int) -> DisclosurePolicy:
    policy = policy_for(organisation)
    before = snapshot(policy)
    for tier in [*exception_tiers, *nda_tiers, *stamp_tiers]:
        if tier.organisation_id != organisation.pk:
            raise ValidationError(_("Choose your organisation's own tiers."))
    policy.require_justification = require_justification
    policy.warn_over_assets = warn_over_assets
    policy.save()
    policy.exception_tiers.set(exception_tiers)
    policy.nda_tiers.set(nda_tiers)
    policy.stamp_tiers.set(stamp_tiers)
    audit_record(actor=actor, action="disclosure_policy.update", obj=policy, before=before, after=snapshot(policy))
    return policy


# ---- disclosures --------------------------------------------------------------------------------


def _nda_facts(nda: Nda) -> rules.NdaFacts:
    return rules.NdaFacts(
        pk=nda.pk, reference=nda.reference, active=nda.status == Nda.Status.ACTIVE, starts_on=nda.starts_on,
        ends_on=nda.ends_on, asset_ids=frozenset(a.pk for a in nda.scope_assets.all()),
        categories=frozenset(nda.scope_categories or ()),
        project_ids=frozenset(p.pk for p in nda.scope_projects.all()), allows_redisclosure=nda.allows_redisclosure,
    )


def _asset_facts(asset: InformationAsset) -> rules.AssetFacts:
    return rules.AssetFacts(pk=asset.pk, label=str(asset), tier_id=asset.tier_id, tier_name=asset.tier.name,
                            category=asset.category, project_ids=frozenset(p.pk for p in asset.projects.all()))


def ndas_between(supplier: Organisation, recipient: Organisation):
    """The NDAs under which `recipient` may receive secrets in `supplier`'s chain."""
    rows = Nda.objects.filter(supplier=supplier).prefetch_related("scope_assets", "scope_projects")
    if recipient.pk == supplier.pk:
        return rows.filter(sub_supplier__isnull=True)
    return rows.filter(sub_supplier=recipient)


def request_facts(*, supplier: Organisation, recipient: Organisation, assets: list[InformationAsset], purpose: str,
                  justification: str, due_date: dt.date, parent: Disclosure | None = None,
                  exception_given: bool = False, today: dt.date | None = None) -> rules.RequestFacts:
    return rules.RequestFacts(
        recipient=recipient.name, assets=tuple(_asset_facts(a) for a in assets), purpose=purpose or "",
        justification=justification or "", due_date=due_date, today=today or _today(),
        ndas=tuple(_nda_facts(n) for n in ndas_between(supplier, recipient)),
        parent_nda=_nda_facts(parent.nda) if parent is not None and parent.nda_id else None,
        redisclosure=parent is not None, exception_given=exception_given,
    )


def check_policy(disclosure_or_none: Disclosure | None = None, *, deciding: bool = False, exception_given=False,
                 **facts: Any) -> rules.Verdict:
    """The policy verdict for a request being made (facts) or a stored request (the disclosure)."""
    if disclosure_or_none is not None:
        d = disclosure_or_none
        facts = {"supplier": d.supplier, "recipient": d.recipient, "assets": list(d.assets.select_related("tier")),
                 "purpose": d.purpose, "justification": d.justification, "due_date": d.due_date, "parent": d.parent}
        organisation = d.organisation
    else:
        organisation = facts.pop("organisation")
    verdict_facts = request_facts(**facts, exception_given=exception_given)
    return rules.check_request(verdict_facts, policy_facts(policy_for(organisation)), deciding=deciding)


def _raise_errors(verdict: rules.Verdict) -> None:
    if not verdict.allowed:
        raise ValidationError([f.message for f in verdict.errors])


def _covering_nda(supplier: Organisation, recipient: Organisation, assets, due_date: dt.date) -> Nda | None:
    """The NDA the disclosure is made under: the active one covering the most of its assets."""
    facts = [_asset_facts(a) for a in assets]
    best, best_count = None, 0
    today = _today()
    for nda in ndas_between(supplier, recipient):
        known = _nda_facts(nda)
        if not (known.active and known.starts_on <= today and known.ends_on >= due_date):
            continue
        count = sum(known.covers(a) for a in facts)
        if count > best_count:
            best, best_count = nda, count
    return best


def _user(actor: Any) -> User | None:
    return actor if isinstance(actor, User) else None


def _check_request(supplier: Organisation, recipient: Organisation, assets, channel: str, copies: int,
                   due_date: dt.date, organisation: Organisation) -> None:
    errors = {}
    if supplier.is_home or supplier.parent_id is not None:
        errors["supplier"] = _("Choose a supplier the outsourcer contracts with directly.")
    elif recipient.pk != supplier.pk and recipient.parent_id != supplier.pk:
        errors["recipient"] = _("%(org)s is not %(supplier)s or one of its sub-suppliers.") % {
            "org": recipient, "supplier": supplier}
    if channel not in Disclosure.Channel.values:
        errors["channel"] = _("Choose how the secrets are handed over.")
    if not 1 <= copies <= 1000:
        errors["copies"] = _("Give the number of copies (1 to 1,000).")
    if due_date <= _today():
        errors["due_date"] = _("The due date for return or destruction must be in the future.")
    if any(a.organisation_id != organisation.pk for a in assets):
        errors["assets"] = _("Choose assets of your own ledger.")
    if errors:
        raise ValidationError(errors)


@enforces(can.can_request_disclosure)
@transaction.atomic
def disclosure_request(*, actor: Any, organisation: Organisation, supplier: Organisation, assets: list,
                       purpose: str, justification: str, due_date: dt.date, channel: str = Disclosure.Channel.PORTAL,
                       copies: int = 1, end_action: str = EndAction.EITHER) -> Disclosure:
    """A request to give `assets` to `supplier`; refused with every error of the policy at once."""
    assets = list(assets)
    for asset in assets:
        require(can.can_request_disclosure(actor, asset),
                _("You may request disclosures only of your own department's assets."))
    _check_request(supplier, supplier, assets, channel, copies, due_date, organisation)
    verdict = check_policy(organisation=organisation, supplier=supplier, recipient=supplier, assets=assets,
                           purpose=purpose, justification=justification, due_date=due_date)
    _raise_errors(verdict)
    _lock(organisation)
    disclosure = Disclosure.objects.create(
        organisation=organisation, number=_next_number(Disclosure, organisation, "D"), supplier=supplier,
        recipient=supplier, purpose=purpose.strip(), justification=justification.strip(), due_date=due_date,
        channel=channel, copies=copies, end_action=end_action, requested_by=_user(actor),
        nda=_covering_nda(supplier, supplier, assets, due_date), warnings=[f.as_dict() for f in verdict.warnings])
    disclosure.assets.set(assets)
    audit_record(actor=actor, action="disclosure.request", obj=disclosure, after=snapshot(disclosure))
    return disclosure


@enforces(can.can_request_redisclosure, obj="parent")
@transaction.atomic
def disclosure_request_redisclosure(*, actor: Any, parent: Disclosure, sub_supplier: Organisation, assets: list,
                                    purpose: str, justification: str, due_date: dt.date,
                                    channel: str = Disclosure.Channel.PORTAL, copies: int = 1) -> Disclosure:
    """A supplier asks to pass secrets it holds on to its sub-supplier; the outsourcer decides."""
    assets = list(assets)
    held = set(parent.assets.values_list("pk", flat=True))
    if not assets or any(a.pk not in held for a in assets):
        raise ValidationError({"assets": _("Choose among the assets of disclosure %(number)s.")
                               % {"number": parent.number}})
    if sub_supplier.parent_id != parent.recipient_id:
        raise ValidationError({"sub_supplier": _("Choose one of your own sub-suppliers.")})
    if due_date > parent.due_date:
        raise ValidationError({"due_date": _("The sub-supplier must return or destroy them by %(date)s, when you must.")
                               % {"date": parent.due_date.isoformat()}})
    _check_request(parent.supplier, sub_supplier, assets, channel, copies, due_date, parent.organisation)
    verdict = check_policy(organisation=parent.organisation, supplier=parent.supplier, recipient=sub_supplier,
                           assets=assets, purpose=purpose, justification=justification, due_date=due_date,
                           parent=parent)
    _raise_errors(verdict)
    _lock(parent.organisation)
    disclosure = Disclosure.objects.create(
        organisation=parent.organisation, number=_next_number(Disclosure, parent.organisation, "D"),
        supplier=parent.supplier, recipient=sub_supplier, parent=parent, purpose=purpose.strip(),
        justification=justification.strip(), due_date=due_date, channel=channel, copies=copies,
        end_action=parent.end_action, requested_by=_user(actor),
        nda=_covering_nda(parent.supplier, sub_supplier, assets, due_date),
        warnings=[f.as_dict() for f in verdict.warnings])
    disclosure.assets.set(assets)
    audit_record(actor=actor, action="disclosure.request", obj=disclosure, after=snapshot(disclosure))
    return disclosure


@enforces(can.can_decide_disclosure, obj="disclosure")
@transaction.atomic
def disclosure_decide(*, actor: Any, disclosure: Disclosure, approve: bool, reason: str = "",
                      exception_executive: str = "", exception_reason: str = "") -> Disclosure:
    """Approve (the policy is checked again, with the executive exception if one is given) or reject."""
    disclosure = _locked(disclosure)
    require(can.can_decide_disclosure(actor, disclosure), _("This request has already been decided."))
    if approve:
        given = bool(exception_executive.strip() and exception_reason.strip())
        if bool(exception_executive.strip()) != bool(exception_reason.strip()):
            raise ValidationError({"exception_reason": _(
                "An exception needs both the executive who allowed it and the reason.")})
        _raise_errors(check_policy(disclosure, deciding=True, exception_given=given))
        disclosure.status = Disclosure.Status.APPROVED
        disclosure.exception_executive = exception_executive.strip()[:200]
        disclosure.exception_reason = exception_reason.strip()
        if disclosure.nda_id is None:
            disclosure.nda = _covering_nda(disclosure.supplier, disclosure.recipient, disclosure.assets.all(),
                                           disclosure.due_date)
    else:
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the request is rejected.")})
        disclosure.status = Disclosure.Status.REJECTED
    disclosure.decision_reason = reason.strip()
    disclosure.decided_by = _user(actor)
    disclosure.decided_at = timezone.now()
    disclosure.save()
    audit_record(actor=actor, action="disclosure.approve" if approve else "disclosure.reject", obj=disclosure,
                 after=snapshot(disclosure, ["status", "decision_reason", "exception_executive", "exception_reason",
                                             "nda"]))
    return disclosure


@enforces(can.can_withdraw_disclosure, obj="disclosure")
@transaction.atomic
def disclosure_withdraw(*, actor: Any, disclosure: Disclosure, reason: str = "") -> Disclosure:
    disclosure.status = Disclosure.Status.CANCELLED
    disclosure.decision_reason = reason.strip()
    disclosure.save(update_fields=["status", "decision_reason", "updated_at"])
    audit_record(actor=actor, action="disclosure.withdraw", obj=disclosure,
                 after={"reason": disclosure.decision_reason})
    return disclosure


def _tier_of(disclosure: Disclosure, asset: InformationAsset | None) -> Tier:
    if asset is not None:
        return asset.tier
    return max((a.tier for a in disclosure.assets.select_related("tier")), key=lambda t: t.rank)


def _stamp_tier_key(tier: Tier) -> str:
    return tier.key if tier.key in {"top_secret", "confidential", "public"} else tier.name


@enforces(can.can_add_disclosed_file, obj="disclosure")
@transaction.atomic
def disclosed_file_add(*, actor: Any, disclosure: Disclosure, upload, asset: InformationAsset | None = None
                       ) -> DisclosedFile:
    """Stamp an uploaded document with the recipient and a fingerprint of this file, and keep the copy.

    The original is not kept: only the stamped copy may leave. Formats the engine cannot stamp are
    accepted only for tiers the policy does not require stamping for.
    """
    if asset is not None and not disclosure.assets.filter(pk=asset.pk).exists():
        raise ValidationError({"asset": _("Choose one of this disclosure's assets.")})
    _content_type, data = check_private_upload(upload)
    name = Path(upload.name).name[:255]
    tier = _tier_of(disclosure, asset)
    index = disclosure.files.count() + 1
    fingerprint = f"{disclosure.number}.{index}"
    stampable = Path(name).suffix.lower() in STAMPABLE
    if not stampable and rules.must_stamp(tier.pk, policy_facts(policy_for(disclosure.organisation))):
        raise ValidationError(_("%(tier)s documents must be stamped before they leave, and shuhi stamps PDF, Word, "
                                "Excel and PowerPoint files. Convert %(name)s to one of these.")
                              % {"tier": tier.name, "name": name})
    stamped = _stamp(data, name, tier, disclosure, fingerprint) if stampable else data
    record = DisclosedFile(disclosure=disclosure, asset=asset, original_name=name, size=len(stamped),
                           original_sha256=hashlib.sha256(data).hexdigest(),
                           sha256=hashlib.sha256(stamped).hexdigest(), fingerprint=fingerprint if stampable else "",
                           stamped=stampable, added_by=_user(actor))
    record.file.save(name, ContentFile(stamped), save=False)
    delete_unless_committed(record.file.storage, record.file.name)
    record.save()
    audit_record(actor=actor, action="disclosed_file.add", obj=record, after={
        "disclosure": disclosure.number, "name": name, "sha256": record.sha256, "fingerprint": record.fingerprint})
    return record


def _stamp(data: bytes, name: str, tier: Tier, disclosure: Disclosure, fingerprint: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="shuhi-stamp-") as folder:
        src = Path(folder) / f"in{Path(name).suffix.lower()}"
        dst = Path(folder) / f"out{Path(name).suffix.lower()}"
        src.write_bytes(data)
        try:
            stamp_isolated(src, dst, tier=_stamp_tier_key(tier), owner=disclosure.organisation.name,
                           recipient=disclosure.recipient.name, disclosure_id=fingerprint)
        except StampError as exc:
            raise ValidationError(_("%(name)s could not be stamped: %(reason)s") % {"name": name, "reason": exc}
                                  ) from exc
        return dst.read_bytes()


@enforces(can.can_add_disclosed_file, obj="disclosure")
@transaction.atomic
def disclosed_file_remove(*, actor: Any, disclosure: Disclosure, file: DisclosedFile) -> None:
    """Before the hand-over a wrong file can be taken back out."""
    if file.disclosure_id != disclosure.pk:
        raise ValidationError(_("That file belongs to another disclosure."))
    name, path = file.original_name, file.file.name
    storage = file.file.storage
    file.delete()
    transaction.on_commit(lambda: storage.delete(path))
    audit_record(actor=actor, action="disclosed_file.remove", obj=disclosure, after={"name": name})


@enforces(can.can_hand_over, obj="disclosure")
@transaction.atomic
def disclosure_hand_over(*, actor: Any, disclosure: Disclosure, on: dt.date | None = None) -> Disclosure:
    """The secrets leave: for a portal download the stamped files must be there."""
    disclosure = _locked(disclosure)
    require(can.can_hand_over(actor, disclosure), _("Only an approved disclosure can be handed over."))
    if disclosure.channel in (Disclosure.Channel.PORTAL, Disclosure.Channel.EMAIL) and not disclosure.files.exists():
        raise ValidationError(_("Add the stamped files first: this disclosure goes by %(channel)s.")
                              % {"channel": disclosure.get_channel_display()})
    disclosure.status = Disclosure.Status.HANDED_OVER
    disclosure.handed_over_on = on or _today()
    disclosure.handed_over_by = _user(actor)
    disclosure.save()
    audit_record(actor=actor, action="disclosure.hand_over", obj=disclosure,
                 after={"on": disclosure.handed_over_on,
                        "files": list(disclosure.files.values_list("sha256", flat=True))})
    return disclosure


@enforces(can.can_confirm_receipt, obj="disclosure")
@transaction.atomic
def disclosure_confirm_receipt(*, actor: Any, disclosure: Disclosure) -> Disclosure:
    disclosure.status = Disclosure.Status.RECEIVED
    disclosure.received_at = timezone.now()
    disclosure.received_by = _user(actor)
    disclosure.save(update_fields=["status", "received_at", "received_by", "updated_at"])
    audit_record(actor=actor, action="disclosure.receive", obj=disclosure, after={"at": disclosure.received_at})
    return disclosure


@enforces(can.can_certify_end, obj="disclosure")
@transaction.atomic
def disclosure_certify_end(*, actor: Any, disclosure: Disclosure, method: str, statement: str,
                           on: dt.date | None = None) -> Disclosure:
    """The holder certifies that every copy was returned or destroyed; its own re-disclosures must end first."""
    if method not in (Disclosure.Status.RETURNED, Disclosure.Status.DESTROYED):
        raise ValidationError({"method": _("Choose return or destruction.")})
    if disclosure.end_action == EndAction.RETURN and method != Disclosure.Status.RETURNED:
        raise ValidationError({"method": _("This disclosure must be returned, not destroyed.")})
    if disclosure.end_action == EndAction.DESTROY and method != Disclosure.Status.DESTROYED:
        raise ValidationError({"method": _("This disclosure must be destroyed, not returned.")})
    if not statement.strip():
        raise ValidationError({"statement": _("Say how and by whom the copies were returned or destroyed.")})
    open_children = disclosure.redisclosures.filter(status__in=[*Disclosure.HELD, Disclosure.Status.APPROVED,
                                                                Disclosure.Status.REQUESTED])
    if open_children.exists():
        raise ValidationError(_("The sub-supplier still holds or awaits these secrets (%(numbers)s): end that first.")
                              % {"numbers": ", ".join(open_children.values_list("number", flat=True))})
    on = on or _today()
    if on > _today() or (disclosure.handed_over_on and on < disclosure.handed_over_on):
        raise ValidationError({"on": _("Give the day it was done: not in the future, not before the hand-over.")})
    disclosure.status = method
    disclosure.ended_on = on
    disclosure.ended_by = _user(actor)
    disclosure.end_statement = statement.strip()
    disclosure.save()
    audit_record(actor=actor, action="disclosure.end", obj=disclosure,
                 after={"method": method, "on": on, "statement": disclosure.end_statement})
    return disclosure


@enforces(can.can_download_disclosed_file, obj="file")
@transaction.atomic
def disclosed_file_downloaded(*, actor: Any, file: DisclosedFile) -> DisclosedFile:
    """Counts and records a supplier's download: who took a copy and when is part of the evidence."""
    if getattr(actor, "is_supplier", False):
        DisclosedFile.objects.filter(pk=file.pk).update(downloads=file.downloads + 1)
        audit_record(actor=actor, action="disclosed_file.download", obj=file, after={"sha256": file.sha256})
    return file


def open_file(file: DisclosedFile):
    with contextlib.suppress(FileNotFoundError):
        return file.file.open("rb")
    return None
