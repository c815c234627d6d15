"""Checking a CSV export against a mapping before it becomes a log source.

A company without IT staff uploads what Microsoft 365, its file server or its proxy exports. The
file is decoded (UTF-8 with or without BOM, UTF-16 with BOM, or Shift_JIS/cp932 as Japanese Excel
writes it), its header compared with the columns the mapping reads, and its rows counted and dated
with the mapping's own time columns and formats, so that the uploader sees at once what the review
will read. Nothing here touches the disk or Django.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shuhi.logreview.formats import Mapping, _referenced_columns, load_mapping

MAPPINGS_DIR = Path(__file__).resolve().parent / "mappings"
# The ready-made mappings a user can pick without writing YAML: key → file in mappings/.
READY_MADE = {
    "m365": "m365_audit.yaml",
    "fileserver": "fileserver_audit.yaml",
    "proxy": "proxy_log.yaml",
}
PREVIEW_ROWS = 5


class UnreadableCsv(ValueError):
    """Not text in an encoding we know (or empty); `reason` is a short code the caller words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class CsvCheck:
    encoding: str
    header: list[str]
    missing: list[str]  # columns the mapping reads that the header lacks, in the mapping's order
    rows: int = 0
    dated_rows: int = 0  # rows whose time parses with the mapping's formats
    first: dt.datetime | None = None
    last: dt.datetime | None = None
    preview: list[list[str]] = field(default_factory=list)
    text: str = ""  # the decoded content, to be stored as UTF-8

    @property
    def ok(self) -> bool:
        return not self.missing and self.rows > 0


def mapping_for(key: str) -> Path:
    return MAPPINGS_DIR / READY_MADE[key]


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of a CSV export; raises UnreadableCsv when it is no text we know."""
    if not data.strip():
        raise UnreadableCsv("empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    if b"\x00" in data[:4096]:
        raise UnreadableCsv("binary")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932"), "Shift_JIS (cp932)"
    except UnicodeDecodeError:
        raise UnreadableCsv("encoding") from None


def _required(mapping: Mapping) -> list[str]:
    """The columns the mapping reads, the time and user columns first, as the user will look for them."""
    names = _referenced_columns(mapping)
    first = [s for s in (_column_of(mapping.fields.get("time")), _column_of(mapping.fields.get("user"))) if s]
    return list(dict.fromkeys([*first, *sorted(names)]))


def _column_of(spec: Any) -> str | None:
    if isinstance(spec, str):
        return spec
    if isinstance(spec, dict):
        return spec.get("column") or spec.get("json")
    if isinstance(spec, list) and spec:
        return _column_of(spec[0])
    return None


def _time_text(spec: Any, row: dict[str, str]) -> str:
    """The text the engine would parse as the time (column, first N characters, or the first non-empty)."""
    if isinstance(spec, list):
        return next((t for t in (_time_text(s, row) for s in spec) if t), "")
    if isinstance(spec, str):
        return (row.get(spec) or "").strip()
    if isinstance(spec, dict) and "column" in spec:
        value = (row.get(str(spec["column"])) or "").strip()
        return value[: int(spec["prefix"])] if spec.get("prefix") else value
    return ""


def _parse_time(text: str, formats: list[str]) -> dt.datetime | None:
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def check(data: bytes, mapping: Mapping | Path, preview_rows: int = PREVIEW_ROWS) -> CsvCheck:
    """Decode, compare the header with the mapping, count and date the rows."""
    if isinstance(mapping, Path):
        mapping = load_mapping(mapping)
    text, encoding = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=mapping.delimiter)
    header = [name.strip() for name in next(reader, [])]
    result = CsvCheck(encoding=encoding, header=header,
                      missing=[c for c in _required(mapping) if c not in header], text=text)
    if result.missing:
        return result
    time_spec = mapping.fields["time"]
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        result.rows += 1
        if len(result.preview) < preview_rows:
            result.preview.append([v[:120] for v in values])
        when = _parse_time(_time_text(time_spec, dict(zip(header, values, strict=False))), mapping.time_format)
        if when is None:
            continue
        result.dated_rows += 1
        result.first = when if result.first is None or when < result.first else result.first
        result.last = when if result.last is None or when > result.last else result.last
    return result
