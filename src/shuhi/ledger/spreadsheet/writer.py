"""The write half of the ledger import: compare the validated rows with the database and apply the difference.

Runs inside the importer's transaction. Assets are written with bulk inserts and updates, their
storage locations through the many-to-many table directly, and each created or changed asset gets
its own audit entry (before/after snapshots built from the rows in hand, without queries).
Unchanged rows write nothing, so re-importing an exported file leaves no trace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from shuhi.core.audit.services import audit_record_many
from shuhi.core.bulk import adapter, insert_rows
from shuhi.core.models import Organisation
from shuhi.ledger.models import InformationAsset, StorageLocation
from shuhi.ledger.services import location_create, location_update
from shuhi.ledger.spreadsheet.excel_format import norm
from shuhi.ledger.spreadsheet.results import ImportReport, ParsedRow, ParseResult

BATCH = 2000
FIELDS = [(f.name, f.attname) for f in InformationAsset._meta.concrete_fields]
ATTNAMES = [attname for _name, attname in FIELDS]
RELATIONS = {"tier": "tier_id", "department": "department_id", "owner": "owner_id"}
LocationThrough = InformationAsset.locations.through
ProjectThrough = InformationAsset.projects.through
OBJECT_TYPE = InformationAsset._meta.label_lower
# Dates that differ per row: adapted row by row; every other adapted default is adapted once.
CHANGEABLE_DATES = {"retention_until", "review_date"}
STAMPS = {"created_at", "updated_at"}
EMPTY = (None, "", {}, [])


@dataclass
class _Plan:
    creates: list[tuple[dict[str, Any], tuple[str, ...]]] = field(default_factory=list)
    # (current row values, changes, new location names or None when the locations stay)
    updates: list[tuple[dict[str, Any], dict[str, Any], tuple[str, ...] | None]] = field(default_factory=list)
    unchanged: int = 0


def _fields_of(values: dict[str, Any]) -> dict[str, Any]:
    """Parsed column values as model attributes (retention spreads over three of them)."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key == "retention":
            out["retention"], out["retention_years"], out["retention_until"] = value
        elif key in RELATIONS:
            out[RELATIONS[key]] = value
        elif key != "locations":
            out[key] = value
    return out


def _existing_assets(organisation: Organisation) -> tuple[dict[str, dict[str, Any]], dict[int, list[int]]]:
    rows = InformationAsset.objects.filter(organisation=organisation).values(*ATTNAMES)
    by_code = {row["code"]: row for row in rows}
    links: dict[int, list[int]] = {}
    pairs = LocationThrough.objects.filter(informationasset__organisation=organisation)
    for asset_id, location_id in pairs.values_list("informationasset_id", "storagelocation_id"):
        links.setdefault(asset_id, []).append(location_id)
    return by_code, links


def _plan_assets(organisation: Organisation, rows: list[ParsedRow], location_name_of: dict[int, str]) -> tuple[
        _Plan, dict[int, list[int]]]:
    by_code, links = _existing_assets(organisation)
    plan = _Plan()
    for parsed in rows:
        fields = _fields_of(parsed.values)
        names = parsed.values.get("locations")
        current = by_code.get(fields["code"])
        if current is None:
            plan.creates.append((fields, names or ()))
            continue
        changes = {key: value for key, value in fields.items() if current[key] != value}
        if names is not None:
            current_names = tuple(sorted(location_name_of[i] for i in links.get(current["id"], ())))
            names = None if names == current_names else names
        if changes or names is not None:
            plan.updates.append((current, changes, names))
        else:
            plan.unchanged += 1
    return plan, links


def _write_locations(*, actor: Any, organisation: Organisation, rows: list[ParsedRow], dry_run: bool,
                     report: ImportReport) -> None:
    """Upsert by name through the location services: a file holds few locations, and each is audited."""
    existing = {loc.name: loc for loc in StorageLocation.objects.filter(organisation=organisation)}
    loose = {norm(name): loc for name, loc in existing.items()}
    tiers = {tier.pk: tier for tier in organisation.tiers.all()}
    for parsed in rows:
        values = dict(parsed.values)
        name, tier = values.pop("name"), tiers[values.pop("tier")]
        location = existing.get(name) or loose.get(norm(name))
        if location is None:
            report.locations_created += 1
            if not dry_run:
                location_create(actor=actor, organisation=organisation, name=name, tier=tier, **values)
            continue
        changes = {key: value for key, value in values.items() if _location_current(location, key) != value}
        if location.tier_id != tier.pk:
            changes["tier"] = tier
        if changes:
            report.locations_updated += 1
            if not dry_run:
                location_update(actor=actor, location=location, **changes)


def _location_current(location: StorageLocation, key: str) -> Any:
    if key == "path_patterns":
        return "\n".join(location.patterns)
    return getattr(location, key)


def _snapshot(data: dict[str, Any], locations: list[int], projects: list[int]) -> dict[str, Any]:
    """The shape `shuhi.core.audit.services.snapshot` gives, from values in hand."""
    snap = {name: data[attname] for name, attname in FIELDS}
    snap["projects"] = sorted(projects)
    snap["locations"] = sorted(locations)
    return snap


def _asset_defaults() -> dict[str, Any]:
    defaults = {}
    for model_field in InformationAsset._meta.concrete_fields:
        if not model_field.primary_key:
            defaults[model_field.attname] = model_field.get_default()
    return defaults


