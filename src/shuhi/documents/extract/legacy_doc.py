"""Word 97–2003 (.doc, .dot): the text of each story through the piece table, and the properties.

No maintained pure-Python library reads .doc text (antiword and wvWare are C programs; the
Python ports are abandoned), but Word's own index to its text is small and fully specified
([MS-DOC] 2.4.1, "Retrieving Text"), so it is read here over olefile:

- the File Information Block (FIB) at the start of the WordDocument stream gives the flags
  (encrypted, which table stream), the character count of each story (ccpText, ccpFtn, ccpHdd,
  ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx, laid end to end in that order) and where the CLX is;
- the CLX in the table stream ends with the PlcPcd, the piece table: character positions (CPs)
  and, for each piece, where its text sits in the WordDocument stream and whether it is stored
  as UTF-16 (Japanese always is) or as 8-bit cp1252 ("compressed");
- the PlcfHdd splits the header story into its parts: six separator stories, then for each
  section even header, odd header, even footer, odd footer, first-page header, first-page footer.

Hostile files cannot loop or grow: pieces must follow each other in CP order and lie inside the
stream, and no more text is built than the FIB's story counts ask for.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Iterator
from pathlib import Path

from shuhi.documents.extract.base import Corrupt, Encrypted, Extraction, TooLarge, Unsupported
from shuhi.documents.extract.ole import OleFile
from shuhi.documents.extract.xmltext import mark_first_lines
from shuhi.documents.labels import Segment

WORD_MAGIC = 0xA5EC
NFIB_WORD97 = 0x00C0  # older FIBs (Word 6 and 95) have another layout and code-page text
F_ENCRYPTED, F_WHICH_TABLE, F_OBFUSCATED = 0x0100, 0x0200, 0x8000
# Indexes into FibRgLw97 and FibRgFcLcb97 ([MS-DOC] 2.5.5, 2.5.6).
STORIES = ("text", "footnotes", "headers", "macros", "comments", "endnotes", "textboxes", "header_textboxes")
_CCP_FIRST = 3  # ccpText; ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn, ccpTxbx and ccpHdrTxbx follow
_FC_PLCFHDD, _FC_CLX = 11, 33
_STORY_WHERE = {"text": "body", "footnotes": "body", "comments": "body", "endnotes": "body",
                "textboxes": "textbox", "header_textboxes": "textbox"}
# Header stories per section, after the six separators, in this order.
_HDD_WHERE = ("header", "header", "footer", "footer", "header", "footer")
_HDD_SEPARATORS = 6
MAX_CHARS = 32 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x06\x08\x0e-\x12\x16-\x1d\x1f]")
_FIELD_MARK = re.compile(r"[\x13\x14\x15]")
_PARAGRAPH = re.compile(r"[\r\x07\x0c]")


class _Fib:
    """The parts of the File Information Block this reader needs."""

    def __init__(self, word: bytes) -> None:
        if len(word) < 34:
            raise Corrupt("WordDocument stream too short")
        magic, nfib = struct.unpack_from("<HH", word)
        if magic != WORD_MAGIC:
            raise Corrupt("not a Word document")
        (self.flags,) = struct.unpack_from("<H", word, 0x0A)
        self.nfib = nfib
        if self.flags & (F_ENCRYPTED | F_OBFUSCATED):
            return
        if nfib < NFIB_WORD97:
            raise Unsupported()
        (csw,) = struct.unpack_from("<H", word, 32)
        cursor = 34 + 2 * csw
        (cslw,) = struct.unpack_from("<H", word, cursor)
        longs = struct.unpack_from(f"<{cslw}I", word, cursor + 2)
        self.ccp = dict(zip(STORIES, longs[_CCP_FIRST:_CCP_FIRST + len(STORIES)], strict=False))
        cursor += 2 + 4 * cslw
        (pairs,) = struct.unpack_from("<H", word, cursor)
        self.fc_lcb = struct.unpack_from(f"<{2 * pairs}I", word, cursor + 2)

    @property
    def encrypted(self) -> bool:
        return bool(self.flags & (F_ENCRYPTED | F_OBFUSCATED))

    @property
    def table_stream(self) -> str:
        return "1Table" if self.flags & F_WHICH_TABLE else "0Table"

    def where(self, index: int) -> tuple[int, int]:
        if 2 * index + 1 >= len(self.fc_lcb):
            return 0, 0
        return self.fc_lcb[2 * index], self.fc_lcb[2 * index + 1]


def _piece_table(table: bytes, fc: int, lcb: int) -> bytes:
    """The PlcPcd inside the CLX: skip the Prc blocks (formatting), stop at the Pcdt."""
    cursor, end = fc, min(fc + lcb, len(table))
    while cursor < end:
        kind = table[cursor]
        if kind == 0x01:  # Prc: clxt, cbGrpprl, grpprl
            (size,) = struct.unpack_from("<h", table, cursor + 1)
            if size < 0:
                raise Corrupt("piece table: bad Prc size")
            cursor += 3 + size
        elif kind == 0x02:  # Pcdt: clxt, lcb, PlcPcd
            (size,) = struct.unpack_from("<I", table, cursor + 1)
            return table[cursor + 5: cursor + 5 + size]
        else:
            raise Corrupt("piece table: unknown CLX entry")
    raise Corrupt("piece table missing")


def _text(word: bytes, plc: bytes, wanted: int) -> str:
    """The document's characters from CP 0 up to `wanted`, piece by piece."""
    count = (len(plc) - 4) // 12
    if count <= 0:
        raise Corrupt("piece table empty")
    cps = struct.unpack_from(f"<{count + 1}I", plc)
    parts, expected = [], 0
    for index in range(count):
        start, end = cps[index], cps[index + 1]
        if start != expected or end < start:
            raise Corrupt("piece table out of order")
        _flags, fc_raw, _prm = struct.unpack_from("<HIH", plc, 4 * (count + 1) + 8 * index)
        length = end - start
        if fc_raw & 0x40000000:  # 8-bit characters at half the offset
            offset = (fc_raw & 0x3FFFFFFF) // 2
            raw, text = word[offset: offset + length], None
            if len(raw) == length:
                text = raw.decode("cp1252", "replace")
        else:
            raw = word[fc_raw: fc_raw + 2 * length]
            text = raw.decode("utf-16-le", "replace") if len(raw) == 2 * length else None
        if text is None:
            raise Corrupt("piece table points outside the document")
        parts.append(text)
        expected = end
        if end >= wanted:
            break
    return "".join(parts)


