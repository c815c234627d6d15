from __future__ import annotations

import json
import sys
import types
from dataclasses import dataclass

import pytest
from django.core.management import CommandError, call_command

from shuhi.cli import main
from shuhi.core.audit.models import AuditEntry
from shuhi.ledger.models import InformationAsset, StorageLocation
from shuhi.ledger.tests.ledger_files import read_xlsx, row, setup_ledger, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(cast):
    return setup_ledger(cast)


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    """`shuhi` closes the database connections when a command ends, as Django's command line does.

    In-process, that connection holds the test's transaction; on PostgreSQL closing it would end the test.
    """
    from django.core.management import base

    monkeypatch.setattr(base.connections, "close_all", lambda: None)


def test_ledger_import_exits_0_and_prints_the_counts(cast, ledger, tmp_path, capsys):
    path = write_xlsx(tmp_path / "in.xlsx", [row("A-1"), row("A-2")])
    assert main(["ledger", "import", str(path)]) == 0
    assert "2" in capsys.readouterr().out
    assert InformationAsset.objects.count() == 2
    assert set(AuditEntry.objects.filter(action="asset.create").values_list("source", "actor_label")) == {
        ("cli", "cli")}


def test_ledger_import_exits_non_zero_on_rejection_and_prints_every_problem(cast, ledger, tmp_path, capsys):
    path = write_xlsx(tmp_path / "bad.xlsx", [row("A-1", tier="?"), row("A-2"), row("A-3", impact=9)])
    assert main(["ledger", "import", str(path)]) != 0
    err = capsys.readouterr().err
    assert "2" in err and "格付け" in err and "4" in err and "影響度" in err
    assert not InformationAsset.objects.exists()


def test_ledger_import_dry_run_writes_nothing(cast, ledger, tmp_path, capsys):
    path = write_csv(tmp_path / "in.csv", [row("A-1")])
    call_command("ledger", "import", str(path), "--dry-run")
    assert not InformationAsset.objects.exists()
    assert "1" in capsys.readouterr().out


def test_ledger_import_of_a_missing_file_fails(cast, ledger, tmp_path):
    with pytest.raises(CommandError):
        call_command("ledger", "import", str(tmp_path / "nope.xlsx"))


def test_ledger_import_into_a_named_organisation_and_an_unknown_one(cast, ledger, tmp_path):
    path = write_xlsx(tmp_path / "in.xlsx", [row("A-1")])
    call_command("ledger", "import", str(path), "--organisation", cast.home.name)
    assert InformationAsset.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("ledger", "import", str(path), "--organisation", "存在しない会社")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_ledger_export_follows_the_suffix_and_reimports_unchanged(cast, ledger, tmp_path, suffix, capsys):
    call_command("ledger", "import", str(write_xlsx(tmp_path / "in.xlsx", [row("A-1"), row("A-2")])))
    out = tmp_path / f"out{suffix}"
    call_command("ledger", "export", str(out))
    if suffix == ".xlsx":
        assert [r[0] for r in read_xlsx(out)] == ["資産ID", "A-1", "A-2"]
    else:
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    before = AuditEntry.objects.count()
    call_command("ledger", "import", str(out))
    assert AuditEntry.objects.count() == before


def test_ledger_export_refuses_an_unknown_suffix(cast, ledger, tmp_path):
    with pytest.raises(CommandError):
        call_command("ledger", "export", str(tmp_path / "out.pdf"))


def test_ledger_template_writes_a_workbook(cast, ledger, tmp_path):
    call_command("ledger", "template", str(tmp_path / "t.xlsx"))
    assert read_xlsx(tmp_path / "t.xlsx")[0][0] == "資産ID"


@dataclass
class FakeFinding:
    kind: str
    asset_code: str
    message: str


def test_ledger_check_json_lists_findings(cast, ledger, monkeypatch, capsys):
    fake = types.ModuleType("shuhi.ledger.checks")
    fake.run_checks = lambda organisation: [FakeFinding("no_owner", "A-1", "管理責任者がいません")]
    monkeypatch.setitem(sys.modules, "shuhi.ledger.checks", fake)
    call_command("ledger", "check", "--json")
    assert json.loads(capsys.readouterr().out) == [
        {"kind": "no_owner", "asset_code": "A-1", "message": "管理責任者がいません"}]


def test_ledger_check_runs_the_real_checks(cast, ledger, tmp_path, capsys):
    call_command("ledger", "import", str(write_xlsx(tmp_path / "in.xlsx", [row("A-1", owner="")])))
    capsys.readouterr()
    call_command("ledger", "check", "--json")
    findings = json.loads(capsys.readouterr().out)
    assert all(set(f) == {"kind", "asset_code", "message"} for f in findings)


def test_locations_import_reads_a_csv_and_exits_non_zero_on_a_bad_row(cast, ledger, tmp_path, capsys):
    headers = ["保管場所", "種別", "格付け", "パス", "アクセス権"]
    good = write_csv(tmp_path / "loc.csv", [["新NAS", "共有フォルダ", "極秘", "\\\\nas\\x", "開発部"]], headers=headers)
    assert main(["locations", "import", str(good)]) == 0
    assert StorageLocation.objects.filter(name="新NAS").exists()
    bad = write_csv(tmp_path / "bad.csv", [["棚", "倉庫", "?", "", ""]], headers=headers)
    assert main(["locations", "import", str(bad)]) != 0
    assert "種別" in capsys.readouterr().err
    assert not StorageLocation.objects.filter(name="棚").exists()


def test_locations_export_writes_the_locations(cast, ledger, tmp_path):
    call_command("locations", "export", str(tmp_path / "loc.csv"))
    text = (tmp_path / "loc.csv").read_text(encoding="utf-8-sig")
    assert "極秘サーバ" in text and "共有フォルダ" in text
