"""Text cells in files that people open in a spreadsheet program (CSV exports).

Excel, LibreOffice and Google Sheets run a cell that starts with = + - @ as a formula, and also one
that starts with a tab or a carriage return followed by one (OWASP "CSV injection"). A file name or a
free-text field typed by a supplier must not become a formula on the outsourcer's machine, so every
exported text cell that starts with one of these gets a leading apostrophe: spreadsheets show the
text as typed, and shuhi's importers drop the apostrophe again.
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