def _create_assets(organisation: Organisation, plan: _Plan, location_ids: dict[str, int]) -> list[dict[str, Any]]:
    now = timezone.now()
    base = {**_asset_defaults(), "organisation_id": organisation.pk, "created_at": now, "updated_at": now}
    attnames = list(base)
    adapters = [(i, adapter(InformationAsset._meta.get_field(a))) for i, a in enumerate(attnames)]
    adapters = [(i, adapt) for i, adapt in adapters if adapt is not None]
    constant = {i: adapt(base[attnames[i]]) for i, adapt in adapters if attnames[i] not in CHANGEABLE_DATES}
    rows, datas = [], []
    for fields, _names in plan.creates:
        data = {**base, **fields}
        values = [data[a] for a in attnames]
        for i, adapt in adapters:
            values[i] = constant[i] if i in constant else adapt(values[i])
        rows.append(tuple(values))
        datas.append(data)
    insert_rows(InformationAsset, attnames, rows)
    ids = dict(InformationAsset.objects.filter(organisation=organisation).values_list("code", "pk"))
    links, records = [], []
    for data, (_fields, names) in zip(datas, plan.creates, strict=True):
        data["id"] = ids[data["code"]]
        located = [location_ids[name] for name in names]
        links.extend((data["id"], i) for i in located)
        records.append({"action": "asset.create", "object_type": OBJECT_TYPE, "object_id": str(data["id"]),
                        "object_repr": f"{data['code']} {data['name']}"[:300], "organisation_id": organisation.pk,
                        "after": _created_snapshot(data, located)})
    insert_rows(LocationThrough, ["informationasset_id", "storagelocation_id"], links)
    return records


def _created_snapshot(data: dict[str, Any], locations: list[int]) -> dict[str, Any]:
    """The new asset's fields; empty ones are left out, which keeps a 100,000-row import's audit log lean."""
    snap = {name: data[attname] for name, attname in FIELDS if data[attname] not in EMPTY and name not in STAMPS}
    if locations:
        snap["locations"] = sorted(locations)
    return snap


def _update_assets(organisation: Organisation, plan: _Plan, location_ids: dict[str, int],
                   links: dict[int, list[int]]) -> list[dict[str, Any]]:
    now = timezone.now()
    ids = [current["id"] for current, _changes, _names in plan.updates]
    projects: dict[int, list[int]] = {}
    for start in range(0, len(ids), BATCH):
        pairs = ProjectThrough.objects.filter(informationasset_id__in=ids[start:start + BATCH])
        for asset_id, project_id in pairs.values_list("informationasset_id", "project_id"):
            projects.setdefault(asset_id, []).append(project_id)
    objects, records, relinked, changed_fields = [], [], [], {"updated_at"}
    for current, changes, names in plan.updates:
        after = {**current, **changes, "updated_at": now}
        objects.append(InformationAsset(**after))
        changed_fields.update(changes)
        new_links = links.get(current["id"], []) if names is None else [location_ids[n] for n in names]
        if names is not None:
            relinked.append((current["id"], new_links))
        records.append({
            "action": "asset.update", "object_type": OBJECT_TYPE, "object_id": str(current["id"]),
            "object_repr": f"{after['code']} {after['name']}"[:300], "organisation_id": organisation.pk,
            "before": _snapshot(current, links.get(current["id"], []), projects.get(current["id"], [])),
            "after": _snapshot(after, new_links, projects.get(current["id"], [])),
        })
    InformationAsset.objects.bulk_update(objects, sorted(changed_fields), batch_size=500)
    _relink(relinked)
    return records


def _relink(relinked: list[tuple[int, list[int]]]) -> None:
    for start in range(0, len(relinked), BATCH):
        chunk = relinked[start:start + BATCH]
        LocationThrough.objects.filter(informationasset_id__in=[asset_id for asset_id, _ in chunk]).delete()
        LocationThrough.objects.bulk_create(
            [LocationThrough(informationasset_id=a, storagelocation_id=i) for a, ids in chunk for i in ids],
            batch_size=BATCH * 5)


def plan_and_write(*, actor: Any, organisation: Organisation, parsed: ParseResult, dry_run: bool) -> ImportReport:
    """Apply a validated file: locations first (assets may name them), then assets, then the audit entries."""
    report = ImportReport()
    _write_locations(actor=actor, organisation=organisation, rows=parsed.locations, dry_run=dry_run, report=report)
    if not parsed.assets:
        return report
    locations = list(StorageLocation.objects.filter(organisation=organisation).values_list("name", "pk"))
    location_name_of = {pk: name for name, pk in locations}
    plan, links = _plan_assets(organisation, parsed.assets, location_name_of)
    report.created, report.updated, report.unchanged = len(plan.creates), len(plan.updates), plan.unchanged
    if dry_run:
        return report
    location_ids = _location_ids(locations)
    records = _create_assets(organisation, plan, location_ids) if plan.creates else []
    if plan.updates:
        records += _update_assets(organisation, plan, location_ids, links)
    audit_record_many(actor=actor, records=records)
    return report


class _LooseIds(dict):
    """Location name → id, also for a name written with other width or case than the stored one."""

    def __missing__(self, name: str) -> int:
        return self.loose[norm(name)]


def _location_ids(locations: list[tuple[str, int]]) -> dict[str, int]:
    ids = _LooseIds(locations)
    ids.loose = {norm(name): pk for name, pk in locations}
    return ids
