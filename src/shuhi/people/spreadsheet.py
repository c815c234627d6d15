"""HR's list of people: its columns, reading an uploaded CSV or Excel file, and the blank template.

One person per row, headers in Japanese (English names are accepted too). A CSV may be UTF-8
(with or without a BOM) or Shift_JIS (cp932), as Excel writes it in Japan. A workbook is opened
only through `shuhi.core.uploads`, with limits sized for a staff list, so a hostile file is refused
before openpyxl builds anything from it. Reading knows nothing of the database; the service
(services_import.py) looks names up and decides.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from shuhi.core.uploads import UnreadableWorkbook, UnsafeWorkbook, WorkbookLimits, open_workbook, workbook_limits
from shuhi.ledger.spreadsheet.excel_format import CellError, Column, header_index, norm, text
from shuhi.ledger.spreadsheet.results import Problem

MAX_BYTES = 5 * 2**20
MAX_ROWS = 5000  # people in one file
LIMITS = WorkbookLimits(members=200, unpacked_bytes=64 * 2**20, member_bytes=32 * 2**20, ratio=100,
                        shared_strings=200_000, markup=2_000_000, markup_per_row=20_000, rows=10_000,
                        cells=200_000)
SHEET_NAMES = ("社員", "人員", "People", "Staff")
INSTRUCTION_SHEET = "説明"
MAX_TEXT = {"employee_number": 40, "name": 200, "kana": 200, "email": 254}

COLUMNS: tuple[Column, ...] = (
    Column("employee_number", "社員番号", "Employee number", True, ("社員No", "従業員番号", "Staff number", "ID")),
    Column("name", "氏名", "Name", True, ("名前", "Full name")),
    Column("kana", "氏名カナ", "Kana", False, ("フリガナ", "カナ", "Name kana")),
    Column("email", "メール", "E-mail", False, ("メールアドレス", "Email", "Mail")),
    Column("kind", "区分", "Kind", False, ("雇用区分", "Type")),
    Column("department", "部署", "Department", False, ("所属",)),
    Column("projects", "プロジェクト", "Projects", False, ("Project",)),
    Column("hired_on", "入社日", "Hired on", False, ("Hire date", "Start date")),
    Column("left_on", "退職日", "Left on", False, ("Leaving date", "End date")),
)
COLUMN_KEYS = {column.key: column for column in COLUMNS}

KIND_WORDS = {"regular": "社員", "contract": "契約社員", "dispatched": "派遣社員", "supplier_onsite": "委託先常駐"}
KIND_VOCAB = {
    **{norm(word): key for key, word in KIND_WORDS.items()}, **{norm(key): key for key in KIND_WORDS},
    norm("正社員"): "regular", norm("従業員"): "regular",
    norm("Employee"): "regular", norm("契約"): "contract", norm("派遣"): "dispatched",
    norm("常駐"): "supplier_onsite", norm("委託先"): "supplier_onsite", norm("contract staff"): "contract",
    norm("dispatched staff"): "dispatched", norm("supplier staff on site"): "supplier_onsite",
    norm("on-site"): "supplier_onsite",
}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class PeopleFileError(ValueError):
    """The file as a whole cannot be read; the message is shown to the user."""


@dataclass
class Sheet:
    name: str = ""
    columns: dict[str, tuple[int, str]] = field(default_factory=dict)  # key → (position, header as written)
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def cell(self, row: tuple[Any, ...], key: str) -> Any:
        position = self.columns.get(key, (None,))[0]
        return row[position] if position is not None and position < len(row) else None

    def title(self, key: str) -> str:
        return self.columns[key][1] if key in self.columns else COLUMN_KEYS[key].ja

    def has(self, key: str) -> bool:
        return key in self.columns


# ---- reading -------------------------------------------------------------------------------------


def read_file(data: bytes, filename: str) -> Sheet:
    """The rows of an uploaded .csv or .xlsx; PeopleFileError when the file as a whole will not do."""
    if len(data) > MAX_BYTES:
        raise PeopleFileError(_("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                              % {"size": len(data) // 2**20, "limit": MAX_BYTES // 2**20})
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix in ("xlsx", "xlsm") or data.startswith(b"PK\x03\x04"):
        return _read_workbook(data)
    if suffix in ("csv", "txt", ""):
        return _read_rows("CSV", iter(_csv_rows(data)))
    raise PeopleFileError(_("Choose a CSV file (.csv) or an Excel workbook (.xlsx)."))


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise PeopleFileError(_("The file is not a CSV file."))
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PeopleFileError(_("The CSV file is neither UTF-8 nor Shift_JIS (cp932); save it again as UTF-8."))


def _csv_rows(data: bytes) -> list[tuple[Any, ...]]:
    try:
        return [tuple(row) for row in csv.reader(io.StringIO(_decode(data), newline=""))]
    except csv.Error as exc:
        raise PeopleFileError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc


def _read_workbook(data: bytes) -> Sheet:
    try:
        with open_workbook(data, workbook_limits("people", LIMITS)) as book:
            wanted = {norm(name) for name in SHEET_NAMES}
            names = book.sheetnames
            name = next((n for n in names if norm(n) in wanted), None) or next(
                (n for n in names if norm(n) != norm(INSTRUCTION_SHEET)), None)
            if name is None:
                raise PeopleFileError(_("The workbook has no sheet of people."))
            return _read_rows(name, book.rows(name))
    except UnsafeWorkbook as exc:
        raise PeopleFileError(str(exc)) from exc
    except UnreadableWorkbook as exc:
        raise PeopleFileError(_("The file is damaged or is not an Excel workbook (.xlsx).")) from exc
    except PeopleFileError:
        raise
    except Exception as exc:  # damage inside a sheet shows only while its rows are read
        raise PeopleFileError(_("The file is damaged or is not an Excel workbook (.xlsx).")) from exc


def _read_rows(name: str, rows) -> Sheet:
    sheet = Sheet(name=name)
    numbered = ((number, row) for number, row in enumerate(rows, start=1)
                if any(value is not None and str(value).strip() != "" for value in row))
    first = next(numbered, None)
    if first is None:
        raise PeopleFileError(_("The file is empty."))
    header_row, header = first
    _map_header(sheet, header, header_row)
    for number, row in numbered:
        if len(sheet.rows) >= MAX_ROWS:
            raise PeopleFileError(_("The file has more than %(limit)s people; split it into smaller files.")
                                  % {"limit": f"{MAX_ROWS:,}"})
        sheet.rows.append((number, row))
    if not sheet.rows and not sheet.problems:
        sheet.problems.append(Problem(None, "", _("The file has headers but no people."), name))
    return sheet


def _map_header(sheet: Sheet, header: tuple[Any, ...], row: int) -> None:
    index = header_index(COLUMNS)
    for position, cell in enumerate(header):
        title = text(cell).lstrip("\ufeff")
        column = index.get(norm(title)) if title else None
        if column is None:
            continue  # HR's own columns are ignored
        if column.key in sheet.columns:
            sheet.problems.append(Problem(row, title, _("This column appears twice."), sheet.name))
            continue
        sheet.columns[column.key] = (position, title)
    for column in COLUMNS:
        if column.required and column.key not in sheet.columns:
            sheet.problems.append(Problem(row, column.ja, _("The required column “%(name)s” is missing.")
                                          % {"name": column.ja}, sheet.name))


# ---- cells ---------------------------------------------------------------------------------------


def bounded(raw: Any, key: str, *, required: bool = False) -> str:
    value = unicodedata.normalize("NFKC", text(raw)).strip() if key == "employee_number" else text(raw)
    if required and not value:
        raise CellError(_("This value is required."))
    if len(value) > MAX_TEXT[key]:
        raise CellError(_("Too long: at most %(limit)s characters.") % {"limit": MAX_TEXT[key]})
    return value


def parse_email(raw: Any) -> str:
    value = bounded(raw, "email")
    if value and not EMAIL_RE.match(value):
        raise CellError(_("“%(value)s” is not an e-mail address.") % {"value": value[:60]})
    return value


def parse_kind(raw: Any, default: str) -> str:
    value = text(raw)
    if not value:
        return default
    key = KIND_VOCAB.get(norm(value))
    if key is None:
        raise CellError(_("Unknown value “%(value)s”; use one of: %(choices)s.")
                        % {"value": value[:40], "choices": "、".join(KIND_WORDS.values())})
    return key


# ---- the template --------------------------------------------------------------------------------


EXAMPLE = ("例-001", "山田 太郎", "ヤマダ タロウ", "yamada@example.co.jp", "社員", "開発部", "新製品", "2026-04-01", "")
HELP = {
    "employee_number": "必須。組織内で一意の番号。登録済みの番号の行は、その人の情報を更新します。",
    "name": "必須。氏名。",
    "kana": "任意。氏名のカナ。",
    "email": "任意。メールアドレス。",
    "kind": "社員・契約社員・派遣社員・委託先常駐 のいずれか。空欄は社員（委託先への取込みでは委託先常駐）。",
    "department": "任意。部署の名前またはコード（shuhi に登録したとおり）。",
    "projects": "任意。プロジェクトの名前またはコード。複数は ; で区切ります。",
    "hired_on": "任意。入社日（例: 2026-04-01）。",
    "left_on": "任意。退職日。入社日より前にはできません。",
}
NOTES = (
    "このファイルは人員（社員・契約社員・派遣社員・委託先の常駐者）を一括で登録・更新するためのものです。1行に1人を書きます。",
    "取込みは「全部か無しか」です。1行でも誤りがあれば何も登録されず、行と列ごとに誤りが表示されます。",
    "CSV（UTF-8 または Shift_JIS）でも取り込めます。見出しは英語名（Employee number など）でも構いません。",
    "社員番号が「例-」で始まる行は記入例として読み飛ばします。そのまま残しても登録されません。",
)


def write_template() -> bytes:
    """A blank people workbook: the headers, one example row, and the 説明 sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAMES[0]
    sheet.append([column.ja for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E3E9F0")
    sheet.append(list(EXAMPLE))
    for cell in sheet[2]:
        cell.number_format = "@"
    sheet.freeze_panes = "A2"
    notes = book.create_sheet(INSTRUCTION_SHEET)
    notes.append(["列", "英語名", "書き方"])
    for column in COLUMNS:
        notes.append([column.ja, column.en, HELP[column.key]])
    notes.append([])
    for line in NOTES:
        notes.append([line])
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 20
    notes.column_dimensions["C"].width = 90
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
