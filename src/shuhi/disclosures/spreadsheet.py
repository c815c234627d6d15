"""The NDA workbook: its columns, reading an uploaded one and writing the blank template.

One sheet, one NDA per row, headers in Japanese (English names are accepted too). Reading knows
nothing of the database: it returns the cells of each row as typed, checked one by one; the
service (services_import.py) looks names up and decides. Uploads are opened only through
`shuhi.core.uploads`, with limits sized for a register of NDAs (a few thousand rows at most), so a
hostile workbook is refused before openpyxl builds anything from it.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from shuhi.core.spreadsheet import xlsx_text
from shuhi.core.uploads import UnreadableWorkbook, UnsafeWorkbook, WorkbookLimits, open_workbook, workbook_limits
from shuhi.ledger.spreadsheet.excel_format import (
    CellError,
    Column,
    category_vocab,
    category_words,
    header_index,
    norm,
    parse_bool,
    parse_date,
    split_list,
    text,
)
from shuhi.ledger.spreadsheet.results import Problem

MAX_BYTES = 5 * 2**20
MAX_ROWS = 2000  # NDAs in one file
# A register of 2,000 NDAs by 14 columns unpacks to a few megabytes; these leave room for long titles.
LIMITS = WorkbookLimits(members=200, unpacked_bytes=64 * 2**20, member_bytes=32 * 2**20, ratio=100,
                        shared_strings=200_000, markup=2_000_000, markup_per_row=20_000, rows=10_000,
                        cells=200_000)
SHEET_NAMES = ("秘密保持契約", "NDA", "NDAs")
INSTRUCTION_SHEET = "説明"
MAX_TEXT = {"reference": 60, "title": 200}

COLUMNS: tuple[Column, ...] = (
    Column("reference", "契約番号", "Contract number", True, ("Reference", "NDA number", "契約No", "契約No.")),
    Column("title", "件名", "Title", True, ("契約名",)),
    Column("supplier", "委託先", "Supplier", True),
    Column("sub_supplier", "再委託先", "Sub-supplier", False, ("Subsupplier",)),
    Column("starts_on", "開始日", "Start", True, ("Start date", "Starts on")),
    Column("ends_on", "終了日", "End", True, ("End date", "Ends on")),
    Column("scope_categories", "対象区分", "Categories", False, ("Asset categories", "Categories covered")),
    Column("scope_assets", "対象資産ID", "Asset IDs", False, ("Assets", "Assets covered", "対象資産")),
    Column("scope_projects", "対象プロジェクト", "Projects", False, ("Projects covered",)),
    Column("requires_marking", "表示義務", "Marking required", False, ("Marking", "Requires marking")),
    Column("end_action", "終了時", "At the end", False, ("End action", "On termination")),
    Column("allows_redisclosure", "再開示", "Re-disclosure", False, ("Redisclosure", "Re-disclosure allowed")),
    Column("notify_within_hours", "事故報告期限(時間)", "Incident notification (hours)", False,
           ("事故報告期限", "Notify within hours", "Notification hours")),
    Column("status", "状態", "Status"),
)
COLUMN_KEYS = {column.key: column for column in COLUMNS}

END_ACTION_WORDS = {"return": "返却", "destroy": "廃棄", "either": "返却または廃棄"}
END_ACTION_VOCAB = {
    **{norm(word): key for key, word in END_ACTION_WORDS.items()}, **{norm(key): key for key in END_ACTION_WORDS},
    norm("返却又は廃棄"): "either", norm("返却・廃棄"): "either", norm("いずれか"): "either",
    norm("destruction"): "destroy", norm("return or destruction"): "either", norm("return or destroy"): "either",
}
STATUS_WORDS = {"draft": "下書き", "active": "有効"}
STATUS_VOCAB = {
    **{norm(word): key for key, word in STATUS_WORDS.items()}, **{norm(key): key for key in STATUS_WORDS},
    norm("締結済"): "active", norm("締結済み"): "active", norm("案"): "draft", norm("in force"): "active",
}


class NdaWorkbookError(ValueError):
    """The file as a whole cannot be read; the message is shown to the user."""


@dataclass
class Sheet:
    """The rows of the NDA sheet: the header found and every non-blank row with its Excel row number."""

    name: str = ""
    columns: dict[str, tuple[int, str]] = field(default_factory=dict)  # key → (position, header as written)
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def cell(self, row: tuple[Any, ...], key: str) -> Any:
        position = self.columns.get(key, (None,))[0]
        return row[position] if position is not None and position < len(row) else None

    def title(self, key: str) -> str:
        return self.columns[key][1] if key in self.columns else COLUMN_KEYS[key].ja


# ---- reading -----------------------------------------------------------------------------------


def read_workbook(data: bytes) -> Sheet:
    """The NDA sheet of an uploaded workbook; NdaWorkbookError when the file as a whole will not do."""
    if len(data) > MAX_BYTES:
        raise NdaWorkbookError(_("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                               % {"size": len(data) // 2**20, "limit": MAX_BYTES // 2**20})
    if not data.startswith(b"PK\x03\x04"):
        raise NdaWorkbookError(_("The file is not an Excel workbook (.xlsx)."))
    try:
        with open_workbook(data, workbook_limits("nda", LIMITS)) as book:
            return _read_sheet(book)
    except UnsafeWorkbook as exc:
        raise NdaWorkbookError(str(exc)) from exc
    except UnreadableWorkbook as exc:
        raise NdaWorkbookError(_("The file is damaged or is not an Excel workbook (.xlsx).")) from exc
    except NdaWorkbookError:
        raise
    except Exception as exc:  # damage inside a sheet shows only while its rows are read
        raise NdaWorkbookError(_("The file is damaged or is not an Excel workbook (.xlsx).")) from exc


def _pick_sheet(names: list[str]) -> str | None:
    wanted = {norm(name) for name in SHEET_NAMES}
    found = next((name for name in names if norm(name) in wanted), None)
    return found or next((name for name in names if norm(name) != norm(INSTRUCTION_SHEET)), None)


def _read_sheet(book: Any) -> Sheet:
    name = _pick_sheet(book.sheetnames)
    if name is None:
        raise NdaWorkbookError(_("The workbook has no sheet of NDAs."))
    sheet = Sheet(name=name)
    numbered = ((number, row) for number, row in enumerate(book.rows(name), start=1)
                if any(value is not None and value != "" for value in row))
    first = next(numbered, None)
    if first is None:
        raise NdaWorkbookError(_("The sheet “%(sheet)s” is empty.") % {"sheet": name})
    header_row, header = first
    _map_header(sheet, header, header_row)
    for number, row in numbered:
        if len(sheet.rows) >= MAX_ROWS:
            raise NdaWorkbookError(_("The file has more than %(limit)s NDAs; split it into smaller files.")
                                   % {"limit": f"{MAX_ROWS:,}"})
        sheet.rows.append((number, row))
    if not sheet.rows and not sheet.problems:
        sheet.problems.append(Problem(None, "", _("The sheet has headers but no NDAs."), name))
    return sheet


def _map_header(sheet: Sheet, header: tuple[Any, ...], row: int) -> None:
    index = header_index(COLUMNS)
    for position, cell in enumerate(header):
        title = text(cell)
        column = index.get(norm(title)) if title else None
        if column is None:
            continue  # users add columns of their own: ignored
        if column.key in sheet.columns:
            sheet.problems.append(Problem(row, title, _("This column appears twice."), sheet.name))
            continue
        sheet.columns[column.key] = (position, title)
    for column in COLUMNS:
        if column.required and column.key not in sheet.columns:
            sheet.problems.append(Problem(row, column.ja, _("The required column “%(name)s” is missing.")
                                          % {"name": column.ja}, sheet.name))


# ---- cells -------------------------------------------------------------------------------------


def required_text(raw: Any, key: str) -> str:
    value = text(raw)
    if not value:
        raise CellError(_("This value is required."))
    limit = MAX_TEXT.get(key)
    if limit and len(value) > limit:
        raise CellError(_("Too long: at most %(limit)s characters.") % {"limit": limit})
    return value


def optional_text(raw: Any) -> str:
    return text(raw)


# An NDA's start and end are both required.
required_date = functools.partial(parse_date, required=True)


def parse_flag(raw: Any, default: bool) -> bool:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return default
    return parse_bool(raw)


def _choice(raw: Any, vocab: dict[str, str], words: dict[str, str], default: str) -> str:
    value = text(raw)
    if not value:
        return default
    key = vocab.get(norm(value))
    if key is None:
        raise CellError(_("Unknown value “%(value)s”; use one of: %(choices)s.")
                        % {"value": value[:40], "choices": "、".join(words.values())})
    return key


def parse_end_action(raw: Any) -> str:
    return _choice(raw, END_ACTION_VOCAB, END_ACTION_WORDS, "either")


def parse_status(raw: Any) -> str:
    return _choice(raw, STATUS_VOCAB, STATUS_WORDS, "draft")


def parse_hours(raw: Any) -> int:
    """Hours within which the holder must report an incident: 1 to 720, empty for 24."""
    if raw is None or raw == "":
        return 24
    value = raw if isinstance(raw, (int, float)) and not isinstance(raw, bool) else None
    if value is None:
        cleaned = unicodedata.normalize("NFKC", text(raw)).strip().removesuffix("時間").strip()
        try:
            value = float(cleaned)
        except ValueError:
            value = None
    if value is None or value != int(value) or not 1 <= value <= 720:
        raise CellError(_("Give a whole number of hours from 1 to 720, not “%(value)s”.") % {"value": text(raw)[:40]})
    return int(value)


def parse_categories(raw: Any) -> list[str]:
    found = []
    for word in split_list(raw):
        key = category_vocab().get(norm(word))
        if key is None:
            raise CellError(_("Unknown value “%(value)s”; use one of: %(choices)s.")
                            % {"value": word[:40], "choices": "、".join(category_words().values())})
        if key not in found:
            found.append(key)
    return found


# ---- the template ------------------------------------------------------------------------------


EXAMPLE = ("例-001", "金型製作に関する秘密保持契約", "山田精工株式会社", "", "2026-04-01", "2027-03-31",
           "技術情報;生産情報", "A-0001;A-0003", "P-101", "はい", "返却または廃棄", "はい", 24, "有効")
HELP = {
    "reference": "必須。契約書の番号。shuhi に登録済みの契約番号やファイル内の他の行と重複できません。",
    "title": "必須。契約の件名。",
    "supplier": "必須。委託先の名前（shuhi に登録したとおり、正確に）。直接取引する委託先に限ります。",
    "sub_supplier": "任意。委託先とその再委託先との契約のときだけ、再委託先の名前を書きます。",
    "starts_on": "必須。契約の開始日（例: 2026-04-01）。",
    "ends_on": "必須。契約の終了日。開始日より前にはできません。",
    "scope_categories": "任意。契約が対象とする資産の分類: 技術情報・生産情報・営業情報・経営情報・個人情報・"
                        "その他（以前の 技術・製造・営業・管理 も読み込めます）。複数は ; で区切ります。",
    "scope_assets": "任意。契約が対象とする資産の資産ID（情報資産台帳のもの）。複数は ; で区切ります。",
    "scope_projects": "任意。契約が対象とするプロジェクトの名前またはコード。複数は ; で区切ります。",
    "requires_marking": "はい／いいえ。開示する秘密に表示（秘密である旨の表示）を義務付けるか。空欄ははい。",
    "end_action": "返却・廃棄・返却または廃棄 のいずれか。契約終了時の扱い。空欄は返却または廃棄。",
    "allows_redisclosure": "はい／いいえ。委託先が再委託先へ再開示することを認めるか。空欄はいいえ。",
    "notify_within_hours": "事故（漏えい等）を報告する期限（時間）。1〜720。空欄は24。",
    "status": "有効 または 下書き。空欄は下書き（内容を確認してから画面で有効にします）。",
}
NOTES = (
    "このファイルは秘密保持契約（NDA）を一括で登録するためのものです。1行に1契約を書きます。",
    "取込みは「全部か無しか」です。1行でも誤りがあれば何も登録されず、行と列ごとに誤りが表示されます。",
    "契約が対象とする範囲は、対象区分・対象資産ID・対象プロジェクトのいずれか（組合せも可）で示します。",
    "契約番号が「例-」で始まる行は記入例として読み飛ばします。見出しは英語名（Contract number など）でも構いません。",
)


def write_template() -> bytes:
    """A blank NDA workbook: the headers, one example row, and the 説明 sheet."""
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
        xlsx_text(cell)
    for index, column in enumerate(COLUMNS):
        sheet.column_dimensions[sheet.cell(row=1, column=index + 1).column_letter].width = \
            max(12, min(34, len(column.ja) * 2 + 6))
    sheet.freeze_panes = "A2"
    notes = book.create_sheet(INSTRUCTION_SHEET)
    notes.append(["列", "英語名", "書き方"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        notes.append([column.ja, column.en, HELP[column.key]])
    notes.append([])
    for line in NOTES:
        notes.append([line])
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 28
    notes.column_dimensions["C"].width = 90
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
