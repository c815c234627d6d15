from __future__ import annotations

import zipfile
from datetime import date, datetime

import pytest
from django.utils.translation import override

from shuhi.core.audit.models import AuditEntry
from shuhi.core.models import User
from shuhi.core.permissions import SYSTEM_CLI, PermissionDenied
from shuhi.core.roles import Role
from shuhi.core.services import user_create
from shuhi.ledger.models import InformationAsset, StorageLocation
from shuhi.ledger.spreadsheet import reader as spreadsheet
from shuhi.ledger.spreadsheet.importer import import_ledger, parse_ledger
from shuhi.ledger.tests.ledger_files import ENGLISH_HEADERS, HEADERS, row, setup_ledger, write_csv, write_xlsx
from shuhi.testing.cast import SYSTEM_TEST

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(cast):
    return setup_ledger(cast)


def run(cast, path, **kwargs):
    return import_ledger(actor=kwargs.pop("actor", cast.admin), organisation=cast.home, path=path, **kwargs)


def rejected_with(report, column):
    """(row, column) pairs of the report's problems, for asserting where the problems are."""
    assert not report.ok
    return [(p.row, p.column) for p in report.errors if p.column == column]


def test_it_imports_a_valid_file_and_records_each_asset_in_the_audit_log(cast, ledger, tmp_path):
    before = AuditEntry.objects.count()
    path = write_xlsx(tmp_path / "ledger.xlsx", [row("A-0001"), row("A-0002", locations="極秘サーバ;共有フォルダ",
                                                                    retention="2030-03-31", likelihood="", impact="")])
    report = run(cast, path)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    first = InformationAsset.objects.get(code="A-0001")
    assert first.tier == ledger["tiers"]["top_secret"] and first.category == "technical"
    assert first.is_trade_secret and not first.is_personal_data
    assert first.department == cast.dev and first.owner == cast.owner
    assert (first.retention, first.retention_years) == ("years", 5)
    assert (first.likelihood, first.impact, first.label_status) == (3, 4, "applied")
    assert list(first.locations.all()) == [ledger["server"]]
    second = InformationAsset.objects.get(code="A-0002")
    assert (second.retention, second.retention_until) == ("until", date(2030, 3, 31))
    assert second.likelihood is None and set(second.locations.all()) == {ledger["server"], ledger["share"]}
    entries = AuditEntry.objects.filter(pk__gt=before, action="asset.create")
    assert entries.count() == 2
    assert entries.get(object_id=str(first.pk)).after["locations"] == [ledger["server"].pk]


BAD_CELLS = [
    ("tier", "部外秘"), ("tier", ""), ("department", "製造部"), ("owner", "nobody"), ("owner", "x@nowhere.example"),
    ("locations", "どこか"), ("locations", "極秘サーバ;謎の棚"), ("category", "料理"), ("is_trade_secret", "たぶん"),
    ("is_personal_data", "2"), ("retention", "長め"), ("retention", "2030-02-30"), ("likelihood", 6),
    ("likelihood", "高"), ("impact", 0), ("impact", 2.5), ("label_status", "半分"), ("code", ""), ("name", ""),
    ("code", "A" * 41), ("disposal_method", "x" * 201),
]


def test_it_rejects_every_kind_of_bad_cell_and_writes_nothing(cast, ledger, tmp_path):
    from shuhi.ledger.spreadsheet.excel_format import LEDGER_COLUMNS

    header = {c.key: c.ja for c in LEDGER_COLUMNS}
    before = AuditEntry.objects.count()
    rows = [row("A-0001")] + [row(f"B-{i}", **{key: value}) for i, (key, value) in enumerate(BAD_CELLS)]
    report = run(cast, write_xlsx(tmp_path / "bad.xlsx", rows))
    expected = [(3 + i, header[key]) for i, (key, _value) in enumerate(BAD_CELLS)]
    assert [(p.row, p.column) for p in report.errors] == expected
    assert all(p.message for p in report.errors)
    assert not InformationAsset.objects.exists()
    assert AuditEntry.objects.count() == before


