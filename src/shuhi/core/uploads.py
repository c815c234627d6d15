"""Opening an uploaded .xlsx without trusting it: the package is measured before openpyxl sees it.

A workbook is a zip of XML, so a few hundred kilobytes can unpack to gigabytes, and openpyxl
builds every shared string, every row and every block of sheet markup in memory before handing
it over. So, before anything is parsed:

1. the zip's directory: member count, each member's size and compression ratio, the total;
2. one streaming pass over each XML member, reading only bytes: the shared strings are counted,
   the rows are numbered as openpyxl will number them (a row may jump ahead: the rows skipped
   are read as blank ones), and the elements are counted, in all and between two rows: openpyxl
   parses a whole sheet once just to look for its size when the sheet does not state it, and it
   holds a whole row (or a whole block such as <mergeCells>) in memory at once.

Then the workbook is read in read-only mode, and the rows are counted again as they come, blank
ones included, with the cells they carry; the pre-scan only makes refusal early and cheap.
Nothing here writes: a refused file leaves nothing behind.

Each app sets the limits of its kind of upload (a questionnaire is a few hundred cells, a ledger
up to Excel's 1,048,576 rows); an operator changes them with the Django setting
SHUHI_WORKBOOK_LIMITS, e.g. {"ledger": {"cells": 50_000_000}}.
"""

from __future__ import annotations

import contextlib
import io
import operator
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class WorkbookLimits:
    members: int  # entries in the zip
    unpacked_bytes: int  # all entries together, unpacked
    member_bytes: int  # one entry, unpacked
    ratio: int  # unpacked / packed size of an entry over 1 MB
    shared_strings: int  # entries of the shared-string table
    markup: int  # XML elements in all parts together
    markup_per_row: int  # XML elements from one row's start to the next row's start
    rows: int  # rows of one sheet as read: blank rows and rows skipped over count
    cells: int  # cells of all sheets as read, blank ones within a row included


EXCEL_MAX_ROWS = 1_048_576  # rows of one sheet, as far as Excel itself goes
RATIO_FLOOR = 2**20  # small parts (styles, a short sheet) may compress better than that and do no harm
CHUNK = 2**20
# The start of a row or of a shared string, with or without a namespace prefix; markup between two
# of them is what openpyxl holds at once.
_MARKER = re.compile(rb"<(?:[A-Za-z_][\w.\-]{0,63}:)?(?:row|si)(?=[\s/>])")
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.\-]{0,63}:)?row(?=[\s/>])([^>]*)")
_ROW_NUMBER = re.compile(rb"(?<![\w:.\-])r\s*=\s*[\"']\s*(\d{1,12})")
_COUNT_MARKUP = operator.methodcaller("count", b"<")
_TAIL, _WINDOW = 256, 4096  # both longer than a marker
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*", b"\xd7\xcd\xc6\x9a",
                 b"\x01\x00\x00\x00", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


class UnsafeWorkbook(ValueError):
    """The workbook is refused before or while it is read; the message says why, for the uploader."""


class UnreadableWorkbook(ValueError):
    """Not a zip at all, or damaged: callers word this in their own terms."""


def workbook_limits(kind: str, defaults: WorkbookLimits) -> WorkbookLimits:
    """The app's limits for `kind` of upload, with any the operator set in SHUHI_WORKBOOK_LIMITS[kind]."""
    overrides = (getattr(settings, "SHUHI_WORKBOOK_LIMITS", None) or {}).get(kind, {})
    return replace(defaults, **overrides)


def _too_large(reason: str) -> UnsafeWorkbook:
    return UnsafeWorkbook(_("The file is too large when unpacked (%(reason)s): it is refused as unsafe, and nothing "
                            "was read from it or saved.") % {"reason": reason})


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f}" if size >= 2**20 else f"{size / 2**20:.1f}"


