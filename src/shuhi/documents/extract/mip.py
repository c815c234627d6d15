"""Microsoft Purview (MIP) sensitivity label metadata, read from its two homes.

Office keeps one custom property per attribute (`MSIP_Label_<GUID>_<Attr>`) and, since 2021,
`docMetadata/LabelInfo.xml`; PDF keeps the same keys in its Info dictionary and XMP. Every
reader returns records `{"id", "name", "enabled", "method", "site_id", "set_date"}` with GUIDs
lower case and without braces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from shuhi.documents.extract.base import local, parse_xml
from shuhi.documents.vocabulary import normalize_guid

PREFIX = "MSIP_Label_"
_KEY = re.compile(
    r"^/?MSIP_Label_([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})_(\w+)$",
    re.IGNORECASE,
)
# Attribute suffixes as written by the MIP SDK, Office, and (Extended_MSFT_) PDF tools.
_ATTRIBUTES = {
    "enabled": "enabled",
    "siteid": "site_id",
    "method": "method",
    "extended_msft_method": "method",
    "setdate": "set_date",
    "name": "name",
}


def empty_record(guid: str) -> dict[str, Any]:
    return {"id": guid, "name": None, "enabled": None, "method": None, "site_id": None, "set_date": None}


def _flag(value: Any) -> bool | None:
    text = str(value).strip().lower()
    if text in {"true", "1", "yes"}:
        return True
    if text in {"false", "0", "no"}:
        return False
    return None


def is_mip_key(key: str) -> bool:
    return PREFIX.lower() in key[:16].lower()


def labels_from_properties(properties: Iterable[tuple[str, Any]]) -> list[dict[str, Any]]:
    """Group `MSIP_Label_<GUID>_<Attr>` properties into one record per label GUID."""
    records: dict[str, dict[str, Any]] = {}
    for key, value in properties:
        match = _KEY.match(str(key).strip())
        if not match:
            continue
        guid, attribute = match.group(1).lower(), _ATTRIBUTES.get(match.group(2).lower())
        if attribute is None:
            continue
        record = records.setdefault(guid, empty_record(guid))
        text = str(value).strip() if value is not None else ""
        record[attribute] = _flag(text) if attribute == "enabled" else (
            normalize_guid(text) if attribute == "site_id" else text or None)
    return list(records.values())


def labels_from_labelinfo(data: bytes, name: str = "docMetadata/LabelInfo.xml") -> list[dict[str, Any]]:
    """Records from LabelInfo.xml; labels marked removed="1" no longer apply and are left out."""
    root = parse_xml(data, name)
    records = []
    for element in root.iter():
        if local(element.tag) != "label" or _flag(element.get("removed", "0")):
            continue
        record = empty_record(normalize_guid(element.get("id", "")))
        record["enabled"] = _flag(element.get("enabled", ""))
        record["method"] = element.get("method")
        site = element.get("siteId")
        record["site_id"] = normalize_guid(site) if site else None
        records.append(record)
    return records


def merge(primary: list[dict[str, Any]], secondary: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """LabelInfo first; custom properties add labels it lacks and fill its missing fields (names)."""
    merged = {record["id"]: dict(record) for record in primary}
    for record in secondary:
        target = merged.get(record["id"])
        if target is None:
            merged[record["id"]] = dict(record)
            continue
        for key, value in record.items():
            if target.get(key) is None and value is not None:
                target[key] = value
    return list(merged.values())


def labels_from_xmp(root: Any) -> list[dict[str, Any]]:
    """Records from XMP, where MSIP keys are pdfx elements or attributes of rdf:Description."""
    pairs: list[tuple[str, str]] = []
    for element in root.iter():
        name = local(element.tag)
        if name.startswith(PREFIX):
            pairs.append((name, element.text or ""))
        for attribute, value in element.attrib.items():
            attr_name = local(attribute)
            if attr_name.startswith(PREFIX):
                pairs.append((attr_name, value))
    return labels_from_properties(pairs)


def custom_property_pairs(values: Mapping[str, str]) -> list[tuple[str, str]]:
    return [(key, value) for key, value in values.items() if is_mip_key(key)]
