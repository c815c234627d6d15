"""Registering NDAs from Excel: all or nothing, every problem named by row and column."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from shuhi.core.audit.models import AuditEntry
from shuhi.core.permissions import PermissionDenied
from shuhi.disclosures.models import Nda
from shuhi.disclosures.services_import import nda_import
from shuhi.disclosures.spreadsheet import COLUMNS, write_template
from shuhi.disclosures.testing import nda_for
from shuhi.ledger.services import asset_create, ledger_setup_defaults
from shuhi.testing.workbooks import identical_cells, xlsx

pytestmark = pytest.mark.django_db

HEADERS = [c.ja for c in COLUMNS]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _workbook(rows, headers=HEADERS) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = "秘密保持契約"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("ndas.xlsx", out.getvalue())


def _row(cast, reference="NDA-X1", **overrides):
    values = {"契約番号": reference, "件名": "金型製作の秘密保持契約", "委託先": cast.supplier_a.name, "再委託先": "",
              "開始日": dt.date(2026, 4, 1), "終了日": "2027-03-31", "対象区分": "技術;製造", "対象資産ID": "W-1",
              "対象プロジェクト": cast.project.name, "表示義務": "はい", "終了時": "廃棄", "再開示": "はい",
              "事故報告期限(時間)": 48, "状態": "有効"}
    values.update(overrides)
    return [values[h] for h in HEADERS]


@pytest.fixture
def ledger(cast):
    tiers = {t.key: t for t in ledger_setup_defaults(actor=cast.admin, organisation=cast.home)}
    return asset_create(actor=cast.admin, organisation=cast.home, code="W-1", name="金型図面", category="technical",
                        tier=tiers["confidential"], department=cast.dev)


def _messages(result) -> list[tuple[int | None, str, str]]:
    return [(p.row, p.column, p.message) for p in result.errors]


def test_a_valid_workbook_registers_every_nda_with_its_scope(cast, ledger):
    upload = _workbook([_row(cast), _row(cast, "NDA-X2", **{"再委託先": cast.sub_supplier_a.name, "状態": "",
                                                          "対象資産ID": "", "対象プロジェクト": "", "再開示": ""})])
    result = nda_import(actor=cast.security, organisation=cast.home, upload=upload)
    assert result.ok and result.count == 2
    first = Nda.objects.get(reference="NDA-X1")
    assert first.supplier == cast.supplier_a and first.sub_supplier is None
    assert (first.starts_on, first.ends_on) == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    assert first.scope_categories == ["technical", "production"]
    assert list(first.scope_assets.all()) == [ledger]
    assert list(first.scope_projects.all()) == [cast.project]
    assert (first.end_action, first.allows_redisclosure, first.notify_within_hours) == ("destroy", True, 48)
    assert first.status == Nda.Status.ACTIVE
    second = Nda.objects.get(reference="NDA-X2")
    assert second.sub_supplier == cast.sub_supplier_a
    assert (second.status, second.allows_redisclosure, second.requires_marking) == (Nda.Status.DRAFT, False, True)
    actions = list(AuditEntry.objects.filter(action__startswith="nda.").values_list("action", flat=True))
    assert actions.count("nda.create") == 2 and actions.count("nda.import") == 1


def test_english_headers_are_read_too(cast, ledger):
    upload = _workbook([_row(cast)], headers=[c.en for c in COLUMNS])
    assert nda_import(actor=cast.security, organisation=cast.home, upload=upload).ok


def test_one_bad_row_rejects_the_whole_file_and_names_row_and_column(cast, ledger):
    upload = _workbook([_row(cast), _row(cast, "NDA-X2", **{"終了日": "来年", "対象区分": "宇宙",
                                                          "事故報告期限(時間)": "すぐ"})])
    result = nda_import(actor=cast.security, organisation=cast.home, upload=upload)
    assert not result.ok
    assert not Nda.objects.exists()
    found = {(row, column) for row, column, _message in _messages(result)}
    assert found == {(3, "終了日"), (3, "対象区分"), (3, "事故報告期限(時間)")}
    assert "Row 3, column 終了日" in str(result.errors[0])
    assert not AuditEntry.objects.filter(action__in=["nda.create", "nda.import"]).exists()


def test_a_contract_number_already_registered_or_repeated_is_an_error(cast, ledger):
    nda_for(cast, cast.supplier_a, reference="NDA-OLD")
    result = nda_import(actor=cast.security, organisation=cast.home,
                        upload=_workbook([_row(cast, "NDA-OLD"), _row(cast, "NDA-N"), _row(cast, "NDA-N")]))
    messages = _messages(result)
    assert (2, "契約番号") in [(r, c) for r, c, _m in messages]
    assert any(r == 4 and "row 3" in m for r, _c, m in messages)
    assert Nda.objects.count() == 1


def test_an_unknown_supplier_is_named(cast, ledger):
    result = nda_import(actor=cast.security, organisation=cast.home,
                        upload=_workbook([_row(cast, **{"委託先": "存在しない工業"})]))
    assert [(r, c) for r, c, _m in _messages(result)] == [(2, "委託先")]
    assert "存在しない工業" in result.errors[0].message


def test_a_sub_supplier_of_another_supplier_is_refused(cast, ledger):
    result = nda_import(actor=cast.security, organisation=cast.home, upload=_workbook([
        _row(cast, **{"委託先": cast.supplier_b.name, "再委託先": cast.sub_supplier_a.name})]))
    assert [(r, c) for r, c, _m in _messages(result)] == [(2, "再委託先")]
    assert not Nda.objects.exists()


def test_a_sub_supplier_named_as_the_supplier_is_explained(cast, ledger):
    result = nda_import(actor=cast.security, organisation=cast.home,
                        upload=_workbook([_row(cast, **{"委託先": cast.sub_supplier_a.name})]))
    assert "sub-supplier" in result.errors[0].message


def test_an_end_before_the_start_is_refused(cast, ledger):
    result = nda_import(actor=cast.security, organisation=cast.home,
                        upload=_workbook([_row(cast, **{"開始日": "2027-04-01", "終了日": "2026-04-01"})]))
    assert [(r, c) for r, c, _m in _messages(result)] == [(2, "終了日")]


def test_unknown_assets_and_projects_are_named(cast, ledger):
    result = nda_import(actor=cast.security, organisation=cast.home,
                        upload=_workbook([_row(cast, **{"対象資産ID": "W-1;Z-9", "対象プロジェクト": "月面基地"})]))
    assert {(r, c) for r, c, _m in _messages(result)} == {(2, "対象資産ID"), (2, "対象プロジェクト")}


def test_a_missing_required_column_is_reported(cast, ledger):
    headers = [h for h in HEADERS if h != "委託先"]
    row = [v for h, v in zip(HEADERS, _row(cast), strict=True) if h != "委託先"]
    result = nda_import(actor=cast.security, organisation=cast.home, upload=_workbook([row], headers=headers))
    assert [(r, c) for r, c, _m in _messages(result)] == [(1, "委託先")]


def test_a_hostile_workbook_is_refused_alone(cast, ledger):
    bomb = xlsx({"秘密保持契約": identical_cells(rows=20_000, columns=20)})
    result = nda_import(actor=cast.security, organisation=cast.home, upload=SimpleUploadedFile("ndas.xlsx", bomb))
    assert not result.ok and result.errors[0].row is None
    assert "unsafe" in result.errors[0].message or "too large" in result.errors[0].message
    assert not Nda.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(cast, ledger):
    result = nda_import(actor=cast.security, organisation=cast.home,
                        upload=SimpleUploadedFile("ndas.xlsx", b"%PDF-1.7 not a workbook"))
    assert not result.ok and not Nda.objects.exists()


def test_the_template_has_headers_an_example_row_and_instructions():
    book = load_workbook(io.BytesIO(write_template()))
    assert book.sheetnames == ["秘密保持契約", "説明"]
    rows = list(book["秘密保持契約"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and rows[1][0] == "例-001"
    assert {row[0] for row in book["説明"].iter_rows(values_only=True)} >= set(HEADERS)


def test_a_supplier_rep_or_an_employee_cannot_import(cast, ledger):
    for actor in (cast.rep_a, cast.employee, cast.owner):
        with pytest.raises(PermissionDenied):
            nda_import(actor=actor, organisation=cast.home, upload=_workbook([_row(cast)]))


def test_the_pages_are_hidden_from_those_who_cannot_import(client, cast, login):
    for user in (cast.rep_a, cast.employee):
        login(user)
        assert client.get(reverse("disclosures:nda_import")).status_code == 404
        assert client.get(reverse("disclosures:nda_template")).status_code == 404
        assert client.post(reverse("disclosures:nda_import"), {"file": _workbook([_row(cast)])}).status_code == 404
    assert not Nda.objects.exists()


def test_the_page_lists_problems_then_imports_and_says_how_many(client, cast, ledger, login):
    login(cast.security)
    url = reverse("disclosures:nda_import")
    assert url in client.get(reverse("disclosures:ndas")).content.decode()
    assert client.get(url).status_code == 200
    template = client.get(reverse("disclosures:nda_template"))
    assert template.status_code == 200 and b"".join(template.streaming_content).startswith(b"PK")
    bad = client.post(url, {"file": _workbook([_row(cast, **{"委託先": "存在しない工業"})])})
    assert bad.status_code == 200
    assert "存在しない工業" in bad.content.decode() and 'data-testid="import-problems"' in bad.content.decode()
    good = client.post(url, {"file": _workbook([_row(cast), _row(cast, "NDA-X2")])}, follow=True)
    assert Nda.objects.count() == 2
    assert any("2" in str(m) for m in good.context["messages"])
