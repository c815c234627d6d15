"""Stamp a Word document: mark in every header and footer, VML watermark, fingerprint runs.

Existing header and footer parts keep their content and get the mark appended; sections that
would otherwise show no header (or footer) of a kind get a reference to a new part holding only
the mark. The body gains one invisible run (white, 1 pt) carrying the fingerprint token.
"""

from __future__ import annotations

from lxml import etree

from shuhi.documents.stamp_marks import OFFICE_EA_FONT, Mark
from shuhi.documents.stamp_ooxml import Package, parse_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
V = "urn:schemas-microsoft-com:vml"
VO = "urn:schemas-microsoft-com:office:office"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT_BASE = "application/vnd.openxmlformats-officedocument.wordprocessingml."
KINDS = ("header", "footer")
REF_TYPES = ("default", "first", "even")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# Word's own WordArt shape type (#_x0000_t136); the watermark shape refers to it.
_SHAPETYPE = f"""<v:shapetype xmlns:v="{V}" xmlns:o="{VO}" id="_x0000_t136" coordsize="21600,21600"
 o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>
<v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>
<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/>
<v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/>
<v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
 o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>
<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>"""

_SHAPE_STYLE = (
    "position:absolute;margin-left:0;margin-top:0;width:440pt;height:150pt;rotation:315;"
    "z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
    "mso-position-vertical:center;mso-position-vertical-relative:margin"
)


def _run(text: str, *, color: str = "B00000", size: int = 16) -> etree._Element:
    run = etree.Element(w("r"))
    props = etree.SubElement(run, w("rPr"))
    etree.SubElement(props, w("rFonts"), {w("eastAsia"): OFFICE_EA_FONT, w("hint"): "eastAsia"})
    etree.SubElement(props, w("noProof"))
    etree.SubElement(props, w("color"), {w("val"): color})
    etree.SubElement(props, w("sz"), {w("val"): str(size)})
    etree.SubElement(props, w("szCs"), {w("val"): str(size)})
    text_el = etree.SubElement(run, w("t"))
    text_el.set(XML_SPACE, "preserve")
    text_el.text = text
    return run


def _mark_paragraph(text: str) -> etree._Element:
    paragraph = etree.Element(w("p"))
    etree.SubElement(etree.SubElement(paragraph, w("pPr")), w("jc"), {w("val"): "center"})
    paragraph.append(_run(text))
    return paragraph


def _watermark_paragraph(text: str, number: int, with_shapetype: bool) -> etree._Element:
    paragraph = etree.Element(w("p"), nsmap={"w": W, "v": V, "o": VO})
    pict = etree.SubElement(etree.SubElement(paragraph, w("r")), w("pict"))
    if with_shapetype:
        pict.append(parse_xml(_SHAPETYPE.encode(), "watermark shapetype"))
    shape = etree.SubElement(
        pict,
        f"{{{V}}}shape",
        {
            "id": f"ShuhiWaterMark{number}",
            f"{{{VO}}}spid": f"_x0000_s{7000 + number}",
            "type": "#_x0000_t136",
            "style": _SHAPE_STYLE,
            f"{{{VO}}}allowincell": "f",
            "fillcolor": "silver",
            "stroked": "f",
        },
    )
    etree.SubElement(shape, f"{{{V}}}fill", opacity=".35")
    style = f'font-family:"{OFFICE_EA_FONT}";font-size:1pt'
    etree.SubElement(shape, f"{{{V}}}textpath", style=style, string=text)
    return paragraph


def _augment(root: etree._Element, kind: str, mark: Mark, number: int) -> None:
    if kind == "header":
        root.append(_mark_paragraph(mark.header_text))
        has_type = any(el.get("id") == "_x0000_t136" for el in root.iter(f"{{{V}}}shapetype"))
        root.append(_watermark_paragraph(mark.watermark_text, number, not has_type))
    else:
        root.append(_mark_paragraph(mark.footer_text))
        if mark.fingerprint is not None:
            # A paragraph of its own: appended to the mark, the invisible characters would make
            # the mark line look like running text to label scanners.
            paragraph = etree.SubElement(root, w("p"))
            paragraph.append(_run(mark.fingerprint.zero_width, color="FFFFFF", size=2))


def _new_part(package: Package, main: str, kind: str, mark: Mark, number: int) -> str:
    root = etree.Element(w("hdr" if kind == "header" else "ftr"), nsmap={"w": W, "r": R, "v": V, "o": VO})
    _augment(root, kind, mark, number)
    name = package.free_name(f"{main.rsplit('/', 1)[0]}/{kind}{{}}.xml")
    package.set_xml(name, root)
    package.set_override(name, CT_BASE + kind + "+xml")
    return package.add_relationship(main, REL_BASE + kind, name)


def _section_properties(document: etree._Element) -> list[etree._Element]:
    # A sectPr inside sectPrChange is a tracked-change record of old settings, not a section.
    return [s for s in document.iter(w("sectPr")) if etree.QName(s.getparent()).localname != "sectPrChange"]


def _reference_sections(package: Package, main: str, document: etree._Element, mark: Mark) -> int:
    """Point sections at a new mark-only part where they would show no header/footer."""
    new_ids: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    added = 0
    for sect in _section_properties(document):
        refs = [el for el in sect if etree.QName(el).localname in ("headerReference", "footerReference")]
        present = {(etree.QName(el).localname[:6], el.get(w("type"), "default")) for el in refs}
        insert_at = (sect.index(refs[-1]) + 1) if refs else 0
        for kind in KINDS:
            for ref_type in REF_TYPES:
                if (kind, ref_type) in present or (kind, ref_type) in seen:
                    seen.add((kind, ref_type))
                    continue
                if kind not in new_ids:
                    new_ids[kind] = _new_part(package, main, kind, mark, 900 + len(new_ids))
                attributes = {w("type"): ref_type, f"{{{R}}}id": new_ids[kind]}
                reference = etree.Element(w(f"{kind}Reference"), attributes)
                sect.insert(insert_at, reference)
                insert_at += 1
                seen.add((kind, ref_type))
                added += 1
    return added


def _hidden_run(document: etree._Element, mark: Mark) -> bool:
    body = document.find(w("body"))
    if body is None or mark.fingerprint is None:
        return False
    paragraphs = body.findall(w("p"))
    if paragraphs:
        paragraph = paragraphs[-1]
    else:
        paragraph = etree.Element(w("p"))
        sect = body.find(w("sectPr"))
        body.insert(body.index(sect) if sect is not None else len(body), paragraph)
    paragraph.append(_run(" " + mark.fingerprint.token, color="FFFFFF", size=2))
    return True


def stamp_docx(package: Package, mark: Mark) -> dict:
    main = package.main_part()
    document = package.xml(main)
    existing = [
        (kind, target)
        for _rel_id, rel_type, target in package.relationships(main)
        for kind in KINDS
        if rel_type == REL_BASE + kind and package.has(target)
    ]
    for number, (kind, target) in enumerate(existing, start=1):
        _augment(package.xml(target), kind, mark, number)
    if not _section_properties(document):
        body = document.find(w("body"))
        if body is None:
            body = etree.SubElement(document, w("body"))
        body.append(etree.Element(w("sectPr")))
    added = _reference_sections(package, main, document, mark)
    channels = []
    if mark.fingerprint is not None:
        channels = ["visible_reference", "zero_width"]
        if _hidden_run(document, mark):
            channels.append("hidden_text")
    return {"parts_marked": len(existing), "references_added": added, "watermark": True, "channels": channels}
