"""Hostile .xlsx files for tests, built small on disk: the sheet XML is streamed into the zip.

A decompression bomb written with openpyxl would take as long to build as to read; these
helpers write the package parts by hand, so a file of millions of cells is built in a second and
weighs a few hundred kilobytes.
"""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _content_types(sheets: int, shared: bool) -> str:
    parts = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_CT}.worksheet+xml"/>'
                    for n in range(1, sheets + 1))
    if shared:
        parts += f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>{parts}</Types>')


def _workbook(names: list[str]) -> str:
    sheets = "".join(f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, 1))
    return (f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS.decode()} {_REL_NS.decode()}>'
            f"<sheets>{sheets}</sheets></workbook>")


def _workbook_rels(sheets: int, shared: bool) -> str:
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = "".join(f'<Relationship Id="rId{n}" Type="{base}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                   for n in range(1, sheets + 1))
    if shared:
        rels += f'<Relationship Id="rId{sheets + 1}" Type="{base}/sharedStrings" Target="sharedStrings.xml"/>'
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
            "</Relationships>")


_ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
              'officeDocument" Target="xl/workbook.xml"/></Relationships>')


def _stream(archive: zipfile.ZipFile, name: str, head: bytes, body: Iterable[bytes], tail: bytes) -> None:
    with archive.open(name, "w", force_zip64=True) as member:
        member.write(head)
        buffer = bytearray()
        for piece in body:
            buffer += piece
            if len(buffer) >= 1 << 20:
                member.write(bytes(buffer))
                buffer.clear()
        member.write(bytes(buffer) + tail)


def xlsx(sheets: dict[str, Iterable[bytes]], shared_strings: Iterable[bytes] | None = None) -> bytes:
    """A workbook whose sheets hold the given <sheetData> content (and <sst> content, if given)."""
    out = io.BytesIO()
    names = list(sheets)
    shared = shared_strings is not None
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _content_types(len(names), shared))
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _workbook(names))
        archive.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(names), shared))
        for n, body in enumerate(sheets.values(), 1):
            _stream(archive, f"xl/worksheets/sheet{n}.xml", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet "
                    + _NS + b"><sheetData>", body, b"</sheetData></worksheet>")
        if shared:
            _stream(archive, "xl/sharedStrings.xml", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst " + _NS + b">",
                    shared_strings, b"</sst>")
    return out.getvalue()


def text_row(number: int, values: Iterable[str | int]) -> bytes:
    cells = b"".join(b'<c t="inlineStr"><is><t>' + str(v).encode() + b"</t></is></c>" if isinstance(v, str)
                     else b"<c><v>" + str(v).encode() + b"</v></c>" for v in values)
    return b'<row r="%d">' % number + cells + b"</row>"


def identical_cells(rows: int, columns: int, first_row: int = 1) -> Iterator[bytes]:
    """`rows` × `columns` cells that all point at shared string 0: the probe's 1 M-cell bomb."""
    cells = b'<c t="s"><v>0</v></c>' * columns
    for number in range(first_row, first_row + rows):
        yield b'<row r="%d">' % number + cells + b"</row>"


def empty_rows(count: int) -> Iterator[bytes]:
    """Rows without a cell (numbered by position): a reader that skips blank rows never reaches its row limit."""
    for _ in range(count):
        yield b"<row/>"


def identical_strings(count: int, text: bytes = b"x") -> Iterator[bytes]:
    item = b"<si><t>" + text + b"</t></si>"
    for _ in range(count):
        yield item


def incompressible(size: int) -> bytes:
    """An XML comment of random text: it lowers a part's compression ratio under any ratio limit,
    so a test reaches the checks that come after the zip directory's."""
    return b"<!--" + base64.b64encode(os.urandom(size * 3 // 4)) + b"-->"


@dataclass
class BoundedRun:
    seconds: float
    grown_mb: float  # peak resident memory above the child's own after Django started
    outcome: Any


_CHILD = """
import json, os, resource, sys, time
limit = {address_space}
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuhi.settings")
import django
django.setup()
from django.utils import translation
translation.activate("en")
import openpyxl, lxml.etree  # loaded before the baseline: they are not what is measured
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.monotonic()
outcome = None
{code}
print(json.dumps({{"seconds": time.monotonic() - start, "outcome": outcome,
                  "grown_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024}}))
"""


def bounded_run(code: str, *, timeout: float = 90, address_space_mb: int = 3072) -> BoundedRun:
    """Run `code` (which sets `outcome`) in a fresh interpreter, and measure its time and peak memory.

    A child process, so that the measure is its own and a reader that runs away is stopped: by the
    timeout, and by an address-space limit that keeps it from taking the whole machine.
    """
    script = _CHILD.format(address_space=address_space_mb * 2**20, code=textwrap.dedent(code))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    try:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=timeout,  # noqa: S603 (our own code)
                              env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"the reader did not finish within {timeout} s") from exc
    lines = done.stdout.strip().splitlines()
    if done.returncode or not lines:
        raise AssertionError(f"the reader failed (exit {done.returncode}): {done.stderr[-2000:]}")
    result = json.loads(lines[-1])
    return BoundedRun(result["seconds"], result["grown_mb"], result["outcome"])
