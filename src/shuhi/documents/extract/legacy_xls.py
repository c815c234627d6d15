"""Excel 97–2003 (.xls, .xlt; BIFF8, and BIFF5 from Excel 5/95): cells, sheet names, headers,
footers, text boxes and document properties.

Cells and sheet names come from xlrd, the reference BIFF reader (it decodes shared strings,
rich text and, for BIFF5, the workbook's code page such as cp932). xlrd does not read page
headers and footers or the text of shapes, so a short walk over the same record stream picks
up HEADER, FOOTER and TXO records; it also finds FILEPASS, the record an encrypted workbook
starts with, before xlrd is asked to parse anything. The record stream comes from olefile, which
also yields the property sets: xlrd is given the stream, not the file, so the container is read once.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from pathlib import Path

from shuhi.documents.extract.base import Corrupt, Encrypted, Extraction
from shuhi.documents.extract.ole import OleFile, codec_of
from shuhi.documents.extract.ooxml import header_footer_sections

BOF, EOF, FILEPASS, CODEPAGE = 0x0809, 0x000A, 0x002F, 0x0042
HEADER, FOOTER, TXO, CONTINUE = 0x0014, 0x0015, 0x01B6, 0x003C
BIFF8 = 0x0600


def _records(data: bytes) -> Iterator[tuple[int, bytes]]:
    position = 0
    while position + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, position)
        yield kind, data[position + 4: position + 4 + length]
        position += 4 + length


def _unicode(payload: bytes, offset: int, chars: int) -> str:
    """Characters stored compressed (one byte each, Latin-1) or as UTF-16, by their flag byte."""
    high = payload[offset] & 1 if offset < len(payload) else 0
    body = payload[offset + 1:]
    return body[: 2 * chars].decode("utf-16-le", "replace") if high else body[:chars].decode("latin-1")


def _header_text(payload: bytes, biff8: bool, codec: str) -> str:
    if not payload:
        return ""
    if biff8:
        (chars,) = struct.unpack_from("<H", payload)
        return _unicode(payload, 2, chars)
    return payload[1: 1 + payload[0]].decode(codec, "replace")


class _Walk:
    """Headers, footers and text-box text of the record stream, in order."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.segments: list[tuple[str, str]] = []
        self.encrypted = False

    def run(self) -> None:
        biff8, codec, globals_open, pending = True, "cp1252", True, 0
        for kind, payload in _records(self.data):
            if kind == BOF and len(payload) >= 2:
                biff8 = struct.unpack_from("<H", payload)[0] == BIFF8 if globals_open else biff8
            elif kind == EOF:
                globals_open = False
            elif kind == FILEPASS and globals_open:
                self.encrypted = True
                return
            elif kind == CODEPAGE and len(payload) >= 2:
                codec = codec_of(struct.unpack_from("<H", payload)[0])
            elif kind in (HEADER, FOOTER):
                where = "sheet_header" if kind == HEADER else "sheet_footer"
                self.segments.extend((where, text) for text in header_footer_sections(
                    _header_text(payload, biff8, codec)))
            elif kind == TXO and biff8 and len(payload) >= 12:
                pending = struct.unpack_from("<H", payload, 10)[0]
            elif kind == CONTINUE and pending:
                text = _unicode(payload, 0, pending)
                pending = max(0, pending - len(text))
                self.segments.append(("textbox", text))


def _cells(data: bytes, result: Extraction) -> None:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, ragged_rows=True, logfile=_Quiet())
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise Encrypted() from exc
        raise Corrupt(f"workbook: {exc}") from exc
    try:
        for name in book.sheet_names():
            result.add("sheet_name", name)
        for index in range(book.nsheets):
            try:
                sheet = book.sheet_by_index(index)
            except (xlrd.XLRDError, struct.error, IndexError, KeyError, ValueError) as exc:
                result.note(f"corrupt: sheet {index + 1}: {exc}")
                continue
            for row in range(sheet.nrows):
                for value in sheet.row_values(row):
                    if isinstance(value, str):
                        result.add("cell", value)
            book.unload_sheet(index)
    finally:
        book.release_resources()


class _Quiet:
    """xlrd prints its warnings to stdout unless given somewhere else to write them."""

    def write(self, _text: str) -> None:
        return None


def extract_xls(path: str | Path, fmt: str, probe: Callable[[str], bool] | None = None) -> Extraction:
    result = Extraction(fmt)
    with OleFile(path) as ole:
        name = "Workbook" if ole.exists("Workbook") else "Book"
        data = ole.read(name)
        if data is None:
            raise Corrupt("no Workbook stream")
        walk = _Walk(data)
        walk.run()
        if walk.encrypted:
            raise Encrypted()
        ole.read_properties(result)
    _cells(data, result)
    for where, text in walk.segments:
        result.add(where, text)
    return result
