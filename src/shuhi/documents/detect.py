"""Decide a file's format from its name and its first bytes.

Extensions lie (a renamed .doc, a PDF saved as .bin), so the content decides when it can: PDF
and zip magic, the package's own declaration of what it is, and the OLE container that holds
both legacy Office files and password-protected OOXML (as an `EncryptedPackage` stream). Inside
that container the streams decide: a Word file saved as .xls is read as Word.
"""

from __future__ import annotations

import mmap
import zipfile
from pathlib import Path

from shuhi.documents.extract.base import Corrupt, Encrypted, Unsupported

OOXML = {"docx", "docm", "dotx", "dotm", "xlsx", "xlsm", "xltx", "xltm", "pptx", "pptm", "potx", "ppsx"}
ODF = {"odt", "ods", "odp", "ott", "ots", "otp"}
TEXT = {"txt", "md", "markdown", "csv", "tsv", "text"}
LEGACY = {"doc", "dot", "xls", "xlt", "ppt", "pot", "pps", "msg", "rtf"}
# Legacy Office and Outlook files in the OLE container, told apart by the stream each must hold.
OLE_FAMILIES = {"doc": "legacy_doc", "dot": "legacy_doc", "xls": "legacy_xls", "xlt": "legacy_xls",
                "ppt": "legacy_ppt", "pot": "legacy_ppt", "pps": "legacy_ppt", "msg": "mail"}
_OLE_STREAMS = (("worddocument", "doc"), ("workbook", "xls"), ("book", "xls"), ("powerpoint document", "ppt"),
                ("__properties_version1.0", "msg"))
MAIL = {"eml", "msg"}
ARCHIVES = {"zip"}
FAMILIES = {**dict.fromkeys(OOXML, "ooxml"), **dict.fromkeys(ODF, "odf"), **dict.fromkeys(TEXT, "text"),
            "pdf": "pdf", **OLE_FAMILIES, "eml": "mail", "zip": "archive"}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_PDF_SEARCH = 1024  # the header may follow junk; readers accept it within the first kilobyte
_ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
_OOXML_MAIN = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))


def extension(path: str | Path) -> str:
    return Path(path).suffix.lower().lstrip(".")


def _zip_format(path: str | Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mimetype in _ODF_MIMETYPES:
                    return _ODF_MIMETYPES[mimetype]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if "[Content_Types].xml" in names:
        for prefix, fmt in _OOXML_MAIN:
            if any(name.startswith(prefix) for name in names):
                return fmt
    return None


def _ole_is_encrypted_ooxml(path: str | Path) -> bool:
    with open(path, "rb") as handle:
        try:
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view:
                return view.find(_ENCRYPTED_STREAM) != -1
        except ValueError:  # empty file
            return False


def _ole_format(path: str | Path, ext: str) -> str:
    """Which legacy format an OLE file holds, by its streams; the extension only breaks ties."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            names = {entry[0].lower() for entry in ole.listdir(streams=True, storages=True)}
    except Exception as exc:  # a damaged container: its reader, if it has one, says what is wrong
        if ext in OLE_FAMILIES:
            raise Corrupt(f"OLE container: {exc}") from exc
        if ext in OOXML and _ole_is_encrypted_ooxml(path):
            raise Encrypted() from exc
        raise Unsupported() from exc
    if "encryptedpackage" in names:  # password-protected OOXML
        raise Encrypted()
    found = next((fmt for stream, fmt in _OLE_STREAMS if stream in names), None)
    if found is None:  # a .doc without a WordDocument stream is damaged; an unknown OLE file is not ours
        raise Corrupt("no document stream in the OLE container") if ext in OLE_FAMILIES else Unsupported()
    return ext if OLE_FAMILIES.get(ext) == OLE_FAMILIES[found] else found


def detect_format(path: str | Path) -> str:
    """The format name for `path`; raises Unsupported, Encrypted or Corrupt when it has none."""
    ext = extension(path)
    with open(path, "rb") as handle:
        head = handle.read(_PDF_SEARCH)
    if head.startswith(OLE_MAGIC):
        return _ole_format(path, ext)
    if ext in LEGACY:
        raise Corrupt("not an OLE compound file") if ext in OLE_FAMILIES else Unsupported()
    if ext == "eml":
        return ext
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(ZIP_MAGIC) or (ext in OOXML | ODF | ARCHIVES and head[:2] == b"PK"):
        found = _zip_format(path)
        if ext in OOXML | ODF and (found is None or FAMILIES[found] == FAMILIES[ext]):
            return ext
        if found:
            return found
        if ext in OOXML | ODF:
            raise Corrupt("zip is neither Office Open XML nor OpenDocument")
        if ext in ARCHIVES:
            return ext
        raise Unsupported()
    if ext in TEXT:
        return ext
    if ext == "pdf":
        raise Corrupt("no PDF header")
    if ext in OOXML | ODF | ARCHIVES:
        raise Corrupt("not a zip package")
    raise Unsupported()
