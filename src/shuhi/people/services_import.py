"""Registering people from HR's CSV or Excel file: all or nothing.

Every row is checked before anything is written: the cells, the kind, the department and projects
(which must already exist in shuhi), the dates, and the employee number against the rest of the
file. A row whose employee number is already registered updates that person, and the result says
so. One problem anywhere and nothing is written; the result lists every problem with the row and
the column as the user wrote it. Otherwise each person is made by `person_create` or changed by
`person_update` (each with its own audit entry), and the import as a whole is one `person.import`
entry, all in one transaction. A dry run checks and reports without writing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shuhi.core.audit.services import audit_record
from shuhi.core.models import Department, Organisation, Project
from shuhi.core.permissions import enforces
from shuhi.core.spreadsheet import is_sample
from shuhi.ledger.spreadsheet import excel_format as cells
from shuhi.ledger.spreadsheet.excel_format import CellError
from shuhi.ledger.spreadsheet.results import Problem
from shuhi.people import permissions as can
from shuhi.people import spreadsheet as fmt
from shuhi.people.models import Person
from shuhi.people.pledging import home_of
from shuhi.people.services import person_create, person_update

MAX_PROBLEMS = 500


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)  # employee numbers
    updated: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    samples_skipped: int = 0  # the template's example rows (例-…), left out

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "created": self.created, "updated": self.updated,
                "samples_skipped": self.samples_skipped,
                "errors": [p.as_dict() for p in self.errors]}


class _Lookups:
    def __init__(self, organisation: Organisation) -> None:
        home = home_of(organisation)
        self.departments: dict[str, list[Department]] = {}
        for department in Department.objects.filter(organisation=home):
            for key in {department.name, department.code} - {""}:
                self.departments.setdefault(key, []).append(department)
        self.projects: dict[str, list[Project]] = {}
        for project in Project.objects.filter(organisation=home):
            for key in {project.name, project.code} - {""}:
                self.projects.setdefault(key, []).append(project)
        self.people = {p.employee_number: p for p in Person.objects.filter(organisation=organisation)}


class _RowChecker:
    def __init__(self, sheet: fmt.Sheet, lookups: _Lookups, organisation: Organisation,
                 problems: list[Problem]) -> None:
        self.sheet, self.lookups, self.problems = sheet, lookups, problems
        self.default_kind = Person.Kind.EMPLOYEE if organisation.is_home else Person.Kind.SUPPLIER_ONSITE
        self.is_home = organisation.is_home
        self.seen: dict[str, int] = {}

    def problem(self, number: int, key: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(number, self.sheet.title(key), message, self.sheet.name))
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(Problem(None, "", _("More than %(n)s problems; fix these first.")
                                         % {"n": MAX_PROBLEMS}))

    def cell(self, number: int, row: tuple[Any, ...], key: str, convert, *args, **kwargs) -> Any:
        try:
            return convert(self.sheet.cell(row, key), *args, **kwargs)
        except CellError as exc:
            self.problem(number, key, str(exc))
            return None

    def check(self, number: int, row: tuple[Any, ...]) -> dict[str, Any]:
        present = self.sheet.has
        fields: dict[str, Any] = {
            "employee_number": self.cell(number, row, "employee_number", fmt.bounded, "employee_number",
                                         required=True),
            "name": self.cell(number, row, "name", fmt.bounded, "name", required=True),
        }
        if present("kana"):
            fields["kana"] = self.cell(number, row, "kana", fmt.bounded, "kana")
        if present("email"):
            fields["email"] = self.cell(number, row, "email", fmt.parse_email)
        kind = self.cell(number, row, "kind", fmt.parse_kind, self.default_kind)
        if kind is not None and present("kind"):
            fields["kind"] = kind
            if kind == Person.Kind.SUPPLIER_ONSITE and self.is_home:
                self.problem(number, "kind", _("Supplier staff on site are imported into their supplier, not "
                                               "into your own organisation."))
            elif kind != Person.Kind.SUPPLIER_ONSITE and not self.is_home:
                self.problem(number, "kind", _("A supplier's staff are registered as supplier staff on site."))
        for key in ("hired_on", "left_on"):
            if present(key):
                fields[key] = self.cell(number, row, key, cells.parse_date)
        if fields.get("hired_on") and fields.get("left_on") and fields["left_on"] < fields["hired_on"]:
            self.problem(number, "left_on", _("The leaving date (%(left)s) comes before the hiring date "
                                              "(%(hired)s).") % {"left": fields["left_on"].isoformat(),
                                                                  "hired": fields["hired_on"].isoformat()})
        if present("department"):
            fields["department"] = self._one(number, row, "department", self.lookups.departments,
                                             _("No department has the name or code “%(name)s”."),
                                             _("Several departments are called “%(name)s”; use the code."))
        projects = None
        if present("projects"):
            projects = [p for word in self.cell(number, row, "projects", cells.split_list) or []
                        if (p := self._find(number, "projects", word, self.lookups.projects,
                                            _("No project has the name or code “%(name)s”."),
                                            _("Several projects are called “%(name)s”; use the project code.")))]
        self._number(number, fields["employee_number"])
        return {"row": number, "fields": fields, "projects": projects,
                "person": self.lookups.people.get(fields["employee_number"] or "")}

    def _number(self, number: int, value: str | None) -> None:
        if not value:
            return
        if value in self.seen:
            self.problem(number, "employee_number", _("“%(value)s” appears again; it is already in row %(row)s.")
                         % {"value": value, "row": self.seen[value]})
        else:
            self.seen[value] = number

    def _one(self, number, row, key, table, unknown, several):
        word = fmt.text(self.sheet.cell(row, key))
        return self._find(number, key, word, table, unknown, several) if word else None

    def _find(self, number: int, key: str, word: str, table: dict, unknown: str, several: str):
        matches = table.get(word, [])
        if len(matches) == 1:
            return matches[0]
        self.problem(number, key, (several if matches else unknown) % {"name": word})
        return None


def _read(upload) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > fmt.MAX_BYTES:
        raise fmt.PeopleFileError(_("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                                  % {"size": size // 2**20, "limit": fmt.MAX_BYTES // 2**20})
    data = upload.read(fmt.MAX_BYTES + 1)
    if hasattr(upload, "seek"):
        upload.seek(0)
    return data


def people_rows_check(*, organisation: Organisation, upload, skipped: list[int] | None = None,
                      ) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Read and check every row; writes nothing. The template's example rows (例-…) are left out
    and their row numbers added to `skipped`."""
    try:
        sheet = fmt.read_file(_read(upload), Path(getattr(upload, "name", "") or "").name)
    except fmt.PeopleFileError as exc:
        return [], [Problem(None, "", str(exc))]
    problems = list(sheet.problems)
    if problems:
        return [], problems
    checker = _RowChecker(sheet, _Lookups(organisation), organisation, problems)
    rows = []
    for number, row in sheet.rows:
        if is_sample(fmt.text(sheet.cell(row, "employee_number"))):
            if skipped is not None:
                skipped.append(number)
            continue
        rows.append(checker.check(number, row))
    return rows, problems


