"""Importing the ledger from Excel or CSV: all or nothing.

The result types are in import_types.py and the writing in import_write.py.

Every row is validated before anything is written; one bad row rejects the whole file and the
report lists every problem with the row and column the user sees in Excel (header = row 1).
Lookups (tiers, departments, people, locations) are loaded once into dicts, so validating
100,000 rows costs no queries; writes are bulk inserts inside one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from django.db import transaction
from django.utils.translation import gettext as _

from shuhi.core.models import Organisation
from shuhi.core.permissions import require
from shuhi.core.spreadsheet import is_sample
from shuhi.ledger.permissions import can_manage_ledger
from shuhi.ledger.spreadsheet import excel_format as fmt
from shuhi.ledger.spreadsheet.excel_format import LEDGER_COLUMNS, LOCATION_COLUMNS, CellError, Column
from shuhi.ledger.spreadsheet.lookups import Lookups
from shuhi.ledger.spreadsheet.reader import SpreadsheetError, open_tables
from shuhi.ledger.spreadsheet.results import ImportReport, ParsedRow, ParseResult, Problem
from shuhi.ledger.spreadsheet.writer import plan_and_write

MAX_PROBLEMS = 10_000
# Cell parsers whose result depends only on the cell, so repeated values are parsed once.
MEMO_KEYS = {"category", "tier", "is_trade_secret", "is_personal_data", "department", "owner", "locations",
             "retention", "likelihood", "impact", "label_status", "kind"}


class _Problems(list):
    """Bounded: a hostile file with a million bad cells must not exhaust memory."""

    def add(self, problem: Problem) -> None:
        if len(self) < MAX_PROBLEMS:
            self.append(problem)
        elif len(self) == MAX_PROBLEMS:
            self.append(Problem(None, "", _("More than %(n)s problems; fix these first.") % {"n": MAX_PROBLEMS}))


INVISIBLE = {ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff"}


def _memo(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    cache: dict[Any, tuple[bool, Any]] = {}

    def cached(raw: Any) -> Any:
        try:
            ok, value = cache[raw]
        except KeyError:
            try:
                ok, value = True, convert(raw)
            except CellError as exc:
                ok, value = False, exc
            cache[raw] = (ok, value)
        except TypeError:  # unhashable: never from openpyxl or csv, but be safe
            return convert(raw)
        if not ok:
            raise value
        return value

    return cached


def _required(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def check(raw: Any) -> Any:
        # Blank includes what only looks blank: spaces of any width and the invisible characters
        # Excel and web pages leave behind (zero-width space, BOM).
        if raw is None or (isinstance(raw, str) and not raw.translate(INVISIBLE).strip()):
            raise CellError(_("This value is required."))
        return convert(raw)

    return check


def _converters(lookups: Lookups, columns: tuple[Column, ...]) -> dict[str, Callable[[Any], Any]]:
    table: dict[str, Callable[[Any], Any]] = {
        "category": fmt.parse_category, "tier": lookups.tier, "is_trade_secret": fmt.parse_bool,
        "is_personal_data": fmt.parse_bool, "department": lookups.department, "owner": lookups.owner,
        "locations": lookups.locations, "retention": fmt.parse_retention, "likelihood": fmt.parse_score,
        "impact": fmt.parse_score, "label_status": fmt.parse_label, "kind": fmt.parse_kind,
        "path_patterns": fmt.split_patterns,
    }
    result = {}
    for column in columns:
        convert = table.get(column.key) or (lambda raw, key=column.key: fmt.bounded_text(raw, key))
        if column.required:
            convert = _required(convert)
        result[column.key] = _memo(convert) if column.key in MEMO_KEYS else convert
    return result


def _map_header(header: tuple[Any, ...], columns: tuple[Column, ...], row: int, sheet: str,
                problems: _Problems) -> dict[str, tuple[int, str]]:
    """Column key → (index, header as written). Unknown headers are ignored: users add their own."""
    index = fmt.header_index(columns)
    found: dict[str, tuple[int, str]] = {}
    for position, cell in enumerate(header):
        title = fmt.text(cell)
        column = index.get(fmt.norm(title)) if title else None
        if column is None:
            continue
        if column.key in found:
            problems.add(Problem(row, title, _("This column appears twice."), sheet))
            continue
        found[column.key] = (position, title)
    for column in columns:
        if column.required and column.key not in found:
            problems.add(Problem(row, column.ja, _("The required column “%(name)s” is missing.")
                                 % {"name": column.ja}, sheet))
    return found


def _rows_with_numbers(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    for number, row in enumerate(rows, start=1):
        if any(value is not None and value != "" for value in row):
            yield number, row


def _parse_table(rows: Iterator[tuple[Any, ...]], columns: tuple[Column, ...], lookups: Lookups, sheet: str,
                 problems: _Problems, unique_key: str, skipped: list[int] | None = None,
                 ) -> tuple[list[ParsedRow], frozenset[str]]:
    """The table's rows, validated; the template's example rows (例-…) are left out and their row
    numbers added to `skipped`."""
    numbered = _rows_with_numbers(rows)
    first = next(numbered, None)
    if first is None:
        problems.add(Problem(None, "", _("The sheet “%(sheet)s” is empty.") % {"sheet": sheet or "CSV"}, sheet))
        return [], frozenset()
    header_row, header = first
    before = len(problems)
    mapping = _map_header(header, columns, header_row, sheet, problems)
    if len(problems) > before:
        return [], frozenset(mapping)
    converters = _converters(lookups, columns)
    plan = [(key, position, title, converters[key]) for key, (position, title) in mapping.items()]
    parsed: list[ParsedRow] = []
    seen: dict[str, int] = {}
    unique_at = mapping[unique_key][0] if unique_key in mapping else None
    for number, row in numbered:
        if unique_at is not None and unique_at < len(row) and is_sample(fmt.text(row[unique_at])):
            if skipped is not None:
                skipped.append(number)
            continue
        width, values = len(row), {}
        for key, position, title, convert in plan:
            try:
                values[key] = convert(row[position] if position < width else None)
            except CellError as exc:
                problems.add(Problem(number, title, str(exc), sheet))
        unique = values.get(unique_key)
        if unique:
            if unique in seen:
                problems.add(Problem(number, mapping[unique_key][1], _("“%(value)s” appears again; it is already in "
                                     "row %(row)s.") % {"value": unique, "row": seen[unique]}, sheet))
            else:
                seen[unique] = number
        parsed.append(ParsedRow(number, values))
    return parsed, frozenset(mapping)


def parse_ledger(path_or_file: str | Path | BinaryIO, *, organisation: Organisation,
                 locations_only: bool = False) -> ParseResult:
    """Read and validate a ledger (or locations) file. Writes nothing."""
    result = ParseResult()
    problems = _Problems()
    try:
        with open_tables(path_or_file, locations_only=locations_only) as tables:
            lookups = Lookups(organisation)
            result.lookups = lookups
            if tables.locations is not None:
                sheet = tables.locations_sheet
                result.locations, result.location_columns = _parse_table(
                    tables.locations, LOCATION_COLUMNS, lookups, sheet, problems, "name", result.samples_skipped)
                lookups.add_pending_locations(row.values.get("name") for row in result.locations)
            if tables.ledger is None and not locations_only:
                problems.add(Problem(None, "", _("The workbook has no ledger sheet (台帳).")))
            elif tables.ledger is not None:
                result.assets, result.asset_columns = _parse_table(
                    tables.ledger, LEDGER_COLUMNS, lookups, tables.ledger_sheet, problems, "code",
                    result.samples_skipped)
    except SpreadsheetError as exc:
        problems.add(Problem(None, "", str(exc)))
    result.errors = list(problems)
    return result


def import_ledger(*, actor: Any, organisation: Organisation, path: str | Path | BinaryIO, dry_run: bool = False,
                  locations_only: bool = False) -> ImportReport:
    """Validate the whole file, then (unless `dry_run` or rejected) write it in one transaction."""
    require(can_manage_ledger(actor, organisation),
            _("Only administrators and security managers can import the ledger."))
    parsed = parse_ledger(path, organisation=organisation, locations_only=locations_only)
    if not parsed.ok:
        return ImportReport(errors=parsed.errors, dry_run=dry_run)
    with transaction.atomic():
        report = plan_and_write(actor=actor, organisation=organisation, parsed=parsed, dry_run=dry_run)
    report.dry_run = dry_run
    report.samples_skipped = len(parsed.samples_skipped)
    return report
