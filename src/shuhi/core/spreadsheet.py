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


# Templates' example rows carry ids that no real row has (例-001), so that a template uploaded as it
# came is never mistaken for data: every import skips them and says how many it skipped.
SAMPLE_PREFIX = "例-"


def is_sample(value: Any) -> bool:
    return isinstance(value, str) and value.strip().startswith(SAMPLE_PREFIX)


def skipped_note(n: int) -> str:
    """The import result's note about the template's example rows it left out."""
    from django.utils.translation import ngettext

    return ngettext("%(n)s example row of the template (ID starting with 例-) was skipped.",
                    "%(n)s example rows of the template (IDs starting with 例-) were skipped.", n) % {"n": n}
