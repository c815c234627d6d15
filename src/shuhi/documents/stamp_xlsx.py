"""Stamp a workbook: the mark in the centre section of every sheet's printed header and footer.

Excel header/footer strings hold three sections (``&L``, ``&C``, ``&R``) and formatting codes;
the left and right sections are kept, and an existing centre section stays above the mark.
Excel rejects header/footer strings over 255 characters, so the zero-width fingerprint is left
out of a header that would grow past that.
"""

from __future__ import annotations

from lxml import etree

from shuhi.documents.stamp_marks import Mark, StampError
from shuhi.documents.stamp_ooxml import Package

S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml",
)
MAX_LENGTH = 255
# Elements that follow headerFooter in CT_Worksheet / CT_Chartsheet; it goes before the first.
_FOLLOWERS = {
    "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags",
    "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects",
    "controls", "webPublishItems", "tableParts", "extLst",
}
_STYLE = '&"-,Bold"&KB00000'


def split_sections(value: str) -> dict[str, str]:
    """`&Lleft&Ccentre&Rright` -> sections; text before any section code is centred."""
    sections = {"L": "", "C": "", "R": ""}
    current, i = "C", 0
    while i < len(value):
        if value[i] == "&" and i + 1 < len(value):
            code = value[i + 1]
            if code in "LCR":
                current = code
            else:
                sections[current] += value[i : i + 2]
            i += 2
            continue
        sections[current] += value[i]
        i += 1
    return sections


def join_sections(sections: dict[str, str]) -> str:
    return "".join(f"&{key}{sections[key]}" for key in "LCR" if sections[key])


def _with_hidden(sections: dict[str, str], hidden: str) -> dict[str, str]:
    """`hidden` in an empty side section, else on a line of its own: appended to the mark it
    would make the mark look like running text to label scanners."""
    if not hidden:
        return sections
    for side in "RL":
        if not sections[side]:
            return {**sections, side: hidden}
    return {**sections, "C": f"{sections['C']}\n{hidden}"}


def marked(old: str | None, text: str, hidden: str = "") -> str:
    """`old` with `text` added to its centre section, and `hidden` too if it fits."""
    escaped = text.replace("&", "&&")
    for candidate, extra in ((f"{_STYLE}{escaped}", hidden), (f"{_STYLE}{escaped}", ""), (escaped, "")):
        sections = split_sections(old or "")
        centre = f"{sections['C']}\n{candidate}" if sections["C"] else candidate
        value = join_sections(_with_hidden({**sections, "C": centre}, extra))
        if len(value) <= MAX_LENGTH:
            return value
    raise StampError("the sheet's header or footer would exceed Excel's 255 characters with the mark")


def _true(value: str | None) -> bool:
    return value in ("1", "true")


def _header_footer(sheet: etree._Element) -> etree._Element:
    element = sheet.find(f"{{{S}}}headerFooter")
    if element is not None:
        return element
    element = etree.Element(f"{{{S}}}headerFooter")
    for index, child in enumerate(sheet):
        if isinstance(child.tag, str) and etree.QName(child).localname in _FOLLOWERS:
            sheet.insert(index, element)
            return element
    sheet.append(element)
    return element


def _set(header_footer: etree._Element, tag: str, value: str) -> None:
    order = ["oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"]
    element = header_footer.find(f"{{{S}}}{tag}")
    if element is None:
        element = etree.Element(f"{{{S}}}{tag}")
        later = [c for c in header_footer if etree.QName(c).localname in order[order.index(tag) + 1 :]]
        if later:
            later[0].addprevious(element)
        else:
            header_footer.append(element)
    element.text = value


def _stamp_sheet(sheet: etree._Element, mark: Mark) -> bool:
    """Mark one sheet; True when the zero-width fingerprint fitted in its header."""
    header_footer = _header_footer(sheet)
    prefixes = ["odd"]
    if _true(header_footer.get("differentOddEven")):
        prefixes.append("even")
    if _true(header_footer.get("differentFirst")):
        prefixes.append("first")
    zero_width = mark.fingerprint.zero_width if mark.fingerprint else ""
    fitted = True
    for prefix in prefixes:
        old_header = header_footer.findtext(f"{{{S}}}{prefix}Header")
        header = marked(old_header, mark.header_text, zero_width)
        fitted = fitted and zero_width in header
        _set(header_footer, f"{prefix}Header", header)
        old_footer = header_footer.findtext(f"{{{S}}}{prefix}Footer")
        _set(header_footer, f"{prefix}Footer", marked(old_footer, mark.footer_text))
    return fitted


def stamp_xlsx(package: Package, mark: Mark) -> dict:
    sheets = [name for content_type in SHEET_TYPES for name in package.parts_of_type(content_type)]
    if not sheets:
        raise StampError("corrupt: the workbook has no sheets")
    zero_width_somewhere = any([_stamp_sheet(package.xml(name), mark) for name in sheets])
    channels = []
    if mark.fingerprint is not None:
        channels = ["visible_reference"] + (["zero_width"] if zero_width_somewhere else [])
    return {"sheets": len(sheets), "watermark": False, "channels": channels}
