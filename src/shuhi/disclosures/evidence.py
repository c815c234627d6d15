"""The evidence pack of one asset (秘密管理性の証拠): what shows the secret was managed as a secret.

A court asks whether the holder of a trade secret managed it as one (秘密管理性), besides its
usefulness (有用性) and non-public status (非公知性). The pack gathers, for one asset, what the
register knows: how it was classified and why, where it is kept and who may open it there, how
well the files there carry their label, every disclosure with its NDA and the stamped copies'
fingerprints and hashes, each return or destruction, and the audit entries that recorded all of
it, with the verification of the whole chain and its head hash.

`build_pack` returns plain data (JSON as it is), `render_pack_pdf` the same data as a PDF in the
user's language with IPAex Gothic embedded. Every read goes through the gate; the caller must hold
`can_read_holders`. The command line reads as the system actor, which sees the whole register.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from shuhi.core.audit.models import AuditChainHead, AuditEntry
from shuhi.core.audit.verify import verify_chain
from shuhi.core.pdf import build, key_values, para, styles, table, text
from shuhi.core.permissions import is_system, require
from shuhi.disclosures import permissions as can
from shuhi.disclosures.models import DisclosedFile, Disclosure, LeakResponse, Nda
from shuhi.ledger.models import ClassificationRule, InformationAsset, StorageLocation
from shuhi.people.models import Pledge
from shuhi.scans.models import ScannedFile, ScanRun

# At most this many scanned files are listed per location; the counts cover them all.
FILES_LISTED = 200
PLEDGES_NOTE = ("pledges of the people of the suppliers it was disclosed to, and every pledge that names "
                "the asset")


def _rows(model, user: Any):
    """The gate: a user sees what `visible_to` gives them; the command line's system actor sees all."""
    return model.objects.all() if is_system(user) else model.objects.visible_to(user)