def test_it_rejects_a_file_with_an_unknown_tier_and_writes_nothing(cast, ledger, tmp_path):
    path = write_xlsx(tmp_path / "bad.xlsx", [row(tier="部外秘")])
    with override("en"):
        report = run(cast, path)
        assert str(report.errors[0]) == "Row 2, column 格付け: Unknown tier “部外秘”; use one of: 極秘、社外秘、一般."
    assert not InformationAsset.objects.exists()


def test_it_rejects_a_person_whose_name_is_shared_unless_given_by_email(cast, ledger, tmp_path):
    user_create(actor=SYSTEM_TEST, email="owner2@home.example", full_name="owner", organisation=cast.home,
                role=Role.EMPLOYEE)
    report = run(cast, write_xlsx(tmp_path / "a.xlsx", [row(owner="owner")]))
    assert rejected_with(report, "管理責任者") == [(2, "管理責任者")]
    report = run(cast, write_xlsx(tmp_path / "b.xlsx", [row(owner="OWNER@home.example")]))
    assert report.ok and InformationAsset.objects.get().owner == cast.owner


def test_it_rejects_duplicate_asset_ids_naming_both_rows(cast, ledger, tmp_path):
    with override("en"):
        report = run(cast, write_xlsx(tmp_path / "dup.xlsx", [row("A-1"), row("A-2"), row("A-1")]))
    assert rejected_with(report, "資産ID") == [(4, "資産ID")]
    assert "row 2" in report.errors[0].message
    assert not InformationAsset.objects.exists()


@pytest.mark.parametrize("blank", ["", None, "　", " \u200b "])
@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_a_blank_required_cell_on_an_existing_assets_row_is_an_error_naming_row_and_column(cast, ledger, tmp_path,
                                                                                          blank, suffix):
    assert run(cast, write_xlsx(tmp_path / "first.xlsx", [row("A-0001"), row("A-0002")])).ok
    rows = [row("A-0001"), row("A-0002", name=blank)]
    path = write_xlsx(tmp_path / "again.xlsx", rows) if suffix == "xlsx" else write_csv(tmp_path / "again.csv", rows)
    report = run(cast, path)
    assert [(p.row, p.column) for p in report.errors] == [(3, "資産名")]
    assert report.unchanged == 0 and InformationAsset.objects.get(code="A-0002").name == "設計図 A-0002"
    with override("en"):
        assert str(run(cast, path).errors[0]) == "Row 3, column 資産名: This value is required."


@pytest.mark.parametrize("missing", ["資産ID", "資産名", "格付け"])
def test_it_rejects_a_file_without_a_required_column(cast, ledger, tmp_path, missing):
    keep = [i for i, h in enumerate(HEADERS) if h != missing]
    path = write_xlsx(tmp_path / "cols.xlsx", [[row()[i] for i in keep]], headers=[HEADERS[i] for i in keep])
    report = run(cast, path)
    assert [(p.row, p.column) for p in report.errors] == [(1, missing)]


def test_it_rejects_a_column_that_appears_twice(cast, ledger, tmp_path):
    path = write_xlsx(tmp_path / "twice.xlsx", [[*row(), "x"]], headers=[*HEADERS, "備考"])
    assert [(p.row, p.column) for p in run(cast, path).errors] == [(1, "備考")]


def test_a_file_with_99_good_rows_and_1_bad_row_writes_nothing(cast, ledger, tmp_path):
    before = AuditEntry.objects.count()
    rows = [row(f"A-{i:04d}") for i in range(1, 101)]
    rows[57] = row("A-0058", impact=9)
    report = run(cast, write_xlsx(tmp_path / "mostly.xlsx", rows))
    assert [(p.row, p.column) for p in report.errors] == [(59, "影響度")]
    assert report.created == 0
    assert not InformationAsset.objects.exists()
    assert AuditEntry.objects.count() == before


def test_it_lists_every_problem_of_the_file_not_only_the_first(cast, ledger, tmp_path):
    rows = [row("A-1", tier="?"), row("A-2", likelihood=7, label_status="?"), row("A-3"), row("", name="")]
    report = run(cast, write_xlsx(tmp_path / "many.xlsx", rows))
    assert sorted((p.row, p.column) for p in report.errors) == [
        (2, "格付け"), (3, "発生可能性"), (3, "表示"), (5, "資産ID"), (5, "資産名")]


