"""The questionnaire as an .xlsx workbook, and reading it back once filled in.

Only the answer and comment columns are unlocked; choice questions get a drop-down list. A hidden
sheet names the assessment and framework version, so a workbook cannot be uploaded against the
wrong questionnaire. Reading back is all or nothing: every row's problem is reported at once.

Suppliers write these files, so they are opened only through `shuhi.core.uploads` (a workbook of
a million identical cells packs into 100 KB), and what they typed goes back out as text, never as
a formula on the outsourcer's machine.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from shuhi.core.spreadsheet import xlsx_text
from shuhi.core.uploads import UnreadableWorkbook, UnsafeWorkbook, WorkbookLimits, open_workbook, workbook_limits
from shuhi.suppliers.schema import UNKNOWN, FrameworkDoc, Question, pick

# The answer sheet is named in Japanese; workbooks downloaded before that keep working.
SHEET, META = "回答", "meta"
SHEET_NAMES = (SHEET, "questionnaire")
HEADER_ROW = 1
COLUMNS = ("ID", "Area", "Question", "Type", "Choices", "Answer", "Comment")
ANSWER_COL, COMMENT_COL = 6, 7
# A filled-in questionnaire is one sheet of about a hundred questions by 7 columns (50 KB unpacked,
# 3,000 XML elements); these leave room for a thousand-question framework with long comments.
UPLOAD_LIMITS = WorkbookLimits(members=1000, unpacked_bytes=50 * 2**20, member_bytes=25 * 2**20, ratio=100,
                               shared_strings=100_000, markup=500_000, markup_per_row=20_000, rows=10_000,
                               cells=50_000)


class ExcelError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _type_label(question: Question) -> str:
    return {"yes_no": _("Yes / no"), "single": _("One choice"), "multiple": _("Several choices"),
            "number": _("Number"), "date": _("Date"), "text": _("Text"), "file": _("File")}[question.type]


def _labels(question: Question, lang: str) -> list[str]:
    """What the answer cell offers: the choices' labels, then 未実施 / わからない where the question takes them."""
    labels = [pick(c.text, lang) for c in question.options]
    if question.takes_unknown:
        labels += [pick(label, lang) for label in UNKNOWN.values()]
    return labels


def _choice_text(question: Question, lang: str) -> str:
    if question.type in {"yes_no", "single", "multiple"}:
        return "\n".join(_labels(question, lang)) + ("\n" + _("(several: separate with ;)")
                                                      if question.type == "multiple" else "")
    return _("or: %(labels)s") % {"labels": " / ".join(pick(label, lang) for label in UNKNOWN.values())}


def _cell_value(question: Question, entry: dict[str, Any], lang: str) -> Any:
    """The stored answer as the sheet shows it: labels, not codes."""
    if entry.get("unknown") in UNKNOWN:
        return pick(UNKNOWN[entry["unknown"]], lang)
    value = entry.get("value")
    if question.type in {"yes_no", "single", "multiple"} and value not in (None, "", []):
        labels = {c.id: pick(c.text, lang) for c in question.options}
        values = value if isinstance(value, list) else [value]
        return ";".join(labels.get(v, str(v)) for v in values)
    return value


def _code(question: Question, answer: Any) -> Any:
    """An answer as typed or picked in the sheet, back to the stored code: a label in either language, or
    the code itself (workbooks filled in with codes keep working). Anything else is left for the check."""
    if not isinstance(answer, str) or question.type not in {"yes_no", "single", "multiple"}:
        return answer
    words: dict[str, str] = {}
    for choice in question.options:
        for text in (choice.id, *choice.text.values()):
            words.setdefault(text.strip().casefold(), choice.id)
    if question.type == "multiple":
        parts = [p.strip() for p in answer.replace("、", ";").replace("；", ";").split(";") if p.strip()]
        if len(parts) == 1 and parts[0].casefold() not in words:
            return answer  # perhaps 未実施 / わからない, or a mistake the check reports
        return [words.get(p.casefold(), p) for p in parts]
    return words.get(answer.strip().casefold(), answer)