def _plain(value: Any) -> Any:
    """Lazy translations (choice labels) as the text they read now: the pack is plain JSON."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Promise):
        return str(value)
    return value


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _when(value) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _person(user) -> str | None:
    return (user.full_name or user.email) if user is not None else None


# ---- the asset and its classification ----------------------------------------------------------


def _asset_part(asset: InformationAsset) -> dict[str, Any]:
    return {
        "id": asset.pk, "code": asset.code, "name": asset.name, "description": asset.description,
        "category": asset.get_category_display(), "tier": asset.tier.name, "tier_key": asset.tier.key,
        "owner": _person(asset.owner), "department": asset.department.name if asset.department_id else None,
        "retention": asset.get_retention_display(), "retention_until": _date(asset.retention_until),
        "disposal_method": asset.disposal_method, "label_status": asset.get_label_status_display(),
    }


def _classification_part(asset: InformationAsset, user: Any) -> dict[str, Any]:
    answers = asset.rule_answers or {}
    rules = (_rows(ClassificationRule, user).filter(organisation_id=asset.organisation_id)
             .select_related("tier_if_yes").order_by("order", "pk"))
    return {
        "tier": asset.tier.name,
        "suggested_tier": asset.suggested_tier.name if asset.suggested_tier_id else None,
        "rules": [{"id": rule.pk, "question": rule.question, "answer": answers.get(str(rule.pk)),
                   "tier_if_yes": rule.tier_if_yes.name, "identifies_trade_secret": rule.identifies_trade_secret}
                  for rule in rules],
        "is_trade_secret": asset.is_trade_secret,
        "usefulness_reason": asset.usefulness_reason,
        "non_public_reason": asset.non_public_reason,
    }


# ---- where it is kept, who may open it, and the labels found there ------------------------------


def _scanned(location: StorageLocation, user: Any) -> dict[str, Any]:
    """The files the latest finished scan found in `location`, their label's tier against the location's."""
    files = _rows(ScannedFile, user).filter(location=location, run__status=ScanRun.Status.DONE)
    run_id = files.aggregate(run=Max("run_id"))["run"]
    if run_id is None:
        return {"run_id": None, "scanned_at": None, "files": 0, "labelled": 0, "below_location_tier": 0,
                "listed": [], "truncated": False}
    latest = files.filter(run_id=run_id).select_related("tier", "location_tier", "run").prefetch_related("findings")
    listed, total, labelled, below = [], 0, 0, 0
    scanned_at = None
    for row in latest.order_by("path", "pk"):
        scanned_at = scanned_at or (row.run.finished_at or row.run.created_at)
        weaker = row.location_tier is not None and (row.tier is None or row.tier.rank < row.location_tier.rank)
        total, labelled, below = total + 1, labelled + bool(row.tier_key), below + weaker
        if len(listed) < FILES_LISTED:
            listed.append({"path": row.path, "tier_found": row.tier.name if row.tier_id else (row.tier_key or None),
                           "location_tier": row.location_tier.name if row.location_tier_id else None,
                           "labelled": bool(row.tier_key), "below_location_tier": weaker, "error": row.error,
                           "findings": [f.get_kind_display() for f in row.findings.all()]})
    return {"run_id": run_id, "scanned_at": _when(scanned_at), "files": total, "labelled": labelled,
            "below_location_tier": below, "listed": listed, "truncated": total > len(listed)}


def _locations_part(asset: InformationAsset, user: Any) -> list[dict[str, Any]]:
    locations = _rows(StorageLocation, user).filter(pk__in=asset.locations.values("pk")).select_related("tier")
    return [{"id": loc.pk, "name": loc.name, "kind": loc.get_kind_display(), "tier": loc.tier.name,
             "access_groups": loc.access_groups, "path_patterns": loc.patterns, "description": loc.description,
             "coverage": _scanned(loc, user)} for loc in locations.order_by("name", "pk")]


# ---- disclosures, their NDAs, files and certifications ------------------------------------------


def _nda_part(nda: Nda | None, today) -> dict[str, Any] | None:
    if nda is None:
        return None
    return {
        "id": nda.pk, "reference": nda.reference, "title": nda.title, "state": nda.state_label(today),
        "counterparty": nda.counterparty.name, "starts_on": _date(nda.starts_on), "ends_on": _date(nda.ends_on),
        "scope": {"categories": [InformationAsset.Category(c).label if c in InformationAsset.Category.values else c
                                 for c in nda.scope_categories or ()],
                  "assets": [a.code for a in nda.scope_assets.all()],
                  "projects": [p.name for p in nda.scope_projects.all()]},
        "obligations": {"requires_marking": nda.requires_marking, "end_action": nda.get_end_action_display(),
                        "allows_redisclosure": nda.allows_redisclosure,
                        "notify_within_hours": nda.notify_within_hours},
        "document_sha256": nda.document_sha256 or None,
    }


def _certification(disclosure: Disclosure, entries: dict[str, AuditEntry]) -> dict[str, Any] | None:
    if disclosure.status not in Disclosure.ENDED:
        return None
    entry = entries.get(str(disclosure.pk))
    return {"method": disclosure.get_status_display(), "on": _date(disclosure.ended_on),
            "statement": disclosure.end_statement, "by": _person(disclosure.ended_by),
            "audit_entry_id": entry.pk if entry else None, "audit_entry_hash": entry.hash if entry else None}


def _disclosures(asset: InformationAsset, user: Any) -> list[Disclosure]:
    return list(_rows(Disclosure, user).filter(assets=asset)
                .select_related("supplier", "recipient", "parent", "ended_by", "nda__supplier", "nda__sub_supplier")
                .prefetch_related("nda__scope_assets", "nda__scope_projects").order_by("requested_at", "pk"))


def _disclosures_part(asset: InformationAsset, disclosures: list[Disclosure], user: Any,
                      ended: dict[str, AuditEntry]) -> list[dict[str, Any]]:
    today = timezone.localdate()
    ndas = set(_rows(Nda, user).filter(pk__in={d.nda_id for d in disclosures if d.nda_id}).values_list("pk", flat=True))
    files: dict[int, list[DisclosedFile]] = {}
    for f in (_rows(DisclosedFile, user).filter(disclosure__in=[d.pk for d in disclosures])
              .filter(Q(asset=asset) | Q(asset__isnull=True)).order_by("added_at", "pk")):
        files.setdefault(f.disclosure_id, []).append(f)
    out = []
    for d in disclosures:
        sub = d.recipient_id != d.supplier_id
        out.append({
            "id": d.pk, "number": d.number, "holder": d.recipient.name, "through": d.supplier.name if sub else None,
            "tier_in_chain": 2 if sub else 1, "re_disclosed_from": d.parent.number if d.parent_id else None,
            "status": d.status, "status_label": d.get_status_display(), "purpose": d.purpose,
            "justification": d.justification, "exception_executive": d.exception_executive or None,
            "handed_over_on": _date(d.handed_over_on), "due_date": _date(d.due_date), "copies": d.copies,
            "nda": _nda_part(d.nda if d.nda_id in ndas else None, today),
            "files": [{"name": f.original_name, "fingerprint": f.fingerprint or None, "sha256": f.sha256,
                       "original_sha256": f.original_sha256, "stamped": f.stamped, "downloads": f.downloads}
                      for f in files.get(d.pk, [])],
            "certification": _certification(d, ended),
        })
    return out


def _pledges_part(asset: InformationAsset, disclosures: list[Disclosure], user: Any) -> list[dict[str, Any]]:
    """The pledges of the people of the suppliers that hold the asset, and every pledge naming it.

    Through the gate: a reader without the people register's view sees none of them."""
    holders = {d.recipient_id for d in disclosures} | {d.supplier_id for d in disclosures}
    # A coarse text match first (JSON containment differs between SQLite and PostgreSQL), then exact.
    rows = (_rows(Pledge, user).filter(Q(person__organisation_id__in=holders) | Q(items__icontains=asset.code))
            .select_related("person__organisation").order_by("person__organisation__name", "person__employee_number",
                                                               "created_at", "pk"))
    out = []
    for p in rows:
        names = any(item.get("code") == asset.code for item in p.items)
        if not names and p.person.organisation_id not in holders:
            continue
        out.append({"id": p.pk, "person": f"{p.person.employee_number} {p.person.name}",
                    "organisation": p.person.organisation.name, "kind": p.get_kind_display(), "title": p.title,
                    "status": p.get_status_display(), "names_asset": names,
                    "signed": _when(p.acknowledged_at) or _date(p.signed_on), "sha256": p.sha256 or None})
    return out


