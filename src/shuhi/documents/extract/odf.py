"""OpenDocument (odt/ods/odp): body and cells in content.xml, headers, footers and master pages in
styles.xml, properties in meta.xml (where LibreOffice also keeps Microsoft label properties)."""

from __future__ import annotations

from pathlib import Path

from shuhi.documents.extract import mip
from shuhi.documents.extract.base import Corrupt, Encrypted, Extraction, SafeZip, local, parse_xml
from shuhi.documents.extract.xmltext import Walk, mark_first_lines, paragraphs

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
PRESENTATION = "{urn:oasis:names:tc:opendocument:xmlns:presentation:1.0}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"

_BREAKS = {TEXT + "s": " ", TEXT + "tab": " ", TEXT + "line-break": "\n"}
_PARA = frozenset({TEXT + "p", TEXT + "h"})
_SHAPES = {DRAW + "text-box": "textbox", DRAW + "custom-shape": "textbox", OFFICE + "annotation": None}

CONTENT_WALK = Walk(
    para=_PARA,
    breaks=_BREAKS,
    contexts={
        **_SHAPES,
        TABLE + "table-cell": "cell",
        DRAW + "page": "slide",
        PRESENTATION + "notes": "notes",
    },
)
STYLES_WALK = Walk(
    para=_PARA,
    breaks=_BREAKS,
    contexts={
        **_SHAPES,
        STYLE + "master-page": "slide_master",
        STYLE + "header": "header",
        STYLE + "header-left": "header",
        STYLE + "header-first": "header",
        STYLE + "footer": "footer",
        STYLE + "footer-left": "footer",
        STYLE + "footer-first": "footer",
    },
)
ODP_CONTENT_WALK = Walk(
    para=_PARA,
    breaks=_BREAKS,
    contexts={DRAW + "page": "slide", PRESENTATION + "notes": "notes", OFFICE + "annotation": None},
)
ODP_STYLES_WALK = Walk(
    para=_PARA,
    breaks=_BREAKS,
    contexts={
        STYLE + "master-page": "slide_master",
        PRESENTATION + "notes": None,
        OFFICE + "annotation": None,
    },
)
_META_FIELDS = {"title", "subject", "description", "keyword"}


def _read_meta(archive: SafeZip, result: Extraction) -> None:
    data = archive.read("meta.xml")
    if not data:
        return
    pairs = []
    for element in parse_xml(data, "meta.xml").iter():
        name = local(element.tag)
        if name in _META_FIELDS:
            result.add("properties", element.text)
        elif name == "user-defined":
            key = element.get(META + "name", "")
            if mip.is_mip_key(key):
                pairs.append((key, element.text or ""))
            else:
                result.add("properties", element.text)
    result.mip = mip.labels_from_properties(pairs)


def _is_encrypted(archive: SafeZip) -> bool:
    manifest = archive.read("META-INF/manifest.xml") or b""
    return b"encryption-data" in manifest


def extract_odf(path: str | Path, fmt: str) -> Extraction:
    result = Extraction(fmt)
    with SafeZip(path) as archive:
        if _is_encrypted(archive):
            raise Encrypted()
        if "content.xml" not in archive.infos:
            raise Corrupt("no content.xml in the package")
        # On slides every text sits in a frame: the page, not the frame, says where it is.
        content_walk = ODP_CONTENT_WALK if fmt == "odp" else CONTENT_WALK
        styles_walk = ODP_STYLES_WALK if fmt == "odp" else STYLES_WALK
        parts = (("content.xml", content_walk, "body"), ("styles.xml", styles_walk, "body"))
        for name, walk, default in parts:
            try:
                data = archive.read(name)
                if not data:
                    continue
                found = paragraphs(data, name, walk, default)
                if name == "content.xml" and fmt == "odt":
                    found = mark_first_lines(found)
                result.segments.extend(found)
            except Corrupt as exc:
                result.note(exc.reason)
        try:
            _read_meta(archive, result)
        except Corrupt as exc:
            result.note(exc.reason)
    return result
