"""Reading an uploaded .xlsx or .csv defensively: size limits, encodings, damaged or hostile files.

Yields plain rows (tuples of cell values) per sheet; knows nothing about the ledger's columns.
A workbook is measured by `shuhi.core.uploads` before openpyxl opens it, and its rows are
counted as they are read, blank ones included (a 215 KB file can hold 5 million shared strings,
or a row numbered two billion that openpyxl reaches through two billion blank ones).
"""

from __future__ import annotations

import contextlib
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

from shuhi.core.uploads import (
    EXCEL_MAX_ROWS,
    GuardedWorkbook,
    UnreadableWorkbook,
    UnsafeWorkbook,
    WorkbookLimits,
    check_package,
    open_workbook,
    workbook_limits,
)
from shuhi.ledger.spreadsheet.excel_format import (
    INSTRUCTION_SHEET_NAME,
    LEDGER_SHEET_NAMES,
    LOCATION_SHEET_NAMES,
    norm,
)

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 1_000_000
# A 1,000,000-row ledger unpacks to well under this; more is a zip bomb, not a ledger.
MAX_UNPACKED = 1536 * 1024 * 1024
# A million-row ledger holds a few unique texts per row, in its 16 columns and a few of the user's
# own, each cell written in 4 to 6 XML elements.
MAX_SHARED_STRINGS = 4_000_000
MAX_CELLS = 24_000_000
MAX_MARKUP = 6 * MAX_CELLS
XLSX_SUFFIXES = {".xlsx", ".xlsm", ".xltx"}
CSV_SUFFIXES = {".csv", ".txt"}
ZIP_MAGIC, OLE_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message is shown to the user."""


@dataclass
class Tables:
    """Row iterators of the sheets found: `ledger`, and `locations` when the file has that sheet."""

    ledger: Iterator[tuple[Any, ...]] | None
    locations: Iterator[tuple[Any, ...]] | None
    ledger_sheet: str = ""
    locations_sheet: str = ""


def _damaged() -> SpreadsheetError:
    return SpreadsheetError(_("The file is damaged or is not an Excel workbook (.xlsx) or CSV file."))


def _read_head(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise SpreadsheetError(_("The file cannot be read: %(error)s") % {"error": exc.strerror or exc}) from exc
    if size > MAX_BYTES:
        raise SpreadsheetError(_("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                               % {"size": size // (1024 * 1024), "limit": MAX_BYTES // (1024 * 1024)})
    if size == 0:
        raise SpreadsheetError(_("The file is empty."))
    return head


def file_kind(path: Path) -> str:
    """"xlsx" or "csv", judged by content first and suffix second; anything else is refused."""
    head = _read_head(path)
    suffix = path.suffix.lower()
    if head.startswith(OLE_MAGIC):
        raise SpreadsheetError(_("This is a password-protected workbook or an old .xls file: "
                                 "save it as .xlsx without a password and try again."))
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if suffix in XLSX_SUFFIXES:
        raise _damaged()
    if suffix and suffix not in CSV_SUFFIXES:
        raise SpreadsheetError(_("Choose an Excel workbook (.xlsx) or a CSV file (.csv)."))
    return "csv"


def _limited(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    count = 0
    for row in rows:
        if any(value is not None and value != "" for value in row):
            count += 1
            if count > MAX_ROWS:
                raise SpreadsheetError(_("The file has more than %(limit)s rows; split it into smaller files.")
                                       % {"limit": f"{MAX_ROWS:,}"})
        yield row


def _xlsx_limits() -> WorkbookLimits:
    # Built when needed, so that the module's limits can be lowered in tests and by the operator.
    return workbook_limits("ledger", WorkbookLimits(
        members=1000, unpacked_bytes=MAX_UNPACKED, member_bytes=MAX_UNPACKED, ratio=100,
        shared_strings=MAX_SHARED_STRINGS, markup=MAX_MARKUP, markup_per_row=250_000, rows=EXCEL_MAX_ROWS,
        cells=MAX_CELLS))


def _refuse_encrypted(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            if any(info.flag_bits & 0x1 for info in archive.infolist()):
                raise SpreadsheetError(_("The workbook is encrypted: save it without a password and try again."))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _damaged() from exc


def _pick(sheetnames: list[str], wanted: tuple[str, ...]) -> str | None:
    targets = {norm(name) for name in wanted}
    return next((name for name in sheetnames if norm(name) in targets), None)


@contextlib.contextmanager
def _open_xlsx(path: Path, *, locations_only: bool) -> Iterator[Tables]:
    _refuse_encrypted(path)
    try:
        with open_workbook(path, _xlsx_limits()) as workbook:
            names = workbook.sheetnames
            locations = _pick(names, LOCATION_SHEET_NAMES)
            if locations_only:
                locations = locations or (names[0] if names else None)
                ledger = None
            else:
                skipped = {locations, INSTRUCTION_SHEET_NAME}
                ledger = _pick(names, LEDGER_SHEET_NAMES) or next((n for n in names if n not in skipped), None)
            yield Tables(ledger=_sheet_rows(workbook, ledger), locations=_sheet_rows(workbook, locations),
                         ledger_sheet=ledger or "", locations_sheet=locations or "")
    except UnsafeWorkbook as exc:
        raise SpreadsheetError(str(exc)) from exc
    except UnreadableWorkbook as exc:
        raise _damaged() from exc


def _sheet_rows(workbook: GuardedWorkbook, name: str | None) -> Iterator[tuple[Any, ...]] | None:
    if name is None:
        return None
    return _guarded(_limited(workbook.rows(name)))


def _guarded(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """Damage inside a sheet shows only while iterating; report it like damage found on opening."""
    try:
        yield from rows
    except SpreadsheetError:
        raise
    except UnsafeWorkbook as exc:
        raise SpreadsheetError(str(exc)) from exc
    except Exception as exc:  # malformed XML, bad shared-string index, truncated member...
        raise _damaged() from exc


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or CP932 (Shift_JIS as Excel for Japanese Windows writes it)."""
    if b"\x00" in data[:4096]:
        raise SpreadsheetError(_("The file is not a spreadsheet: save it as .xlsx or as CSV."))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(_("The CSV file is neither UTF-8 nor Shift_JIS (CP932); save it as “CSV UTF-8”."))


