"""Build small but well-formed test documents with a label in one chosen place.

Office Open XML and ODF packages are written with zipfile from string templates (no
python-docx): the scanner must read what Office and LibreOffice write, so the markup follows
theirs — split runs, text boxes in mc:AlternateContent, VML watermarks, header/footer codes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

DECOY_JA = "社外秘の資料は施錠して保管する。極秘の扱いについては総務部に確認すること。"
DECOY_EN = "This document explains how confidential information and top secret designs are handled."
FILLER = "本製品の開発計画について説明します。"

CORE_NS = (
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
)
W_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)
P_NS = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)
S_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MIP_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
CT_BASE = "application/vnd.openxmlformats-officedocument."


def _content_types(overrides: Mapping[str, str]) -> str:
    items = "".join(
        f'<Override PartName="/{part}" ContentType="{kind}"/>' for part, kind in overrides.items()
    )
    return (
        XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + items + "</Types>"
    )


def _rels(targets: Iterable[tuple[str, str]]) -> str:
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(targets, start=1)
    )
    return (
        XML_HEAD
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + rels
        + "</Relationships>"
    )


def core_xml(fields: Mapping[str, str] | None) -> str:
    fields = dict(fields or {})
    body = "".join(
        f"<{'dc' if key in {'title', 'subject', 'description'} else 'cp'}:{key}>{escape(value)}"
        f"</{'dc' if key in {'title', 'subject', 'description'} else 'cp'}:{key}>"
        for key, value in fields.items()
    )
    return XML_HEAD + f"<cp:coreProperties {CORE_NS}>{body}<dc:creator>test</dc:creator></cp:coreProperties>"


def mip_properties(
    guid: str,
    name: str,
    site: str = "11111111-2222-3333-4444-555555555555",
    method: str = "Privileged",
    enabled: str = "true",
) -> dict[str, str]:
    prefix = f"MSIP_Label_{guid}_"
    return {
        prefix + "Enabled": enabled,
        prefix + "SetDate": "2025-04-01T09:00:00Z",
        prefix + "Method": method,
        prefix + "Name": name,
        prefix + "SiteId": site,
        prefix + "ActionId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        prefix + "ContentBits": "0",
    }


def custom_xml(properties: Mapping[str, str]) -> str:
    items = "".join(
        f'<property fmtid="{MIP_FMTID}" pid="{pid}" name={quoteattr(name)}><vt:lpwstr>{escape(value)}'
        f"</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), start=2)
    )
    return XML_HEAD + (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        + items
        + "</Properties>"
    )


def labelinfo_xml(labels: Iterable[Mapping[str, str]]) -> str:
    items = "".join(
        f'<clbl:label id="{{{label["id"]}}}" enabled="{label.get("enabled", "1")}" '
        f'method="{label.get("method", "Privileged")}" siteId="{{{label.get("site", label["id"])}}}" '
        f'contentBits="0" removed="{label.get("removed", "0")}"/>'
        for label in labels
    )
    return XML_HEAD + (
        '<clbl:labelList xmlns:clbl="http://schemas.microsoft.com/office/2020/mipLabelMetadata">'
        + items
        + "</clbl:labelList>"
    )


def _package_extras(
    files: dict[str, str],
    overrides: dict[str, str],
    core: Mapping[str, str] | None,
    custom: Mapping[str, str] | None,
    labelinfo: Iterable[Mapping[str, str]] | None,
) -> None:
    files["docProps/core.xml"] = core_xml(core)
    overrides["docProps/core.xml"] = "application/vnd.openxmlformats-package.core-properties+xml"
    if custom:
        files["docProps/custom.xml"] = custom_xml(custom)
        overrides["docProps/custom.xml"] = CT_BASE + "custom-properties+xml"
    if labelinfo:
        files["docMetadata/LabelInfo.xml"] = labelinfo_xml(labelinfo)
        overrides["docMetadata/LabelInfo.xml"] = "application/vnd.ms-office.classificationlabels+xml"


def write_zip(path: Path, files: Mapping[str, str | bytes], stored_first: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(zipfile.ZipInfo(stored_first), files[stored_first], zipfile.ZIP_STORED)
        for name, content in files.items():
            if name != stored_first:
                archive.writestr(name, content)
    return path


# --- WordprocessingML -------------------------------------------------------------------------


def w_para(text: str, split: bool = True) -> str:
    """A paragraph whose text is split over several runs, as Word does after edits."""
    if not text:
        return "<w:p/>"
    cut = len(text) // 2 if split and len(text) > 1 else len(text)
    runs = [text[:cut], text[cut:]] if cut < len(text) else [text]
    return (
        "<w:p>"
        + "".join(
            f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{escape(run)}</w:t></w:r>' for run in runs
        )
        + "</w:p>"
    )


def w_textbox(text: str) -> str:
    inner = f"<w:txbxContent>{w_para(text)}</w:txbxContent>"
    return (
        '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        f"<wps:txbx>{inner}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        f"</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{inner}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )


def w_watermark(text: str) -> str:
    return (
        '<w:p><w:r><w:pict><v:shape id="PowerPlusWaterMarkObject" type="#_x0000_t136" '
        'style="position:absolute;rotation:315" fillcolor="silver" stroked="f">'
        f'<v:textpath style="font-family:&quot;Meiryo&quot;" string={quoteattr(text)}/>'
        "</v:shape></w:pict></w:r></w:p>"
    )


def docx(
    path: Path,
    *,
    body: Iterable[str] = (DECOY_JA,),
    header: str | None = None,
    footer: str | None = None,
    textbox: str | None = None,
    watermark: str | None = None,
    core: Mapping[str, str] | None = None,
    custom: Mapping[str, str] | None = None,
    labelinfo: Iterable[Mapping[str, str]] | None = None,
) -> Path:
    paragraphs = "".join(w_para(text) for text in body) + (w_textbox(textbox) if textbox else "")
    files: dict[str, str] = {
        "word/document.xml": XML_HEAD + f"<w:document {W_NS}><w:body>{paragraphs}<w:sectPr>"
        '<w:headerReference w:type="default" r:id="rId1"/><w:footerReference w:type="default" r:id="rId2"/>'
        "</w:sectPr></w:body></w:document>",
    }
    overrides = {"word/document.xml": CT_BASE + "wordprocessingml.document.main+xml"}
    header_body = (w_para(header) if header else "<w:p/>") + (w_watermark(watermark) if watermark else "")
    files["word/header1.xml"] = XML_HEAD + f"<w:hdr {W_NS}>{header_body}</w:hdr>"
    files["word/footer1.xml"] = XML_HEAD + f"<w:ftr {W_NS}>{w_para(footer or '')}</w:ftr>"
    overrides["word/header1.xml"] = CT_BASE + "wordprocessingml.header+xml"
    overrides["word/footer1.xml"] = CT_BASE + "wordprocessingml.footer+xml"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    files["word/_rels/document.xml.rels"] = _rels(
        [(rel + "header", "header1.xml"), (rel + "footer", "footer1.xml")]
    )
    files["_rels/.rels"] = _rels([(rel + "officeDocument", "word/document.xml")])
    _package_extras(files, overrides, core, custom, labelinfo)
    files = {"[Content_Types].xml": _content_types(overrides), **files}
    return write_zip(path, files)


# --- SpreadsheetML ----------------------------------------------------------------------------


def _sheet_xml(inline: Iterable[str], shared_count: int, header: str | None, footer: str | None) -> str:
    cells = [f'<c r="A{row}" t="s"><v>{row - 1}</v></c>' for row in range(1, shared_count + 1)]
    cells += [
        f'<c r="B{row}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'
        for row, text in enumerate(inline, start=1)
    ]
    cells.append('<c r="C1"><v>42</v></c>')
    rows = "".join(f'<row r="{i + 1}">{cell}</row>' for i, cell in enumerate(cells))
    head_foot = ""
    if header or footer:
        # Excel's own codes: section markers, a font switch and page fields around the label.
        odd_header = (
            f'<oddHeader>&amp;L&amp;"ＭＳ ゴシック,太字"{escape(header)}&amp;R&amp;D</oddHeader>'
            if header
            else ""
        )
        odd_footer = f"<oddFooter>&amp;C{escape(footer)}&amp;R&amp;P / &amp;N</oddFooter>" if footer else ""
        head_foot = f"<headerFooter>{odd_header}{odd_footer}</headerFooter>"
    return XML_HEAD + f"<worksheet {S_NS}><sheetData>{rows}</sheetData>{head_foot}</worksheet>"


def _drawing_xml(text: str) -> str:
    return XML_HEAD + (
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor><xdr:sp>'
        f"<xdr:txBody><a:bodyPr/><a:p><a:r><a:t>{escape(text)}</a:t></a:r></a:p></xdr:txBody>"
        "</xdr:sp></xdr:twoCellAnchor></xdr:wsDr>"
    )


def xlsx(
    path: Path,
    *,
    cells: Iterable[str] = ("品番", "数量", DECOY_JA),
    inline: Iterable[str] = (),
    header: str | None = None,
    footer: str | None = None,
    sheet_name: str = "Sheet1",
    textbox: str | None = None,
    core: Mapping[str, str] | None = None,
    custom: Mapping[str, str] | None = None,
    labelinfo: Iterable[Mapping[str, str]] | None = None,
) -> Path:
    cells = list(cells)
    strings = "".join(f"<si><t>{escape(text)}</t></si>" for text in cells)
    # A phonetic guide must not be read as a second cell.
    strings += '<si><t>部品</t><rPh sb="0" eb="2"><t>ブヒン</t></rPh></si>'
    files: dict[str, str] = {
        "xl/workbook.xml": XML_HEAD + f'<workbook {S_NS} xmlns:r="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/relationships"><sheets><sheet name={quoteattr(sheet_name)} sheetId="1" '
        'r:id="rId1"/></sheets></workbook>',
        "xl/sharedStrings.xml": XML_HEAD + f'<sst {S_NS} count="{len(cells) + 1}">{strings}</sst>',
        "xl/worksheets/sheet1.xml": _sheet_xml(inline, len(cells), header, footer),
    }
    overrides = {
        "xl/workbook.xml": CT_BASE + "spreadsheetml.sheet.main+xml",
        "xl/sharedStrings.xml": CT_BASE + "spreadsheetml.sharedStrings+xml",
        "xl/worksheets/sheet1.xml": CT_BASE + "spreadsheetml.worksheet+xml",
    }
    if textbox:
        files["xl/drawings/drawing1.xml"] = _drawing_xml(textbox)
        overrides["xl/drawings/drawing1.xml"] = CT_BASE + "drawing+xml"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    files["xl/_rels/workbook.xml.rels"] = _rels([(rel + "worksheet", "worksheets/sheet1.xml")])
    files["_rels/.rels"] = _rels([(rel + "officeDocument", "xl/workbook.xml")])
    _package_extras(files, overrides, core, custom, labelinfo)
    return write_zip(path, {"[Content_Types].xml": _content_types(overrides), **files})


# --- PresentationML ---------------------------------------------------------------------------


def _shape(texts: Iterable[str]) -> str:
    paras = "".join(f"<a:p><a:r><a:t>{escape(text)}</a:t></a:r></a:p>" for text in texts)
    return f"<p:sp><p:txBody><a:bodyPr/>{paras}</p:txBody></p:sp>"


def _slide_part(root: str, texts: Iterable[str]) -> str:
    return XML_HEAD + f"<p:{root} {P_NS}><p:cSld><p:spTree>{_shape(texts)}</p:spTree></p:cSld></p:{root}>"


def pptx(
    path: Path,
    *,
    slide: Iterable[str] = ("新製品の開発計画", DECOY_JA),
    layout: str | None = None,
    master: str | None = None,
    notes: str | None = None,
    core: Mapping[str, str] | None = None,
    custom: Mapping[str, str] | None = None,
    labelinfo: Iterable[Mapping[str, str]] | None = None,
) -> Path:
    files = {
        "ppt/presentation.xml": XML_HEAD + f"<p:presentation {P_NS}/>",
        "ppt/slides/slide1.xml": _slide_part("sld", slide),
        "ppt/slideLayouts/slideLayout1.xml": _slide_part("sldLayout", [layout] if layout else ["タイトル"]),
        "ppt/slideMasters/slideMaster1.xml": _slide_part("sldMaster", [master] if master else ["マスター"]),
    }
    overrides = {
        "ppt/presentation.xml": CT_BASE + "presentationml.presentation.main+xml",
        "ppt/slides/slide1.xml": CT_BASE + "presentationml.slide+xml",
        "ppt/slideLayouts/slideLayout1.xml": CT_BASE + "presentationml.slideLayout+xml",
        "ppt/slideMasters/slideMaster1.xml": CT_BASE + "presentationml.slideMaster+xml",
    }
    if notes:
        files["ppt/notesSlides/notesSlide1.xml"] = _slide_part("notes", [notes])
        overrides["ppt/notesSlides/notesSlide1.xml"] = CT_BASE + "presentationml.notesSlide+xml"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    files["_rels/.rels"] = _rels([(rel + "officeDocument", "ppt/presentation.xml")])
    _package_extras(files, overrides, core, custom, labelinfo)
    return write_zip(path, {"[Content_Types].xml": _content_types(overrides), **files})


# --- OpenDocument -----------------------------------------------------------------------------

ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"'
)
ODF_MIME = {"odt": "text", "ods": "spreadsheet", "odp": "presentation"}


def _odf_p(text: str) -> str:
    # text:s stands for a run of spaces, and text:span splits the word like a style change would.
    if " " in text:
        first, rest = text.split(" ", 1)
        return f"<text:p>{escape(first)}<text:s/>{escape(rest)}</text:p>"
    cut = max(1, len(text) // 2)
    span = f'<text:span text:style-name="T1">{escape(text[:cut])}</text:span>'
    return f"<text:p>{span}{escape(text[cut:])}</text:p>"


def _odf_meta(title: str | None, user: Mapping[str, str] | None) -> str:
    fields = f"<dc:title>{escape(title)}</dc:title>" if title else ""
    fields += "".join(
        f"<meta:user-defined meta:name={quoteattr(name)}>{escape(value)}</meta:user-defined>"
        for name, value in (user or {}).items()
    )
    return (
        XML_HEAD
        + f"<office:document-meta {ODF_NS}><office:meta>{fields}</office:meta></office:document-meta>"
    )


def odf(
    path: Path,
    kind: str,
    *,
    body: Iterable[str] = (DECOY_JA,),
    header: str | None = None,
    footer: str | None = None,
    textbox: str | None = None,
    master: str | None = None,
    title: str | None = None,
    user: Mapping[str, str] | None = None,
) -> Path:
    """An odt (paragraphs), ods (one cell per line) or odp (one slide) document."""
    paras = "".join(_odf_p(text) for text in body)
    if kind == "ods":
        rows = "".join(
            f"<table:table-row><table:table-cell>{_odf_p(t)}</table:table-cell></table:table-row>"
            for t in body
        )
        content = (
            f'<office:spreadsheet><table:table table:name="Sheet1">{rows}</table:table></office:spreadsheet>'
        )
    elif kind == "odp":
        content = (
            f'<office:presentation><draw:page draw:name="p1"><draw:frame><draw:text-box>{paras}'
            "</draw:text-box></draw:frame></draw:page></office:presentation>"
        )
    else:
        box = (
            f"<text:p><draw:frame><draw:text-box>{_odf_p(textbox)}</draw:text-box></draw:frame></text:p>"
            if textbox
            else ""
        )
        content = f"<office:text>{paras}{box}</office:text>"
    page = ""
    if header:
        page += f"<style:header>{_odf_p(header)}</style:header>"
    if footer:
        page += f"<style:footer>{_odf_p(footer)}</style:footer>"
    if master:
        page += (
            f"<draw:frame><draw:text-box>{_odf_p(master)}</draw:text-box></draw:frame>"
            if kind != "odp"
            else f"<draw:frame>{_odf_p(master)}</draw:frame>"
        )
    files: dict[str, str] = {
        "mimetype": f"application/vnd.oasis.opendocument.{ODF_MIME[kind]}",
        "content.xml": XML_HEAD + f"<office:document-content {ODF_NS}><office:body>{content}</office:body>"
        "</office:document-content>",
        "styles.xml": XML_HEAD + f"<office:document-styles {ODF_NS}><office:master-styles>"
        f'<style:master-page style:name="Standard">{page}</style:master-page></office:master-styles>'
        "</office:document-styles>",
        "meta.xml": _odf_meta(title, user),
        "META-INF/manifest.xml": XML_HEAD + '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
        'opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
        f'manifest:media-type="application/vnd.oasis.opendocument.{ODF_MIME[kind]}"/></manifest:manifest>',
    }
    return write_zip(path, files, stored_first="mimetype")


# --- plain text -------------------------------------------------------------------------------


def text_file(path: Path, lines: Iterable[str], encoding: str = "utf-8") -> Path:
    path.write_bytes("\n".join(lines).encode(encoding) + b"\n")
    return path


# --- PDF --------------------------------------------------------------------------------------


def pdf(
    path: Path,
    *,
    body: Iterable[str] = (DECOY_JA,),
    header: str | None = None,
    footer: str | None = None,
    stamp: str | None = None,
    title: str | None = None,
    keywords: str | None = None,
    info: Mapping[str, str] | None = None,
    xmp: Mapping[str, str] | None = None,
    pages: int = 1,
) -> Path:
    """A PDF drawn with reportlab's Japanese CID font; custom Info keys and XMP added with pikepdf."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    width, height = A4
    sheet = canvas.Canvas(str(path), pagesize=A4)
    if title:
        sheet.setTitle(title)
    if keywords:
        sheet.setKeywords(keywords)
    for _page in range(pages):
        sheet.setFont("HeiseiKakuGo-W5", 10)
        if header:
            sheet.drawRightString(width - 40, height - 30, header)
        if footer:
            sheet.drawCentredString(width / 2, 25, footer)
        y = height - 120
        for line in body:
            sheet.drawString(60, y, line)
            y -= 16
        if stamp:
            sheet.saveState()
            sheet.setFont("HeiseiKakuGo-W5", 60)
            sheet.translate(width / 2, height / 2)
            sheet.rotate(45)
            sheet.drawCentredString(0, 0, stamp)
            sheet.restoreState()
        sheet.showPage()
    sheet.save()
    if info or xmp:
        _add_pdf_metadata(path, info or {}, xmp or {})
    return path


def _add_pdf_metadata(path: Path, info: Mapping[str, str], xmp: Mapping[str, str]) -> None:
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as document:
        for key, value in info.items():
            document.docinfo[pikepdf.Name("/" + key)] = value
        if xmp:
            props = "".join(f"<pdfx:{key}>{escape(value)}</pdfx:{key}>" for key, value in xmp.items())
            packet = (
                '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
                '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                f'<rdf:Description rdf:about="" xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/">{props}</rdf:Description>'
                '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
            ).encode()
            stream = pikepdf.Stream(document, packet)
            stream["/Type"] = pikepdf.Name("/Metadata")
            stream["/Subtype"] = pikepdf.Name("/XML")
            document.Root["/Metadata"] = stream
        document.save(path)
