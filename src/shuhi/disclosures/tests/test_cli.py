"""`shuhi disclosures`: holders, the evidence pack and the NDA reminders from the command line."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shuhi.cli import main
from shuhi.disclosures.models import NdaReminder
from shuhi.disclosures.tests.pdfcheck import squashed, text_of
from shuhi.ledger.models import InformationAsset
from shuhi.testing.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("disclosures", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_holders_lists_the_supplier_and_its_sub_supplier_by_asset_code(world):
    out, _err = _run("holders", "W-1")
    assert "アルファ工業" in out and "ガンマ金型" in out and "NDA-A" in out


def test_holders_as_json_takes_the_asset_id_too(world):
    asset = InformationAsset.objects.get(code="W-1")
    body = json.loads(_run("holders", str(asset.pk), "--json")[0])
    assert body["asset"]["code"] == "W-1"
    assert [(h["organisation"], h["tier_in_chain"], h["through"]) for h in body["holders"]] == [
        ("アルファ工業", 1, None), ("ガンマ金型", 2, "アルファ工業")]
    assert body["holders"][0]["disclosures"][0]["nda"] == "NDA-A"


def test_an_unknown_asset_is_an_error(world):
    with pytest.raises(CommandError):
        _run("holders", "NO-SUCH")


def test_evidence_writes_the_pdf_and_the_json(world, tmp_path):
    pdf, data = tmp_path / "pack.pdf", tmp_path / "pack.json"
    out, _err = _run("evidence", "W-1", str(pdf), "--json", str(data))
    assert "W-1" in out
    assert pdf.read_bytes().startswith(b"%PDF") and "設計秘伝書" in squashed(text_of(pdf.read_bytes()))
    pack = json.loads(data.read_text(encoding="utf-8"))
    assert pack["asset"]["code"] == "W-1" and pack["audit"]["verification"]["ok"]


def test_reminders_are_recorded_once(world):
    NdaReminder.objects.all().delete()
    _out, err = _run("reminders")
    assert NdaReminder.objects.count() >= 1 and err
    before = NdaReminder.objects.count()
    _run("reminders")
    assert NdaReminder.objects.count() == before


def test_the_shuhi_command_runs_it(world, tmp_path, capsys, monkeypatch):
    from django.core.management import base

    # run_from_argv closes every connection when a command ends; on PostgreSQL that would close
    # the test's own transaction under the second command.
    monkeypatch.setattr(base.connections, "close_all", lambda: None)
    assert main(["disclosures", "holders", "W-3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["holders"][0]["organisation"] == "ベータ精密"
    assert main(["disclosures", "evidence", "W-3", str(tmp_path / "w3.pdf")]) == 0
    assert (tmp_path / "w3.pdf").exists()
    assert main(["disclosures", "--help"]) == 0
    assert "holders" in capsys.readouterr().out
