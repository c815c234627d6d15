"""Source formats: how a CERT file or a generically mapped log becomes normalised events.

Every format compiles to one DuckDB `SELECT` over `read_csv`/`read_json` that yields the event
store's columns (`EVENT_COLUMNS`). Building SQL text here (rather than an Ibis expression) is
deliberate: ingest runs on DuckDB's CSV reader on either engine because it is the fastest way
to parse CSV and it records rejected rows with their line numbers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from shuhi.i18n import gettext as _

EVENT_COLUMNS = ("time", "user", "host", "kind", "action", "object", "destination", "size", "attrs")
KINDS = ("logon", "device", "file", "http", "email")
CERT_FILES = {f"{kind}.csv": kind for kind in KINDS}
CERT_TIME_FORMAT = "%m/%d/%Y %H:%M:%S"

# The columns of each CERT file; r6.2 adds the optional ones. Detection is by header so that
# r5-style files with any subset of the optional columns still load.
CERT_BASE_COLUMNS = {
    "logon": ["id", "date", "user", "pc", "activity"],
    "device": ["id", "date", "user", "pc", "activity"],
    "file": ["id", "date", "user", "pc", "filename", "content"],
    "http": ["id", "date", "user", "pc", "url", "content"],
    "email": ["id", "date", "user", "pc", "to", "cc", "bcc", "from", "size", "attachments", "content"],
}
CERT_R62_EXTRA = {
    "logon": [],
    "device": ["file_tree"],
    "file": ["activity", "to_removable_media", "from_removable_media"],
    "http": ["activity"],
    "email": ["activity"],
}


def q(identifier: str) -> str:
    """Quote an SQL identifier (column names come from files, so never trust them)."""
    return '"' + identifier.replace('"', '""') + '"'


def lit(value: str) -> str:
    """Quote an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


# Parquet options of every part of the event store. Format version 2 with zstd at level 1 is
# smaller than version 1 at zstd's default level and a quarter cheaper to write; DuckDB and
# Spark both read it.
PARQUET_OPTIONS = "(FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, PARQUET_VERSION V2, ROW_GROUP_SIZE 262144)"


def host_of_url(url: str) -> str:
    """SQL for the lower-cased host of a URL (with or without a scheme).

    Plain string functions rather than a regex: this runs on every web request (28 million rows
    in CERT r4.2) and a regex costs several times more. A `www.` prefix is left alone: domain
    lists match sub-domains anyway.
    """
    authority = (
        f"CASE WHEN contains({url}, '://') THEN split_part({url}, '/', 3) ELSE split_part({url}, '/', 1) END"
    )
    return f"lower(split_part(split_part({authority}, ':', 1), '?', 1))"


@dataclass(frozen=True)
class CsvLayout:
    """What DuckDB's reader needs: column names in file order, delimiter, time format."""

    columns: list[str]
    delimiter: str = ","
    time_column: str = "date"
    time_format: str = CERT_TIME_FORMAT
    header: bool = True
    fmt: str = "csv"  # csv | jsonl


@dataclass(frozen=True)
class SourceFile:
    """One input file with the SELECT that normalises it."""

    path: Path
    kind: str  # an event kind, or "mixed" for generic sources with a kind column
    layout: CsvLayout
    select_sql: str  # uses the placeholder relation name `src`
    column_set: str = ""


def read_header(path: Path, delimiter: str = ",") -> list[str]:
    with path.open("r", encoding="utf-8-sig", errors="replace") as handle:
        first = handle.readline().rstrip("\r\n")
    return [name.strip().strip('"') for name in first.split(delimiter)]


def detect_cert_columns(kind: str, header: list[str]) -> tuple[list[str], str]:
    """The file's columns (lower-cased) and its column set name, `r4.2` or `r6.2`."""
    names = [name.lower() for name in header]
    missing = [col for col in CERT_BASE_COLUMNS[kind] if col not in names and col != "content"]
    if missing:
        raise ValueError(_("%(kind)s.csv lacks CERT columns %(missing)s; header was %(header)s")
                         % {"kind": kind, "missing": missing, "header": header})
    extra = set(CERT_R62_EXTRA[kind]) & set(names)
    return names, ("r6.2" if extra else "r4.2")


