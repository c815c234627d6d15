"""Read the fingerprints back from a leaked copy, or from text copied out of one.

Every channel is read independently and verified on its own, so a copy that lost its metadata
still traces through its text, and a forged or edited id shows up as an invalid channel.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from shuhi.documents.fingerprint import Found, find_in_text, find_token
from shuhi.documents.stamp import detect_format
from shuhi.documents.stamp_marks import StampError
from shuhi.documents.stamp_office import FINGERPRINT_PROPERTY
from shuhi.documents.stamp_ooxml import Package

__all__ = ["trace_file", "trace_text"]

# Text lives in paragraphs (w:p, a:p), shared/inline strings (si, is) and sheet headers/footers.
_TEXT_ELEMENTS = {
    "p", "si", "is", "oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter",
}
_METADATA_PREFIXES = ("docProps/", "docMetadata/", "customXml/", "_rels/", "[Content_Types].xml")
MAX_PDF_PAGES = 5000


def _result(found: list[Found]) -> dict:
    channels, seen = [], set()
    for item in found:
        entry = (item.channel, item.disclosure_id, item.valid)
        if entry not in seen:
            seen.add(entry)
            channels.append(dict(zip(("channel", "disclosure_id", "valid"), entry, strict=True)))
    valid_ids = list(dict.fromkeys(c["disclosure_id"] for c in channels if c["valid"]))
    result = {
        "disclosure_id": valid_ids[0] if valid_ids else (channels[0]["disclosure_id"] if channels else None),
        "valid": bool(valid_ids),
        "channels": channels,
    }
    if len(valid_ids) > 1:
        # Stamped twice, or pages of two disclosures merged: report both rather than pick one.
        result["conflicting_ids"] = valid_ids
    return result


def trace_text(text: str, *, key: bytes) -> dict:
    """Fingerprints in text copied out of a document (visible code, hidden text, zero-width)."""
    return _result(find_in_text(text or "", key=key))


def trace_file(path: str | Path, *, key: bytes) -> dict:
    path = Path(path)
    if not path.is_file():
        raise StampError(f"no such file: {path}")
    fmt = detect_format(path)
    found = _trace_pdf(path, key) if fmt == "pdf" else _trace_office(path, key)
    return _result(found)


def _trace_pdf(path: Path, key: bytes) -> list[Found]:
    import pikepdf
    import pypdfium2 as pdfium

    from shuhi.documents.extract.pdffonts import use_fixed_fonts
    from shuhi.documents.stamp_pdf import FINGERPRINT_INFO_KEY, FINGERPRINT_XMP_KEY

    # The same fonts as the scanner, so that the page text (and the tokens in it) read the same
    # on every server, whatever fonts it has installed.
    use_fixed_fonts()
    found: list[Found] = []
    try:
        with pikepdf.open(path) as pdf:
            found += find_token(str(pdf.docinfo.get(FINGERPRINT_INFO_KEY, "")), "pdf_info", key=key)
            found += _xmp_channel(pdf, FINGERPRINT_XMP_KEY, key)
    except pikepdf.PasswordError as exc:
        raise StampError("encrypted: the PDF needs a password to open") from exc
    except pikepdf.PdfError as exc:
        raise StampError(f"corrupt: not a readable PDF ({exc})") from exc
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise StampError(f"corrupt: pdfium cannot read the PDF ({exc})") from exc
    try:
        for index in range(min(len(document), MAX_PDF_PAGES)):
            page = document[index]
            text_page = page.get_textpage()
            found += find_in_text(text_page.get_text_range(), key=key)
            text_page.close()
            page.close()
    finally:
        document.close()
    return found


def _xmp_channel(pdf, xmp_key: str, key: bytes) -> list[Found]:
    try:
        value = pdf.open_metadata().get(xmp_key)
    except Exception:  # a damaged XMP packet loses this channel, not the others
        return []
    return find_token(value, "xmp", key=key)


def _part_text(root: etree._Element) -> str:
    chunks = []
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname in _TEXT_ELEMENTS:
            chunks.append("".join(element.itertext()))
    return "\n".join(chunks)


def _trace_office(path: Path, key: bytes) -> list[Found]:
    from shuhi.documents.mip_write import custom_properties

    package = Package(path)
    found = find_token(custom_properties(package).get(FINGERPRINT_PROPERTY), "custom_property", key=key)
    for name in package.names():
        if name.startswith(_METADATA_PREFIXES) or not name.endswith(".xml"):
            continue
        found += find_in_text(_part_text(package.peek(name)), key=key)
    return found