def _csv_rows(text: str) -> Iterator[tuple[Any, ...]]:
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            yield tuple(row)
    except csv.Error as exc:
        raise SpreadsheetError(_("The CSV file is damaged near line %(line)s.") % {"line": reader.line_num}) from exc


@contextlib.contextmanager
def open_tables(source: str | Path | BinaryIO, *, locations_only: bool = False) -> Iterator[Tables]:
    """Open a ledger file; a CSV holds one table, the ledger's (or the locations' if `locations_only`)."""
    with _as_path(source) as path:
        if file_kind(path) == "xlsx":
            with _open_xlsx(path, locations_only=locations_only) as tables:
                yield tables
            return
        rows = _limited(_csv_rows(decode_text(path.read_bytes())))
        yield Tables(ledger=None, locations=rows) if locations_only else Tables(ledger=rows, locations=None)


@contextlib.contextmanager
def _as_path(source: str | Path | BinaryIO) -> Iterator[Path]:
    if isinstance(source, (str, Path)):
        yield Path(source)
        return
    import tempfile

    # File objects (uploads) are spooled to disk: openpyxl and the size checks want a real file.
    name = getattr(source, "name", "") or ""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("upload" + Path(name).suffix.lower())
        with path.open("wb") as handle:
            copied = 0
            while chunk := source.read(1024 * 1024):
                copied += len(chunk)
                if copied > MAX_BYTES + 1:
                    break
                handle.write(chunk)
        yield path


def count_rows(path: Path) -> int:
    """The data rows, to decide whether an upload runs as a background job; 0 when the import will refuse it.

    A workbook is measured without being opened (the rows as openpyxl will number them, blank ones
    included), so a file that is refused is refused straight away, in the request.
    """
    try:
        kind = file_kind(path)
    except SpreadsheetError:
        return 0
    if kind == "csv":
        with path.open("rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    try:
        return check_package(path, _xlsx_limits()).rows
    except (UnsafeWorkbook, UnreadableWorkbook):
        return 0
