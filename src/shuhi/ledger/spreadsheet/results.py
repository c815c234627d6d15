"""What a ledger import reads and reports: problems by row and column, parsed rows, the report.

Apart from importer.py (reading) and import_write.py (writing), which both use them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from shuhi.ledger.spreadsheet.lookups import Lookups


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row, "column": self.column or "—", "message": self.message}

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]


@dataclass
class ParseResult:
    assets: list[ParsedRow] = field(default_factory=list)
    locations: list[ParsedRow] = field(default_factory=list)
    asset_columns: frozenset[str] = frozenset()
    location_columns: frozenset[str] = frozenset()
    errors: list[Problem] = field(default_factory=list)
    lookups: Lookups | None = None
    samples_skipped: list[int] = field(default_factory=list)  # row numbers of the template's examples

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    locations_created: int = 0
    locations_updated: int = 0
    errors: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    samples_skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "locations_created": self.locations_created, "locations_updated": self.locations_updated,
                "dry_run": self.dry_run, "samples_skipped": self.samples_skipped,
                "errors": [p.as_dict() for p in self.errors]}