def _drop_field_codes(text: str) -> str:
    """Fields are `\\x13 code \\x14 result \\x15` (nested); keep the result, drop the code."""
    if "\x13" not in text:
        return text
    out, stack, cursor = [], [], 0  # stack: True while inside a field's code
    for match in _FIELD_MARK.finditer(text):
        if not any(stack):
            out.append(text[cursor:match.start()])
        mark = match.group()
        if mark == "\x13":
            stack.append(True)
        elif mark == "\x14" and stack:
            stack[-1] = False
        elif mark == "\x15" and stack:
            stack.pop()
        cursor = match.end()
    if not any(stack):
        out.append(text[cursor:])
    return "".join(out)


def _paragraphs(text: str) -> Iterator[str]:
    text = _CONTROL.sub("", _drop_field_codes(text)).replace("\x0b", "\n").replace("\x1e", "-")
    for paragraph in _PARAGRAPH.split(text):
        if paragraph.strip():
            yield paragraph


def _header_stories(table: bytes, fib: _Fib, text: str) -> Iterator[Segment]:
    fc, lcb = fib.where(_FC_PLCFHDD)
    if lcb < 8 or fc + lcb > len(table):  # no map of the stories: all of it counts as header
        yield from (Segment("header", p) for p in _paragraphs(text))
        return
    cps = struct.unpack_from(f"<{lcb // 4}I", table, fc)
    for index in range(_HDD_SEPARATORS, len(cps) - 1):
        where = _HDD_WHERE[(index - _HDD_SEPARATORS) % len(_HDD_WHERE)]
        yield from (Segment(where, p) for p in _paragraphs(text[cps[index]:cps[index + 1]]))


def _story_segments(word: bytes, table: bytes, fib: _Fib) -> Iterator[Segment]:
    wanted = sum(fib.ccp.values())
    if wanted > MAX_CHARS:
        raise TooLarge(f"{wanted} characters")
    fc, lcb = fib.where(_FC_CLX)
    if fc + lcb > len(table) or lcb == 0:
        raise Corrupt("piece table outside the table stream")
    text = _text(word, _piece_table(table, fc, lcb), wanted)
    start = 0
    for story in STORIES:
        end = start + fib.ccp.get(story, 0)
        part = text[start:end]
        if story == "text":
            yield from mark_first_lines(Segment("body", p) for p in _paragraphs(part))
        elif story == "headers":
            yield from _header_stories(table, fib, part)
        elif story in _STORY_WHERE:
            yield from (Segment(_STORY_WHERE[story], p) for p in _paragraphs(part))
        start = end


def extract_doc(path: str | Path, fmt: str, probe: Callable[[str], bool] | None = None) -> Extraction:
    result = Extraction(fmt)
    with OleFile(path) as ole:
        word = ole.read("WordDocument")
        if word is None:
            raise Corrupt("no WordDocument stream")
        fib = _Fib(word)
        if fib.encrypted:
            raise Encrypted()
        table = ole.read(fib.table_stream)
        if table is None:
            raise Corrupt(f"no {fib.table_stream} stream")
        ole.read_properties(result)
    try:
        result.segments.extend(_story_segments(word, table, fib))
    except struct.error as exc:
        raise Corrupt(f"piece table: {exc}") from exc
    return result
