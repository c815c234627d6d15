"""Exporting the ledger to Excel or CSV, and the blank template.

Cells hold exactly the words the importer reads (excel_format), so export → import is the identity.
A .xlsx export has two sheets, 台帳 and 保管場所. A .csv export holds the ledger only (a CSV file
has one table); `export_locations` writes the locations to their own CSV, which
`shuhi locations import` reads back.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from shuhi.core.models import Organisation, User
from shuhi.core.spreadsheet import FORMULA_START, csv_safe, xlsx_text
from shuhi.ledger.models import InformationAsset, StorageLocation
from shuhi.ledger.spreadsheet import excel_format as fmt
from shuhi.ledger.spreadsheet.excel_format import LEDGER_COLUMNS, LOCATION_COLUMNS, Column
from shuhi.ledger.spreadsheet.lookups import Lookups

WIDTHS = {"code": 12, "name": 30, "description": 40, "locations": 30, "disposal_method": 18, "notes": 30,
          "path_patterns": 40, "access_groups": 24, "owner": 18, "department": 16}
ASSET_VALUES = ("code", "name", "description", "category", "tier_id", "is_trade_secret", "is_personal_data",
                "department_id", "owner_id", "id", "retention", "retention_years", "retention_until",
                "disposal_method", "likelihood", "impact", "label_status", "notes")


def _assets(user_or_none: Any, organisation: Organisation):
    manager = InformationAsset.objects
    assets = manager.visible_to(user_or_none) if user_or_none is not None else manager.all()
    return assets.filter(organisation=organisation).order_by("code")


def _location_links(organisation: Organisation) -> dict[int, list[int]]:
    links: dict[int, list[int]] = {}
    pairs = InformationAsset.locations.through.objects.filter(informationasset__organisation=organisation)
    for asset_id, location_id in pairs.values_list("informationasset_id", "storagelocation_id"):
        links.setdefault(asset_id, []).append(location_id)
    return links


def ledger_rows(*, user_or_none: Any, organisation: Organisation) -> Iterator[list[Any]]:
    """The ledger's data rows in LEDGER_COLUMNS order."""
    look = Lookups(organisation)
    links = _location_links(organisation)
    people = dict(look.person_label_of)
    rows = _assets(user_or_none, organisation).values_list(*ASSET_VALUES)
    for (code, name, description, category, tier_id, secret, personal, department_id, owner_id, pk, retention,
         years, until, disposal, likelihood, impact, label, notes) in rows.iterator(chunk_size=5000):
        if owner_id is not None and owner_id not in people:  # an owner outside the organisation
            people[owner_id] = User.objects.filter(pk=owner_id).values_list("email", flat=True).first() or ""
        yield [
            code, name, description, fmt.category_words().get(category, category), look.tier_name_of[tier_id],
            fmt.format_bool(secret), fmt.format_bool(personal),
            look.department_name_of.get(department_id, "") if department_id else "",
            people[owner_id] if owner_id else "",
            ";".join(sorted(look.location_name_of[i] for i in links.get(pk, ()))),
            fmt.format_retention(retention, years, until), disposal, fmt.format_score(likelihood),
            fmt.format_score(impact), fmt.LABEL_WORDS.get(label, label), notes,
        ]


def location_rows(*, organisation: Organisation) -> Iterator[list[Any]]:
    locations = StorageLocation.objects.filter(organisation=organisation).select_related("tier").order_by("name")
    for location in locations:
        yield [location.name, fmt.KIND_WORDS.get(location.kind, location.kind), location.tier.name,
               "\n".join(location.patterns), location.access_groups]


def _write_csv(path: Path, columns: tuple[Column, ...], rows: Iterator[list[Any]]) -> int:
    count = 0
    # UTF-8 with a BOM: without it Excel for Japanese Windows reads the file as Shift_JIS.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([column.ja for column in columns])
        for row in rows:
            writer.writerow([csv_safe(value) for value in row])
            count += 1
    return count


def _header(sheet: Any, columns: tuple[Column, ...]) -> None:
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column.key, 12)
    sheet.freeze_panes = "A2"
    cells = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.ja)
        cell.font, cell.fill, cell.alignment = bold, fill, Alignment(vertical="center")
        cells.append(cell)
    sheet.append(cells)


def _validations(sheet: Any, columns: tuple[Column, ...], lists: dict[str, list[str]]) -> None:
    """Drop-down lists where the choices fit Excel's 255-character limit for an inline list."""
    for index, column in enumerate(columns, start=1):
        choices = lists.get(column.key)
        if not choices or any("," in c or '"' in c for c in choices) or len(",".join(choices)) > 250:
            continue
        validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                                    showErrorMessage=True, errorStyle="warning")
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}1048576")
        sheet.data_validations.append(validation)


