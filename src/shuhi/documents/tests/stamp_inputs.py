"""Small documents for the stamp, trace and MIP-writing tests, built from scratch.

Office files are written with zipfile (the minimum each format needs to be read), PDFs with
reportlab; `text_of` reads text back the way a recipient copying it out would get it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

BODY_LINES = ["製品仕様書 第3版", "寸法公差は±0.05mmとする。", "Material: SUS304, passivated."]

_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_CT = "application/vnd.openxmlformats-officedocument."
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _types(overrides: dict[str, str]) -> str:
    items = "".join(f'<Override PartName="/{name}" ContentType="{ct}"/>' for name, ct in overrides.items())
    return (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{items}</Types>'
    )


def _rels(rels: list[tuple[str, str, str]]) -> str:
    items = "".join(
        f'<Relationship Id="{i}" Type="{_DOC_REL}/{kind}" Target="{target}"/>' for i, kind, target in rels
    )
    return f'{_XML}<Relationships xmlns="{_RELS_NS}">{items}</Relationships>'


def _write(path: Path, parts: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8"))
    return path


def _w_paragraphs(lines: list[str]) -> str:
    return "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in lines)


def make_docx(path: Path, lines: list[str] = BODY_LINES, *, header: str | None = None,
              two_sections: bool = False) -> Path:
    """A Word document; optionally with its own header part, or with two sections."""
    body = _w_paragraphs(lines)
    overrides = {"word/document.xml": _CT + "wordprocessingml.document.main+xml"}
    doc_rels: list[tuple[str, str, str]] = []
    sect = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
    if header is not None:
        overrides["word/header1.xml"] = _CT + "wordprocessingml.header+xml"
        doc_rels.append(("rId1", "header", "header1.xml"))
        sect = sect.replace("<w:sectPr>", '<w:sectPr><w:headerReference w:type="default" r:id="rId1"/>')
    if two_sections:
        first = _w_paragraphs(lines[:1]).replace("<w:p>", "<w:p><w:pPr><w:sectPr/></w:pPr>", 1)
        body = first + _w_paragraphs(lines[1:])
    parts = {
        "[Content_Types].xml": _types(overrides),
        "_rels/.rels": _rels([("rId1", "officeDocument", "word/document.xml")]),
        "word/document.xml": (
            f'{_XML}<w:document xmlns:w="{_W}" xmlns:r="{_DOC_REL}">'
            f"<w:body>{body}{sect}</w:body></w:document>"
        ),
        "word/_rels/document.xml.rels": _rels(doc_rels),
    }
    if header is not None:
        parts["word/header1.xml"] = f'{_XML}<w:hdr xmlns:w="{_W}">{_w_paragraphs([header])}</w:hdr>'
    return _write(path, parts)


def _sheet(lines: list[str], header_footer: str = "") -> str:
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{escape(line)}</t></is></c></row>'
        for n, line in enumerate(lines, start=1)
    )
    return (
        f'{_XML}<worksheet xmlns="{_S}"><sheetData>{rows}</sheetData>'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        f"{header_footer}</worksheet>"
    )


def make_xlsx(path: Path, lines: list[str] = BODY_LINES, *, header: str | None = None) -> Path:
    """A workbook with two sheets; the second one already has a header when `header` is given."""
    existing = f"<headerFooter><oddHeader>&amp;L{escape(header)}</oddHeader></headerFooter>" if header else ""
    ws = _CT + "spreadsheetml.worksheet+xml"
    parts = {
        "[Content_Types].xml": _types({
            "xl/workbook.xml": _CT + "spreadsheetml.sheet.main+xml",
            "xl/worksheets/sheet1.xml": ws,
            "xl/worksheets/sheet2.xml": ws,
        }),
        "_rels/.rels": _rels([("rId1", "officeDocument", "xl/workbook.xml")]),
        "xl/workbook.xml": (
            f'{_XML}<workbook xmlns="{_S}" xmlns:r="{_DOC_REL}"><sheets>'
            '<sheet name="仕様" sheetId="1" r:id="rId1"/><sheet name="Notes" sheetId="2" r:id="rId2"/>'
            "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": _rels([
            ("rId1", "worksheet", "worksheets/sheet1.xml"),
            ("rId2", "worksheet", "worksheets/sheet2.xml"),
        ]),
        "xl/worksheets/sheet1.xml": _sheet(lines),
        "xl/worksheets/sheet2.xml": _sheet(["備考"], existing),
    }
    return _write(path, parts)


def _slide(lines: list[str]) -> str:
    paragraphs = "".join(
        f'<a:p><a:r><a:rPr lang="ja-JP"/><a:t>{escape(line)}</a:t></a:r></a:p>' for line in lines
    )
    return (
        f'{_XML}<p:sld xmlns:p="{_P}" xmlns:a="{_A}" xmlns:r="{_DOC_REL}"><p:cSld><p:spTree>'
        '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
        '<p:sp><p:nvSpPr><p:cNvPr id="2" name="本文"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/>'
        f"<p:txBody><a:bodyPr/><a:lstStyle/>{paragraphs}</p:txBody></p:sp>"
        "</p:spTree></p:cSld></p:sld>"
    )


def make_pptx(path: Path, lines: list[str] = BODY_LINES, *, slides: int = 2) -> Path:
    overrides = {"ppt/presentation.xml": _CT + "presentationml.presentation.main+xml"}
    rels, ids, parts = [], [], {}
    for n in range(1, slides + 1):
        overrides[f"ppt/slides/slide{n}.xml"] = _CT + "presentationml.slide+xml"
        rels.append((f"rId{n}", "slide", f"slides/slide{n}.xml"))
        ids.append(f'<p:sldId id="{255 + n}" r:id="rId{n}"/>')
        numbered = [f"{line} ({n})" if i == 0 else line for i, line in enumerate(lines)]
        parts[f"ppt/slides/slide{n}.xml"] = _slide(numbered)
    parts.update({
        "[Content_Types].xml": _types(overrides),
        "_rels/.rels": _rels([("rId1", "officeDocument", "ppt/presentation.xml")]),
        "ppt/presentation.xml": (
            f'{_XML}<p:presentation xmlns:p="{_P}" xmlns:a="{_A}" xmlns:r="{_DOC_REL}">'
            f'<p:sldIdLst>{"".join(ids)}</p:sldIdLst><p:sldSz cx="12192000" cy="6858000"/>'
            '<p:notesSz cx="6858000" cy="9144000"/></p:presentation>'
        ),
        "ppt/_rels/presentation.xml.rels": _rels(rels),
    })
    return _write(path, parts)


def make_pdf(path: Path, lines: list[str] = BODY_LINES, *, rotated: bool = False) -> Path:
    """Two pages (A4 portrait, then landscape letter) with the lines in the embedded font."""
    from reportlab.lib.pagesizes import A4, landscape, letter
    from reportlab.pdfgen import canvas

    from shuhi.documents.stamp_pdf import register_font

    font = register_font()
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for size in (A4, landscape(letter)):
        pdf.setPageSize(size)
        if rotated:
            pdf.setPageRotation(90)
        pdf.setFont(font, 12)
        for i, line in enumerate(lines):
            pdf.drawString(72, size[1] - 120 - 20 * i, line)
        pdf.showPage()
    pdf.save()
    return path


MAKERS = {"pdf": make_pdf, "docx": make_docx, "xlsx": make_xlsx, "pptx": make_pptx}


def make(fmt: str, directory: Path, name: str = "input", **options) -> Path:
    return MAKERS[fmt](directory / f"{name}.{fmt}", **options)


# -- reading back ---------------------------------------------------------------------------------
_METADATA = ("docProps/", "docMetadata/")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_TEXT_TAGS = {f"{{{_W}}}t", f"{{{_A}}}t", f"{{{_S}}}t"}


def office_text(path: Path, *, skip_metadata: bool = True) -> str:
    """Paragraph text of every XML part, one paragraph (or string item) a line."""
    lines = []
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if not name.endswith(".xml") or (skip_metadata and name.startswith(_METADATA)):
                continue
            root = etree.fromstring(archive.read(name), _PARSER)
            for element in root.iter(f"{{{_W}}}p", f"{{{_A}}}p", f"{{{_S}}}is", f"{{{_S}}}si"):
                lines.append("".join(t.text or "" for t in element.iter(*_TEXT_TAGS)))
            for element in root.iter(f"{{{_S}}}oddHeader", f"{{{_S}}}oddFooter"):
                lines.append(element.text or "")
    return "\n".join(lines)


def pdf_text(path: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        texts = []
        for page in document:
            text_page = page.get_textpage()
            texts.append(text_page.get_text_range())
            text_page.close()
        return "\n".join(texts)
    finally:
        document.close()


def text_of(path: Path) -> str:
    return pdf_text(path) if path.suffix == ".pdf" else office_text(path)


# -- a standard stamp ------------------------------------------------------------------------------
KEY = b"test-installation-secret-0123456789abcdef"
LABEL = {
    "id": "3de9faa6-9fe1-49b3-9a08-227a296b54a6",
    "site_id": "72f988bf-86f1-41af-91ab-2d7cd011db47",
    "name": "Confidential",
}
MARK = "【社外秘】ACME株式会社 — 開示先: 山田精工 2026-11-26"


def stamp(src: Path, dst: Path | None = None, **overrides) -> tuple[Path, dict]:
    """Stamp `src` as ACME's confidential document disclosed to 山田精工 under D-2026-0042."""
    from shuhi.documents.stamp import stamp_file

    dst = dst or src.with_name(f"stamped-{src.name}")
    options = {
        "tier": "confidential", "owner": "ACME株式会社", "recipient": "山田精工", "date": "2026-11-26",
        "disclosure_id": "D-2026-0042", "key": KEY, "mip": LABEL,
    }
    options.update(overrides)
    return dst, stamp_file(src, dst, **options)
