"""Suggested answers to questionnaire questions, measured by the apps in the outsourcer's own records.

The supplier questionnaire (suppliers app) asks about practices by survey indicator; an app that
measures a practice (the people register counts staff with current pledges) registers a suggester
for that indicator here, from its AppConfig.ready(). Kept in core so that neither app imports the
other. See suppliers/suggestions.py for where the suggestions are shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Suggestion:
    answer: str  # a yes_no answer: yes, partly, no
    note: str  # what was measured, in the reader's language


SUGGESTERS: dict[str, Callable[[Any], Suggestion | None]] = {}


def register_answer_suggester(indicator: str, suggest: Callable[[Any], Suggestion | None]) -> None:
    SUGGESTERS[indicator] = suggest
