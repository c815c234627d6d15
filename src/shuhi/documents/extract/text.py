"""Plain text, Markdown and CSV/TSV in UTF-8, Shift_JIS (CP932) or EUC-JP.

Japanese offices still save text in CP932, so encodings are tried strictly in an order that
cannot confuse them (EUC-JP byte pairs are also valid CP932, the reverse is rarely true), and
charset-normalizer decides only when none of them fits.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from shuhi.documents.extract.base import Extraction
from shuhi.documents.extract.xmltext import FIRST_LINES

MAX_TEXT_BYTES = 16 * 1024 * 1024  # labels sit at the top; the rest of a huge log is not read
LAST_LINES = 3
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_STRICT_ORDER = ("utf-8", "euc_jp", "cp932")


def decode(data: bytes) -> tuple[str, str]:
    """Text and the name of the encoding it was read with."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, "replace"), encoding
    for encoding in _STRICT_ORDER:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[:262144]).best()
    encoding = best.encoding if best else "cp932"
    return data.decode(encoding, "replace"), encoding


def _cells(text: str, delimiter: str, result: Extraction) -> None:
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            for cell in row:
                result.add("cell", cell)
    except csv.Error as exc:
        result.note(f"csv: {exc}")


def extract_text(path: str | Path, fmt: str, probe: Callable[[str], bool] | None = None) -> Extraction:
    result = Extraction(fmt)
    with open(path, "rb") as handle:
        data = handle.read(MAX_TEXT_BYTES)
    text, _encoding = decode(data)
    if probe is not None and not probe(text):
        return result
    if fmt in {"csv", "tsv"}:
        _cells(text, "\t" if fmt == "tsv" else ",", result)
        return result
    lines = [line for line in text.splitlines() if line.strip()]
    for number, line in enumerate(lines):
        if number < FIRST_LINES:
            where = "first_lines"
        elif number >= len(lines) - LAST_LINES:
            where = "last_lines"
        else:
            where = "body"
        result.add(where, line)
    return result
