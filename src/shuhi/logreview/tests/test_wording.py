"""Reasons are figures in the report and sentences only when read, in the reader's language."""

from __future__ import annotations

from shuhi.i18n import override
from shuhi.logreview.indicators import INDICATORS
from shuhi.logreview.report import render_html
from shuhi.logreview.wording import NAMES, example_text, indicator_name, peer_group_name, reason_text

COPIES = {"indicator": "removable_copies", "count": 35, "weight": 12.5, "z_self": 47.0012, "z_peer": 12.25,
          "tier_points": 280, "examples": []}


def test_a_reason_reads_as_japanese_with_labelled_numbers() -> None:
    with override("ja"):
        text = reason_text(COPIES)
    assert text.startswith("外部記憶媒体へのファイル複写（格付けで加重）：35件")
    assert "本人の過去と比べて 47.0" in text and "同僚と比べて 12.2" in text
    assert "格付けで加重すると 280" in text
    assert "z " not in text and "against" not in text


def test_a_reason_reads_as_english_for_an_english_reader() -> None:
    with override("en"):
        text = reason_text(COPIES)
    assert text.startswith("File copies to removable media (weighted by tier): 35 events")
    assert "against their own past 47.0" in text


def test_a_reason_without_own_history_says_so_instead_of_a_number() -> None:
    with override("ja"):
        text = reason_text({**COPIES, "z_self": None, "tier_points": None})
    assert "本人の過去" in text and "比較できる履歴が足りません" in text and "None" not in text


def test_every_indicator_has_a_name_and_its_japanese_is_the_engines_own() -> None:
    assert set(NAMES) == {ind.name for ind in INDICATORS}
    with override("ja"):
        for ind in INDICATORS:
            assert indicator_name(ind.name) == ind.ja, ind.name


def test_peer_groups_from_the_data_are_shown_as_they_are() -> None:
    with override("ja"):
        assert peer_group_name("Director/Salesman") == "Director/Salesman"
        assert peer_group_name("設計部") == "設計部"
        assert peer_group_name("(unknown)") == "不明"


def test_the_html_report_words_the_reasons_in_japanese() -> None:
    report = {"windows": [{"start": "2010-02-01", "end": "2010-02-07", "ranking": [
        {"user": "ABC0001", "score": 12.5, "peer_group": "Salesman", "events": 50, "reasons": [COPIES]}]}],
        "stats": {"events": 50, "engine": "duckdb", "seconds": 1.0}}
    with override("ja"):
        page = render_html(report)
    assert "外部記憶媒体へのファイル複写（格付けで加重）" in page and "35件" in page
    assert "z against" not in page and "Salesman" in page


def test_a_reason_scored_on_its_worst_day_names_the_day_in_japanese() -> None:
    night = {**COPIES, "tier_points": None, "basis": "day", "day": "2010-03-03", "day_count": 12,
             "z_self": 6.25, "z_peer": 3.5}
    with override("ja"):
        text = reason_text(night)
    assert "35件" in text and "2010-03-03" in text and "12件" in text
    assert "本人の過去の最悪の日と比べて 6.2" in text or "本人の過去の最多の日と比べて 6.2" in text
    assert "同僚" in text and "3.5" in text and "day" not in text


def test_a_reason_scored_against_the_frozen_baseline_says_from_when_in_japanese() -> None:
    drift = {**COPIES, "tier_points": None, "basis": "drift", "baseline_before": "2010-03-29", "z_self": 7.0,
             "z_peer": 1.9}
    with override("ja"):
        text = reason_text(drift)
    assert "2010-03-29より前" in text and "7.0" in text and "1.9" in text


def test_a_file_opened_on_someone_elses_pc_names_the_owner() -> None:
    example = {"time": "2010-03-02 12:22:00", "host": "PC-0002", "kind": "file", "object": "C:\\plans.doc",
               "destination": "BOB0002"}
    with override("ja"):
        text = example_text(example)
    assert "PC-0002" in text and "BOB0002" in text and "C:\\plans.doc" in text and "専用PC" in text
