"""Text cells in files that people open in a spreadsheet program (CSV exports and workbooks).

Excel, LibreOffice and Google Sheets run a cell that starts with = + - @ as a formula, and also one
that starts with a tab or a carriage return followed by one (OWASP "CSV injection"). A file name or a
free-text field typed by a supplier must not become a formula on the outsourcer's machine, so every
exported text cell that starts with one of these gets a leading apostrophe: spreadsheets show the
text as typed, and shuhi's importers drop the apostrophe again. Workbooks need no apostrophe:
`xlsx_text` marks such a cell as text instead.
"""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_unquoted(value: str) -> str:
    """The text `csv_safe` was given: its apostrophe dropped again on import."""
    if value[:1] == "'" and value[1:2] in FORMULA_START:
        return value[1:]
    return value


def xlsx_text(cell: Any) -> Any:
    """An openpyxl cell whose text starts like a formula, kept as text in a workbook shuhi writes.

    openpyxl writes a string that starts with = as a formula; the other starts it writes as text,
    which Excel turns into a formula as soon as someone edits the cell. The quote prefix (Excel's
    own mark for text typed after an apostrophe) keeps them text, and the value read back is the
    text exactly as written, so no importer has anything to undo.
    """
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
