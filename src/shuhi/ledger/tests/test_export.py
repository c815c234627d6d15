from __future__ import annotations

import pytest
from openpyxl import load_workbook

from shuhi.core.audit.models import AuditEntry
from shuhi.core.permissions import SYSTEM_CLI
from shuhi.ledger.models import InformationAsset
from shuhi.ledger.spreadsheet.excel_format import LEDGER_COLUMNS, LOCATION_COLUMNS
from shuhi.ledger.spreadsheet.exporter import export_ledger, export_locations, write_template
from shuhi.ledger.spreadsheet.importer import import_ledger
from shuhi.ledger.tests.ledger_files import HEADERS, read_xlsx, row, setup_ledger, write_xlsx

pytestmark = pytest.mark.django_db

ORIGINAL = [
    row("A-0001"),
    row("A-0002", category="個人情報", tier="社外秘", is_trade_secret="いいえ", is_personal_data="はい",
        department="営業部", owner="sales", locations="共有フォルダ;極秘サーバ", retention="2030-03-31",
        likelihood=1, impact=5, label_status="未", notes="=SUM(A1) は数式ではなく文字"),
    row("A-0003", description="", category="その他", tier="一般", department="", owner="", locations="",
        retention="永年", disposal_method="", likelihood="", impact="", label_status="不要"),
    row("A-0004", retention="", description="改行を\n含む説明", notes="-先頭がマイナス"),
]


@pytest.fixture
def imported(cast, tmp_path):
    setup_ledger(cast)
    report = import_ledger(actor=cast.admin, organisation=cast.home, path=write_xlsx(tmp_path / "in.xlsx", ORIGINAL))
    assert report.ok, report.errors
    return report


def _reimport(cast, path):
    before = AuditEntry.objects.count()
    report = import_ledger(actor=cast.admin, organisation=cast.home, path=path)
    assert report.ok, report.errors
    return report, AuditEntry.objects.count() - before


def test_an_exported_workbook_reimports_with_no_change_and_no_audit_entries(cast, imported, tmp_path):
    path = tmp_path / "out.xlsx"
    assert export_ledger(user_or_none=None, organisation=cast.home, path=path) == 4
    report, new_entries = _reimport(cast, path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert (report.locations_created, report.locations_updated) == (0, 0)
    assert new_entries == 0


def test_the_export_of_an_import_holds_the_original_cell_values(cast, imported, tmp_path):
    path = tmp_path / "out.xlsx"
    export_ledger(user_or_none=None, organisation=cast.home, path=path)
    rows = read_xlsx(path)
    assert rows[0] == HEADERS
    assert rows[1:] == [["" if v is None else v for v in original] for original in ORIGINAL]


def test_an_exported_csv_has_a_bom_and_reimports_with_no_change(cast, imported, tmp_path):
    path = tmp_path / "out.csv"
    export_ledger(user_or_none=None, organisation=cast.home, path=path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + "資産ID".encode())
    assert b"'=SUM(A1)" in data  # a spreadsheet must not run it as a formula
    report, new_entries = _reimport(cast, path)
    assert (report.created, report.updated, report.unchanged, new_entries) == (0, 0, 4, 0)


def test_the_workbook_has_a_frozen_styled_header_and_drop_down_lists(cast, imported, tmp_path):
    path = tmp_path / "out.xlsx"
    export_ledger(user_or_none=None, organisation=cast.home, path=path)
    workbook = load_workbook(path)
    ledger = workbook["台帳"]
    assert ledger.freeze_panes == "A2"
    assert ledger["A1"].font.bold
    lists = {dv.formula1 for dv in ledger.data_validations.dataValidation}
    assert '"極秘,社外秘,一般"' in lists and '"はい,いいえ"' in lists and '"済,未,不要"' in lists
    assert [c.value for c in workbook["保管場所"][1]] == [c.ja for c in LOCATION_COLUMNS]
    assert workbook["保管場所"]["C2"].value in {"極秘", "社外秘"}


def test_a_department_manager_exports_only_what_they_may_see(cast, imported, tmp_path):
    path = tmp_path / "dept.xlsx"
    export_ledger(user_or_none=cast.owner, organisation=cast.home, path=path)
    codes = [r[0] for r in read_xlsx(path)[1:]]
    visible = InformationAsset.objects.visible_to(cast.owner).order_by("code")
    assert codes == list(visible.values_list("code", flat=True))
    assert "A-0002" not in codes


def test_exported_locations_reimport_with_no_change(cast, imported, tmp_path):
    for name in ("loc.csv", "loc.xlsx"):
        export_locations(organisation=cast.home, path=tmp_path / name)
        report = import_ledger(actor=SYSTEM_CLI, organisation=cast.home, path=tmp_path / name, locations_only=True)
        assert report.ok and (report.locations_created, report.locations_updated) == (0, 0), report.errors


def test_the_template_has_headers_examples_and_instructions(cast, tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["台帳", "保管場所", "記入方法"]
    assert [c.value for c in workbook["台帳"][1]] == [c.ja for c in LEDGER_COLUMNS]
    assert workbook["台帳"].max_row == 3
    assert "必須" in " ".join(str(c.value) for r in workbook["記入方法"].iter_rows() for c in r if c.value)


def test_the_template_as_it_comes_imports_nothing_and_says_it_skipped_its_examples(cast, tmp_path):
    setup_ledger(cast)
    asset_codes = set(InformationAsset.objects.values_list("code", flat=True))
    path = tmp_path / "template.xlsx"
    write_template(path, cast.home)
    report = import_ledger(actor=cast.admin, organisation=cast.home, path=path)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.locations_created, report.samples_skipped) == (0, 0, 0, 4)
    assert set(InformationAsset.objects.values_list("code", flat=True)) == asset_codes
    assert not InformationAsset.objects.filter(code__startswith="例-").exists()


def test_rows_written_into_the_template_import_beside_its_examples(cast, tmp_path):
    setup_ledger(cast)
    path = tmp_path / "template.xlsx"
    write_template(path, cast.home)
    workbook = load_workbook(path)
    workbook["保管場所"].append(["販売管理システム", "業務システム", "社外秘", "", "営業部"])
    workbook["台帳"].append(row("B-0001", category="技術", locations="販売管理システム", tier="社外秘"))
    workbook.save(path)
    report = import_ledger(actor=cast.admin, organisation=cast.home, path=path)
    assert report.ok, report.errors
    assert (report.created, report.locations_created, report.samples_skipped) == (1, 1, 4)
    imported = InformationAsset.objects.get(code="B-0001")
    assert imported.category == "technical", "the old short word 技術 still reads as 技術情報"