def cert_select(kind: str, names: list[str]) -> str:
    """The normalising SELECT for one CERT file whose header is `names`."""
    has = set(names)
    time_user_host = 'date AS time, "user" AS "user", pc AS host'
    if kind in ("logon", "device"):
        obj = "file_tree" if "file_tree" in has else "NULL"
        body = f"lower(activity) AS action, {obj} AS object, NULL AS destination, NULL AS size, NULL AS attrs"
    elif kind == "file":
        if "to_removable_media" in has:
            action = "lower(regexp_replace(activity, '^[Ff]ile ', ''))"
            dest = "CASE WHEN upper(to_removable_media) = 'TRUE' THEN 'removable' END"
            attrs = "CASE WHEN upper(from_removable_media) = 'TRUE' THEN '{\"from_removable\": true}' END"
        else:
            # r4.2: every row of file.csv is a copy to removable media.
            action, dest, attrs = "'copy'", "'removable'", "NULL"
        body = (
            f"{action} AS action, filename AS object, {dest} AS destination, NULL AS size, {attrs} AS attrs"
        )
    elif kind == "http":
        action = "lower(regexp_replace(activity, '^(?i)www ', ''))" if "activity" in has else "'visit'"
        host = host_of_url("url")
        body = f"{action} AS action, url AS object, {host} AS destination, NULL AS size, NULL AS attrs"
    else:
        action = "lower(activity)" if "activity" in has else "'send'"
        # As written (not lower-cased): recipient tests lower-case each distinct list once
        # (features.recipient_flags) instead of every message here.
        dest = "concat_ws(';', nullif(\"to\", ''), nullif(cc, ''), nullif(bcc, ''))"
        # to_json of a struct rather than json_object: the same text on DuckDB, and it also reads
        # as Spark SQL (ingest on Spark goes through sqlglot, see ingest_spark.py).
        attrs = 'to_json(struct_pack("from" := "from"))'
        body = (
            f"{action} AS action, nullif(attachments, '') AS object, {dest} AS destination, "
            f"TRY_CAST(size AS BIGINT) AS size, CAST({attrs} AS VARCHAR) AS attrs"
        )
    return f"SELECT {time_user_host}, '{kind}' AS kind, {body} FROM src"  # noqa: S608 - identifiers quoted by q(), values by lit()


def cert_source_files(directory: Path) -> list[SourceFile]:
    """The event files of a CERT dataset directory (LDAP and psychometric are context)."""
    found: list[SourceFile] = []
    for name, kind in CERT_FILES.items():
        path = directory / name
        if not path.exists():
            continue
        names, column_set = detect_cert_columns(kind, read_header(path))
        layout = CsvLayout(columns=names)
        found.append(SourceFile(path, kind, layout, cert_select(kind, names), column_set))
    if not found:
        raise FileNotFoundError(_("no CERT event files (%(files)s) in %(directory)s")
                                % {"files": ", ".join(CERT_FILES), "directory": directory})
    return found


# --- generic mapping -------------------------------------------------------------------------


@dataclass
class Mapping:
    """A documented column → field mapping for a real log source (see mappings/README.md)."""

    kind: str | None
    fields: dict[str, Any]
    time_format: list[str]
    fmt: str = "csv"
    delimiter: str = ","
    kind_map: dict[str, Any] = field(default_factory=dict)
    action_map: dict[str, str] = field(default_factory=dict)
    attrs: list[str] = field(default_factory=list)
    name: str = ""


def load_mapping(path: Path) -> Mapping:
    text = path.read_text(encoding="utf-8")
    raw = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    if not isinstance(raw, dict) or "fields" not in raw:
        raise ValueError(_("%(path)s: a mapping needs a `fields:` table (field → source column)") % {"path": path})
    kind = raw.get("kind")
    if kind is not None and kind not in KINDS:
        raise ValueError(_("%(path)s: kind must be one of %(allowed)s, not %(kind)r")
                         % {"path": path, "allowed": ", ".join(KINDS), "kind": kind})
    if kind is None and not raw.get("kind_map"):
        raise ValueError(_("%(path)s: give a constant `kind` or a `kind_map`") % {"path": path})
    for required in ("time", "user"):
        if required not in raw["fields"]:
            raise ValueError(_("%(path)s: fields.%(field)s is required") % {"path": path, "field": required})
    return Mapping(
        kind=kind,
        fields=dict(raw["fields"]),
        time_format=_as_list(raw.get("time_format", "%Y-%m-%dT%H:%M:%S")),
        fmt=str(raw.get("format", "csv")).lower(),
        delimiter=str(raw.get("delimiter", ",")),
        kind_map=dict(raw.get("kind_map") or {}),
        action_map={str(k): str(v) for k, v in (raw.get("action_map") or {}).items()},
        attrs=list(raw.get("attrs") or []),
        name=str(raw.get("name", path.stem)),
    )


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _field_expr(spec: Any, *, time: bool = False, fmt: list[str] | None = None) -> str:
    """SQL for one mapped field: a column name, {const: X}, {json: COL, path: $.a.b},
    {column: COL, prefix: N} (the first N characters) or a list of those (first non-empty wins)."""
    if spec is None:
        return "NULL"
    if isinstance(spec, list):
        expr = "coalesce(" + ", ".join(f"nullif({_field_expr(s)}, '')" for s in spec) + ")"
    elif isinstance(spec, dict) and "const" in spec:
        expr = lit(str(spec["const"]))
    elif isinstance(spec, dict) and "json" in spec:
        expr = f"json_extract_string({q(str(spec['json']))}, {lit(str(spec.get('path', '$')))})"
    elif isinstance(spec, dict) and "column" in spec:
        expr = f"CAST({q(str(spec['column']))} AS VARCHAR)"
        if spec.get("prefix"):
            expr = f"left({expr}, {int(spec['prefix'])})"
    elif isinstance(spec, dict):
        raise ValueError(f"unknown field spec {spec!r}")
    else:
        expr = f"CAST({q(str(spec))} AS VARCHAR)"
    if time:
        formats = "[" + ", ".join(lit(f) for f in fmt or []) + "]"
        return f"try_strptime({expr}, {formats})"
    return expr


