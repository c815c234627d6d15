"""Write Microsoft sensitivity-label (MIP) metadata so that Office and Purview see the label.

Office files get the label twice, as Office itself writes it: custom properties
``MSIP_Label_<guid>_<Attr>`` in ``docProps/custom.xml`` (read by older Office and most tools)
and ``docMetadata/LabelInfo.xml`` (read first by Office since 2021). PDFs get the Info dictionary
keys Microsoft's PDF tools write, mirrored in XMP under the ``pdfx`` namespace.
The same custom-properties writer also carries shuhi's own fingerprint property.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field

from lxml import etree

from shuhi.documents.stamp_marks import StampError
from shuhi.documents.stamp_ooxml import Package

CUSTOM_PART = "docProps/custom.xml"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

LABELINFO_PART = "docMetadata/LabelInfo.xml"
CLBL_NS = "http://schemas.microsoft.com/office/2020/mipLabelMetadata"
LABELINFO_CT = "application/vnd.ms-office.classificationlabels+xml"
LABELINFO_REL = "http://schemas.microsoft.com/office/2020/02/relationships/classificationlabels"

PDFX_NS = "http://ns.adobe.com/pdfx/1.3/"

CONTENT_HEADER, CONTENT_FOOTER, CONTENT_WATERMARK, CONTENT_ENCRYPTION = 0x1, 0x2, 0x4, 0x8

_PROPERTY_RE = re.compile(r"MSIP_Label_([0-9A-Fa-f-]{36})_(\w+)")


@dataclass(frozen=True)
class MipLabel:
    id: str
    site_id: str
    name: str
    method: str = "Privileged"
    set_date: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    action_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    content_bits: int = 0
    enabled: bool = True


def make_label(spec: MipLabel | dict, *, content_bits: int = 0) -> MipLabel:
    """A label from a `MipLabel` or a dict with id, site_id and name; GUIDs are checked."""
    if isinstance(spec, MipLabel):
        fields = dict(spec.__dict__)
    else:
        fields = {k: v for k, v in dict(spec).items() if v is not None}
    fields["id"] = _guid(fields.get("id"), "label id")
    fields["site_id"] = _guid(fields.get("site_id"), "site (tenant) id")
    if not str(fields.get("name") or "").strip():
        raise StampError("a Microsoft label needs a name (--mip-name)")
    if fields.get("method", "Privileged") not in ("Privileged", "Standard"):
        raise StampError("the Microsoft label method must be Privileged or Standard")
    fields["content_bits"] = int(fields.get("content_bits") or content_bits)
    return MipLabel(**fields)


def _guid(value: object, what: str) -> str:
    try:
        return str(uuid.UUID(str(value).strip().strip("{}")))
    except (ValueError, AttributeError) as exc:
        raise StampError(f"the Microsoft {what} must be a GUID (got {value!r})") from exc


def _attributes(label: MipLabel) -> dict[str, str]:
    return {
        "Enabled": "true" if label.enabled else "false",
        "SetDate": label.set_date,
        "Method": label.method,
        "Name": label.name,
        "SiteId": label.site_id,
        "ActionId": label.action_id,
        "ContentBits": str(label.content_bits),
    }


# -- OOXML ---------------------------------------------------------------------------------------
def write_ooxml_label(package: Package, label: MipLabel) -> None:
    """Set `label` in both places, replacing labels of the same tenant (one label per tenant)."""
    stale = {lab_id for lab_id, site in read_custom_labels(package).items() if site == label.site_id}
    stale.add(label.id)
    props = {f"MSIP_Label_{label.id}_{attr}": value for attr, value in _attributes(label).items()}
    set_custom_properties(package, props, remove=lambda name: _label_of(name) in stale)
    _write_label_info(package, label, stale)


def _label_of(name: str) -> str | None:
    match = _PROPERTY_RE.fullmatch(name)
    return match.group(1).lower() if match else None


def read_custom_labels(package: Package) -> dict[str, str | None]:
    """Label id -> site id of the MSIP custom properties already in the package."""
    labels: dict[str, str | None] = {}
    for name, value in custom_properties(package).items():
        match = _PROPERTY_RE.fullmatch(name)
        if match:
            labels.setdefault(match.group(1).lower(), None)
            if match.group(2) == "SiteId":
                labels[match.group(1).lower()] = value.strip("{}").lower()
    return labels


def custom_properties(package: Package) -> dict[str, str]:
    if not package.has(CUSTOM_PART):
        return {}
    return {
        prop.get("name", ""): "".join(prop.itertext()).strip()
        for prop in package.peek(CUSTOM_PART).iterfind(f"{{{CUSTOM_NS}}}property")
    }


def set_custom_properties(package: Package, values: dict[str, str], *, remove=None) -> None:
    """Add or replace string custom properties, registering the part if it is new."""
    if package.has(CUSTOM_PART):
        root = package.xml(CUSTOM_PART)
    else:
        root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
        package.set_xml(CUSTOM_PART, root)
    for prop in list(root.iterfind(f"{{{CUSTOM_NS}}}property")):
        name = prop.get("name", "")
        if name in values or (remove is not None and remove(name)):
            root.remove(prop)
    existing = root.iterfind(f"{{{CUSTOM_NS}}}property")
    pids = [int(p.get("pid")) for p in existing if p.get("pid", "").isdigit()]
    pid = max([1, *pids])  # pid 0 and 1 are reserved by the property-set format
    for name, value in values.items():
        pid += 1
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property", fmtid=FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    package.set_override(CUSTOM_PART, CUSTOM_CT)
    package.add_relationship("", CUSTOM_REL, CUSTOM_PART)


def _write_label_info(package: Package, label: MipLabel, stale: set[str]) -> None:
    if package.has(LABELINFO_PART):
        root = package.xml(LABELINFO_PART)
    else:
        root = etree.Element(f"{{{CLBL_NS}}}labelList", nsmap={"clbl": CLBL_NS})
        package.set_xml(LABELINFO_PART, root)
    for old in list(root.iterfind(f"{{{CLBL_NS}}}label")):
        if old.get("id", "").strip("{}").lower() in stale:
            root.remove(old)
    element = etree.SubElement(root, f"{{{CLBL_NS}}}label")
    # Attribute order as Office writes it; some readers compare the serialised form.
    element.set("id", "{" + label.id + "}")
    element.set("enabled", "1" if label.enabled else "0")
    element.set("method", label.method)
    element.set("siteId", "{" + label.site_id + "}")
    element.set("contentBits", str(label.content_bits))
    element.set("removed", "0")
    package.set_override(LABELINFO_PART, LABELINFO_CT)
    package.add_relationship("", LABELINFO_REL, LABELINFO_PART)


# -- PDF -----------------------------------------------------------------------------------------
def write_pdf_label(pdf, label: MipLabel, *, meta=None) -> None:
    """Info dictionary keys and their XMP mirror, as Microsoft's PDF labelling writes them.

    `meta` is an open `pdf.open_metadata()` session to write into; without one, one is opened.
    """
    import pikepdf

    values = {
        "Enabled": "True" if label.enabled else "False",
        "SiteId": label.site_id,
        "SetDate": label.set_date,
        "Name": label.name,
        "Extended_MSFT_Method": label.method,
        "ActionId": label.action_id,
        "ContentBits": str(label.content_bits),
    }
    info = pdf.docinfo
    for key in list(info.keys()):
        if _label_of(str(key).lstrip("/")) == label.id:
            del info[key]
    for attr, value in values.items():
        info[pikepdf.Name(f"/MSIP_Label_{label.id}_{attr}")] = pikepdf.String(value)
    if meta is None:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as session:
            _write_xmp(session, label, values)
    else:
        _write_xmp(meta, label, values)


def _write_xmp(meta, label: MipLabel, values: dict[str, str]) -> None:
    for key in list(meta.keys()):
        if key.startswith(f"{{{PDFX_NS}}}") and _label_of(key.split("}", 1)[1]) == label.id:
            del meta[key]
    for attr, value in values.items():
        meta[f"{{{PDFX_NS}}}MSIP_Label_{label.id}_{attr}"] = value
