"""Office Open XML (docx/docm/dotx, xlsx/xlsm, pptx/pptm): where labels live, part by part.

Parts are found through `[Content_Types].xml` (file names vary between producers) with the
usual paths as a fallback. Only the parts that can carry a label are read: body, headers and
footers (with their text boxes and VML watermarks), shared and inline strings, sheet
header/footer codes, drawings, slides, layouts and masters, and the property parts. A part that
fails to parse is noted and skipped so that the rest of the file still counts.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from shuhi.documents.extract import mip
from shuhi.documents.extract.base import Corrupt, Extraction, SafeZip, local, parse_xml
from shuhi.documents.extract.xmltext import Walk, mark_first_lines, paragraphs
from shuhi.documents.labels import Segment

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
V = "{urn:schemas-microsoft-com:vml}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"

# ISO 29500 Strict files use other namespaces for the same elements.
W_STRICT = "{http://purl.oclc.org/ooxml/wordprocessingml/main}"
A_STRICT = "{http://purl.oclc.org/ooxml/drawingml/main}"
S_STRICT = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"


def _both(namespaces: tuple[str, str], *names: str) -> frozenset[str]:
    return frozenset(ns + name for ns in namespaces for name in names)


def _both_map(namespaces: tuple[str, str], mapping: dict[str, object]) -> dict[str, Any]:
    return {ns + name: value for ns in namespaces for name, value in mapping.items()}


WORD_WALK = Walk(
    para=_both((W, W_STRICT), "p"),
    text=_both((W, W_STRICT), "t"),
    breaks=_both_map((W, W_STRICT), {"br": "\n", "cr": "\n", "tab": " "}),
    contexts=_both_map((W, W_STRICT), {"txbxContent": "textbox"}),
    attributes={V + "textpath": ("string", "watermark")},
)
DRAWING_WALK = Walk(
    para=_both((A, A_STRICT), "p"),
    text=_both((A, A_STRICT), "t"),
    breaks=_both_map((A, A_STRICT), {"br": "\n"}),
    attributes={V + "textpath": ("string", "watermark")},
)
STRINGS_WALK = Walk(
    para=_both((S, S_STRICT), "si", "is"),
    text=_both((S, S_STRICT), "t"),
    contexts=_both_map((S, S_STRICT), {"rPh": None}),  # phonetic guides repeat the cell in kana
    prune=_both((S, S_STRICT), "row"),
)

# Content type (the distinctive tail) -> kind of part.
_KINDS = (
    ("wordprocessingml.document.main+xml", "word_body"),
    ("wordprocessingml.template.main+xml", "word_body"),
    ("ms-word.document.macroEnabled.main+xml", "word_body"),
    ("ms-word.template.macroEnabledTemplate.main+xml", "word_body"),
    ("wordprocessingml.header+xml", "word_header"),
    ("wordprocessingml.footer+xml", "word_footer"),
    ("spreadsheetml.sharedStrings+xml", "shared_strings"),
    ("spreadsheetml.worksheet+xml", "worksheet"),
    ("spreadsheetml.sheet.main+xml", "workbook"),
    ("spreadsheetml.template.main+xml", "workbook"),
    ("ms-excel.sheet.macroEnabled.main+xml", "workbook"),
    ("ms-excel.template.macroEnabled.main+xml", "workbook"),
    ("officedocument.drawing+xml", "drawing"),
    ("presentationml.slide+xml", "slide"),
    ("presentationml.slideLayout+xml", "slide_layout"),
    ("presentationml.slideMaster+xml", "slide_master"),
    ("presentationml.notesSlide+xml", "notes"),
    ("package.core-properties+xml", "core"),
    ("officedocument.extended-properties+xml", "app"),
    ("officedocument.custom-properties+xml", "custom"),
    ("ms-office.classificationlabels+xml", "labelinfo"),
)
_FALLBACK = (
    (re.compile(r"^word/document\d*\.xml$"), "word_body"),
    (re.compile(r"^word/header\d*\.xml$"), "word_header"),
    (re.compile(r"^word/footer\d*\.xml$"), "word_footer"),
    (re.compile(r"^xl/sharedStrings\.xml$", re.I), "shared_strings"),
    (re.compile(r"^xl/worksheets/[^/]+\.xml$"), "worksheet"),
    (re.compile(r"^xl/workbook\.xml$"), "workbook"),
    (re.compile(r"^xl/drawings/drawing\d*\.xml$"), "drawing"),
    (re.compile(r"^ppt/slides/slide\d*\.xml$"), "slide"),
    (re.compile(r"^ppt/slideLayouts/[^/]+\.xml$"), "slide_layout"),
    (re.compile(r"^ppt/slideMasters/[^/]+\.xml$"), "slide_master"),
    (re.compile(r"^ppt/notesSlides/[^/]+\.xml$"), "notes"),
    (re.compile(r"^docProps/core\.xml$"), "core"),
    (re.compile(r"^docProps/app\.xml$"), "app"),
    (re.compile(r"^docProps/custom\.xml$"), "custom"),
    (re.compile(r"^docMetadata/LabelInfo\.xml$", re.I), "labelinfo"),
)
_RICH_RUN = re.compile(rb"<(?:\w+:)?r>")
Probe = Callable[[str], bool]
_CORE_FIELDS = {"title", "subject", "keywords", "description", "category", "contentStatus"}
_APP_FIELDS = {"Company", "Manager"}
_HEADER_FOOTER = re.compile(
    rb"<(?:\w+:)?(odd|even|first)(Header|Footer)>(.*?)</(?:\w+:)?(?:odd|even|first)(?:Header|Footer)>", re.S
)
# Excel header/footer codes: &L &C &R start a section, the rest are fields and formatting.
_HF_SECTION = re.compile(r"&[LCR]")
_HF_CODE = re.compile(r'&(?:"[^"]*"|\d+|K[0-9A-Fa-f]{6}|K\d\d[+-]\d{3}|[PNDTFAZGBIUESXYH])')


def _natural(name: str) -> tuple[str, int]:
    match = re.search(r"(\d+)\.xml$", name)
    return (name.rsplit("/", 1)[0], int(match.group(1)) if match else 0)


def classify_parts(archive: SafeZip) -> dict[str, list[str]]:
    """Part names by kind, from the content types or, failing that, from the usual paths."""
    kinds: dict[str, list[str]] = {}
    data = archive.read("[Content_Types].xml")
    if data:
        try:
            for element in parse_xml(data, "[Content_Types].xml").iter(CT + "Override"):
                content_type = element.get("ContentType", "")
                part = element.get("PartName", "").lstrip("/")
                kind = next((k for tail, k in _KINDS if content_type.endswith(tail)), None)
                if kind and part in archive.infos:
                    kinds.setdefault(kind, []).append(part)
        except Corrupt:
            kinds = {}
    if not kinds:
        for part in archive.names():
            kind = next((k for pattern, k in _FALLBACK if pattern.match(part)), None)
            if kind:
                kinds.setdefault(kind, []).append(part)
    return {kind: sorted(parts, key=_natural) for kind, parts in kinds.items()}


def header_footer_sections(text: str) -> Iterator[str]:
    """The left, centre and right texts of an Excel header or footer, without its codes
    (the same codes in SpreadsheetML and in the HEADER/FOOTER records of .xls)."""
    for section in _HF_SECTION.split(text):
        section = _HF_CODE.sub(" ", section).replace("&&", "&")
        if section.strip():
            yield section


def _header_footer_segments(data: bytes) -> Iterator[Segment]:
    for match in _HEADER_FOOTER.finditer(data):
        where = "sheet_header" if match.group(2) == b"Header" else "sheet_footer"
        text = html.unescape(match.group(3).decode("utf-8", "replace"))
        for section in header_footer_sections(text):
            yield Segment(where, section)


def _strings_may_hold_a_term(data: bytes, probe: Probe | None) -> bool:
    """Whether a strings part needs parsing at all.

    A cell's text can only be split by rich-text runs (<r>) or hidden in character references;
    without either, a term that is not in the raw XML is in no cell, and most workbooks (long
    lists of names and numbers) are skipped for the price of one regular-expression search.
    """
    if probe is None or _RICH_RUN.search(data) or b"&#" in data:
        return True
    return probe(data.decode("utf-8", "replace"))


def _worksheet_segments(data: bytes, name: str, probe: Probe | None) -> Iterator[Segment]:
    # Most sheets are numbers and shared-string indexes: only parse the ones with text of their own.
    if b"headerFooter" in data:
        yield from _header_footer_segments(data)
    if b"inlineStr" in data and _strings_may_hold_a_term(data, probe):
        yield from paragraphs(data, name, STRINGS_WALK, "cell")


def _workbook_segments(data: bytes, name: str) -> Iterator[Segment]:
    for element in parse_xml(data, name).iter(S + "sheet", S_STRICT + "sheet"):
        yield Segment("sheet_name", element.get("name", ""))


def _word_segments(kind: str, data: bytes, name: str) -> Iterator[Segment]:
    where = {"word_body": "body", "word_header": "header", "word_footer": "footer"}[kind]
    found = paragraphs(data, name, WORD_WALK, where)
    return mark_first_lines(found) if kind == "word_body" else found


def _part_segments(kind: str, data: bytes, name: str, probe: Probe | None) -> Iterator[Segment]:
    if kind.startswith("word_"):
        return _word_segments(kind, data, name)
    if kind == "shared_strings":
        return paragraphs(data, name, STRINGS_WALK, "cell") if _strings_may_hold_a_term(data, probe) else iter(())
    if kind == "worksheet":
        return _worksheet_segments(data, name, probe)
    if kind == "workbook":
        return _workbook_segments(data, name)
    if kind == "drawing":
        return paragraphs(data, name, DRAWING_WALK, "textbox")
    return paragraphs(data, name, DRAWING_WALK, kind)  # slides, layouts, masters, notes


def _read_properties(archive: SafeZip, kinds: dict[str, list[str]], result: Extraction) -> None:
    custom_records: list[dict[str, object]] = []
    info_records: list[dict[str, object]] = []
    for kind in ("core", "app", "custom", "labelinfo"):
        for name in kinds.get(kind, []):
            try:
                data = archive.read(name)
                if not data:
                    continue
                if kind == "labelinfo":
                    info_records.extend(mip.labels_from_labelinfo(data, name))
                    continue
                root = parse_xml(data, name)
            except Corrupt as exc:
                result.note(exc.reason)
                continue
            if kind == "custom":
                custom_records.extend(_read_custom(root, result))
            else:
                wanted = _CORE_FIELDS if kind == "core" else _APP_FIELDS
                for element in root:
                    if local(element.tag) in wanted:
                        result.add("properties", element.text)
    result.mip = mip.merge(info_records, custom_records)


def _read_custom(root: object, result: Extraction) -> list[dict[str, object]]:
    pairs = []
    for prop in root.iter("{*}property"):  # type: ignore[attr-defined]
        name = prop.get("name", "")
        value = "".join(prop.itertext())
        if mip.is_mip_key(name):
            pairs.append((name, value))
        else:
            # "Classification: 社外秘" style properties set by document-management tools.
            result.add("properties", value)
    return mip.labels_from_properties(pairs)


def extract_ooxml(path: str | Path, fmt: str, probe: Probe | None = None) -> Extraction:
    """Segments and Microsoft labels of a package; `probe` (text -> may hold a term) lets
    label-free string tables be skipped unparsed."""
    result = Extraction(fmt)
    with SafeZip(path) as archive:
        kinds = classify_parts(archive)
        if not any(k in kinds for k in ("word_body", "workbook", "shared_strings", "slide", "worksheet")):
            raise Corrupt("no document part in the package")
        _read_properties(archive, kinds, result)
        for kind, names in kinds.items():
            if kind in {"core", "app", "custom", "labelinfo"}:
                continue
            for name in names:
                try:
                    data = archive.read(name)
                    if data:
                        result.segments.extend(_part_segments(kind, data, name, probe))
                except Corrupt as exc:
                    result.note(exc.reason)
    return result
