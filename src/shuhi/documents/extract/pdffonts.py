"""One font set for pdfium, the same on every machine.

pdfium draws a font the PDF does not embed with a font it finds in the machine's font folders.
Its text page is built from the outlines of those glyphs: a glyph the machine lacks has an empty
box, and pdfium then takes identical lines at the same left edge for one overprinted line and
drops all but the first, and cuts header and footer bands differently. On a machine without CJK
fonts a Japanese PDF lost lines, so a label moved from "standalone" to "first_lines".

Here pdfium is given a font source of its own that never looks at the machine: CJK requests get
the IPAex Gothic font shipped with the engine (the one stamps use), everything else gets pdfium's
built-in fonts, which are compiled into the library. Embedded fonts are not looked up at all.
"""

from __future__ import annotations

import ctypes
import struct
import threading
from pathlib import Path

FONT_PATH = Path(__file__).resolve().parent.parent / "fonts" / "ipaexg.ttf"
FACE_NAME = b"IPAexGothic"
# Windows charsets pdfium asks for when a font's CIDSystemInfo or name says Japanese, Korean or
# Chinese; IPAex covers Japanese fully and most Chinese ideographs, and one fixed answer matters
# more than the best glyph.
CJK_CHARSETS = frozenset({128, 129, 130, 134, 136})
_SHIFTJIS = 128
_HANDLE = 1  # the only font this source hands out
_TTCF = int.from_bytes(b"ttcf", "big")

_lock = threading.Lock()
_installed: object | None = None  # keeps the struct and its callbacks alive while pdfium holds them
_font: bytes | None = None


def _font_bytes() -> bytes:
    global _font
    if _font is None:
        _font = FONT_PATH.read_bytes()
    return _font


def _table(data: bytes, tag: int) -> bytes:
    """One table of a TrueType file (tag 0: the whole file), or b"" when it has none."""
    if tag == 0:
        return data
    (count,) = struct.unpack_from(">H", data, 4)
    for index in range(count):
        found, _checksum, offset, length = struct.unpack_from(">IIII", data, 12 + 16 * index)
        if found == tag:
            return data[offset:offset + length]
    return b""


def _copy_out(payload: bytes, buffer: object, size: int) -> int:
    if buffer and size >= len(payload):
        ctypes.memmove(buffer, payload, len(payload))
    return len(payload)


def _callbacks(raw: object) -> dict[str, object]:
    fields = dict(raw.FPDF_SYSFONTINFO._fields_)

    def map_font(_this, _weight, _italic, charset, _pitch, _face, exact):
        if charset not in CJK_CHARSETS:
            return None  # pdfium falls back to its built-in fonts
        if exact:
            exact[0] = 0
        return _HANDLE

    def get_font_data(_this, handle, table, buffer, size):
        if handle != _HANDLE or table == _TTCF:
            return 0
        return _copy_out(_table(_font_bytes(), table), buffer, size)

    def get_face_name(_this, _handle, buffer, size):
        return _copy_out(FACE_NAME + b"\0", buffer, size)

    return {
        "Release": fields["Release"](lambda _this: None),
        "EnumFonts": fields["EnumFonts"](lambda _this, _mapper: None),
        "MapFont": fields["MapFont"](map_font),
        "GetFont": fields["GetFont"](lambda _this, _face: None),
        "GetFontData": fields["GetFontData"](get_font_data),
        "GetFaceName": fields["GetFaceName"](get_face_name),
        "GetFontCharset": fields["GetFontCharset"](lambda _this, _handle: _SHIFTJIS),
        "DeleteFont": fields["DeleteFont"](lambda _this, _handle: None),
    }


def use_fixed_fonts() -> None:
    """Make pdfium substitute fonts from the engine's own set from now on, once per process."""
    global _installed
    if _installed is not None:
        return
    import pypdfium2.raw as raw

    with _lock:
        if _installed is not None:
            return
        info = raw.FPDF_SYSFONTINFO(version=1, **_callbacks(raw))
        raw.FPDF_SetSystemFontInfo(ctypes.byref(info))
        _installed = info
