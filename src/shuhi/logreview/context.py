"""Context of a review: people, classified locations, domain and keyword lists, weights.

Defaults live in `default_context.yaml`; a context file (`--context FILE`) is merged over them.
People come from CERT LDAP snapshots (a user absent from later snapshots has left, the exit date
being the first missing month) or from an HR CSV; classified locations from the ledger's export.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_CONTEXT = Path(__file__).with_name("default_context.yaml")
UNKNOWN_GROUP = "(unknown)"

LOCATION_HEADERS = {
    "name": ("保管場所", "name", "location"),
    "tier": ("格付け", "tier", "classification"),
    "paths": ("パス", "path", "paths", "path_patterns"),
}
HR_HEADERS = {
    "user": ("user", "user_id", "userid", "社員番号", "id"),
    "name": ("name", "employee_name", "氏名"),
    "email": ("email", "mail"),
    "role": ("role", "職種", "役割"),
    "department": ("department", "部署"),
    "supervisor": ("supervisor", "上長"),
    "projects": ("projects", "プロジェクト"),
    "hire": ("hire_date", "hire", "入社日"),
    "exit": ("exit_date", "exit", "退職日"),
}


@dataclass
class Person:
    user: str
    name: str = ""
    email: str = ""
    role: str = ""
    department: str = ""
    supervisor: str = ""
    projects: str = ""
    hire: dt.date | None = None
    exit: dt.date | None = None
    traits: dict[str, float] = field(default_factory=dict)  # CERT psychometric O, C, E, A, N


@dataclass
class Location:
    name: str
    tier: str
    patterns: list[str]


@dataclass
class Context:
    settings: dict[str, Any]
    locations: list[Location] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)

    # --- conveniences read by the indicators ---
    def domains(self, category: str) -> list[str]:
        return sorted({d.lower().strip() for d in self.settings["domains"].get(category, []) if d})

    def keywords(self, category: str) -> list[str]:
        return sorted({k.lower() for k in self.settings["keywords"].get(category, []) if k})

    def threshold(self, name: str) -> Any:
        return self.settings["thresholds"][name]

    def weight(self, indicator: str) -> float:
        return float(self.settings["weights"].get(indicator, 0.0))

    def tier_points(self, tier: str) -> int:
        key = self.settings.get("tier_aliases", {}).get(tier, tier)
        tiers = self.settings["tiers"]
        return int(tiers.get(key, tiers.get("unclassified", 1)))

    def peer_of(self, user: str) -> str:
        person = self.people.get(user)
        value = getattr(person, self.settings.get("peer_group", "role"), "") if person else ""
        return value or UNKNOWN_GROUP

    def team_of(self, user: str) -> str | None:
        person = self.people.get(user)
        if person is None:
            return None
        if person.supervisor:
            return "supervisor:" + person.supervisor
        return "department:" + person.department if person.department else None

    def feature_fingerprint(self) -> str:
        """A hash of everything the per-batch aggregates depend on: when it changes, they are
        recomputed; people and weights only matter at scoring time and are left out."""
        keys = ("working_hours", "internal_domains", "domains", "keywords", "tiers", "tier_aliases")
        payload = {k: self.settings.get(k) for k in keys}
        payload["mass"] = self.threshold("mass_email_recipients")
        payload["locations"] = [asdict(loc) for loc in self.locations]
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if key.endswith("_add") and isinstance(value, list):
            _append(out, key[: -len("_add")], value)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _append(tree: dict[str, Any], key: str, values: list[Any]) -> None:
    # `job_sites_add` lives under `domains:` or `keywords:` in the defaults; find where.
    for section in ("domains", "keywords"):
        if key in tree.get(section, {}):
            tree[section][key] = list(tree[section][key]) + list(values)
            return
    tree[key] = list(tree.get(key, [])) + list(values)


def _pick(row: dict[str, str], names: tuple[str, ...]) -> str:
    lowered = row if isinstance(row, _Lowered) else _Lowered(row)
    for name in names:
        value = lowered.get(name.lower())
        if value is not None:
            return value.strip()
    return ""


class _Lowered(dict):
    """A CSV row keyed by lower-cased, stripped column names. Built once per row: rebuilding it
    for every field picked made reading 17 LDAP snapshots cost a second."""

    def __init__(self, row: dict[str, str]) -> None:
        super().__init__((k.strip().lower(), v) for k, v in row.items() if k)


def _rows(handle: Any) -> list[_Lowered]:
    return [_Lowered(row) for row in csv.DictReader(handle)]


def read_locations_csv(path: Path) -> list[Location]:
    """The ledger's export: 保管場所/name, 格付け/tier, パス/path (patterns separated by `;`)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        Location(
            name=_pick(row, LOCATION_HEADERS["name"]),
            tier=_pick(row, LOCATION_HEADERS["tier"]),
            patterns=[p.strip() for p in _pick(row, LOCATION_HEADERS["paths"]).split(";") if p.strip()],
        )
        for row in rows
        if _pick(row, LOCATION_HEADERS["paths"])
    ]


