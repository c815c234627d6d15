"""Decide a file's format from its name and its first bytes.

Extensions lie (a renamed .doc, a PDF saved as .bin), so the content decides when it can: PDF
and zip magic, the package's own declaration of what it is, and the OLE container that holds
both legacy Office files and password-protected OOXML (as an `EncryptedPackage` stream).
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
FAMILIES = {**dict.fromkeys(OOXML, "ooxml"), **dict.fromkeys(ODF, "odf"), **dict.fromkeys(TEXT, "text"),
            "pdf": "pdf"}

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


def detect_format(path: str | Path) -> str:
    """The format name for `path`; raises Unsupported, Encrypted or Corrupt when it has none."""
    ext = extension(path)
    with open(path, "rb") as handle:
        head = handle.read(_PDF_SEARCH)
    if ext in LEGACY:
        raise Unsupported()
    if head.startswith(OLE_MAGIC):
        if ext in OOXML and _ole_is_encrypted_ooxml(path):
            raise Encrypted()
        raise Unsupported()
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(ZIP_MAGIC) or (ext in OOXML | ODF and head[:2] == b"PK"):
        found = _zip_format(path)
        if ext in OOXML | ODF and (found is None or FAMILIES[found] == FAMILIES[ext]):
            return ext
        if found:
            return found
        raise Corrupt("zip is neither Office Open XML nor OpenDocument") if ext in OOXML | ODF \
            else Unsupported()
    if ext in TEXT:
        return ext
    if ext == "pdf":
        raise Corrupt("no PDF header")
    if ext in OOXML | ODF:
        raise Corrupt("not a zip package")
    raise Unsupported()