def test_it_skips_blank_rows_but_keeps_excel_row_numbers(cast, ledger, tmp_path):
    report = run(cast, write_xlsx(tmp_path / "gaps.xlsx", [row("A-1"), [None] * 16, row("A-3", tier="?")]))
    assert [(p.row, p.column) for p in report.errors] == [(4, "格付け")]


def test_it_updates_only_changed_assets_and_audits_the_change(cast, ledger, tmp_path):
    run(cast, write_xlsx(tmp_path / "one.xlsx", [row("A-1"), row("A-2")]))
    before = AuditEntry.objects.count()
    report = run(cast, write_xlsx(tmp_path / "two.xlsx", [row("A-1"), row("A-2", tier="社外秘", locations=""),
                                                          row("A-3")]))
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    changed = InformationAsset.objects.get(code="A-2")
    assert changed.tier.key == "confidential" and not changed.locations.exists()
    entry = AuditEntry.objects.get(pk__gt=before, action="asset.update")
    assert entry.object_id == str(changed.pk)
    assert entry.before["tier"] == ledger["tiers"]["top_secret"].pk and entry.after["tier"] == changed.tier_id
    assert entry.before["locations"] == [ledger["server"].pk] and entry.after["locations"] == []
    assert AuditEntry.objects.filter(pk__gt=before).count() == 2


