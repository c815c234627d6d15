"""The OLE compound file that holds legacy Office documents and Outlook messages, read with olefile.

Streams are read whole but only under the engine's size limits (a damaged or hostile file can
declare any size), and the two property sets Office writes into every document are parsed here
by a small reader of MS-OLEPS: olefile's own `getproperties` reads only the first section of a
stream, and the second section of DocumentSummaryInformation holds the user-defined properties,
where Office keeps Microsoft sensitivity labels (`MSIP_Label_<GUID>_*`) in .doc/.xls/.ppt files.
"""

from __future__ import annotations

import codecs
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import olefile

from shuhi.documents.extract import mip
from shuhi.documents.extract.base import MAX_MEMBER_BYTES, MAX_TOTAL_BYTES, Corrupt, Extraction, TooLarge

SUMMARY = "\x05SummaryInformation"
DOC_SUMMARY = "\x05DocumentSummaryInformation"
FMTID_USER = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the user-defined ("custom") section
# Property ids that can carry a label, as the OOXML reader takes title/subject/keywords/description
# from core.xml and category/company/manager from app.xml.
SUMMARY_TEXT = {2: "title", 3: "subject", 5: "keywords", 6: "comments"}
DOC_SUMMARY_TEXT = {2: "category", 14: "manager", 15: "company", 27: "content status"}
MAX_PROPERTIES = 4096
VT_I2, VT_BSTR, VT_LPSTR, VT_LPWSTR = 0x02, 0x08, 0x1E, 0x1F
CODEPAGE_UTF16 = 1200
_CODEPAGES = {CODEPAGE_UTF16: "utf-16-le", 65001: "utf-8", 10000: "mac_roman", 10001: "shift_jis"}


def codec_of(codepage: int | None, default: str = "cp1252") -> str:
    """Python's name for a Windows code page (932 -> cp932), or `default` when it has none."""
    if codepage is None:
        return default
    name = _CODEPAGES.get(codepage % 65536, f"cp{codepage % 65536}")
    try:
        codecs.lookup(name)
    except LookupError:
        return default
    return name


class OleFile:
    """An OLE compound file read under the engine's size limits."""

    def __init__(self, path: str | Path) -> None:
        try:
            if not olefile.isOleFile(str(path)):
                raise Corrupt("not an OLE compound file")
            self._ole = olefile.OleFileIO(str(path))
        except (OSError, ValueError, IndexError, struct.error, RecursionError) as exc:
            raise Corrupt(f"OLE container: {exc}") from exc
        self.total = 0

    def __enter__(self) -> OleFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._ole.close()

    def exists(self, name: str | list[str]) -> bool:
        return bool(self._ole.exists(name))

    def streams(self) -> list[list[str]]:
        return self._ole.listdir(streams=True, storages=False)

    def read(self, name: str | list[str], limit: int = MAX_MEMBER_BYTES) -> bytes | None:
        """A whole stream, or None if absent; raises TooLarge past the limits."""
        if not self._ole.exists(name):
            return None
        label = name if isinstance(name, str) else "/".join(name)
        size = self._ole.get_size(name)
        if size > limit or self.total + size > MAX_TOTAL_BYTES:
            raise TooLarge(f"{label.strip(chr(5))} stream of {size} bytes")
        try:
            data = self._ole.openstream(name).read()
        except (OSError, ValueError, IndexError, struct.error) as exc:
            raise Corrupt(f"{label.strip(chr(5))}: {exc}") from exc
        self.total += len(data)
        return data

    def read_properties(self, result: Extraction) -> None:
        """Summary and user-defined properties as `properties` segments, Microsoft labels as `mip`."""
        pairs: list[tuple[str, Any]] = []
        for stream, wanted in ((SUMMARY, SUMMARY_TEXT), (DOC_SUMMARY, DOC_SUMMARY_TEXT)):
            try:
                data = self.read(stream, limit=4 * 1024 * 1024)
                if not data:
                    continue
                for fmtid, values, names in property_sets(data):
                    if fmtid == FMTID_USER:
                        for pid, value in values.items():
                            name = names.get(pid, "")
                            if isinstance(value, str) and mip.is_mip_key(name):
                                pairs.append((name, value))
                            elif isinstance(value, str):
                                result.add("properties", value)
                        continue
                    for pid in wanted:
                        if isinstance(values.get(pid), str):
                            result.add("properties", values[pid])
            except (Corrupt, TooLarge) as exc:
                result.note(exc.reason)
            except (struct.error, IndexError, ValueError) as exc:
                result.note(f"corrupt: properties: {exc}")
        result.mip = mip.labels_from_properties(pairs)


