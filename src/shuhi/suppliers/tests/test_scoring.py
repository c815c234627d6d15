"""Scoring with conditional and weighted questions, and placement against the survey."""

from __future__ import annotations

import datetime as dt

from shuhi.suppliers.schema import build, builtin_contents, normalise
from shuhi.suppliers.scoring import placements, score

TINY = {
    "id": "tiny", "urn": "urn:test:framework:tiny", "name": {"ja": "小", "en": "Tiny"},
    "sections": [
        {"id": "A", "name": {"en": "A"}, "questions": [
            {"id": "A-1", "type": "yes_no", "weight": 3, "text": {"en": "gate"}, "viewpoint": "insider",
             "indicator": "periodic_access_log_review"},
            {"id": "A-2", "type": "number", "weight": 1, "text": {"en": "how often"},
             "show_if": {"question": "A-1", "answers": ["yes", "partly"]},
             "score_thresholds": [{"min": 12, "score": 1}, {"min": 4, "score": 0.5}]},
        ]},
        {"id": "B", "name": {"en": "B"}, "questions": [
            {"id": "B-1", "type": "single", "weight": 1, "text": {"en": "one"}, "viewpoint": "trade_secret",
             "indicator": "secret_identification_criteria",
             "choices": [{"id": "hi", "score": 1, "text": {"en": "hi"}},
                         {"id": "lo", "score": 0.2, "text": {"en": "lo"}}]},
            {"id": "B-2", "type": "multiple", "weight": 2, "text": {"en": "many"},
             "choices": [{"id": "x", "score": 0.5, "text": {"en": "x"}},
                         {"id": "y", "score": 0.7, "text": {"en": "y"}}]},
            {"id": "B-3", "type": "date", "weight": 1, "score_within_days": 365, "text": {"en": "when"}},
            {"id": "B-4", "type": "text", "weight": 0, "text": {"en": "notes"}},
        ]},
    ],
}


def doc():
    return build(normalise(TINY))


def test_weights_decide_each_questions_share_of_the_area():
    result = score(doc(), {"A-1": {"value": "yes"}, "A-2": {"value": 4}})
    assert result.areas[0].score == round(100 * (3 * 1 + 1 * 0.5) / 4, 1)


def test_a_hidden_conditional_question_counts_for_nothing_either_way():
    result = score(doc(), {"A-1": {"value": "no"}, "A-2": {"value": 12}})
    assert result.areas[0].score == 0.0
    assert result.questions["A-2"].shown is False and result.questions["A-2"].share is None
    assert result.areas[0].counted == 1


def test_partly_earns_half_and_dont_know_earns_nothing():
    assert score(doc(), {"A-1": {"value": "partly"}}).questions["A-1"].share == 0.5
    assert score(doc(), {"A-1": {"value": "dont_know"}}).questions["A-1"].share == 0.0


def test_multiple_choice_adds_up_to_at_most_full_marks_and_dates_age():
    today = dt.date(2024, 7, 1)
    result = score(doc(), {"B-2": {"value": ["x", "y"]}, "B-3": {"value": "2024-01-01"}}, today)
    assert result.questions["B-2"].share == 1.0
    assert result.questions["B-3"].share == 1.0
    old = score(doc(), {"B-3": {"value": "2022-01-01"}}, today)
    assert old.questions["B-3"].share == 0.0


def test_overall_and_viewpoints_are_weighted_over_counted_questions():
    result = score(doc(), {"A-1": {"value": "yes"}, "A-2": {"value": 12}, "B-1": {"value": "lo"},
                           "B-2": {"value": ["x"]}, "B-3": {"value": dt.date.today().isoformat()}})
    assert result.overall == round(100 * (3 + 1 + 0.2 + 2 * 0.5 + 1) / 8, 1)
    assert result.viewpoints == {"trade_secret": 20.0, "insider": 100.0}


def test_a_practised_item_is_placed_against_small_and_large_firms():
    result = score(doc(), {"A-1": {"value": "yes"}, "B-1": {"value": "hi"}})
    by_key = {p.key: p for p in placements(result)}
    identification = by_key["secret_identification_criteria"]
    assert identification.status == "practised"
    assert identification.small == [32.2, 44.9] and identification.large == [63.9, 75.6]
    assert identification.position == "level_with_large"
    logs = by_key["periodic_access_log_review"]
    assert logs.small is None and logs.with_viewpoint[0] == {"viewpoint": "insider_separate", "with": 47.7,
                                                             "without": 21.4}


def test_a_gap_is_placed_with_most_small_firms():
    result = score(doc(), {"B-1": {"value": "lo"}})
    placement = next(p for p in placements(result) if p.key == "secret_identification_criteria")
    assert placement.status == "partly"
    result = score(doc(), {"A-1": {"value": "no"}})
    placement = next(p for p in placements(result) if p.key == "periodic_access_log_review")
    assert (placement.status, placement.position) == ("not", "without_viewpoint")


def test_the_built_in_framework_covers_every_survey_indicator_it_can():
    questionnaire = build(builtin_contents()[0])
    keys = {k for q in questionnaire.questions() for k in q.indicators}
    assert {"secret_identification_criteria", "classification_criteria", "label_display_rules",
            "recognisable_by_label", "education_on_trade_secret_importance", "classification_rules_communicated",
            "reporting_of_suspicious_handling", "trade_secrets_valued_beyond_personal_data",
            "viewpoint_trade_secret_priority", "viewpoint_insider_separate", "insider_policy_separate_from_cyber",
            "insider_risk_assessment_separate", "insider_measures_separate", "workplace_environment_improvement",
            "pledges_at_hiring_and_exit", "human_error_awareness", "periodic_access_log_review",
            "log_collection_announced_as_deterrent", "penalties_defined_and_communicated",
            "no_unneeded_secrets_to_partners_literacy", "management_dialogue"} <= keys
    types = {q.type for q in questionnaire.questions()}
    assert types == {"yes_no", "single", "multiple", "number", "date", "text", "file"}
    assert all(q.text.get("ja") and q.text.get("en") for q in questionnaire.questions())


def test_normalising_a_normalised_framework_changes_nothing():
    for content in builtin_contents():
        assert normalise(content) == content
