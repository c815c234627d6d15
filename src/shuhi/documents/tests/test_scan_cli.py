"""`shuhi scan` on the command line: JSON lines, a summary, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shuhi.documents.cli import scan_main
from shuhi.documents.tests import builders as b


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    b.docx(tmp_path / "a.docx", header="【社外秘】")
    b.text_file(tmp_path / "b.txt", ["極秘"], "cp932")
    (tmp_path / "c.vsd").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    return tmp_path


def test_it_prints_one_json_object_per_file(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert scan_main([str(folder), "--jsonl", "--workers", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    results = {Path(r["path"]).name: r for r in map(json.loads, lines)}
    assert len(lines) == 3
    assert results["a.docx"]["tier"] == "confidential"
    assert results["c.vsd"]["error"] == "unsupported"
    assert "【社外秘】" in "\n".join(lines)  # ensure_ascii=False keeps Japanese readable


def test_it_prints_a_summary_table_without_jsonl(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHUHI_LANG", "en")  # the Japanese summary: test_cli_language.py
    assert scan_main([str(folder)]) == 0
    out = capsys.readouterr().out
    assert "tier confidential" in out and "tier top_secret" in out and "unsupported" in out


def test_it_exits_2_on_bad_arguments(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert scan_main([]) == 2
    assert scan_main([str(folder), "--workers", "0"]) == 2
    assert scan_main([str(folder), "--vocabulary", str(folder / "missing.yaml")]) == 2


def test_it_shows_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert scan_main(["--help"]) == 0
    assert "--vocabulary" in capsys.readouterr().out


def test_it_uses_a_company_vocabulary(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vocabulary = tmp_path / "vocab.yaml"
    vocabulary.write_text(
        "tiers: [{id: secret, rank: 1}]\nterms: [{text: 極秘, tier: secret}]\n", encoding="utf-8"
    )
    assert scan_main([str(folder / "b.txt"), "--jsonl", "--vocabulary", str(vocabulary)]) == 0
    assert json.loads(capsys.readouterr().out)["tier"] == "secret"


def test_it_exits_0_when_files_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4 broken")
    assert scan_main([str(tmp_path), str(tmp_path / "missing"), "--jsonl"]) == 0
    errors = sorted(json.loads(line)["error"].split(":")[0] for line in capsys.readouterr().out.splitlines())
    assert errors == ["corrupt", "not found"]
