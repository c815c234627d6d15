"""What every extractor shares: its result, its errors, and safe ways to open zips and XML.

Files come from anywhere (a supplier's upload, a leaked copy), so nothing in them is trusted:
XML is parsed without DTDs, entities or network, and zip members are read against limits on
size and compression ratio counted on the bytes actually inflated, not on the sizes declared.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from shuhi.documents.labels import Segment

MAX_MEMBER_BYTES = 96 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 1024 * 1024  # small parts compress well legitimately; only judge big ones
MAX_MEMBERS = 20000
_CHUNK = 1024 * 1024


class ScanError(Exception):
    """A per-file failure whose message is the short reason reported in `error`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Encrypted(ScanError):
    def __init__(self) -> None:
        super().__init__("encrypted")


class Unsupported(ScanError):
    def __init__(self) -> None:
        super().__init__("unsupported")


class TooLarge(ScanError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"too large: {detail}")


class Corrupt(ScanError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"corrupt: {detail}"[:160])


@dataclass
class Extraction:
    """Text segments and Microsoft label records pulled out of one file."""

    format: str
    segments: list[Segment] = field(default_factory=list)
    mip: list[dict[str, Any]] = field(default_factory=list)
    warning: str | None = None  # a part that failed while the rest was read
    ocr: bool = False  # some of the text was read from page images
    stamps: list[str] = field(default_factory=list)  # names of standard PDF stamps ("Confidential")
    labels: list[dict[str, str]] = field(default_factory=list)  # found in files inside this one

    def add(self, where: str, text: str | None, confidence: float | None = None) -> None:
        """Keep a piece of text; `confidence` (0-100) marks text read by OCR."""
        if text and text.strip():
            self.segments.append(Segment(where, text, confidence))

    def note(self, problem: str) -> None:
        """Keep the first problem of a partly read file; it becomes the file's `error`."""
        if self.warning is None:
            self.warning = problem[:160]


class SafeZip:
    """A zip archive read under size, count and ratio limits."""

    def __init__(self, path: str | Path) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise Corrupt(f"bad zip: {exc}") from exc
        if len(infos) > MAX_MEMBERS:
            raise TooLarge(f"{len(infos)} zip members")
        self.infos = {info.filename: info for info in infos}
        self.total = 0

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self._zip.close()

    def names(self) -> list[str]:
        return list(self.infos)

    def read(self, name: str) -> bytes | None:
        """Inflate one member, or None if absent; raises TooLarge past the limits."""
        info = self.infos.get(name)
        if info is None:
            return None
        if info.file_size > MAX_MEMBER_BYTES:
            raise TooLarge(f"{name} inflates to {info.file_size} bytes")
        buffer = io.BytesIO()
        try:
            with self._zip.open(info) as member:
                while chunk := member.read(_CHUNK):
                    buffer.write(chunk)
                    self._check(name, buffer.tell(), info.compress_size)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise Corrupt(f"{name}: {exc}") from exc
        self.total += buffer.tell()
        return buffer.getvalue()

    def _check(self, name: str, size: int, compressed: int) -> None:
        if size > MAX_MEMBER_BYTES or self.total + size > MAX_TOTAL_BYTES:
            raise TooLarge(f"{name} inflates past the limit")
        if size > RATIO_FLOOR_BYTES and size > MAX_RATIO * max(compressed, 1):
            raise TooLarge(f"{name} compression ratio over {MAX_RATIO}")


def _parser_options() -> dict[str, Any]:
    return {"resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False}


def check_no_dtd(data: bytes, name: str) -> None:
    """Office and ODF parts never carry a DTD; one that does is an attack (billion laughs)."""
    # A DTD must precede the root element; comments can push it down, hence the wide window.
    head = data[:65536]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head or b"<!doctype" in head:
        raise Corrupt(f"{name}: XML with a DTD")


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse a whole (small) XML part safely."""
    check_no_dtd(data, name)
    parser = etree.XMLParser(**_parser_options(), recover=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise Corrupt(f"{name}: {exc}") from exc


def iterparse(data: bytes, name: str, events: tuple[str, ...], tags: list[str] | None = None
              ) -> Iterator[tuple[str, etree._Element]]:
    """Stream a (possibly large) XML part safely, re-raising syntax errors as Corrupt."""
    check_no_dtd(data, name)
    try:
        yield from etree.iterparse(io.BytesIO(data), events=events, tag=tags, **_parser_options())
    except etree.XMLSyntaxError as exc:
        raise Corrupt(f"{name}: {exc}") from exc


def local(tag: object) -> str:
    """The local part of a Clark-notation tag (`{ns}name` → `name`)."""
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1]