def check_directory(archive: zipfile.ZipFile, limits: WorkbookLimits) -> list[zipfile.ZipInfo]:
    """Refuse a package whose zip directory alone shows it is too big; nothing is unpacked yet."""
    infos = archive.infolist()
    if len(infos) > limits.members:
        raise _too_large(_("it has %(n)s parts; the limit is %(limit)s") % {"n": len(infos), "limit": limits.members})
    total = 0
    for info in infos:
        name = info.filename[:200]
        if info.file_size > limits.member_bytes:
            raise _too_large(_("its part %(name)s is %(size)s MB; the limit is %(limit)s MB")
                             % {"name": name, "size": _mb(info.file_size), "limit": _mb(limits.member_bytes)})
        if info.file_size > RATIO_FLOOR and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise _too_large(_("its part %(name)s expands %(ratio)s times, more than a real workbook does")
                             % {"name": name, "ratio": f"{info.file_size // max(info.compress_size, 1):,}"})
        total += info.file_size
    if total > limits.unpacked_bytes:
        raise _too_large(_("it unpacks to %(size)s MB; the limit is %(limit)s MB")
                         % {"size": _mb(total), "limit": _mb(limits.unpacked_bytes)})
    return infos


@dataclass
class _Scan:
    """What one streaming pass found in one part."""

    rows: int = 0  # the highest row number openpyxl will reach
    shared_strings: int = 0
    markup: int = 0  # elements since the last row (or shared string) started
    elements: int = 0


def _scan_member(source: BinaryIO, first: bytes, limits: WorkbookLimits, name: str, so_far: PackageScan) -> _Scan:
    """Count rows, shared strings and the markup between rows without building a single element.

    `<` only starts markup in well-formed XML, so counting it bounds the elements from above. The
    counting runs in C (split, count): a Python loop per shared string would take seconds.
    """
    scan, pending, chunk, row = _Scan(), b"", first, 0
    while True:
        done = not chunk
        data = pending + chunk
        # Cut where no marker can straddle: before a "<" near the end, else anywhere near it,
        # since a marker is short. (Searching only near the end keeps the carry short, too.)
        cut = len(data)
        if not done:
            cut = max(len(data) - _TAIL, 0)
            last = data.rfind(b"<", max(cut - _WINDOW, 0), cut)
            cut = cut if last < 0 else last
        head = data[:cut]
        segments = list(map(_COUNT_MARKUP, _MARKER.split(head)))
        segments[0] += scan.markup
        if max(segments) > limits.markup_per_row:
            raise _too_large(_("one row or block of its part %(name)s holds more than %(limit)s items")
                             % {"name": name[:200], "limit": f"{limits.markup_per_row:,}"})
        scan.markup = segments[-1] + (len(segments) > 1)
        row_starts = 0
        for row_starts, match in enumerate(_ROW.finditer(head), 1):  # noqa: B007 (the count is used below)
            # Numbered like openpyxl does: a row without r follows the previous one, a row with r
            # jumps there, and every row skipped over is read as a blank one.
            number = _ROW_NUMBER.search(match.group(1))
            row = int(number.group(1)) if number else row + 1
            if row > limits.rows:
                raise _too_large(_("a sheet has more than %(limit)s rows, blank ones included")
                                 % {"limit": f"{limits.rows:,}"})
            scan.rows = max(scan.rows, row)
        scan.shared_strings += len(segments) - 1 - row_starts
        if so_far.shared_strings + scan.shared_strings > limits.shared_strings:
            raise _too_large(_("it holds more than %(limit)s different texts")
                             % {"limit": f"{limits.shared_strings:,}"})
        scan.elements += head.count(b"<")
        if so_far.elements + scan.elements > limits.markup:
            raise _too_large(_("it holds more than %(limit)s cells and other items") % {"limit": f"{limits.markup:,}"})
        if done:
            return scan
        pending, chunk = data[cut:], source.read(CHUNK)


