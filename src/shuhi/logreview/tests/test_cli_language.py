"""`shuhi logreview` speaks Japanese or English; the report it writes does not change with the language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shuhi.logreview import cli
from shuhi.logreview.tests.handmade import ALICE, CertLog, at, make_dataset, review_day

# Timing differs from run to run whatever the language; everything else in the stats must not.
TIMING = {"seconds", "phases", "ingest"}


def leak(log: CertLog) -> None:
    log.http(ALICE, at(review_day(2), 16), "http://wikileaks.org/upload")


def _run(data: Path, out: Path, store: Path) -> int:
    return cli.main(["run", "--source", f"cert:{data}", "--from", "2010-01-04", "--to", "2010-03-07",
                     "--out", str(out), "--store", str(store)])


def test_the_usage_is_japanese_with_shuhi_lang_ja(speak, capsys):
    speak(SHUHI_LANG="ja")
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("使い方: shuhi logreview COMMAND") and "順位付けしたレポート" in out


def test_the_usage_is_english_with_shuhi_lang_en(speak, capsys):
    speak(SHUHI_LANG="en")
    assert cli.main(["--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: shuhi logreview COMMAND")


def test_the_usage_is_japanese_under_a_c_locale(speak, capsys):
    speak(LANG="C", LC_ALL="C")
    assert cli.main(["nonsense"]) == 2
    assert "不明なコマンドです: 'nonsense'" in capsys.readouterr().err


def test_the_run_help_and_a_bad_date_are_japanese(speak, capsys):
    speak(LANG="ja_JP.UTF-8")
    with pytest.raises(SystemExit):
        cli.main(["run", "--help"])
    assert "単位期間の長さ" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["run", "--source", "cert:x", "--from", "yesterday", "--to", "2010-01-10", "--out", "r.json"])
    assert "日付（YYYY-MM-DD）ではありません: 'yesterday'" in capsys.readouterr().err


def test_the_report_is_the_same_in_both_languages_and_only_the_summary_changes(tmp_path, speak, capsys):
    data = make_dataset(tmp_path / "data", leak)
    reports, summaries = {}, {}
    for lang in ("ja", "en"):
        speak(SHUHI_LANG=lang)
        out = tmp_path / f"report-{lang}.json"
        assert _run(data, out, tmp_path / f"store-{lang}") == 0
        summaries[lang] = capsys.readouterr().out
        report = json.loads(out.read_text(encoding="utf-8"))
        report["stats"] = {k: v for k, v in report["stats"].items() if k not in TIMING}
        reports[lang] = report
    assert reports["ja"] == reports["en"]
    assert "件のイベントを確認しました" in summaries["ja"] and f"最上位 2010-03-01: {ALICE}" in summaries["ja"]
    assert "reviewed" in summaries["en"] and f"top 2010-03-01: {ALICE}" in summaries["en"]


def test_the_synthesizer_reports_in_japanese_and_in_english(speak, capsys, tmp_path):
    from shuhi.logreview import synth

    speak(SHUHI_LANG="ja")
    assert synth.main(["--users", "29", "--out", str(tmp_path / "x")]) == 2
    assert "--users は30以上" in capsys.readouterr().err
    speak(SHUHI_LANG="en")
    assert synth.main(["--users", "29", "--out", str(tmp_path / "x")]) == 2
    assert "--users must be at least 30" in capsys.readouterr().err
    speak(LANG="C")
    assert synth.main(["--users", "30", "--days", "42", "--quiet", "--out", str(tmp_path / "d")]) == 0
    summary = capsys.readouterr().out
    assert "件のイベント" in summary and "書き出しました" in summary


def test_the_engine_explains_a_bad_source_in_the_chosen_language(speak, capsys, tmp_path):
    args = ["run", "--source", f"cert:{tmp_path}", "--from", "2010-01-04", "--to", "2010-01-10",
            "--out", str(tmp_path / "r.json"), "--store", str(tmp_path / "store")]
    speak(LANG="C")
    assert cli.main(args) != 0
    assert "CERT 形式のイベントファイル" in capsys.readouterr().err
    speak(SHUHI_LANG="en")
    assert cli.main(args) != 0
    assert "no CERT event files" in capsys.readouterr().err
    assert not (tmp_path / "r.json").exists()
