"""PowerPoint 97–2003 (.ppt, .pot, .pps): slide, master and notes text, slide headers and footers.

No maintained Python library reads .ppt text, and what a scanner needs is a walk over the
records of the "PowerPoint Document" stream ([MS-PPT] 2.3): every record has an eight-byte
header (version and instance, type, length) and containers hold records. Text sits in
TextCharsAtom (UTF-16) and TextBytesAtom (one byte per character: the low byte of UTF-16) either
in the SlideListWithText of the document (where PowerPoint keeps placeholder text; its instance
says slides, masters or notes) or in the text box of a shape inside a slide, master or notes
container (where LibreOffice and PowerPoint keep other text). The container around a text
decides its `where`. Slide headers and footers (a frequent place for 社外秘) are CString atoms in
a HeadersFootersContainer. A shape that is not a placeholder (text type "other") on a slide
counts as a text box, so one holding nothing but a label is a stamp, as in Word.

The stream is walked linearly, so text of earlier saves kept by fast-save may be read too; that
can only add labels a file once had. Walking is iterative and bounded by the stream: a record
cannot claim more than its container holds.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Iterator
from pathlib import Path

from shuhi.documents.extract.base import Corrupt, Encrypted, Extraction
from shuhi.documents.extract.ole import OleFile
from shuhi.documents.labels import Segment

SLIDE, MAIN_MASTER, NOTES = 0x03EE, 0x03F8, 0x03F0
SLIDE_LIST = 0x0FF0  # SlideListWithText: instance 0 slides, 1 masters, 2 notes
HEADERS_FOOTERS, CSTRING = 0x0FD9, 0x0FBA
CLIENT_TEXTBOX, TEXT_HEADER = 0xF00D, 0x0F9F
TEXT_CHARS, TEXT_BYTES = 0x0FA0, 0x0FA8
TEXT_TYPE_OTHER = 4
_PLACES = {SLIDE: "slide", MAIN_MASTER: "slide_master", NOTES: "notes"}
_LIST_PLACES = {0: "slide", 1: "slide_master", 2: "notes"}
_HF_PLACES = {1: "header", 2: "footer"}  # CString instances; 0 is the date
HEADER_TOKEN_ENCRYPTED = 0xF3D1C4DF  # CurrentUserAtom.headerToken of an encrypted presentation
MAX_DEPTH = 64
_BREAKS = re.compile(r"[\r\x0b]")


def _paragraphs(where: str, text: str) -> Iterator[Segment]:
    for paragraph in _BREAKS.split(text):
        if paragraph.strip():
            yield Segment(where, paragraph)


def _place(kind: int, instance: int, parent: str | None) -> str | None:
    if kind in _PLACES:
        return _PLACES[kind]
    if kind == SLIDE_LIST:
        return _LIST_PLACES.get(instance)
    if kind == HEADERS_FOOTERS:
        return "headers_footers"
    return parent


def walk_text(data: bytes) -> Iterator[Segment]:
    """Text atoms of the stream, each with the place its containers give it."""
    # Each frame: (end of the container, its place, text type of the current text box).
    stack: list[list] = [[len(data), None, None]]
    position = 0
    while stack:
        frame = stack[-1]
        if position + 8 > frame[0]:
            position = frame[0]
            stack.pop()
            continue
        head, kind, length = struct.unpack_from("<HHI", data, position)
        body, end = position + 8, min(position + 8 + length, frame[0])
        instance, place = head >> 4, frame[1]
        if head & 0x000F == 0x000F and len(stack) < MAX_DEPTH:  # a container: go inside
            stack.append([end, _place(kind, instance, place), None if kind == CLIENT_TEXTBOX else frame[2]])
            position = body
            continue
        if kind == TEXT_HEADER and end - body >= 4:
            frame[2] = struct.unpack_from("<I", data, body)[0]
        elif kind in (TEXT_CHARS, TEXT_BYTES) and place in _LIST_PLACES.values():
            raw = data[body:end]
            text = raw.decode("utf-16-le", "replace") if kind == TEXT_CHARS else raw.decode("latin-1")
            where = "textbox" if place == "slide" and frame[2] == TEXT_TYPE_OTHER else place
            yield from _paragraphs(where, text)
        elif kind == CSTRING and place == "headers_footers" and instance in _HF_PLACES:
            yield from _paragraphs(_HF_PLACES[instance], data[body:end].decode("utf-16-le", "replace"))
        position = end


def _encrypted(current_user: bytes | None, ole: OleFile) -> bool:
    if ole.exists("EncryptedSummary"):
        return True
    if current_user is None or len(current_user) < 16:
        return False
    return struct.unpack_from("<I", current_user, 12)[0] == HEADER_TOKEN_ENCRYPTED


def extract_ppt(path: str | Path, fmt: str, probe: Callable[[str], bool] | None = None) -> Extraction:
    result = Extraction(fmt)
    with OleFile(path) as ole:
        data = ole.read("PowerPoint Document")
        if data is None:
            raise Corrupt("no PowerPoint Document stream")
        if _encrypted(ole.read("Current User", limit=65536), ole):
            raise Encrypted()
        ole.read_properties(result)
    try:
        result.segments.extend(walk_text(data))
    except struct.error as exc:
        raise Corrupt(f"PowerPoint records: {exc}") from exc
    return result
