"""What a pledge says and names: its scope from the ledger, its text from a template, its hash.

Nothing here writes. services.py calls these to draft, review and acknowledge pledges;
`pledge_verify` re-reads a stored pledge and says whether its text or scope changed since the
person acknowledged it.

Placeholders a template body may use (Japanese and English names are the same placeholder):

| placeholder | filled with |
|---|---|
| `{氏名}` / `{name}` | the person's name |
| `{社員番号}` / `{employee_number}` | the employee number |
| `{会社名}` / `{company}` | the outsourcer's name (the company the pledge is made to) |
| `{所属}` / `{employer}` | the organisation employing the person (a supplier for its on-site staff) |
| `{部署}` / `{department}` | the person's department |
| `{プロジェクト}` / `{projects}` | the person's projects, or the event's project |
| `{日付}` / `{date}` | the date of the event (else the day the draft is made) |
| `{対象資産一覧}` / `{assets}` | the secrets named: one line per asset, with ID, name, tier and locations |
| `{保管場所一覧}` / `{locations}` | the storage locations of those assets |

Unknown placeholders are left as written, so a typo shows in the draft instead of vanishing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from shuhi.core.models import Organisation
from shuhi.ledger.models import InformationAsset, StorageLocation
from shuhi.people.hooks import log_review_providers

# The review period before the exit whose logs name what the leaver touched, and how many of the
# assets kept in one touched location the exit pledge names.
EXIT_PERIOD_DAYS = 90
ASSETS_PER_LOCATION = 50

PLACEHOLDERS = {
    "name": ("{氏名}", "{name}"),
    "employee_number": ("{社員番号}", "{employee_number}"),
    "company": ("{会社名}", "{company}"),
    "employer": ("{所属}", "{employer}"),
    "department": ("{部署}", "{department}"),
    "projects": ("{プロジェクト}", "{projects}"),
    "date": ("{日付}", "{date}"),
    "assets": ("{対象資産一覧}", "{assets}"),
    "locations": ("{保管場所一覧}", "{locations}"),
}


def home_of(organisation: Organisation) -> Organisation:
    """The outsourcer whose register and ledger a person's pledges draw on."""
    if organisation.is_home:
        return organisation
    return Organisation.objects.filter(kind=Organisation.Kind.HOME).order_by("pk").first() or organisation


# ---- scope ---------------------------------------------------------------------------------------


def ledger_scope(person, *, minimum_tier=None, projects=None) -> list[dict[str, Any]]:
    """The ledger assets of the person's projects and department at or above `minimum_tier`.

    Each item: code, name, tier, tier_rank, locations (names), source "ledger". Highest tier first.
    `projects` overrides the person's projects (a project pledge names that project's assets).
    """
    home = home_of(person.organisation)
    project_ids = [p.pk for p in (projects if projects is not None else person.projects.all())]
    reach = Q(projects__in=project_ids) if project_ids else Q(pk__in=[])
    if person.department_id and projects is None:
        reach |= Q(department_id=person.department_id)
    assets = InformationAsset.objects.filter(organisation=home).filter(reach)
    if minimum_tier is not None:
        assets = assets.filter(tier__rank__gte=minimum_tier.rank)
    items = _items(assets, "ledger")
    return sorted(items, key=lambda item: (-item["tier_rank"], item["code"]))


def _items(assets, source: str) -> list[dict[str, Any]]:
    """Scope items for the assets of a queryset, in two queries whatever their number.

    Plain rows, not model instances: an exit pledge may name thousands of assets, and building an
    instance and a related manager per asset cost most of the time of drafting it."""
    rows = list(assets.order_by().values_list("pk", "code", "name", "tier__name", "tier__rank").distinct())
    where: dict[int, list[str]] = {}
    through = InformationAsset.locations.through.objects.filter(
        informationasset_id__in=assets.order_by().values("pk")).order_by()
    for asset_id, name in through.values_list("informationasset_id", "storagelocation__name"):
        where.setdefault(asset_id, []).append(name)
    return [{"code": code, "name": name, "tier": tier, "tier_rank": rank, "locations": sorted(where.get(pk, ())),
             "source": source} for pk, code, name, tier, rank in rows]