# ---- the audit chain ----------------------------------------------------------------------------


def _audit_entries(asset: InformationAsset, disclosures: list[Disclosure], user: Any) -> list[AuditEntry]:
    ids = [d.pk for d in disclosures]
    file_ids = DisclosedFile.objects.filter(disclosure__in=ids).values_list("pk", flat=True)
    nda_ids = {d.nda_id for d in disclosures if d.nda_id}
    leak_ids = LeakResponse.objects.filter(asset=asset).values_list("pk", flat=True)
    wanted = Q(object_type=InformationAsset._meta.label_lower, object_id=str(asset.pk))
    for model, pks in ((Disclosure, ids), (DisclosedFile, file_ids), (Nda, nda_ids), (LeakResponse, leak_ids)):
        keys = [str(pk) for pk in pks]
        if keys:
            wanted |= Q(object_type=model._meta.label_lower, object_id__in=keys)
    return list(_rows(AuditEntry, user).filter(wanted).select_related("actor").order_by("id"))


def _audit_part(entries: list[AuditEntry]) -> dict[str, Any]:
    result = verify_chain()
    head = AuditChainHead.objects.first()
    return {
        "entries": [{"id": e.pk, "time": _when(e.created_at), "actor": e.actor_label, "action": e.action,
                     "object_type": e.object_type, "object_id": e.object_id, "object": e.object_repr,
                     "hash": e.hash} for e in entries],
        "verification": {"ok": result.ok, "checked": result.checked, "bad_entry": result.bad_entry,
                         "reason": result.reason, "last_id": result.last_id, "last_hash": result.last_hash},
        "head": {"last_id": head.last_id if head else 0, "last_hash": head.last_hash if head else result.last_hash,
                 "signed_at": _when(head.signed_at) if head else None},
    }


