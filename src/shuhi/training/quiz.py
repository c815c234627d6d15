"""Quizzes as data: scoring, and the plain-text form HR writes them in. No database here.

A question is {"text", "choices": [{"text", "correct"}], "explanation"}; it may have one or more
correct choices, and counts as answered correctly only when exactly the correct choices are ticked.

The text form, one question after another:

    Q: 「極秘」の文書を委託先に渡してよいか。
    - [ ] NDA があれば渡してよい
    - [x] 渡してはならない
    E: 極秘は社外への開示を禁止している。
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_QUESTIONS = 100
MAX_CHOICES = 10


@dataclass(frozen=True)
class Result:
    correct: int
    total: int
    score: int  # percent, rounded down: a pass mark of 80 is never met by 79.9
    passed: bool
    marks: list[bool]  # per question


def correct_choices(question: dict[str, Any]) -> set[int]:
    return {i for i, choice in enumerate(question["choices"]) if choice.get("correct")}


def is_multiple(question: dict[str, Any]) -> bool:
    return len(correct_choices(question)) > 1


def score(questions: list[dict[str, Any]], answers: dict[str, list[int]], pass_mark: int) -> Result:
    marks = [set(answers.get(str(i), [])) == correct_choices(q) for i, q in enumerate(questions)]
    total = len(questions)
    correct = sum(marks)
    percent = (100 * correct) // total if total else 0
    return Result(correct=correct, total=total, score=percent, passed=total > 0 and percent >= pass_mark,
                  marks=marks)


def clean_answers(questions: list[dict[str, Any]], raw: dict[str, Any]) -> dict[str, list[int]]:
    """Answers as stored: choice positions per question, unknown questions and choices dropped.
    Every question must be answered."""
    answers: dict[str, list[int]] = {}
    missing = []
    for index, question in enumerate(questions):
        picked = raw.get(str(index)) or []
        if not isinstance(picked, list | tuple):
            picked = [picked]
        chosen = set()
        for value in picked:
            try:
                position = int(value)
            except (TypeError, ValueError):
                continue
            if 0 <= position < len(question["choices"]):
                chosen.add(position)
        if not chosen:
            missing.append(index + 1)
        answers[str(index)] = sorted(chosen)
    if missing:
        raise ValidationError(_("Answer every question (not answered: %(numbers)s).")
                              % {"numbers": ", ".join(str(n) for n in missing)})
    return answers


def check(questions: list[dict[str, Any]]) -> None:
    """Every question has text, two choices or more, and at least one correct choice."""
    if not questions:
        raise ValidationError(_("Write at least one question."))
    if len(questions) > MAX_QUESTIONS:
        raise ValidationError(_("A quiz has at most %(n)s questions.") % {"n": MAX_QUESTIONS})
    for number, question in enumerate(questions, start=1):
        if not str(question.get("text", "")).strip():
            raise ValidationError(_("Question %(n)s has no text.") % {"n": number})
        choices = question.get("choices") or []
        if not 2 <= len(choices) <= MAX_CHOICES:
            raise ValidationError(_("Question %(n)s needs between 2 and %(max)s choices.")
                                  % {"n": number, "max": MAX_CHOICES})
        if not any(choice.get("correct") for choice in choices):
            raise ValidationError(_("Question %(n)s has no correct choice: mark one with [x].") % {"n": number})


def parse(text: str) -> list[dict[str, Any]]:
    """The questions written in the text form; a line that fits nowhere is an error naming its number."""
    questions: list[dict[str, Any]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        head, _sep, rest = line.partition(":")
        head = head.strip().upper()
        if head in ("Q", "問") and _sep:
            questions.append({"text": rest.strip(), "choices": [], "explanation": ""})
            continue
        if not questions:
            raise ValidationError(_("Line %(n)s: start each question with “Q:”.") % {"n": number})
        current = questions[-1]
        if line.startswith(("- [", "-[")):
            mark, _close, choice = line.lstrip("- ").partition("]")
            if not _close:
                raise ValidationError(_("Line %(n)s: write a choice as “- [ ] text” or “- [x] text”.") % {"n": number})
            current["choices"].append({"text": choice.strip(), "correct": mark.strip("[ ").lower() in ("x", "○")})
        elif head in ("E", "解説") and _sep:
            current["explanation"] = (current["explanation"] + "\n" + rest.strip()).strip()
        elif current["choices"]:
            raise ValidationError(_("Line %(n)s: after the choices only “E:” (the explanation) may follow.")
                                  % {"n": number})
        else:
            current["text"] = (current["text"] + "\n" + line).strip()
    check(questions)
    return questions


def unparse(questions: list[dict[str, Any]]) -> str:
    """The text form of stored questions, for editing them again."""
    blocks = []
    for question in questions:
        lines = [f"Q: {question['text']}"]
        lines += [f"- [{'x' if c.get('correct') else ' '}] {c['text']}" for c in question["choices"]]
        if question.get("explanation"):
            lines += [f"E: {line}" for line in question["explanation"].splitlines()]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def parse_sections(text: str) -> list[dict[str, str]]:
    """Sections written as “## heading” lines, each followed by its text."""
    sections: list[dict[str, str]] = []
    for raw in text.splitlines():
        if raw.startswith("## "):
            sections.append({"heading": raw[3:].strip(), "body": ""})
        elif sections:
            sections[-1]["body"] += raw + "\n"
        elif raw.strip():
            sections.append({"heading": "", "body": raw + "\n"})
    for section in sections:
        section["body"] = section["body"].strip()
    if not sections or not any(s["body"] for s in sections):
        raise ValidationError(_("Write the module's text: sections start with a “## heading” line."))
    return sections


def unparse_sections(sections: list[dict[str, str]]) -> str:
    return "\n\n".join((f"## {s['heading']}\n" if s["heading"] else "") + s["body"] for s in sections)
