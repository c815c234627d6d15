"""`shuhi stamp` and `shuhi trace` through the top-level dispatcher."""

from __future__ import annotations

import io
import json

import pytest

from shuhi.cli import main
from shuhi.documents.scan import scan_file
from shuhi.documents.tests.stamp_inputs import LABEL, MARK, make, pdf_text


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """A fresh installation: its fingerprint key is created on first use."""
    monkeypatch.delenv("SHUHI_FINGERPRINT", raising=False)
    monkeypatch.setenv("SHUHI_DATA_DIR", str(tmp_path / "var"))
    return tmp_path / "var"


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """These tests read the English messages; test_cli_language.py reads the Japanese ones."""
    monkeypatch.setenv("SHUHI_LANG", "en")


def _stamp_args(src, dst, *extra):
    return ["stamp", str(src), str(dst), "--tier", "confidential", "--owner", "ACME株式会社",
            "--recipient", "山田精工", "--date", "2026-11-26", *extra]


def test_shuhi_stamp_then_trace_finds_the_disclosure(tmp_path, capsys, data_dir):
    src = make("pdf", tmp_path)
    dst = tmp_path / "out.pdf"
    assert main(_stamp_args(src, dst, "--disclosure-id", "D-7")) == 0
    assert MARK in capsys.readouterr().out
    assert (data_dir / "fingerprint.key").exists()
    assert main(["trace", str(dst), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["disclosure_id"] == "D-7" and result["valid"] is True
    channels = {c["channel"] for c in result["channels"]}
    assert channels == {"pdf_info", "xmp", "visible_reference", "hidden_text"}


def test_shuhi_trace_reads_text_copied_out_of_a_document(tmp_path, capsys, monkeypatch):
    dst = tmp_path / "out.pdf"
    main(_stamp_args(make("pdf", tmp_path), dst, "--disclosure-id", "D-8"))
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO(pdf_text(dst)))
    assert main(["trace", "-"]) == 0
    out = capsys.readouterr().out
    assert "disclosure D-8 — VALID" in out and "[ok ] hidden_text: D-8" in out


def test_another_installation_cannot_vouch_for_the_fingerprint(tmp_path, capsys, monkeypatch):
    dst = tmp_path / "out.docx"
    main(_stamp_args(make("docx", tmp_path), dst, "--disclosure-id", "D-9"))
    monkeypatch.setenv("SHUHI_DATA_DIR", str(tmp_path / "other-installation"))
    capsys.readouterr()
    assert main(["trace", str(dst)]) == 0
    assert "NOT VALID" in capsys.readouterr().out


def test_shuhi_stamp_writes_the_microsoft_label(tmp_path, capsys):
    dst = tmp_path / "out.xlsx"
    args = ["--mip-id", LABEL["id"], "--mip-site", LABEL["site_id"], "--mip-name", "Confidential", "--json"]
    assert main(_stamp_args(make("xlsx", tmp_path), dst, *args)) == 0
    assert json.loads(capsys.readouterr().out)["mip"] == LABEL["id"]
    assert [record["id"] for record in scan_file(dst)["mip"]] == [LABEL["id"]]


def test_a_stamped_file_scanned_again_reports_the_tier(tmp_path, capsys):
    for fmt in ("pdf", "docx", "xlsx", "pptx"):
        dst = tmp_path / f"out.{fmt}"
        assert main(_stamp_args(make(fmt, tmp_path), dst, "--disclosure-id", "D-1")) == 0
        assert scan_file(dst)["tier"] == "confidential", fmt


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--mip-id", LABEL["id"]], 2, "go together"),
        (["--disclosure-id", "has space"], 1, "disclosure id"),
        (["--date", "tomorrow"], 1, "YYYY-MM-DD"),
    ],
)
def test_shuhi_stamp_explains_bad_options(tmp_path, capsys, args, code, message):
    assert main(_stamp_args(make("docx", tmp_path), tmp_path / "out.docx", *args)) == code
    assert message in capsys.readouterr().err


def test_shuhi_stamp_and_trace_explain_unreadable_inputs(tmp_path, capsys):
    legacy = tmp_path / "old.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert main(_stamp_args(legacy, tmp_path / "out.doc")) == 1
    assert "unsupported" in capsys.readouterr().err
    assert main(_stamp_args(tmp_path / "missing.pdf", tmp_path / "out.pdf")) == 1
    assert "no such file" in capsys.readouterr().err
    assert main(["trace", str(tmp_path / "missing.pptx")]) == 1
    assert "no such file" in capsys.readouterr().err
    assert main(["stamp"]) == 2