def _case_map(expr: str, values: dict[str, Any], default: str) -> str:
    if not values:
        return default
    arms = " ".join(f"WHEN {lit(str(k).lower())} THEN {lit(str(v).lower())}" for k, v in values.items())
    return f"CASE lower({expr}) {arms} ELSE {default} END"


def mapping_select(mapping: Mapping) -> str:
    """The normalising SELECT of a generic mapping."""
    f = mapping.fields
    time = _field_expr(f["time"], time=True, fmt=mapping.time_format)
    if mapping.kind is not None:
        kind = lit(mapping.kind)
    else:
        kind = _case_map(_field_expr(mapping.kind_map["column"]), mapping.kind_map.get("values", {}), "NULL")
    raw_action = _field_expr(f.get("action")) if f.get("action") is not None else lit("")
    action = _case_map(raw_action, mapping.action_map, f"lower({raw_action})")
    obj = _field_expr(f.get("object"))
    # Proxy logs rarely carry the host separately: derive it from the URL for http events.
    url_host = host_of_url(obj)
    dest = f"coalesce({_field_expr(f.get('destination'))}, CASE WHEN {kind} = 'http' THEN {url_host} END)"
    size = f"TRY_CAST({_field_expr(f.get('size'))} AS BIGINT)"
    if mapping.attrs:
        pairs = ", ".join(f"{lit(a)}, {q(a)}" for a in mapping.attrs)
        attrs = f"CAST(json_object({pairs}) AS VARCHAR)"
    else:
        attrs = "NULL"
    return (
        f'SELECT {time} AS time, {_field_expr(f["user"])} AS "user", {_field_expr(f.get("host"))} AS host, '  # noqa: S608 - identifiers quoted by q(), values by lit()
        f"{kind} AS kind, {action} AS action, {obj} AS object, lower({dest}) AS destination, "
        f"{size} AS size, {attrs} AS attrs FROM src"
    )


def _referenced_columns(mapping: Mapping) -> set[str]:
    names: set[str] = set(mapping.attrs)

    def walk(spec: Any) -> None:
        if isinstance(spec, str):
            names.add(spec)
        elif isinstance(spec, list):
            for s in spec:
                walk(s)
        elif isinstance(spec, dict) and ("json" in spec or "column" in spec):
            names.add(str(spec.get("json", spec.get("column"))))

    for spec in mapping.fields.values():
        walk(spec)
    if mapping.kind_map.get("column"):
        names.add(str(mapping.kind_map["column"]))
    return names


def generic_source_files(mapping_path: Path, data: Path) -> list[SourceFile]:
    mapping = load_mapping(mapping_path)
    paths = (
        sorted(p for p in data.rglob("*") if p.is_file())
        if data.is_dir()
        else sorted(Path(p) for p in _glob(data))
    )
    select = mapping_select(mapping)
    found = []
    for path in paths:
        if mapping.fmt == "jsonl":
            layout = CsvLayout(columns=sorted(_referenced_columns(mapping)), fmt="jsonl", time_column="")
        else:
            header = read_header(path, mapping.delimiter)
            missing = _referenced_columns(mapping) - set(header)
            if missing:
                raise ValueError(_("%(path)s: columns %(columns)s named in %(mapping)s are absent")
                                 % {"path": path, "columns": sorted(missing), "mapping": mapping_path})
            layout = CsvLayout(columns=header, delimiter=mapping.delimiter, time_column="")
        found.append(SourceFile(path, mapping.kind or "mixed", layout, select, f"generic:{mapping.name}"))
    return found


def _glob(pattern: Path) -> list[str]:
    import glob

    return glob.glob(str(pattern)) if re.search(r"[*?\[]", str(pattern)) else [str(pattern)]