def build_pack(asset: InformationAsset, *, user: Any) -> dict[str, Any]:
    """Everything that shows `asset` was managed as a secret, as plain data."""
    require(can.can_read_holders(user, asset))
    asset = (_rows(InformationAsset, user).select_related("tier", "suggested_tier", "owner", "department")
             .get(pk=asset.pk))
    disclosures = _disclosures(asset, user)
    entries = _audit_entries(asset, disclosures, user)
    ended = {e.object_id: e for e in entries
             if e.action == "disclosure.end" and e.object_type == Disclosure._meta.label_lower}
    return _plain({
        "generated_at": _when(timezone.now()), "generated_by": str(user) if is_system(user) else _person(user),
        "asset": _asset_part(asset),
        "classification": _classification_part(asset, user),
        "locations": _locations_part(asset, user),
        "disclosures": _disclosures_part(asset, disclosures, user, ended),
        "pledges": _pledges_part(asset, disclosures, user), "pledges_note": PLEDGES_NOTE,
        "audit": _audit_part(entries),
    })


# ---- the PDF ------------------------------------------------------------------------------------


def _yes_no(value) -> str:
    if value is None:
        return _("not answered")
    return _("yes") if value else _("no")


def _pdf_asset(pack: dict[str, Any], s) -> list:
    a, c = pack["asset"], pack["classification"]
    story = [para(_("The asset"), s["heading"]), key_values([
        (_("Asset ID"), a["code"]), (_("Name"), a["name"]), (_("Category"), a["category"]), (_("Tier"), a["tier"]),
        (_("Owner"), a["owner"]), (_("Department"), a["department"]), (_("Label"), a["label_status"]),
        (_("Retention"), f"{a['retention']} {a['retention_until'] or ''}".strip()),
        (_("Disposal method"), a["disposal_method"]),
    ])]
    story += [para(_("Classification decision"), s["heading"]), key_values([
        (_("Tier decided"), c["tier"]), (_("Tier the rules suggest"), c["suggested_tier"]),
        (_("Trade secret"), _yes_no(c["is_trade_secret"])),
        (_("Usefulness (有用性)"), c["usefulness_reason"]), (_("Non-public status (非公知性)"), c["non_public_reason"]),
    ])]
    if c["rules"]:
        rows = [[_("Rule"), _("Answer"), _("Tier if yes"), _("Identifies a trade secret")]]
        rows += [[r["question"], _yes_no(r["answer"]), r["tier_if_yes"], _yes_no(r["identifies_trade_secret"])]
                 for r in c["rules"]]
        story.append(table(rows, [100 * mm, 20 * mm, 30 * mm, 30 * mm]))
    return story


def _pdf_locations(pack: dict[str, Any], s) -> list:
    story = [para(_("Storage locations, access restriction and label coverage"), s["heading"])]
    if not pack["locations"]:
        story.append(para(_("No storage location is recorded for this asset.")))
    for loc in pack["locations"]:
        cov = loc["coverage"]
        story += [Spacer(1, 4), key_values([
            (_("Location"), f"{loc['name']} ({loc['kind']})"), (_("Tier"), loc["tier"]),
            (_("Who may access"), loc["access_groups"]), (_("Path patterns"), "\n".join(loc["path_patterns"])),
            (_("Latest scan"), _("%(when)s: %(labelled)s of %(files)s files labelled, %(below)s below the "
                                 "location's tier") % {"when": text(cov["scanned_at"]), "labelled": cov["labelled"],
                                                       "files": cov["files"], "below": cov["below_location_tier"]}
             if cov["run_id"] else _("never scanned")),
        ])]
        if cov["listed"]:
            rows = [[_("File"), _("Tier found"), _("Tier of the location"), _("Findings")]]
            rows += [[f["path"], f["tier_found"] or _("no label"), f["location_tier"], ", ".join(f["findings"])]
                     for f in cov["listed"]]
            story.append(table(rows, [80 * mm, 25 * mm, 25 * mm, 50 * mm]))
            if cov["truncated"]:
                story.append(para(_("Only the first %(n)s files are listed.") % {"n": len(cov["listed"])}, s["small"]))
    return story


