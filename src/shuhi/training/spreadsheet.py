"""The completion workbook for auditors: every assignment, every attempt, and the module versions.

Read through the gate like the pages (the rows are those the user may see); every text cell goes
through `xlsx_text`, since names and notes are typed by people.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone

from shuhi.core.spreadsheet import xlsx_text
from shuhi.training import selectors
from shuhi.training.models import Assignment, Attempt

ASSIGNMENT_HEADERS = ["社員番号", "氏名", "所属", "区分", "部署", "モジュール", "状態", "期限", "期限超過",
                      "合格した版", "現在の版", "最新版で合格", "得点(%)", "合格日時", "受講回数", "督促回数", "割当日",
                      "割当の理由", "取消の理由"]
ATTEMPT_HEADERS = ["社員番号", "氏名", "モジュール", "版", "方法", "受講日", "正答数", "設問数", "得点(%)", "合否",
                   "記録者", "備考"]
VERSION_HEADERS = ["モジュール", "版", "題名", "現在の版", "設問数", "合格点(%)", "作成日時", "作成者",
                   "台帳基準のダイジェスト"]


def _local(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _reason(assignment: Assignment) -> str:
    if assignment.event_id:
        return f"{assignment.event.get_kind_display()} {assignment.event.occurred_on:%Y-%m-%d}"
    return assignment.rule.describe() if assignment.rule_id else "個別"


def _sheet(book: Any, title: str, headers: list[str], rows: list[list[Any]], *, first: bool = False) -> None:
    from openpyxl.styles import Font, PatternFill

    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E3E9F0")
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            xlsx_text(cell)
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 16


def write_completion(user: Any) -> bytes:
    from openpyxl import Workbook

    today = timezone.localdate()
    assignments = selectors.assignments(user).select_related("rule", "event", "module").prefetch_related("attempts")
    rows = []
    for a in assignments:
        current = a.module.current
        rows.append([
            a.person.employee_number, a.person.name, a.person.organisation.name, a.person.get_kind_display(),
            a.person.department.name if a.person.department else "", a.module.title, a.get_status_display(),
            a.due_on, "はい" if a.is_overdue(today) else "", a.passed_version.version if a.passed_version else "",
            current.version if current else "",
            "はい" if a.status == a.Status.PASSED and a.passed_version_id == getattr(current, "pk", None) else "いいえ",
            a.score if a.score is not None else "", _local(a.passed_at), len(a.attempts.all()), a.reminders_sent,
            a.assigned_on, _reason(a), a.cancel_reason])
    attempts = [[t.assignment.person.employee_number, t.assignment.person.name, t.assignment.module.title,
                 t.version.version, t.get_mode_display(), t.taken_on,
                 t.correct if t.mode == Attempt.Mode.ONLINE else "", t.total, t.score, "合格" if t.passed else "不合格",
                 t.recorded_by.email if t.recorded_by else "", t.note]
                for t in selectors.attempts(user).order_by("assignment__person__employee_number", "created_at")]
    versions = []
    for module in selectors.modules(user):
        for v in selectors.versions(user, module).order_by("version"):
            versions.append([module.title, v.version, v.title, "はい" if v.is_current else "", len(v.questions),
                             module.pass_mark, _local(v.created_at), v.created_by.email if v.created_by else "",
                             v.source.get("digest", "")])
    book = Workbook()
    _sheet(book, "受講状況", ASSIGNMENT_HEADERS, rows, first=True)
    _sheet(book, "受講履歴", ATTEMPT_HEADERS, attempts)
    _sheet(book, "モジュールの版", VERSION_HEADERS, versions)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
