"""Japanese line breaking (禁則処理): what may start or end a line, and which words stay whole."""

from __future__ import annotations

import pytest

from shuhi.core.kinsoku import NO_END, NO_START, break_lines, segments

SENTENCE = "全社の運用ルール（格付け）を周知し、リテラシー教育を行った。「営業秘密」の表示は一部のみ。"


@pytest.mark.parametrize("width", range(4, 30))
def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(width):
    lines = break_lines(SENTENCE, width)
    assert "".join(lines) == SENTENCE
    for line in lines[1:]:
        assert line[0] not in NO_START, (width, lines)
    for line in lines:
        assert line[-1] not in NO_END, (width, lines)


@pytest.mark.parametrize("width", range(6, 30))
def test_words_that_fit_on_a_line_are_never_cut(width):
    lines = break_lines(SENTENCE, width)
    assert any("運用ルール" in line for line in lines), lines
    assert any("リテラシー" in line for line in lines), lines


def test_lines_are_no_wider_than_asked_when_the_words_allow_it():
    for width in range(8, 30):
        assert all(len(line) <= width for line in break_lines(SENTENCE, width))


def test_a_line_never_starts_with_the_long_vowel_mark_or_a_full_stop():
    assert break_lines("あいうえおかきくけこ。さし", 10) == ["あいうえおかきくけ", "こ。さし"]
    assert break_lines("データのコピー", 6) == ["データの", "コピー"]


def test_a_word_longer_than_a_line_is_cut_between_characters_under_the_same_rules():
    lines = break_lines("セキュリティマネジメントシステム。", 4)
    assert "".join(lines) == "セキュリティマネジメントシステム。"
    assert all(line[0] not in NO_START for line in lines)
    assert all(len(line) <= 4 for line in lines)


def test_katakana_kanji_and_latin_runs_are_units_and_hiragana_may_break_anywhere():
    assert segments("運用ルールを守る") == ["運用ルール", "を", "守", "る"]
    assert segments("ISO 27001認証") == ["ISO", " ", "27001認証"]
    assert segments("（格付け）") == ["（格付", "け）"]


def test_spaces_vanish_at_the_end_of_a_line_and_newlines_always_break():
    assert break_lines("alpha beta gamma", 10) == ["alpha beta", "gamma"]
    assert break_lines("一行目\n\n三行目", 20) == ["一行目", "", "三行目"]


def test_the_width_is_measured_by_the_function_given():
    def wide(text: str) -> float:
        return sum(2 if ord(ch) > 0x2000 else 1 for ch in text)

    assert break_lines("ab 運用ルール cd", 10, wide) == ["ab", "運用ルール", "cd"]


def test_numbers_keep_their_separators_and_signs():
    assert segments("大企業（1,000人以上）") == ["大企業", "（1,000人以上）"]
    assert break_lines("前月比 +15ポイント", 8) == ["前月比", "+15ポイント"]
    assert segments("完了。次") == ["完了。", "次"]