def log_review_exit_scope(person, *, period_days: int = EXIT_PERIOD_DAYS, end: dt.date | None = None,
                          minimum_tier=None) -> list[dict[str, Any]]:
    """Classified storage locations, and the assets kept there, the person actually touched in the
    `period_days` before `end` (the exit date), according to the log review.

    Asked of the log-review provider (hooks.py) with the ledger's storage locations and their path
    patterns; the provider reads its event store through the log-review engine's API, never the
    files. Nothing when no provider or no log source is configured, or no location has patterns.
    Items take the ledger's shape with source "log_review"; a location's code is `LOC-<id>`.
    """
    providers = log_review_providers()
    if not providers:
        return []
    home = home_of(person.organisation)
    locations = StorageLocation.objects.filter(organisation=home).select_related("tier")
    if minimum_tier is not None:
        locations = locations.filter(tier__rank__gte=minimum_tier.rank)
    by_name = {loc.name: loc for loc in locations if loc.patterns}
    if not by_name:
        return []
    last = end or person.left_on or dt.date.today()
    first = last - dt.timedelta(days=period_days)
    identities = [value for value in (person.employee_number, person.email) if value]
    patterns = {name: loc.patterns for name, loc in by_name.items()}
    seen: dict[str, dict[str, Any]] = {}
    for provider in providers:
        for touch in provider.touched(home, identities, first, last, patterns):
            row = seen.setdefault(touch["location"], {"events": 0, "first": touch["first"], "last": touch["last"]})
            row["events"] += touch["events"]
            row["first"], row["last"] = min(row["first"], touch["first"]), max(row["last"], touch["last"])
    items = [{"code": f"LOC-{by_name[name].pk}", "name": name, "tier": by_name[name].tier.name,
              "tier_rank": by_name[name].tier.rank, "locations": [name], "source": "log_review", "kind": "location",
              "events": row["events"], "first": _day(row["first"]), "last": _day(row["last"])}
             for name, row in seen.items() if name in by_name]
    items += _assets_in([by_name[name] for name in seen if name in by_name], minimum_tier)
    return sorted(items, key=lambda item: (-item["tier_rank"], item.get("kind") != "location", item["code"]))


def _day(value: Any) -> str:
    return value.date().isoformat() if isinstance(value, dt.datetime) else str(value)[:10]


def _assets_in(locations, minimum_tier) -> list[dict[str, Any]]:
    """The assets the ledger keeps in the touched locations, at most ASSETS_PER_LOCATION each
    (highest tier first): a share may hold thousands, and a pledge names what matters most."""
    items: dict[str, dict[str, Any]] = {}
    for location in locations:
        assets = InformationAsset.objects.filter(locations=location)
        if minimum_tier is not None:
            assets = assets.filter(tier__rank__gte=minimum_tier.rank)
        first = assets.order_by("-tier__rank", "code").values_list("pk", flat=True)[:ASSETS_PER_LOCATION]
        for item in _items(InformationAsset.objects.filter(pk__in=list(first)), "log_review"):
            items.setdefault(item["code"], item)
    return sorted(items.values(), key=lambda item: (-item["tier_rank"], item["code"]))


def scope_for(person, kind: str, *, minimum_tier=None, project=None, on: dt.date | None = None) -> list[dict[str, Any]]:
    """The concrete scope of a new pledge of `kind`: the ledger's, and at exit also the logs'."""
    items = ledger_scope(person, minimum_tier=minimum_tier, projects=[project] if project is not None else None)
    if kind == "exit":
        known = {item["code"] for item in items}
        items += [item for item in log_review_exit_scope(person, end=on, minimum_tier=minimum_tier)
                  if item.get("code") not in known]
    return items


# ---- text ----------------------------------------------------------------------------------------


def asset_lines(items: list[dict[str, Any]]) -> str:
    if not items:
        return "—"
    lines = []
    for item in items:
        if item.get("kind") == "location":
            lines.append(f"・保管場所 {item['name']}（{item['tier']}／ログ上の利用 {item['events']}件、"
                         f"{item['first']}〜{item['last']}）")
            continue
        where = "、".join(item.get("locations") or []) or "—"
        lines.append(f"・{item['code']} {item['name']}（{item['tier']}／{where}）")
    return "\n".join(lines)


def location_lines(items: list[dict[str, Any]]) -> str:
    names = sorted({name for item in items for name in item.get("locations") or []})
    return "\n".join(f"・{name}" for name in names) or "—"


def render(body: str, *, person, items: list[dict[str, Any]], date: dt.date, project=None) -> str:
    """The body with its placeholders filled for `person` and `items`."""
    projects = [project] if project is not None else list(person.projects.all())
    values = {
        "name": person.name,
        "employee_number": person.employee_number,
        "company": home_of(person.organisation).name,
        "employer": person.organisation.name,
        "department": person.department.name if person.department_id else "—",
        "projects": "、".join(p.name for p in projects) or "—",
        "date": date.isoformat(),
        "assets": asset_lines(items),
        "locations": location_lines(items),
    }
    for key, names in PLACEHOLDERS.items():
        for name in names:
            body = body.replace(name, values[key])
    return body


# ---- hash and tamper check -----------------------------------------------------------------------


def canonical(text: str, items: list[dict[str, Any]]) -> bytes:
    """The exact bytes an acknowledgement covers: the text and the scope as canonical JSON."""
    return json.dumps({"text": text, "scope": items}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def digest(text: str, items: list[dict[str, Any]]) -> str:
    return hashlib.sha256(canonical(text, items)).hexdigest()


@dataclass(frozen=True)
class Verification:
    signed: bool  # whether there is an acknowledgement (or a paper signature) to check against
    intact: bool  # the stored text and scope still hash to what was acknowledged
    recorded: str
    computed: str


def pledge_verify(pledge) -> Verification:
    """Recompute the SHA-256 of the stored text and scope and compare it with the one recorded
    when the pledge was acknowledged (or signed on paper). intact is False when either changed."""
    pledge.refresh_from_db(fields=["text", "items", "sha256", "status"])
    computed = digest(pledge.text, pledge.items)
    signed = bool(pledge.sha256) and pledge.status in pledge.SIGNED
    return Verification(signed=signed, intact=signed and computed == pledge.sha256, recorded=pledge.sha256,
                        computed=computed)