class _Rejected(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems


@enforces(can.can_manage_people, obj="organisation")
def people_import(*, actor: Any, organisation: Organisation, upload, dry_run: bool = False) -> ImportResult:
    """Check the whole file, then register or update every person in it, or none."""
    skipped: list[int] = []
    rows, problems = people_rows_check(organisation=organisation, upload=upload, skipped=skipped)
    if problems:
        return ImportResult(errors=problems, dry_run=dry_run)
    if dry_run:
        return ImportResult(created=[r["fields"]["employee_number"] for r in rows if r["person"] is None],
                            updated=[r["fields"]["employee_number"] for r in rows if r["person"] is not None],
                            dry_run=True, samples_skipped=len(skipped))
    try:
        with transaction.atomic():
            result = _write(actor, organisation, rows, Path(getattr(upload, "name", "") or "").name)
    except _Rejected as exc:
        return ImportResult(errors=exc.problems)
    result.samples_skipped = len(skipped)
    return result


def _write(actor: Any, organisation: Organisation, rows: list[dict[str, Any]], filename: str) -> ImportResult:
    result, problems = ImportResult(), []
    for row in rows:
        try:
            if row["person"] is None:
                person_create(actor=actor, organisation=organisation, projects=row["projects"] or (), **row["fields"])
                result.created.append(row["fields"]["employee_number"])
            else:
                person_update(actor=actor, person=row["person"], projects=row["projects"], **row["fields"])
                result.updated.append(row["fields"]["employee_number"])
        except ValidationError as exc:  # what the checks above missed: still reported, still nothing written
            problems += [Problem(row["row"], "", message) for message in exc.messages]
    if problems:
        raise _Rejected(problems)
    audit_record(actor=actor, action="person.import", obj=organisation,
                 after={"file": filename[:255], "created": result.created, "updated": result.updated})
    return result
