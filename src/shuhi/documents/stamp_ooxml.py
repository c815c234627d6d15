"""An OOXML package opened for editing: parts, content types and relationships.

Only the parts a stamp touches are parsed; every other part is written back byte for byte
(recompressed), so the rest of the document stays as it was.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from shuhi.documents.stamp_marks import StampError

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"

# Leaked copies handed to `trace` may be hostile: refuse zip bombs before inflating them.
MAX_ENTRIES = 20_000
MAX_PART_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
# Deflate tops out near 1032:1, which only runs of one byte reach: that is what bombs are made of.
# Real parts recompressed by us reach a few hundred (a 1.4 MB EMF of blank space: 274:1).
MAX_RATIO = 1000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_blank_text=False
)


def parse_xml(data: bytes, name: str = "part") -> etree._Element:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise StampError(f"corrupt: {name} is not well-formed XML ({exc})") from exc
    # OOXML never uses a DTD; one here can only be an entity-expansion attack.
    if root.getroottree().docinfo.doctype:
        raise StampError(f"corrupt: {name} declares a DTD")
    return root


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def check_not_ole(path: Path) -> None:
    """Encrypted Office files and legacy .doc/.xls/.ppt are OLE compound files, not zips."""
    with open(path, "rb") as handle:
        head = handle.read(1 << 20)
    if head.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in head:
            raise StampError("encrypted: the Office file is password-protected; remove the password first")
        raise StampError("unsupported: legacy binary Office file (.doc/.xls/.ppt); save it as OOXML first")


def part_name(name: str) -> str:
    return "/" + name.lstrip("/")


def rels_name(part: str) -> str:
    """`word/document.xml` -> `word/_rels/document.xml.rels`; the package itself is ``""``."""
    directory, base = posixpath.split(part)
    return posixpath.join(directory, "_rels", base + ".rels")


class Package:
    def __init__(self, path: str | Path):
        path = Path(path)
        check_not_ole(path)
        try:
            with zipfile.ZipFile(path) as archive:
                self._infos = archive.infolist()
                self._check_limits(self._infos)
                self._data = {info.filename: archive.read(info) for info in self._infos if not info.is_dir()}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
            raise StampError(f"corrupt: not a readable OOXML package ({exc})") from exc
        except RuntimeError as exc:  # zipfile raises it for encrypted zip entries
            raise StampError(f"encrypted: {exc}") from exc
        self._xml: dict[str, etree._Element] = {}  # parsed for editing: serialised on save
        self._peeked: dict[str, etree._Element] = {}  # parsed for reading: saved byte for byte
        if "[Content_Types].xml" not in self._data:
            raise StampError("corrupt: [Content_Types].xml is missing")

    @staticmethod
    def _check_limits(infos: list[zipfile.ZipInfo]) -> None:
        if len(infos) > MAX_ENTRIES:
            raise StampError(f"corrupt: {len(infos)} zip entries (limit {MAX_ENTRIES})")
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_PART_BYTES or (info.file_size > 1 << 20 and ratio > MAX_RATIO):
                raise StampError(f"corrupt: {info.filename} inflates too much (possible zip bomb)")
        if total > MAX_TOTAL_BYTES:
            raise StampError("corrupt: the package inflates to more than 1 GiB (possible zip bomb)")

    # -- parts ---------------------------------------------------------------------------------
    def names(self) -> list[str]:
        return list(self._data)

    def has(self, name: str) -> bool:
        return name in self._data or name in self._xml

    def read(self, name: str) -> bytes:
        if name in self._xml:
            return serialize(self._xml[name])
        return self._data[name]

    def xml(self, name: str) -> etree._Element:
        """The parsed part, kept so that changes to it are written on save."""
        if name not in self._xml:
            self._xml[name] = self._peeked.pop(name, None)
            if self._xml[name] is None:
                self._xml[name] = parse_xml(self._data[name], name)
        return self._xml[name]

    def peek(self, name: str) -> etree._Element:
        """The parsed part for reading only; changes to it are not saved."""
        if name in self._xml:
            return self._xml[name]
        if name not in self._peeked:
            self._peeked[name] = parse_xml(self._data[name], name)
        return self._peeked[name]

    def set_xml(self, name: str, root: etree._Element) -> None:
        self._xml[name] = root
        self._data.setdefault(name, b"")

    def remove(self, name: str) -> None:
        self._data.pop(name, None)
        self._xml.pop(name, None)
        self._peeked.pop(name, None)

    def save(self, dst: str | Path) -> None:
        infos = {info.filename: info for info in self._infos}
        with zipfile.ZipFile(dst, "w", compression=zipfile.ZIP_DEFLATED) as out:
            # [Content_Types].xml first, as Office writes it; some readers sniff for it there.
            for name in sorted(self._data, key=lambda n: n != "[Content_Types].xml"):
                info = infos.get(name)
                new = zipfile.ZipInfo(name, date_time=info.date_time if info else (1980, 1, 1, 0, 0, 0))
                new.compress_type = zipfile.ZIP_DEFLATED
                new.external_attr = info.external_attr if info else 0o600 << 16
                out.writestr(new, self.read(name))

    # -- content types and relationships -------------------------------------------------------
    def content_type(self, name: str) -> str | None:
        types = self.peek("[Content_Types].xml")
        for override in types.iterfind(f"{{{CT_NS}}}Override"):
            if override.get("PartName", "").lower() == part_name(name).lower():
                return override.get("ContentType")
        ext = posixpath.splitext(name)[1].lstrip(".").lower()
        for default in types.iterfind(f"{{{CT_NS}}}Default"):
            if default.get("Extension", "").lower() == ext:
                return default.get("ContentType")
        return None

    def parts_of_type(self, content_type: str) -> list[str]:
        return sorted(n for n in self.names() if self.content_type(n) == content_type)

    def set_override(self, name: str, content_type: str) -> None:
        types = self.xml("[Content_Types].xml")
        for override in types.iterfind(f"{{{CT_NS}}}Override"):
            if override.get("PartName", "").lower() == part_name(name).lower():
                override.set("ContentType", content_type)
                return
        etree.SubElement(types, f"{{{CT_NS}}}Override", PartName=part_name(name), ContentType=content_type)

    def remove_override(self, name: str) -> None:
        types = self.xml("[Content_Types].xml")
        for override in list(types.iterfind(f"{{{CT_NS}}}Override")):
            if override.get("PartName", "").lower() == part_name(name).lower():
                types.remove(override)

    def rels(self, source: str) -> etree._Element:
        name = rels_name(source)
        if not self.has(name):
            self.set_xml(name, etree.Element(f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS}))
        return self.xml(name)

    def relationships(self, source: str) -> list[tuple[str, str, str]]:
        """(id, type, resolved part name) of the internal relationships of `source`."""
        if not self.has(rels_name(source)):
            return []
        found = []
        for rel in self.peek(rels_name(source)).iterfind(f"{{{REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = self.resolve(source, rel.get("Target", ""))
            found.append((rel.get("Id", ""), rel.get("Type", ""), target))
        return found

    @staticmethod
    def resolve(source: str, target: str) -> str:
        if target.startswith("/"):
            return posixpath.normpath(target.lstrip("/"))
        return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))

    def add_relationship(self, source: str, rel_type: str, target_part: str) -> str:
        """Relate `source` to `target_part` unless already related; returns the relationship id."""
        for rel_id, existing_type, target in self.relationships(source):
            if existing_type == rel_type and target == target_part:
                return rel_id
        root = self.rels(source)
        taken = {rel.get("Id") for rel in root}
        number = len(taken) + 1
        while f"rId{number}" in taken or f"shuhiRel{number}" in taken:
            number += 1
        rel_id = f"shuhiRel{number}"
        relative = posixpath.relpath(target_part, posixpath.dirname(source) or ".")
        etree.SubElement(root, f"{{{REL_NS}}}Relationship", Id=rel_id, Type=rel_type, Target=relative)
        return rel_id

    def remove_relationships(self, source: str, rel_type: str) -> None:
        if not self.has(rels_name(source)):
            return
        root = self.rels(source)
        for rel in list(root):
            if rel.get("Type") == rel_type:
                root.remove(rel)

    def main_part(self) -> str:
        for _rel_id, rel_type, target in self.relationships(""):
            if rel_type == OFFICE_DOCUMENT_REL:
                return target
        raise StampError("corrupt: the package names no main document part")

    def free_name(self, pattern: str) -> str:
        """The first unused part name from a pattern such as ``word/header{}.xml``."""
        number = 1
        while self.has(pattern.format(number)):
            number += 1
        return pattern.format(number)
