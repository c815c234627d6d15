"""`shuhi logreview run|synth` and the report: contract, windows, HTML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shuhi.logreview import cli
from shuhi.logreview.engine import run_review
from shuhi.logreview.report import render_html
from shuhi.logreview.tests.handmade import (
    ALICE,
    FIRST_DAY,
    PEOPLE,
    REVIEW_END,
    CertLog,
    at,
    make_dataset,
    review_day,
)


def leak(log: CertLog) -> None:
    log.http(ALICE, at(review_day(2), 16), "http://wikileaks.org/<script>alert(1)</script>")


def test_the_run_command_writes_the_report_contract_and_html(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHUHI_LANG", "en")  # the Japanese summary: test_cli_language.py
    data = make_dataset(tmp_path / "data", leak)
    out, html = tmp_path / "report.json", tmp_path / "report.html"
    code = cli.main(
        [
            "run",
            "--source",
            f"cert:{data}",
            "--from",
            "2010-01-04",
            "--to",
            "2010-03-07",
            "--window",
            "week",
            "--out",
            str(out),
            "--html",
            str(html),
            "--store",
            str(tmp_path / "s"),
        ]
    )
    assert code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report) >= {"windows", "stats"} and set(report["stats"]) >= {"events", "seconds"}
    assert [w["start"] for w in report["windows"]][:2] == ["2010-01-04", "2010-01-11"]
    last = report["windows"][-1]
    assert last["end"] == "2010-03-07"
    assert last["ranking"][0]["user"] == ALICE
    assert {e["user"] for e in last["ranking"]} == set(PEOPLE), "every active user is ranked"
    scores = [(-e["score"], e["user"]) for e in last["ranking"]]
    assert scores == sorted(scores)
    page = html.read_text(encoding="utf-8")
    # Worded for its reader (SHUHI_LANG=en here; the Japanese page: test_wording.py).
    assert '<html lang="en">' in page and "Visits or uploads to leak sites" in page
    assert "リークサイトへのアクセス" not in page
    assert "<script>alert" not in page, "values from the logs are escaped"
    assert "wrote" in capsys.readouterr().out


def test_it_reviews_by_day_and_by_month(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "data", leak)
    daily = run_review(f"cert:{data}", start="2010-03-01", end="2010-03-07", window="day")
    assert [w["start"] for w in daily["windows"]] == [f"2010-03-0{d}" for d in range(1, 8)]
    assert daily["windows"][2]["ranking"][0]["user"] == ALICE
    assert daily["windows"][5]["ranking"] == [], "nobody works on Saturday"
    monthly = run_review(f"cert:{data}", start=FIRST_DAY, end=REVIEW_END, window="month")
    assert [(w["start"], w["end"]) for w in monthly["windows"]] == [
        ("2010-01-04", "2010-01-31"),
        ("2010-02-01", "2010-02-28"),
        ("2010-03-01", "2010-03-07"),
    ]
    march = {e["user"]: e for e in monthly["windows"][-1]["ranking"]}
    assert "leak_site" in {r["indicator"] for r in march[ALICE]["reasons"]}


def test_the_run_command_reports_a_bad_source_clearly(tmp_path: Path, capsys: pytest.CaptureFixture, speak) -> None:
    speak(SHUHI_LANG="en")  # the Japanese message: test_cli_language.py
    code = cli.main(
        [
            "run",
            "--source",
            "nonsense",
            "--from",
            "2010-01-04",
            "--to",
            "2010-01-10",
            "--out",
            str(tmp_path / "r.json"),
            "--store",
            str(tmp_path / "s"),
        ]
    )
    assert code == 2
    assert "cert:DIR or generic:MAPPING:PATH" in capsys.readouterr().err


def test_the_synth_command_delegates_to_the_synthesizer(tmp_path: Path) -> None:
    code = cli.main(
        ["synth", "--users", "60", "--days", "60", "--seed", "3", "--out", str(tmp_path / "syn"), "--quiet"]
    )
    assert code == 0
    assert (tmp_path / "syn" / "logon.csv").exists()


def test_the_html_report_renders_an_empty_review() -> None:
    page = render_html({"windows": [], "stats": {"events": 0, "seconds": 0}})
    assert page.startswith("<!doctype html>")
