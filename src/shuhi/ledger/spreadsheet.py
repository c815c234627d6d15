"""Reading an uploaded .xlsx or .csv defensively: size limits, encodings, damaged or hostile files.

Yields plain rows (tuples of cell values) per sheet; knows nothing about the ledger's columns.
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

from shuhi.ledger.excel_format import INSTRUCTION_SHEET_NAME, LEDGER_SHEET_NAMES, LOCATION_SHEET_NAMES, norm

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 1_000_000
# A 1,000,000-row ledger unpacks to well under this; more is a zip bomb, not a ledger.
MAX_UNPACKED = 1536 * 1024 * 1024
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


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if any(info.flag_bits & 0x1 for info in infos):
                raise SpreadsheetError(_("The workbook is encrypted: save it without a password and try again."))
            unpacked = sum(info.file_size for info in infos)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _damaged() from exc
    if unpacked > MAX_UNPACKED:
        raise SpreadsheetError(_("The workbook unpacks to more than %(limit)s MB; it is refused as unsafe.")
                               % {"limit": MAX_UNPACKED // (1024 * 1024)})


def _pick(sheetnames: list[str], wanted: tuple[str, ...]) -> str | None:
    targets = {norm(name) for name in wanted}
    return next((name for name in sheetnames if norm(name) in targets), None)


@contextlib.contextmanager
def _open_xlsx(path: Path, *, locations_only: bool) -> Iterator[Tables]:
    from openpyxl import load_workbook

    _check_zip(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a malformed package
        raise _damaged() from exc
    try:
        names = list(workbook.sheetnames)
        locations = _pick(names, LOCATION_SHEET_NAMES)
        if locations_only:
            locations = locations or (names[0] if names else None)
            ledger = None
        else:
            skipped = {locations, INSTRUCTION_SHEET_NAME}
            ledger = _pick(names, LEDGER_SHEET_NAMES) or next((n for n in names if n not in skipped), None)
        yield Tables(ledger=_sheet_rows(workbook, ledger), locations=_sheet_rows(workbook, locations),
                     ledger_sheet=ledger or "", locations_sheet=locations or "")
    finally:
        workbook.close()


def _sheet_rows(workbook: Any, name: str | None) -> Iterator[tuple[Any, ...]] | None:
    if name is None:
        return None
    sheet = workbook[name]
    if not hasattr(sheet, "iter_rows"):  # a chart sheet
        return iter(())
    # Some generators write a wrong <dimension>; without this openpyxl would cut rows short.
    sheet.reset_dimensions()
    return _guarded(_limited(sheet.iter_rows(values_only=True)))


def _guarded(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """Damage inside a sheet shows only while iterating; report it like damage found on opening."""
    try:
        yield from rows
    except SpreadsheetError:
        raise
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
    """A quick estimate of the data rows, to decide whether an upload runs as a background job."""
    try:
        kind = file_kind(path)
    except SpreadsheetError:
        return 0
    if kind == "csv":
        with path.open("rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    try:
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            rows = max((getattr(ws, "max_row", 0) or 0) for ws in workbook.worksheets)
        finally:
            workbook.close()
    except Exception:  # a damaged file is reported by the import itself
        return 0
    # A workbook without a recorded size: judge by its weight (a ledger row packs to roughly 80 bytes).
    return rows if rows > 1 else path.stat().st_size // 80
