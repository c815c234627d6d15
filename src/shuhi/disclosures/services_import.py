"""Registering NDAs from an Excel workbook: all or nothing.

Every row is checked before anything is written: the cells, the names of the supplier and
sub-supplier (exactly as registered), the asset IDs and projects of the scope, the dates, and the
contract number against the file and the register. One problem anywhere and nothing is written;
the result lists every problem with the row and column the user sees in Excel. Otherwise each NDA
is made by `nda_create` (so each gets its own `nda.create` audit entry) and the import as a whole
one `nda.import` entry, all in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shuhi.core.audit.services import audit_record
from shuhi.core.models import Organisation, Project
from shuhi.core.permissions import enforces
from shuhi.core.spreadsheet import is_sample
from shuhi.disclosures import permissions as can
from shuhi.disclosures import spreadsheet as sheet_format
from shuhi.disclosures.models import Nda
from shuhi.disclosures.services import nda_create
from shuhi.disclosures.spreadsheet import NdaWorkbookError, Sheet
from shuhi.ledger.models import InformationAsset
from shuhi.ledger.spreadsheet import excel_format as cells
from shuhi.ledger.spreadsheet.excel_format import CellError
from shuhi.ledger.spreadsheet.results import Problem

MAX_PROBLEMS = 500


@dataclass
class ImportResult:
    created: list[Nda] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    samples_skipped: int = 0  # the template's example rows (例-…), left out

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def count(self) -> int:
        return len(self.created)

    def as_dict(self) -> dict[str, Any]:
        return {"created": [n.reference for n in self.created], "samples_skipped": self.samples_skipped,
                "errors": [p.as_dict() for p in self.errors]}


class _Lookups:
    """The names a row may use, loaded once: suppliers, sub-suppliers, assets, projects, contract numbers."""

    def __init__(self, organisation: Organisation) -> None:
        organisations = list(Organisation.objects.exclude(kind=Organisation.Kind.HOME).only("pk", "name", "parent_id"))
        self.suppliers: dict[str, list[Organisation]] = {}
        self.subs: dict[tuple[int, str], Organisation] = {}
        self.any_sub: set[str] = set()
        for org in organisations:
            if org.parent_id is None:
                self.suppliers.setdefault(org.name, []).append(org)
            else:
                self.subs[(org.parent_id, org.name)] = org
                self.any_sub.add(org.name)
        self.assets = {a.code: a for a in InformationAsset.objects.filter(organisation=organisation)}
        self.projects: dict[str, list[Project]] = {}
        for project in Project.objects.filter(organisation=organisation):
            for key in {project.name, project.code} - {""}:
                self.projects.setdefault(key, []).append(project)
        self.references = set(Nda.objects.filter(organisation=organisation).values_list("reference", flat=True))


class _RowChecker:
    """Checks one row, noting each problem under the column the user wrote."""

    def __init__(self, sheet: Sheet, lookups: _Lookups, problems: list[Problem]) -> None:
        self.sheet, self.lookups, self.problems = sheet, lookups, problems
        self.seen: dict[str, int] = {}

    def problem(self, number: int, key: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(number, self.sheet.title(key), message, self.sheet.name))
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(Problem(None, "", _("More than %(n)s problems; fix these first.")
                                         % {"n": MAX_PROBLEMS}))

    def cell(self, number: int, row: tuple[Any, ...], key: str, convert, *args) -> Any:
        try:
            return convert(self.sheet.cell(row, key), *args)
        except CellError as exc:
            self.problem(number, key, str(exc))
            return None

    def check(self, number: int, row: tuple[Any, ...]) -> dict[str, Any]:
        fmt = sheet_format
        values = {
            "reference": self.cell(number, row, "reference", fmt.required_text, "reference"),
            "title": self.cell(number, row, "title", fmt.required_text, "title"),
            "starts_on": self.cell(number, row, "starts_on", fmt.required_date),
            "ends_on": self.cell(number, row, "ends_on", fmt.required_date),
            "scope_categories": self.cell(number, row, "scope_categories", fmt.parse_categories) or [],
            "requires_marking": self.cell(number, row, "requires_marking", fmt.parse_flag, True),
            "end_action": self.cell(number, row, "end_action", fmt.parse_end_action),
            "allows_redisclosure": self.cell(number, row, "allows_redisclosure", fmt.parse_flag, False),
            "notify_within_hours": self.cell(number, row, "notify_within_hours", fmt.parse_hours),
        }
        status = self.cell(number, row, "status", fmt.parse_status)
        self._reference(number, values["reference"])
        starts, ends = values["starts_on"], values["ends_on"]
        if starts and ends and ends < starts:
            self.problem(number, "ends_on", _("The end (%(end)s) comes before the start (%(start)s).")
                         % {"end": ends.isoformat(), "start": starts.isoformat()})
        supplier, sub_supplier = self._parties(number, row)
        return {"row": number, "fields": values, "activate": status == "active", "supplier": supplier,
                "sub_supplier": sub_supplier, "assets": self._assets(number, row),
                "projects": self._projects(number, row)}

    def _reference(self, number: int, reference: str | None) -> None:
        if not reference:
            return
        if reference in self.lookups.references:
            self.problem(number, "reference", _("An NDA with contract number “%(ref)s” is already registered.")
                         % {"ref": reference})
        elif reference in self.seen:
            self.problem(number, "reference", _("“%(value)s” appears again; it is already in row %(row)s.")
                         % {"value": reference, "row": self.seen[reference]})
        else:
            self.seen[reference] = number

    def _parties(self, number: int, row: tuple[Any, ...]) -> tuple[Organisation | None, Organisation | None]:
        name = self.cell(number, row, "supplier", _required_name)
        sub_name = self.cell(number, row, "sub_supplier", sheet_format.optional_text)
        supplier = None
        if name:
            found = self.lookups.suppliers.get(name, [])
            if len(found) == 1:
                supplier = found[0]
            elif found:
                self.problem(number, "supplier", _("Several suppliers are called “%(name)s”; rename one in shuhi "
                                                   "first.") % {"name": name})
            elif name in self.lookups.any_sub:
                self.problem(number, "supplier", _("“%(name)s” is a sub-supplier: write its supplier here and "
                                                   "“%(name)s” as the sub-supplier.") % {"name": name})
            else:
                self.problem(number, "supplier", _("No supplier is registered as “%(name)s” (the name must match "
                                                   "exactly).") % {"name": name})
        sub_supplier = None
        if sub_name and supplier is not None:
            sub_supplier = self.lookups.subs.get((supplier.pk, sub_name))
            if sub_supplier is None:
                self.problem(number, "sub_supplier", _("“%(sub)s” is not a registered sub-supplier of %(supplier)s.")
                             % {"sub": sub_name, "supplier": supplier.name})
        return supplier, sub_supplier

    def _assets(self, number: int, row: tuple[Any, ...]) -> list[InformationAsset]:
        codes = self.cell(number, row, "scope_assets", cells.split_list) or []
        unknown = [code for code in codes if code not in self.lookups.assets]
        if unknown:
            self.problem(number, "scope_assets", _("No asset of the ledger has the ID %(codes)s.")
                         % {"codes": "、".join(unknown[:10])})
        return [self.lookups.assets[code] for code in codes if code in self.lookups.assets]

    def _projects(self, number: int, row: tuple[Any, ...]) -> list[Project]:
        found: list[Project] = []
        for word in self.cell(number, row, "scope_projects", cells.split_list) or []:
            matches = self.lookups.projects.get(word, [])
            if len(matches) == 1:
                found.append(matches[0])
            elif matches:
                self.problem(number, "scope_projects", _("Several projects are called “%(name)s”; use the project "
                                                         "code.") % {"name": word})
            else:
                self.problem(number, "scope_projects", _("No project has the name or code “%(name)s”.")
                             % {"name": word})
        return found


def _required_name(raw: Any) -> str:
    return sheet_format.required_text(raw, "supplier")


def _read(upload) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > sheet_format.MAX_BYTES:
        raise NdaWorkbookError(_("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                               % {"size": size // 2**20, "limit": sheet_format.MAX_BYTES // 2**20})
    data = upload.read(sheet_format.MAX_BYTES + 1)
    if hasattr(upload, "seek"):
        upload.seek(0)
    return data


def nda_rows_check(*, organisation: Organisation, upload, skipped: list[int] | None = None,
                   ) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Read and check every row; writes nothing. (rows ready for nda_create, problems) The
    template's example rows (例-…) are left out and their row numbers added to `skipped`."""
    try:
        sheet = sheet_format.read_workbook(_read(upload))
    except NdaWorkbookError as exc:
        return [], [Problem(None, "", str(exc))]
    problems = list(sheet.problems)
    if problems:
        return [], problems
    checker = _RowChecker(sheet, _Lookups(organisation), problems)
    rows = []
    for number, row in sheet.rows:
        if is_sample(sheet_format.optional_text(sheet.cell(row, "reference"))):
            if skipped is not None:
                skipped.append(number)
            continue
        rows.append(checker.check(number, row))
    return rows, problems


