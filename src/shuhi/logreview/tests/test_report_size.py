"""The report keeps reasons in full for the people who rank high and compact figures for the rest."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from shuhi.logreview.engine import run_review
from shuhi.logreview.report import DETAIL_MIN, detail_count, write_report
from shuhi.logreview.tests.handmade import (
    ALICE,
    BOB,
    FIRST_DAY,
    REVIEW_END,
    CertLog,
    at,
    make_dataset,
    review_day,
)


def two_suspects(log: CertLog) -> None:
    log.http(ALICE, at(review_day(2), 12), "http://wikileaks.org/submit")
    for day in (1, 2, 3):
        log.logon(BOB, at(review_day(day), 23))


def test_only_the_first_people_of_a_window_keep_examples_and_z_scores(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "data", two_suspects)
    context = tmp_path / "context.yaml"
    context.write_text(yaml.safe_dump({"thresholds": {"report_detail": 1}}), encoding="utf-8")
    report = run_review(f"cert:{data}", context=context, start=FIRST_DAY, end=REVIEW_END, window="week")
    first, second = report["windows"][-1]["ranking"][:2]
    assert (first["user"], second["user"]) == (ALICE, BOB)
    assert first["reasons"][0]["examples"] and "z_self" in first["reasons"][0]
    assert second["score"] > 0 and second["reasons"], "the rest keep their score and reasons"
    assert second["reasons"][0] == {"indicator": "after_hours", "count": 3, "weight": second["reasons"][0]["weight"]}


def test_by_default_everyone_of_a_small_office_is_given_in_full(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "data", two_suspects)
    report = run_review(f"cert:{data}", start=FIRST_DAY, end=REVIEW_END, window="week")
    ranking = report["windows"][-1]["ranking"]
    assert len(ranking) < DETAIL_MIN
    assert all("examples" in r for entry in ranking for r in entry["reasons"])


def test_the_detail_count_covers_twice_the_top_percent_and_never_fewer_than_the_page_shows() -> None:
    assert detail_count(0, 100) == DETAIL_MIN
    assert detail_count(0, 10_000) == 200
    assert detail_count(7, 10_000) == 7


def test_the_written_report_is_compact_json_that_reads_back_the_same(tmp_path: Path) -> None:
    report = {"windows": [{"start": "2010-01-04", "end": "2010-01-10", "ranking": [{"user": "ALC0001"}]}]}
    out = tmp_path / "report.json"
    write_report(report, out)
    text = out.read_text(encoding="utf-8")
    assert "\n" not in text and ": " not in text
    assert json.loads(text) == report