def _guid(data: bytes) -> str:
    first, second, third = struct.unpack_from("<IHH", data)
    rest = data[8:16].hex().upper()
    return f"{{{first:08X}-{second:04X}-{third:04X}-{rest[:4]}-{rest[4:]}}}"


def property_sets(data: bytes) -> Iterator[tuple[str, dict[int, Any], dict[int, str]]]:
    """Each section of a property set stream as (FMTID, values by id, names by id)."""
    byte_order, _version = struct.unpack_from("<HH", data)
    if byte_order != 0xFFFE:
        raise Corrupt("properties: bad byte order mark")
    (count,) = struct.unpack_from("<I", data, 24)
    for index in range(min(count, 2)):  # MS-OLEPS allows one or two sections
        fmtid = _guid(data[28 + 20 * index: 44 + 20 * index])
        (offset,) = struct.unpack_from("<I", data, 44 + 20 * index)
        values, names = _section(data, offset)
        yield fmtid, values, names


def _section(data: bytes, start: int) -> tuple[dict[int, Any], dict[int, str]]:
    size, count = struct.unpack_from("<II", data, start)
    section = data[start:start + size]
    ids = [struct.unpack_from("<II", section, 8 + 8 * i) for i in range(min(count, MAX_PROPERTIES))]
    offsets = dict(ids)
    codepage = None
    if 1 in offsets and struct.unpack_from("<H", section, offsets[1])[0] == VT_I2:
        codepage = struct.unpack_from("<H", section, offsets[1] + 4)[0]
    values: dict[int, Any] = {}
    for pid, offset in ids:
        if pid > 1:
            values[pid] = _value(section, offset, codepage)
    names = _dictionary(section, offsets[0], codepage) if 0 in offsets else {}
    return values, names


def _decode(raw: bytes, codepage: int | None) -> str:
    return raw.decode(codec_of(codepage), "replace").split("\0", 1)[0]


def _value(section: bytes, offset: int, codepage: int | None) -> Any:
    """A string property's text; other types (dates, numbers, vectors) are of no use here."""
    (kind,) = struct.unpack_from("<H", section, offset)
    if kind in (VT_LPSTR, VT_BSTR):
        (size,) = struct.unpack_from("<I", section, offset + 4)
        raw = section[offset + 8: offset + 8 + size]
        return _decode(raw, codepage)
    if kind == VT_LPWSTR:
        (chars,) = struct.unpack_from("<I", section, offset + 4)
        return _decode(section[offset + 8: offset + 8 + 2 * chars], CODEPAGE_UTF16)
    return None


def _dictionary(section: bytes, offset: int, codepage: int | None) -> dict[int, str]:
    """Property names of the user-defined section (property 0)."""
    (count,) = struct.unpack_from("<I", section, offset)
    names, cursor = {}, offset + 4
    for _ in range(min(count, MAX_PROPERTIES)):
        pid, length = struct.unpack_from("<II", section, cursor)
        cursor += 8
        if codepage == CODEPAGE_UTF16:
            names[pid] = _decode(section[cursor: cursor + 2 * length], CODEPAGE_UTF16)
            cursor += 2 * length + (2 * length) % 4  # UTF-16 names are padded to four bytes
        else:
            names[pid] = _decode(section[cursor: cursor + length], codepage)
            cursor += length
    return names
