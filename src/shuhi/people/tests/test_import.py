"""HR's list of people is imported all or nothing, with every problem by row and column."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shuhi.core.audit.models import AuditEntry
from shuhi.core.permissions import PermissionDenied
from shuhi.people.models import Person
from shuhi.people.services_import import people_import

pytestmark = pytest.mark.django_db

HEADER = "社員番号,氏名,氏名カナ,メール,区分,部署,プロジェクト,入社日,退職日\n"


def csv_upload(body: str, *, encoding: str = "utf-8", name: str = "people.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + body).encode(encoding), content_type="text/csv")


def _problems(result) -> list[tuple]:
    return [(p.row, p.column, p.message) for p in result.errors]


def test_a_clean_csv_registers_everyone_with_departments_and_projects(cast):
    result = people_import(actor=cast.hr, organisation=cast.home, upload=csv_upload(
        "E-10,山田 太郎,ヤマダ タロウ,yamada@home.example,社員,開発部,新製品,2026-04-01,\n"
        "C-10,佐藤 花子,サトウ ハナコ,,契約社員,営業部,販路;新製品,2026/4/1,\n"))
    assert result.ok and result.created == ["E-10", "C-10"] and result.updated == []
    sato = Person.objects.get(employee_number="C-10")
    assert sato.kind == "contract" and sato.department == cast.sales
    assert set(sato.projects.values_list("name", flat=True)) == {"販路", "新製品"}
    assert AuditEntry.objects.filter(action="person.import").count() == 1


def test_one_bad_row_writes_nothing_and_names_row_and_column(cast):
    result = people_import(actor=cast.hr, organisation=cast.home, upload=csv_upload(
        "E-10,山田 太郎,,,社員,開発部,新製品,2026-04-01,\n"
        "E-11,,,not-a-mail,アルバイト,経理部,宇宙計画,2026-13-01,\n"
        "E-10,重複 太郎,,,,,,,\n"))
    assert not result.ok and Person.objects.count() == 0
    problems = _problems(result)
    columns = {(row, column) for row, column, _message in problems}
    assert {(3, "氏名"), (3, "メール"), (3, "区分"), (3, "部署"), (3, "プロジェクト"), (3, "入社日"),
            (4, "社員番号")} <= columns
    assert any("経理部" in message for _r, _c, message in problems)
    assert any("宇宙計画" in message for _r, _c, message in problems)
    assert [message for row, column, message in problems if (row, column) == (4, "社員番号") and "E-10" in message]


def test_a_leaving_date_before_the_hiring_date_is_refused(cast):
    result = people_import(actor=cast.hr, organisation=cast.home,
                           upload=csv_upload("E-10,山田 太郎,,,,,,2026-04-01,2025-03-31\n"))
    assert [(row, column) for row, column, _m in _problems(result)] == [(2, "退職日")]


def test_an_existing_employee_number_is_updated_and_the_result_says_so(cast):
    people_import(actor=cast.hr, organisation=cast.home, upload=csv_upload("E-10,山田 太郎,,,,開発部,,,\n"))
    result = people_import(actor=cast.hr, organisation=cast.home,
                           upload=csv_upload("E-10,山田 太郎,,,,営業部,,,\nE-11,新人 一郎,,,,,,,\n"))
    assert result.ok and result.updated == ["E-10"] and result.created == ["E-11"]
    assert Person.objects.get(employee_number="E-10").department == cast.sales


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(cast):
    result = people_import(actor=cast.hr, organisation=cast.home, upload=csv_upload("E-10,山田 太郎,,,,,,,\n"),
                           dry_run=True)
    assert result.ok and result.dry_run and result.created == ["E-10"] and not Person.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_in_utf8_with_or_without_bom_and_in_shift_jis_is_read(cast, encoding):
    result = people_import(actor=cast.hr, organisation=cast.home,
                           upload=csv_upload("E-10,山田 太郎,ヤマダ タロウ,,派遣社員,開発部,,,\n", encoding=encoding))
    assert result.ok, _problems(result)
    assert Person.objects.get(employee_number="E-10").kana == "ヤマダ タロウ"


def test_english_headers_are_accepted(cast):
    upload = SimpleUploadedFile("p.csv", "Employee number,Name,Department\nE-20,Taro Yamada,開発部\n".encode())
    result = people_import(actor=cast.hr, organisation=cast.home, upload=upload)
    assert result.ok and Person.objects.get(employee_number="E-20").department == cast.dev


def test_a_missing_required_column_is_reported_before_any_row(cast):
    upload = SimpleUploadedFile("p.csv", "氏名\n山田\n".encode())
    result = people_import(actor=cast.hr, organisation=cast.home, upload=upload)
    assert [(row, column) for row, column, _m in _problems(result)] == [(1, "社員番号")]


def test_an_excel_workbook_is_read_through_the_guarded_reader(cast):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "社員"
    sheet.append(["社員番号", "氏名", "部署", "入社日"])
    sheet.append(["E-30", "表計算 太郎", "開発部", "2026-04-01"])
    out = io.BytesIO()
    book.save(out)
    result = people_import(actor=cast.hr, organisation=cast.home,
                           upload=SimpleUploadedFile("people.xlsx", out.getvalue()))
    assert result.ok and Person.objects.get(employee_number="E-30").hired_on.isoformat() == "2026-04-01"


def test_a_file_that_is_neither_csv_nor_excel_is_refused(cast):
    result = people_import(actor=cast.hr, organisation=cast.home,
                           upload=SimpleUploadedFile("people.csv", b"\x00\x01binary"))
    assert not result.ok and result.errors[0].row is None


def test_a_suppliers_on_site_staff_are_imported_under_the_supplier(cast):
    result = people_import(actor=cast.hr, organisation=cast.supplier_a,
                           upload=csv_upload("A-10,常駐 一郎,,,,,新製品,,\nA-11,常駐 二郎,,,社員,,,,\n"))
    assert [(row, column) for row, column, _m in _problems(result)] == [(3, "区分")]
    result = people_import(actor=cast.hr, organisation=cast.supplier_a,
                           upload=csv_upload("A-10,常駐 一郎,,,,,新製品,,\n"))
    assert result.ok and Person.objects.get(employee_number="A-10").kind == "supplier_onsite"


def test_only_hr_and_managers_may_import(cast):
    for someone in (cast.employee, cast.owner, cast.auditor, cast.rep_a):
        with pytest.raises(PermissionDenied):
            people_import(actor=someone, organisation=cast.home, upload=csv_upload("E-10,山田 太郎,,,,,,,\n"))