def _parse_date(text: str) -> dt.date | None:
    text = (text or "").strip()
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text[:10], fmt).date()
        except ValueError:
            continue
    return None


def read_hr_csv(path: Path) -> dict[str, Person]:
    """An HR export, one row per person; columns named in `HR_HEADERS` (English or Japanese)."""
    people: dict[str, Person] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            user = _pick(row, HR_HEADERS["user"])
            if not user:
                continue
            values = {k: _pick(row, names) for k, names in HR_HEADERS.items() if k not in ("hire", "exit")}
            people[user] = Person(
                **values,
                hire=_parse_date(_pick(row, HR_HEADERS["hire"])),
                exit=_parse_date(_pick(row, HR_HEADERS["exit"])),
            )
    return people


def _month_start(stem: str) -> dt.date | None:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", stem)
    return dt.date(int(match[1]), int(match[2]), 1) if match else None


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def read_ldap(directory: Path) -> dict[str, Person]:
    """People from CERT's monthly LDAP snapshots (`LDAP/YYYY-MM.csv`)."""
    months = sorted((m, p) for p in directory.glob("*.csv") if (m := _month_start(p.stem)) is not None)
    people: dict[str, Person] = {}
    first_seen: dict[str, dt.date] = {}
    last_seen: dict[str, dt.date] = {}
    for month, path in months:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = _rows(handle)
        by_name = {_pick(r, ("employee_name",)): _pick(r, ("user_id",)) for r in rows}
        for row in rows:
            user = _pick(row, ("user_id",))
            if not user:
                continue
            supervisor = _pick(row, ("supervisor",))
            people[user] = Person(
                user=user,
                name=_pick(row, ("employee_name",)),
                email=_pick(row, ("email",)),
                role=_pick(row, ("role",)),
                department=_pick(row, ("department",)),
                supervisor=by_name.get(supervisor, supervisor),
                projects=_pick(row, ("projects",)),
            )
            first_seen.setdefault(user, month)
            last_seen[user] = month
    if not months:
        return people
    first_month, last_month = months[0][0], months[-1][0]
    for user, person in people.items():
        if first_seen[user] > first_month:
            person.hire = first_seen[user]
        if last_seen[user] < last_month:
            person.exit = _next_month(last_seen[user])
    return people


def read_psychometric(path: Path, people: dict[str, Person]) -> None:
    """CERT's optional psychometric.csv (employee_name,user_id,O,C,E,A,N), kept with each person
    for reviewers; no indicator uses it, personality is not evidence."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            person = people.get(_pick(row, ("user_id",)))
            if person is None:
                continue
            for trait in "OCEAN":
                value = _pick(row, (trait,))
                if value.replace(".", "", 1).isdigit():
                    person.traits[trait] = float(value)


def load_context(path: Path | str | None = None, *, cert_dir: Path | None = None) -> Context:
    """Defaults, merged with the context file, with people and locations resolved."""
    settings = yaml.safe_load(DEFAULT_CONTEXT.read_text(encoding="utf-8"))
    base_dir = Path(".")
    if path is not None:
        path = Path(path)
        base_dir = path.parent
        extra = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        settings = _merge(settings, extra)
    locations = [
        Location(
            str(loc.get("name", "")),
            str(loc.get("tier", "")),
            _as_patterns(loc.get("paths", loc.get("path"))),
        )
        for loc in settings.get("locations") or []
    ]
    if settings.get("locations_csv"):
        locations += read_locations_csv(base_dir / settings["locations_csv"])
    people: dict[str, Person] = {}
    if cert_dir is not None and (cert_dir / "LDAP").is_dir():
        people = read_ldap(cert_dir / "LDAP")
    if cert_dir is not None and (cert_dir / "psychometric.csv").is_file():
        read_psychometric(cert_dir / "psychometric.csv", people)
    if settings.get("hr_csv"):
        people.update(read_hr_csv(base_dir / settings["hr_csv"]))
    return Context(settings=settings, locations=locations, people=people)


def _as_patterns(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [p.strip() for p in str(value or "").split(";") if p.strip()]


_SPECIAL = set(".^$+{}[]\\|()")


def glob_to_regex(pattern: str) -> str:
    """A location pattern as a regex over lower-cased, `/`-separated paths (see the YAML)."""
    norm = pattern.strip().lower().replace("\\", "/")
    has_wildcard = any(ch in norm for ch in "*?")
    # Escape by hand: the regex runs on RE2 (DuckDB) and Java (Spark), which disagree with
    # Python's re.escape about escaped spaces and the like.
    body = "".join(
        ".*" if ch == "*" else "." if ch == "?" else ("\\" + ch if ch in _SPECIAL else ch) for ch in norm
    )
    return "^" + body + ("$" if has_wildcard else "(/|$)")