def test_reimporting_the_same_file_changes_nothing(cast, ledger, tmp_path):
    path = write_xlsx(tmp_path / "same.xlsx", [row("A-1"), row("A-2")])
    run(cast, path)
    before = AuditEntry.objects.count()
    report = run(cast, path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert AuditEntry.objects.count() == before


def test_columns_missing_from_the_file_are_left_as_they_are(cast, ledger, tmp_path):
    run(cast, write_xlsx(tmp_path / "full.xlsx", [row("A-1")]))
    path = write_xlsx(tmp_path / "short.xlsx", [["A-1", "新しい名前", "極秘"]], headers=["資産ID", "資産名", "格付け"])
    report = run(cast, path)
    assert report.updated == 1
    asset = InformationAsset.objects.get()
    assert asset.name == "新しい名前" and asset.owner == cast.owner and asset.locations.count() == 1


def test_a_dry_run_counts_but_writes_nothing(cast, ledger, tmp_path):
    report = run(cast, write_xlsx(tmp_path / "dry.xlsx", [row("A-1"), row("A-2")]), dry_run=True)
    assert report.ok and report.dry_run and report.created == 2
    assert not InformationAsset.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp932"])
def test_it_reads_csv_in_utf8_with_or_without_bom_and_in_cp932(cast, ledger, tmp_path, encoding):
    path = write_csv(tmp_path / "ledger.csv", [row("A-1", description="①ではなく丸数字なし・髙"[:8]
                                                   if encoding != "cp932" else "漢字の説明")], encoding=encoding)
    report = run(cast, path)
    assert report.ok, report.errors
    assert InformationAsset.objects.get().name == "設計図 A-1"


def test_it_rejects_a_csv_that_is_neither_utf8_nor_cp932(cast, ledger, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes("資産ID,資産名,格付け\n".encode() + b"\xfd\xfe\xff,x,y\n")
    report = run(cast, path)
    assert [p.row for p in report.errors] == [None]


def test_it_accepts_english_and_full_width_headers(cast, ledger, tmp_path):
    run_en = run(cast, write_xlsx(tmp_path / "en.xlsx", [row("A-1")], headers=[h.upper() for h in ENGLISH_HEADERS]))
    assert run_en.ok, run_en.errors
    wide = ["資産ＩＤ", *HEADERS[1:]]
    assert run(cast, write_xlsx(tmp_path / "wide.xlsx", [row("A-2")], headers=wide)).ok
    assert InformationAsset.objects.count() == 2


def test_it_accepts_the_other_spellings_of_values(cast, ledger, tmp_path):
    rows = [
        row("A-1", category="technical", tier="top_secret", is_trade_secret="yes", is_personal_data="○",
            retention="2030/3/31", label_status="not_needed", likelihood="３"),
        row("A-2", category="Personal data", is_trade_secret="×", is_personal_data=True,
            retention=datetime(2031, 1, 2), label_status="未", locations="極秘サーバ；共有フォルダ"),
        row("A-3", retention="永年", is_trade_secret=1, is_personal_data="false", owner="owner@home.example"),
        row("A-4", retention="", department="", owner="", locations="極秘サーバ\n共有フォルダ", category=""),
    ]
    report = run(cast, write_xlsx(tmp_path / "spell.xlsx", rows))
    assert report.ok, report.errors
    a1, a2, a3, a4 = InformationAsset.objects.order_by("code")
    assert (a1.is_trade_secret, a1.is_personal_data, a1.retention_until, a1.label_status, a1.likelihood) == (
        True, True, date(2030, 3, 31), "not_needed", 3)
    assert (a2.category, a2.is_trade_secret, a2.is_personal_data, a2.retention_until) == (
        "personal", False, True, date(2031, 1, 2))
    assert a2.locations.count() == 2 and a4.locations.count() == 2
    assert (a3.retention, a3.is_trade_secret) == ("permanent", True)
    assert (a4.retention, a4.department, a4.owner, a4.category) == ("unset", None, None, "other")


def test_it_reads_the_sheet_named_ledger_even_when_it_is_not_first(cast, ledger, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "メモ"
    workbook.active.append(["関係ない"])
    sheet = workbook.create_sheet("台帳")
    sheet.append(HEADERS)
    sheet.append(row("A-1"))
    workbook.save(tmp_path / "order.xlsx")
    assert run(cast, tmp_path / "order.xlsx").created == 1


def test_a_locations_sheet_is_imported_first_in_the_same_transaction(cast, ledger, tmp_path):
    locations = [["新NAS", "共有フォルダ", "極秘", "\\\\nas\\a;\\\\nas\\b", "開発部"],
                 ["共有フォルダ", "cloud_drive", "社外秘", "", "全員"]]
    path = write_xlsx(tmp_path / "both.xlsx", [row("A-1", locations="新NAS;共有フォルダ")], locations=locations)
    report = run(cast, path)
    assert report.ok, report.errors
    assert (report.locations_created, report.locations_updated, report.created) == (1, 1, 1)
    nas = StorageLocation.objects.get(name="新NAS")
    assert nas.patterns == ["\\\\nas\\a", "\\\\nas\\b"] and nas.tier.key == "top_secret"
    assert StorageLocation.objects.get(name="共有フォルダ").kind == "cloud_drive"
    assert set(InformationAsset.objects.get().locations.values_list("name", flat=True)) == {"新NAS", "共有フォルダ"}
    assert run(cast, path).locations_updated == 0


def test_a_bad_locations_row_rejects_the_whole_file(cast, ledger, tmp_path):
    path = write_xlsx(tmp_path / "both.xlsx", [row("A-1")], locations=[["新NAS", "倉庫", "極秘", "", ""]])
    report = run(cast, path)
    assert [(p.sheet, p.row, p.column) for p in report.errors] == [("保管場所", 2, "種別")]
    assert not StorageLocation.objects.filter(name="新NAS").exists()


def test_a_locations_file_imports_on_its_own(cast, ledger, tmp_path):
    path = write_csv(tmp_path / "loc.csv", [["倉庫キャビネット", "キャビネット", "社外秘", "", "総務"]],
                     headers=["保管場所", "種別", "格付け", "パス", "アクセス権"])
    report = import_ledger(actor=SYSTEM_CLI, organisation=cast.home, path=path, locations_only=True)
    assert report.ok and report.locations_created == 1
    assert StorageLocation.objects.get(name="倉庫キャビネット").kind == "cabinet"


@pytest.mark.parametrize("who", ["employee", "owner", "auditor", "rep_a"])
def test_only_administrators_and_security_managers_may_import(cast, ledger, tmp_path, who):
    with pytest.raises(PermissionDenied):
        run(cast, write_xlsx(tmp_path / "x.xlsx", [row()]), actor=getattr(cast, who))
    assert not InformationAsset.objects.exists()


def test_a_security_manager_and_the_cli_may_import(cast, ledger, tmp_path):
    assert run(cast, write_xlsx(tmp_path / "a.xlsx", [row("A-1")]), actor=cast.security).created == 1
    assert run(cast, write_xlsx(tmp_path / "b.xlsx", [row("A-2")]), actor=SYSTEM_CLI).created == 1
    assert AuditEntry.objects.filter(action="asset.create", actor_label="cli").count() == 1


def test_a_supplier_administrator_cannot_import_into_the_home_ledger(cast, ledger, tmp_path):
    assert User.objects.filter(pk=cast.rep_a.pk, role=Role.SUPPLIER_REP).exists()
    with pytest.raises(PermissionDenied):
        import_ledger(actor=cast.rep_a, organisation=cast.home, path=write_xlsx(tmp_path / "x.xlsx", [row()]))


def _file_problem(cast, path):
    report = run(cast, path)
    assert len(report.errors) == 1 and report.errors[0].row is None, report.errors
    assert not InformationAsset.objects.exists()
    return report.errors[0].message


def test_it_rejects_a_file_that_is_not_a_spreadsheet(cast, ledger, tmp_path):
    (tmp_path / "scan.xlsx").write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.7\n")
    (tmp_path / "bin.csv").write_bytes(b"\x00\x01\x02" * 10)
    for name in ("scan.xlsx", "scan.pdf", "bin.csv"):
        assert _file_problem(cast, tmp_path / name)


def test_it_rejects_a_corrupt_workbook(cast, ledger, tmp_path):
    (tmp_path / "cut.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with zipfile.ZipFile(tmp_path / "junk.xlsx", "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-xml")
    good = write_xlsx(tmp_path / "good.xlsx", [row()])
    data = good.read_bytes()
    (tmp_path / "half.xlsx").write_bytes(data[: len(data) // 2])
    for name in ("cut.xlsx", "junk.xlsx", "half.xlsx"):
        assert _file_problem(cast, tmp_path / name)


def test_it_rejects_an_encrypted_workbook_or_an_old_xls(cast, ledger, tmp_path):
    (tmp_path / "locked.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with override("en"):
        assert "password" in _file_problem(cast, tmp_path / "locked.xlsx")


def test_it_rejects_an_empty_file_and_an_empty_sheet(cast, ledger, tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    assert _file_problem(cast, tmp_path / "empty.csv")
    (tmp_path / "blank.csv").write_bytes(b"\n\n")
    assert _file_problem(cast, tmp_path / "blank.csv")


def test_it_rejects_a_file_over_the_size_limit(cast, ledger, tmp_path, monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_BYTES", 100)
    path = write_csv(tmp_path / "big.csv", [row(f"A-{i}") for i in range(5)])
    with override("en"):
        assert "too large" in _file_problem(cast, path)


def test_it_rejects_a_file_with_too_many_rows(cast, ledger, tmp_path, monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 3)
    path = write_xlsx(tmp_path / "rows.xlsx", [row(f"A-{i}") for i in range(5)])
    with override("en"):
        assert "more than" in _file_problem(cast, path)


def test_it_refuses_a_workbook_that_unpacks_to_far_more_than_it_weighs(cast, ledger, tmp_path, monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED", 1000)
    with override("en"):
        assert "unsafe" in _file_problem(cast, write_xlsx(tmp_path / "bomb.xlsx", [row()]))


def test_parsing_writes_nothing_and_returns_rows(cast, ledger, tmp_path):
    result = parse_ledger(write_xlsx(tmp_path / "p.xlsx", [row("A-1"), row("A-2")]), organisation=cast.home)
    assert result.ok and [r.row for r in result.assets] == [2, 3]
    assert result.assets[0].values["tier"] == ledger["tiers"]["top_secret"].pk
    assert not InformationAsset.objects.exists()


def test_it_reads_an_uploaded_file_object(cast, ledger, tmp_path):
    path = write_xlsx(tmp_path / "up.xlsx", [row("A-1")])
    with path.open("rb") as handle:
        assert run(cast, handle).created == 1