class _Rejected(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems


@enforces(can.can_manage_ndas, obj="organisation")
def nda_import(*, actor: Any, organisation: Organisation, upload) -> ImportResult:
    """Check the whole workbook, then register every NDA in it, or none."""
    if not organisation.is_home:
        return ImportResult(errors=[Problem(None, "", _("NDAs are registered by the outsourcer."))])
    skipped: list[int] = []
    rows, problems = nda_rows_check(organisation=organisation, upload=upload, skipped=skipped)
    if problems:
        return ImportResult(errors=problems)
    try:
        with transaction.atomic():
            created = _write(actor, organisation, rows, Path(getattr(upload, "name", "") or "").name)
    except _Rejected as exc:
        return ImportResult(errors=exc.problems)
    return ImportResult(created=created, samples_skipped=len(skipped))


def _write(actor: Any, organisation: Organisation, rows: list[dict[str, Any]], filename: str) -> list[Nda]:
    created, problems = [], []
    for row in rows:
        try:
            created.append(nda_create(actor=actor, organisation=organisation, supplier=row["supplier"],
                                      sub_supplier=row["sub_supplier"], assets=row["assets"],
                                      projects=row["projects"], activate=row["activate"], **row["fields"]))
        except ValidationError as exc:  # what the checks above missed: still reported, still nothing written
            problems += [Problem(row["row"], "", message) for message in exc.messages]
    if problems:
        raise _Rejected(problems)
    audit_record(actor=actor, action="nda.import", obj=organisation,
                 after={"file": filename[:255], "count": len(created),
                        "references": [nda.reference for nda in created]})
    return created
