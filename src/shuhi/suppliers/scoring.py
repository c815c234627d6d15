"""Scores per area, overall and per viewpoint, and placement against IPA's FY2023 survey.

A question earns a share (0–1) of its weight; questions hidden by their condition and questions
of weight 0 count for nothing either way, so answering "no" to a gate question does not punish
the supplier for the follow-ups it skipped. An unanswered or "don't know" question earns 0: the
outsourcer cannot rely on what the supplier cannot confirm. The 未実施 / わからない marks that any
other question type takes (the entry's "unknown" key) are answers too, and earn 0 the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from shuhi.suppliers.schema import FrameworkDoc, Question, is_shown

PRACTISED = 0.99  # a share at or above this means the item is practised in full


@dataclass
class QuestionResult:
    question: Question
    shown: bool
    answered: bool
    share: float | None  # None when the question does not count


@dataclass
class AreaScore:
    section_id: str
    name: dict[str, str]
    score: float | None
    answered: int
    counted: int


@dataclass
class Result:
    areas: list[AreaScore]
    overall: float | None
    viewpoints: dict[str, float | None]
    questions: dict[str, QuestionResult] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The compact form kept with each submitted version."""
        return {
            "overall": self.overall,
            "areas": {a.section_id: a.score for a in self.areas},
            "viewpoints": self.viewpoints,
            "questions": {qid: r.share for qid, r in self.questions.items() if r.share is not None},
        }


def _answer(answers: dict[str, Any], qid: str) -> dict[str, Any]:
    entry = answers.get(qid) or {}
    return entry if isinstance(entry, dict) else {"value": entry}


def question_share(question: Question, entry: dict[str, Any], today: dt.date) -> float:
    """The share of its weight one answer earns."""
    if entry.get("unknown"):
        return 0.0
    value = entry.get("value")
    if question.type in {"yes_no", "single"}:
        return next((c.score for c in question.options if c.id == value), 0.0)
    if question.type == "multiple":
        chosen = set(value or [])
        return min(1.0, sum(c.score for c in question.choices if c.id in chosen))
    if question.type == "number":
        if value is None:
            return 0.0
        if not question.score_thresholds:
            return 1.0
        return next((score for minimum, score in sorted(question.score_thresholds, reverse=True)
                     if float(value) >= minimum), 0.0)
    if question.type == "date":
        if not value:
            return 0.0
        if not question.score_within_days:
            return 1.0
        age = (today - dt.date.fromisoformat(value)).days
        if age <= question.score_within_days:
            return 1.0
        return 0.5 if age <= 2 * question.score_within_days else 0.0
    if question.type == "file":
        return 1.0 if entry.get("evidence") else 0.0
    return 1.0 if str(value or "").strip() else 0.0


def is_answered(question: Question, entry: dict[str, Any]) -> bool:
    """A value, evidence for a file question, or a 未実施 / わからない mark."""
    if entry.get("unknown"):
        return True
    if question.type == "file":
        return bool(entry.get("evidence"))
    value = entry.get("value")
    return value not in (None, "", [])


def _ratio(pairs: list[tuple[float, float]]) -> float | None:
    total = sum(weight for weight, _share in pairs)
    if total <= 0:
        return None
    return round(100 * sum(weight * share for weight, share in pairs) / total, 1)


def score(doc: FrameworkDoc, answers: dict[str, Any], today: dt.date | None = None) -> Result:
    today = today or dt.date.today()
    results: dict[str, QuestionResult] = {}
    areas: list[AreaScore] = []
    overall: list[tuple[float, float]] = []
    viewpoints: dict[str, list[tuple[float, float]]] = {"trade_secret": [], "insider": []}
    for section in doc.sections:
        pairs: list[tuple[float, float]] = []
        answered = counted = 0
        for question in section.questions:
            entry = _answer(answers, question.id)
            shown = is_shown(question, answers)
            answered_it = shown and is_answered(question, entry)
            share = question_share(question, entry, today) if shown and question.weight > 0 else None
            results[question.id] = QuestionResult(question, shown, answered_it, share)
            if share is None:
                continue
            counted += 1
            answered += int(answered_it)
            pairs.append((question.weight, share))
            if question.viewpoint in viewpoints:
                viewpoints[question.viewpoint].append((question.weight, share))
        overall += pairs
        areas.append(AreaScore(section.id, section.name, _ratio(pairs), answered, counted))
    return Result(areas, _ratio(overall), {key: _ratio(pairs) for key, pairs in viewpoints.items()}, results)


