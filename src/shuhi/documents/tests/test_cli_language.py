"""`shuhi scan`, `stamp` and `trace` speak Japanese or English; their JSON does not change with the language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shuhi.cli import main
from shuhi.documents.cli import scan_main
from shuhi.documents.tests import builders as b
from shuhi.documents.tests.stamp_inputs import make


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    b.docx(tmp_path / "a.docx", header="【社外秘】")
    b.text_file(tmp_path / "b.txt", ["ただのメモ"], "utf-8")
    return tmp_path


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """A fresh installation, so that the fingerprint key is this test's own."""
    monkeypatch.delenv("SHUHI_FINGERPRINT", raising=False)
    monkeypatch.setenv("SHUHI_DATA_DIR", str(tmp_path / "var"))


def test_scan_help_is_japanese_with_shuhi_lang_ja(speak, capsys):
    speak(SHUHI_LANG="ja")
    assert scan_main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "スキャンするファイルまたはフォルダー" in out and "--vocabulary" in out
    assert "files or folders to scan" not in out


def test_scan_help_is_english_with_shuhi_lang_en(speak, capsys):
    speak(SHUHI_LANG="en", LANG="ja_JP.UTF-8")
    assert scan_main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "files or folders to scan" in out
    assert "スキャンするファイル" not in out


def test_the_scan_summary_is_japanese_under_a_c_locale(folder, speak, capsys):
    speak(LANG="C")
    assert scan_main([str(folder)]) == 0
    out = capsys.readouterr().out
    assert "格付け confidential" in out and "表示なし" in out and "ファイル数" in out


def test_the_scan_summary_follows_an_english_locale(folder, speak, capsys):
    speak(LANG="en_US.UTF-8")
    assert scan_main([str(folder)]) == 0
    assert "tier confidential" in capsys.readouterr().out


def test_the_jsonl_output_is_the_same_in_both_languages(folder, speak, capsys):
    def scan(lang: str) -> list[dict]:
        speak(SHUHI_LANG=lang)
        assert scan_main([str(folder), str(folder / "missing.pdf"), "--jsonl"]) == 0
        results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        for result in results:
            result.pop("seconds")  # timing, not language
        return sorted(results, key=lambda r: r["path"])

    japanese, english = scan("ja"), scan("en")
    assert japanese == english
    assert {r["error"] for r in japanese} == {None, "not found"}


def test_stamp_and_trace_json_are_the_same_in_both_languages(tmp_path, speak, capsys):
    src = make("docx", tmp_path)
    outputs = {}
    for lang in ("ja", "en"):
        speak(SHUHI_LANG=lang)
        dst = tmp_path / f"out-{lang}.docx"
        args = ["stamp", str(src), str(dst), "--tier", "confidential", "--owner", "ACME株式会社",
                "--date", "2026-11-26", "--disclosure-id", "D-1", "--json"]
        assert main(args) == 0
        stamped = json.loads(capsys.readouterr().out)
        stamped.pop("path"), stamped.pop("seconds")  # where and how fast, not language
        assert main(["trace", str(dst), "--json"]) == 0
        outputs[lang] = (stamped, json.loads(capsys.readouterr().out))
    assert outputs["ja"] == outputs["en"]


def test_trace_tells_its_verdict_in_japanese(tmp_path, speak, capsys):
    speak(SHUHI_LANG="ja")
    dst = tmp_path / "out.pdf"
    assert main(["stamp", str(make("pdf", tmp_path)), str(dst), "--tier", "confidential", "--owner", "ACME",
                 "--disclosure-id", "D-7"]) == 0
    capsys.readouterr()
    assert main(["trace", str(dst)]) == 0
    out = capsys.readouterr().out
    assert "開示 D-7 — 有効" in out and "[OK ] pdf_info: D-7" in out
    plain = tmp_path / "plain.txt"
    plain.write_text("何もない", encoding="utf-8")
    assert main(["trace", str(plain)]) == 0
    assert "フィンガープリントは見つかりませんでした" in capsys.readouterr().out


def test_stamp_explains_a_bad_option_in_japanese(tmp_path, speak, capsys):
    speak(LANGUAGE="ja:en", LANG="en_US.UTF-8")
    args = ["stamp", str(make("docx", tmp_path)), str(tmp_path / "out.docx"), "--tier", "confidential",
            "--owner", "ACME", "--mip-id", "0"]
    assert main(args) == 2
    assert "3つそろえて指定してください" in capsys.readouterr().err
