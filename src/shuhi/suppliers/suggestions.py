"""Suggested answers for the outsourcer's own self-assessment, measured by other apps.

A question names the survey indicator it asks about (`indicator: pledges_at_hiring_and_exit`).
Where an app measures that practice in the outsourcer's own records (the people register counts
the staff with current pledges), it registers a suggester in core/suggestions.py from its AppConfig.ready(); the
answer page then pre-selects the suggested answer of an unanswered yes/no question and shows the
measurement beside it. Only the outsourcer's own self-assessment: a supplier's answers are its own,
and its records are not in this installation. The person answering still chooses and saves.
"""

from __future__ import annotations

from typing import Any

from shuhi.core.suggestions import SUGGESTERS as _SUGGESTERS
from shuhi.core.suggestions import Suggestion


def suggestions_for(assessment: Any) -> dict[str, Suggestion]:
    """Question id → suggestion, for the unanswered yes/no questions of a home self-assessment."""
    if not assessment.supplier.is_home:
        return {}
    answers = assessment.answers or {}
    found: dict[str, Suggestion] = {}
    for question in assessment.framework.doc.questions():
        if question.type != "yes_no" or (answers.get(question.id) or {}).get("value"):
            continue
        for indicator in question.indicators:
            if indicator in _SUGGESTERS:
                suggestion = _SUGGESTERS[indicator](assessment.supplier)
                if suggestion is not None:
                    found[question.id] = suggestion
                    break
    return found


def apply(sections: list[dict[str, Any]], suggestions: dict[str, Suggestion]) -> None:
    """Mark the suggested option of each row as chosen, and attach the note (rows of question_rows)."""
    for section in sections:
        for row in section.get("rows", []):
            suggestion = suggestions.get(row["q"].id)
            if suggestion is None:
                continue
            row["suggestion"] = suggestion.note
            for option in row.get("options", []):
                option["checked"] = option["id"] == suggestion.answer