def progress(result: Result) -> tuple[int, int]:
    """(answered, to answer): the questions that count for the score and are shown, as the form counts them."""
    return sum(a.answered for a in result.areas), sum(a.counted for a in result.areas)


def gaps(result: Result) -> list[QuestionResult]:
    """Questions that count and are not fully met, biggest loss of points first."""
    found = [r for r in result.questions.values() if r.share is not None and r.share < PRACTISED]
    return sorted(found, key=lambda r: -r.question.weight * (1 - (r.share or 0)))


@lru_cache(maxsize=1)
def survey() -> dict[str, Any]:
    """IPA's FY2023 survey figures, shipped with the app (see frameworks/ipa-2023-survey-benchmarks.yaml)."""
    text = resources.files("shuhi.suppliers").joinpath("frameworks", "ipa-2023-survey-benchmarks.yaml")
    return yaml.safe_load(text.read_text(encoding="utf-8"))


@dataclass
class Placement:
    key: str
    status: str  # practised / partly / not / unknown
    position: str  # ahead / level_with_large / partly / like_most_small / behind_most / with_viewpoint / ...
    questions: list[str]
    small: list[float] | None = None  # [min, max] % of small firms (<=100 employees) practising
    large: list[float] | None = None  # [min, max] % of large firms (>=1,000)
    overall: float | None = None
    # [{"viewpoint": ..., "with": %, "without": %}]: firms holding a viewpoint versus those that do not
    with_viewpoint: list[dict[str, Any]] = field(default_factory=list)


def _status(shares: list[float | None], answered: bool) -> str:
    counted = [s for s in shares if s is not None]
    if not counted or not answered:
        return "unknown"
    best = max(counted)
    return "practised" if best >= PRACTISED else ("partly" if best > 0 else "not")


def _position(status: str, small: list[float] | None, large: list[float] | None) -> str:
    if status == "unknown":
        return "unknown"
    if status == "partly":
        return "partly"
    if small is None or large is None:
        return "with_viewpoint" if status == "practised" else "without_viewpoint"
    if status == "practised":
        # When even most large firms do not practise it, practising it puts the supplier ahead.
        return "ahead" if large[1] < 50 else "level_with_large"
    return "like_most_small" if small[1] < 50 else "behind_most"


def _viewpoint_figures(key: str, figures: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"viewpoint": viewpoint, "with": items[key]["with"], "without": items[key]["without"]}
            for viewpoint, items in figures.get("viewpoints", {}).items() if key in items]


def indicator_keys(figures: dict[str, Any]) -> list[str]:
    keys = list(figures.get("overall", {})) + list(figures.get("by_size", {}))
    for items in figures.get("viewpoints", {}).values():
        keys += list(items)
    return list(dict.fromkeys(keys))


def placements(result: Result) -> list[Placement]:
    """For every indicator the survey measured and the framework asks about, where the supplier stands."""
    figures = survey()
    linked: dict[str, list[QuestionResult]] = {}
    for qr in result.questions.values():
        for key in qr.question.indicators:
            linked.setdefault(key, []).append(qr)
    out = []
    for key in indicator_keys(figures):
        if key not in linked:
            continue
        qrs = linked[key]
        by_size = figures.get("by_size", {}).get(key)
        small, large = (by_size["sme"], by_size["large"]) if by_size else (None, None)
        status = _status([q.share for q in qrs if q.shown], any(q.answered for q in qrs))
        out.append(Placement(
            key=key, status=status, position=_position(status, small, large),
            questions=[q.question.id for q in qrs], small=small, large=large,
            overall=figures.get("overall", {}).get(key), with_viewpoint=_viewpoint_figures(key, figures),
        ))
    return out
