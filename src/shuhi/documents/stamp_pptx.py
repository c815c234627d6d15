"""Stamp a presentation: mark boxes at the top and bottom of every slide and a watermark.

The shapes go on every slide rather than on the masters so that a slide copied into another
deck takes its mark and fingerprint with it. The watermark is the bottom-most shape, so it never
hides content; the mark boxes are on top so that content never hides them.
"""

from __future__ import annotations

from lxml import etree

from shuhi.documents.stamp_marks import OFFICE_EA_FONT, Mark, StampError
from shuhi.documents.stamp_ooxml import Package

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
SLIDE_TYPES = (
    "application/vnd.openxmlformats-officedocument.presentationml.slide+xml",
)
DEFAULT_SIZE = (9144000, 6858000)  # 10 x 7.5 inches, PowerPoint's 4:3 default
EMU_PER_POINT = 12700


def p(tag: str) -> str:
    return f"{{{P}}}{tag}"


def a(tag: str) -> str:
    return f"{{{A}}}{tag}"


def _slide_size(package: Package) -> tuple[int, int]:
    size = package.peek(package.main_part()).find(p("sldSz"))
    try:
        return int(size.get("cx")), int(size.get("cy"))
    except (AttributeError, TypeError, ValueError):
        return DEFAULT_SIZE


def _text_shape(
    shape_id: int, name: str, box: tuple[int, int, int, int], text: str, *,
    size: int, color: str, alpha: int | None = None, rotation: int = 0, hidden: str = "",
) -> etree._Element:
    shape = etree.Element(p("sp"), nsmap={"p": P, "a": A})
    nv = etree.SubElement(shape, p("nvSpPr"))
    etree.SubElement(nv, p("cNvPr"), id=str(shape_id), name=name)
    etree.SubElement(etree.SubElement(nv, p("cNvSpPr"), txBox="1"), a("spLocks"), noGrp="1")
    etree.SubElement(nv, p("nvPr"), userDrawn="1")
    props = etree.SubElement(shape, p("spPr"))
    xfrm = etree.SubElement(props, a("xfrm"), {"rot": str(rotation)} if rotation else {})
    etree.SubElement(xfrm, a("off"), x=str(box[0]), y=str(box[1]))
    etree.SubElement(xfrm, a("ext"), cx=str(box[2]), cy=str(box[3]))
    etree.SubElement(etree.SubElement(props, a("prstGeom"), prst="rect"), a("avLst"))
    etree.SubElement(props, a("noFill"))
    body = etree.SubElement(shape, p("txBody"))
    etree.SubElement(body, a("bodyPr"), wrap="none", lIns="0", tIns="0", rIns="0", bIns="0", anchor="ctr")
    etree.SubElement(body, a("lstStyle"))
    paragraph = etree.SubElement(body, a("p"))
    etree.SubElement(paragraph, a("pPr"), algn="ctr")
    run = etree.SubElement(paragraph, a("r"))
    run_props = etree.SubElement(run, a("rPr"), lang="ja-JP", altLang="en-US", sz=str(size), b="1", dirty="0")
    colour = etree.SubElement(etree.SubElement(run_props, a("solidFill")), a("srgbClr"), val=color)
    if alpha is not None:
        etree.SubElement(colour, a("alpha"), val=str(alpha))
    etree.SubElement(run_props, a("latin"), typeface=OFFICE_EA_FONT)
    etree.SubElement(run_props, a("ea"), typeface=OFFICE_EA_FONT)
    etree.SubElement(run, a("t")).text = text
    if hidden:
        # Own paragraph, 1 pt: appended to the mark it would make the mark look like running text.
        extra = etree.SubElement(body, a("p"))
        etree.SubElement(etree.SubElement(extra, a("r")), a("rPr"), lang="en-US", sz="100", dirty="0")
        etree.SubElement(extra[0], a("t")).text = hidden
    return shape


def _next_id(slide: etree._Element) -> int:
    ids = [int(el.get("id")) for el in slide.iter(p("cNvPr")) if (el.get("id") or "").isdigit()]
    return max([1, *ids]) + 1


def _stamp_slide(slide: etree._Element, mark: Mark, width: int, height: int) -> None:
    tree = slide.find(f"{p('cSld')}/{p('spTree')}")
    if tree is None:
        raise StampError("corrupt: a slide has no shape tree")
    first_id = _next_id(slide)
    height_pt = height / EMU_PER_POINT
    mark_size = max(600, min(1200, int(height_pt / 45) * 100))
    strip = int(height * 0.05)
    hidden = mark.fingerprint.zero_width if mark.fingerprint else ""
    header_box = (int(width * 0.05), 0, int(width * 0.9), strip)
    footer_box = (int(width * 0.05), height - strip, int(width * 0.9), strip)
    wm_box = (int(width * 0.1), int(height * 0.35), int(width * 0.8), int(height * 0.3))
    watermark = _text_shape(
        first_id, "shuhi watermark", wm_box, mark.watermark_text,
        size=int(height_pt * 0.2) * 100, color="808080", alpha=25000, rotation=18900000,
    )
    # Behind every existing shape: right after the group's own properties.
    fixed = [c for c in tree if etree.QName(c).localname in ("nvGrpSpPr", "grpSpPr")]
    tree.insert(tree.index(fixed[-1]) + 1 if fixed else 0, watermark)
    boxes = (
        ("shuhi header", header_box, mark.header_text, ""),
        ("shuhi footer", footer_box, mark.footer_text, hidden),
    )
    for offset, (name, box, text, extra) in enumerate(boxes, start=1):
        shape = _text_shape(first_id + offset, name, box, text, size=mark_size, color="B00000", hidden=extra)
        ext = tree.find(p("extLst"))
        if ext is not None:
            ext.addprevious(shape)
        else:
            tree.append(shape)


def stamp_pptx(package: Package, mark: Mark) -> dict:
    width, height = _slide_size(package)
    slides = [name for content_type in SLIDE_TYPES for name in package.parts_of_type(content_type)]
    for name in slides:
        _stamp_slide(package.xml(name), mark, width, height)
    channels = ["visible_reference", "zero_width"] if mark.fingerprint is not None and slides else []
    return {"slides": len(slides), "watermark": bool(slides), "channels": channels}