def _clean_row(sheet: Any, row: list[Any]) -> list[Any]:
    out = []
    for value in row:
        if isinstance(value, str) and value:
            if ILLEGAL_CHARACTERS_RE.search(value):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if value.startswith(FORMULA_START):
                value = xlsx_text(WriteOnlyCell(sheet, value=value))
        out.append(value)
    return out


def _choice_lists(organisation: Organisation | None) -> dict[str, list[str]]:
    tiers = list(organisation.tiers.order_by("-rank").values_list("name", flat=True)) if organisation else []
    booleans = [fmt.YES, fmt.NO]
    return {"tier": tiers, "is_trade_secret": booleans, "is_personal_data": booleans,
            "label_status": list(fmt.LABEL_WORDS.values()), "category": list(fmt.category_words().values()),
            "kind": list(fmt.KIND_WORDS.values())}


Sheet = tuple[str, tuple[Column, ...], Iterator[list[Any]], int]


def _announce_size(sheet: Any, columns: int, rows: int) -> None:
    """Write the <dimension> element Excel writes and openpyxl's write-only mode leaves out.

    Without it openpyxl's read-only mode parses a whole sheet twice (once to find its size), so
    re-importing our own export would cost double.
    """
    sheet.calculate_dimension = lambda: f"A1:{get_column_letter(columns)}{max(rows + 1, 1)}"


def _write_xlsx(path: Path, sheets: list[Sheet], lists: dict[str, list[str]], extra: Any = None) -> int:
    workbook = Workbook(write_only=True)
    count = 0
    for title, columns, rows, size in sheets:
        sheet = workbook.create_sheet(title)
        _announce_size(sheet, len(columns), size)
        _validations(sheet, columns, lists)
        _header(sheet, columns)
        for row in rows:
            sheet.append(_clean_row(sheet, row))
            count += title == fmt.LEDGER_SHEET_NAMES[0]
    if extra is not None:
        extra(workbook)
    workbook.save(path)
    return count


def export_ledger(*, user_or_none: Any, organisation: Organisation, path: str | Path) -> int:
    """Write the ledger (as `user_or_none` may see it; None = all of it) to .xlsx or .csv; returns the rows."""
    path = Path(path)
    rows = ledger_rows(user_or_none=user_or_none, organisation=organisation)
    if path.suffix.lower() == ".csv":
        return _write_csv(path, LEDGER_COLUMNS, rows)
    sizes = (_assets(user_or_none, organisation).count(), organisation.locations.count())
    locations = location_rows(organisation=organisation)
    return _write_xlsx(path, [(fmt.LEDGER_SHEET_NAMES[0], LEDGER_COLUMNS, rows, sizes[0]),
                              (fmt.LOCATION_SHEET_NAMES[0], LOCATION_COLUMNS, locations, sizes[1])],
                       _choice_lists(organisation))


def export_locations(*, organisation: Organisation, path: str | Path) -> int:
    path = Path(path)
    rows = location_rows(organisation=organisation)
    if path.suffix.lower() == ".csv":
        return _write_csv(path, LOCATION_COLUMNS, rows)
    size = organisation.locations.count()
    _write_xlsx(path, [(fmt.LOCATION_SHEET_NAMES[0], LOCATION_COLUMNS, rows, size)], _choice_lists(organisation))
    return size


def write_template(path: str | Path, organisation: Organisation | None = None) -> None:
    """Headers, two example rows per sheet and the instructions sheet 記入方法 (.xlsx; .csv gets the ledger only)."""
    from shuhi.ledger.spreadsheet.template_text import EXAMPLE_ASSETS, EXAMPLE_LOCATIONS, add_instructions

    path = Path(path)
    if path.suffix.lower() == ".csv":
        _write_csv(path, LEDGER_COLUMNS, iter([list(r) for r in EXAMPLE_ASSETS]))
        return
    _write_xlsx(path, [
        (fmt.LEDGER_SHEET_NAMES[0], LEDGER_COLUMNS, iter([list(r) for r in EXAMPLE_ASSETS]), len(EXAMPLE_ASSETS)),
        (fmt.LOCATION_SHEET_NAMES[0], LOCATION_COLUMNS, iter([list(r) for r in EXAMPLE_LOCATIONS]),
         len(EXAMPLE_LOCATIONS)),
    ], _choice_lists(organisation), extra=add_instructions)
