"""Scoring: one or more correct choices, the pass mark, and the text form HR writes quizzes in."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from shuhi.training import quiz

SINGLE = {"text": "極秘は開示してよいか", "choices": [{"text": "よい", "correct": False},
                                                {"text": "禁止", "correct": True}], "explanation": ""}
MULTIPLE = {"text": "三要件", "choices": [{"text": "秘密管理性", "correct": True}, {"text": "有用性", "correct": True},
                                       {"text": "特許性", "correct": False}], "explanation": ""}


def test_a_single_choice_question_is_right_only_with_the_correct_choice():
    assert quiz.score([SINGLE], {"0": [1]}, 100).marks == [True]
    assert quiz.score([SINGLE], {"0": [0]}, 100).marks == [False]
    assert quiz.score([SINGLE], {"0": [0, 1]}, 100).marks == [False]


def test_a_multiple_choice_question_needs_exactly_every_correct_choice():
    assert quiz.score([MULTIPLE], {"0": [0, 1]}, 100).passed
    assert not quiz.score([MULTIPLE], {"0": [0]}, 100).passed
    assert not quiz.score([MULTIPLE], {"0": [0, 1, 2]}, 100).passed


def test_the_pass_mark_is_met_at_the_mark_and_not_below():
    questions = [SINGLE] * 5
    four_right = {str(i): [1] for i in range(4)} | {"4": [0]}
    assert quiz.score(questions, four_right, 80).score == 80
    assert quiz.score(questions, four_right, 80).passed
    assert not quiz.score(questions, four_right, 81).passed
    # 2 of 3 is 66%, not 67%: rounding up would pass someone below a 67% mark.
    assert quiz.score([SINGLE] * 3, {"0": [1], "1": [1], "2": [0]}, 67).score == 66


def test_every_question_must_be_answered():
    with pytest.raises(ValidationError, match="2"):
        quiz.clean_answers([SINGLE, MULTIPLE], {"0": ["1"]})


def test_the_text_form_reads_back_what_it_writes():
    text = quiz.unparse([SINGLE, MULTIPLE])
    assert quiz.parse(text) == [SINGLE, MULTIPLE]


def test_a_question_without_a_correct_choice_is_refused_with_its_number():
    with pytest.raises(ValidationError, match="1"):
        quiz.parse("Q: 質問\n- [ ] a\n- [ ] b\n")