def _pdf_disclosure(d: dict[str, Any], s) -> list:
    nda = d["nda"]
    holder = d["holder"] + (_(" (through %(supplier)s)") % {"supplier": d["through"]} if d["through"] else "")
    pairs = [(_("Disclosure number"), d["number"]), (_("Holder"), holder), (_("Status"), d["status_label"]),
             (_("Purpose"), d["purpose"]), (_("Handed over on"), d["handed_over_on"]),
             (_("Return or destroy by"), d["due_date"]), (_("Copies"), d["copies"])]
    if d["exception_executive"]:
        pairs.append((_("Executive exception"), d["exception_executive"]))
    if nda:
        ob = nda["obligations"]
        pairs += [(_("NDA"), f"{nda['reference']} {nda['title']} ({nda['state']})"),
                  (_("NDA term"), f"{nda['starts_on']} – {nda['ends_on']}"),
                  (_("NDA scope"), " / ".join(filter(None, [", ".join(nda["scope"]["categories"]),
                                                             ", ".join(nda["scope"]["assets"]),
                                                             ", ".join(nda["scope"]["projects"])]))),
                  (_("NDA obligations"), _("marking required: %(mark)s; at the end: %(end)s; re-disclosure "
                                           "allowed: %(re)s; report an incident within %(hours)s hours") % {
                      "mark": _yes_no(ob["requires_marking"]), "end": ob["end_action"],
                      "re": _yes_no(ob["allows_redisclosure"]), "hours": ob["notify_within_hours"]})]
    else:
        pairs.append((_("NDA"), _("none recorded")))
    cert = d["certification"]
    if cert:
        pairs += [(_("Certified"), f"{cert['method']} {cert['on']} — {text(cert['by'])}"),
                  (_("Statement"), cert["statement"]),
                  (_("Audit entry"), f"#{cert['audit_entry_id']} {cert['audit_entry_hash']}"
                   if cert["audit_entry_id"] else None)]
    story = [Spacer(1, 6), key_values(pairs)]
    if d["files"]:
        rows = [[_("File"), _("Fingerprint"), _("SHA-256 of the stamped copy")]]
        rows += [[f["name"], f["fingerprint"] or _("not stamped"), f["sha256"]] for f in d["files"]]
        story.append(table(rows, [55 * mm, 30 * mm, 95 * mm]))
    return story


def _pdf_audit(pack: dict[str, Any], s) -> list:
    audit = pack["audit"]
    v, head = audit["verification"], audit["head"]
    verdict = (_("The chain verifies: %(n)s entries checked.") % {"n": v["checked"]} if v["ok"]
               else _("The chain does NOT verify at entry #%(id)s: %(reason)s") % {"id": v["bad_entry"],
                                                                                   "reason": v["reason"]})
    story = [para(_("Audit chain"), s["heading"]), key_values([
        (_("Verification"), verdict), (_("Head entry"), f"#{head['last_id']}"), (_("Head hash"), head["last_hash"]),
        (_("Head signed"), head["signed_at"]),
    ])]
    if audit["entries"]:
        rows = [[_("Entry"), _("Time"), _("Actor"), _("Action"), _("Object"), _("Entry hash")]]
        rows += [[f"#{e['id']}", e["time"], e["actor"], e["action"], e["object"], e["hash"]]
                 for e in audit["entries"]]
        story.append(table(rows, [12 * mm, 28 * mm, 30 * mm, 25 * mm, 35 * mm, 50 * mm], style=s["small"]))
    return story


def render_pack_pdf(pack: dict[str, Any]) -> bytes:
    """The pack of `build_pack` as a PDF, with IPAex Gothic embedded."""
    s = styles()
    a = pack["asset"]
    title = _("Evidence of secrecy management: %(code)s %(name)s") % {"code": a["code"], "name": a["name"]}
    story = [para(title, s["title"]),
             para(_("Generated %(when)s by %(who)s from shuhi's register.") % {
                 "when": pack["generated_at"], "who": pack["generated_by"]}, s["small"])]
    story += _pdf_asset(pack, s)
    story += _pdf_locations(pack, s)
    story.append(para(_("Disclosures"), s["heading"]))
    if not pack["disclosures"]:
        story.append(para(_("This asset was never disclosed.")))
    for d in pack["disclosures"]:
        story += _pdf_disclosure(d, s)
    story.append(para(_("Pledges"), s["heading"]))
    if not pack["pledges"]:
        story.append(para(_("No pledge of the holders' people or naming this asset is recorded.")))
    else:
        head = [_("Person"), _("Organisation"), _("Pledge"), _("Status"), _("Signed"), _("Names the asset")]
        story.append(table([head] + [[p["person"], p["organisation"], p["title"], p["status"], p["signed"] or "—",
                                      _yes_no(p["names_asset"])] for p in pack["pledges"]]))
    story += _pdf_audit(pack, s)
    return build(story, title=title)