def build_workbook(*, doc: FrameworkDoc, assessment_id: int, answers: dict[str, Any]) -> bytes:
    lang = (get_language() or "ja")[:2]
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    headers = [_("ID"), _("Area"), _("Question"), _("Type"), _("Choices"), _("Answer"), _("Comment")]
    sheet.append(headers)
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E3E9F0")
    unlocked = Protection(locked=False)
    answer_fill = PatternFill("solid", fgColor="FFF8DC")
    for section in doc.sections:
        for question in section.questions:
            entry = answers.get(question.id) or {}
            value = _cell_value(question, entry, lang)
            text = pick(question.text, lang)
            if question.show_if:
                text += "\n" + _("(answer only if %(q)s is %(a)s)") % {
                    "q": question.show_if["question"], "a": " / ".join(question.show_if["answers"])}
            if question.type == "file":
                value = _("Attach files in the portal")
            sheet.append([question.id, pick(section.name, lang), text, _type_label(question),
                          "" if question.type == "file" else _choice_text(question, lang),
                          value, entry.get("comment", "")])
            row = sheet.max_row
            for col in (ANSWER_COL, COMMENT_COL):
                if question.type != "file":
                    sheet.cell(row=row, column=col).protection = unlocked
                    sheet.cell(row=row, column=col).fill = answer_fill
            listed = ",".join(_labels(question, lang))
            if question.type in {"yes_no", "single"} and len(listed) <= 250 and not any(
                    "," in label or '"' in label for label in _labels(question, lang)):
                validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True,
                                            showErrorMessage=True)
                validation.error = _("Choose one of the answers in the Choices column.")
                sheet.add_data_validation(validation)
                validation.add(sheet.cell(row=row, column=ANSWER_COL))
            elif question.type == "date":
                sheet.cell(row=row, column=ANSWER_COL).number_format = "yyyy-mm-dd"
    for col, width in zip("ABCDEFG", (8, 22, 60, 10, 34, 18, 30), strict=True):
        sheet.column_dimensions[col].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True
    meta = book.create_sheet(META)
    meta.append(["assessment", assessment_id])
    meta.append(["framework", doc.id])
    meta.append(["version", doc.version])
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    for cell in (cell for ws in (sheet, meta) for row in ws.iter_rows() for cell in row):
        xlsx_text(cell)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_workbook(data: bytes, *, doc: FrameworkDoc, assessment_id: int) -> tuple[dict[str, Any], dict[str, str]]:
    """Answers and comments by question id; ExcelError lists every problem with its row."""
    try:
        with open_workbook(data, workbook_limits("questionnaire", UPLOAD_LIMITS)) as book:
            return _read_answers(book, doc=doc, assessment_id=assessment_id)
    except UnsafeWorkbook as exc:
        raise ExcelError([str(exc)]) from exc
    except UnreadableWorkbook as exc:
        raise ExcelError([_("The file is not an Excel workbook (.xlsx).")]) from exc
    except ExcelError:
        raise
    except Exception as exc:  # damage inside a sheet shows only while its rows are read
        raise ExcelError([_("The file is not an Excel workbook (.xlsx).")]) from exc


def _read_answers(book, *, doc: FrameworkDoc, assessment_id: int) -> tuple[dict[str, Any], dict[str, str]]:
    sheet = next((name for name in SHEET_NAMES if name in book.sheetnames), None)
    if sheet is None or META not in book.sheetnames:
        raise ExcelError([_("This workbook was not downloaded from shuhi for this assessment.")])
    meta = {row[0]: row[1] for row in book.rows(META) if len(row) > 1 and row[0]}
    if meta.get("assessment") != assessment_id or meta.get("framework") != doc.id or \
            meta.get("version") != doc.version:
        raise ExcelError([_("This workbook belongs to another assessment or questionnaire version.")])
    problems: list[str] = []
    values: dict[str, Any] = {}
    comments: dict[str, str] = {}
    seen: set[str] = set()
    for index, row in enumerate(book.rows(sheet), HEADER_ROW):
        if index == HEADER_ROW:
            continue
        qid = str(row[0]).strip() if row and row[0] is not None else ""
        if not qid:
            continue
        question = doc.question(qid)
        if question is None:
            problems.append(_("Row %(row)s: unknown question ID %(id)s.") % {"row": index, "id": qid})
            continue
        if qid in seen:
            problems.append(_("Row %(row)s: question %(id)s appears twice.") % {"row": index, "id": qid})
        seen.add(qid)
        answer = row[ANSWER_COL - 1] if len(row) >= ANSWER_COL else None
        if question.type != "file":
            if isinstance(answer, dt.datetime):
                answer = answer.date()
            values[qid] = "" if answer is None else _code(question, answer)
        comment = row[COMMENT_COL - 1] if len(row) >= COMMENT_COL else None
        comments[qid] = "" if comment is None else str(comment)
    missing = [q.id for q in doc.questions() if q.id not in seen]
    if missing:
        problems.append(_("Rows are missing for questions: %(ids)s.") % {"ids": ", ".join(missing)})
    if problems:
        raise ExcelError(problems)
    return values, comments