def _is_binary(head: bytes) -> bool:
    """Pictures and other binary parts, which openpyxl does not parse in read-only mode."""
    if head.startswith(_WIDE_BOMS):
        # Excel writes UTF-8 only; a UTF-16 part would hide its rows from the byte scan.
        raise UnreadableWorkbook("UTF-16 part")
    return head.startswith(_BINARY_MAGIC)


@dataclass
class PackageScan:
    """The rows of the longest sheet as openpyxl will read them, the shared strings and all elements."""

    rows: int = 0
    shared_strings: int = 0
    elements: int = 0


def scan_package(archive: zipfile.ZipFile, limits: WorkbookLimits) -> PackageScan:
    """Every check that needs no XML parser: the zip directory, then one pass over each part."""
    result = PackageScan()
    for info in check_directory(archive, limits):
        if info.is_dir() or info.flag_bits & 0x1:  # an encrypted entry cannot be read, by openpyxl either
            continue
        with archive.open(info) as source:
            first = source.read(CHUNK)
            if _is_binary(first[:8]):
                continue
            scan = _scan_member(source, first, limits, info.filename, result)
        result.rows = max(result.rows, scan.rows)
        result.shared_strings += scan.shared_strings
        result.elements += scan.elements
    return result


class RowGuard:
    """Counts rows and cells as openpyxl yields them; the pre-scan's numbers are an estimate only."""

    def __init__(self, limits: WorkbookLimits) -> None:
        self.limits, self.cells = limits, 0

    def rows(self, rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        for count, row in enumerate(rows, 1):
            if count > self.limits.rows:
                raise _too_large(_("a sheet has more than %(limit)s rows, blank ones included")
                                 % {"limit": f"{self.limits.rows:,}"})
            self.cells += len(row)
            if self.cells > self.limits.cells:
                raise _too_large(_("it has more than %(limit)s cells") % {"limit": f"{self.limits.cells:,}"})
            yield row


class GuardedWorkbook:
    """A read-only openpyxl workbook whose rows come through one RowGuard."""

    def __init__(self, workbook: Any, limits: WorkbookLimits, scan: PackageScan) -> None:
        self.workbook, self.scan, self.guard = workbook, scan, RowGuard(limits)

    @property
    def sheetnames(self) -> list[str]:
        return list(self.workbook.sheetnames)

    def rows(self, name: str) -> Iterator[tuple[Any, ...]]:
        """Cell values row by row, blank rows included; a chart sheet has none."""
        sheet = self.workbook[name]
        if not hasattr(sheet, "iter_rows"):
            return iter(())
        # A <dimension> written by the sender would make openpyxl pad every row to its width, or
        # cut rows short when it is wrong: the rows are measured as they really are.
        sheet.reset_dimensions()
        return self.guard.rows(sheet.iter_rows(values_only=True))


@contextlib.contextmanager
def _as_zip(source: str | Path | bytes | BinaryIO) -> Iterator[zipfile.ZipFile]:
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableWorkbook(str(exc)) from exc
    with archive:
        yield archive


def check_package(source: str | Path | bytes | BinaryIO, limits: WorkbookLimits) -> PackageScan:
    """The pre-scan alone, for deciding (say) whether a file is imported in the background."""
    with _as_zip(source) as archive:
        try:
            return scan_package(archive, limits)
        except (UnsafeWorkbook, UnreadableWorkbook):
            raise
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError,
                ValueError) as exc:
            raise UnreadableWorkbook(str(exc)) from exc


@contextlib.contextmanager
def open_workbook(source: str | Path | bytes | BinaryIO, limits: WorkbookLimits) -> Iterator[GuardedWorkbook]:
    """Check the package, then open it read-only; UnsafeWorkbook or UnreadableWorkbook if it will not do."""
    from openpyxl import load_workbook

    if isinstance(source, bytes):
        source = io.BytesIO(source)
    scan = check_package(source, limits)
    if hasattr(source, "seek"):
        source.seek(0)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a malformed package
        raise UnreadableWorkbook(str(exc)) from exc
    try:
        yield GuardedWorkbook(workbook, limits, scan)
    finally:
        workbook.close()
