"""CISO Assistant libraries of every shape found in its library folder import, each from a small
fixture written for shuhi (not copied from CISO Assistant): requirements without questions, questions
without text, short numbers that repeat in different branches, and the older `question:` layout."""

from __future__ import annotations

import pytest

from shuhi.suppliers.ciso import import_library
from shuhi.suppliers.schema import build
from shuhi.suppliers.services import framework_import

BASE = "urn:example:risk:req_node:tiny"


def library(nodes, ref_id="tiny"):
    return {"urn": "urn:example:risk:library:tiny", "locale": "en", "ref_id": ref_id, "name": "Tiny", "version": 1,
            "objects": {"framework": {"urn": "urn:example:risk:framework:tiny", "ref_id": ref_id,
                                      "name": "Tiny framework", "requirement_nodes": nodes}}}


def yes_no_body(text):
    return {"type": "unique_choice", "text": text,
            "choices": [{"urn": "c:yes", "value": "Yes", "add_score": 2},
                        {"urn": "c:no", "value": "No", "add_score": 0}]}


def test_a_requirement_without_questions_becomes_one_yes_partly_no_question():
    doc = build(import_library(library([
        {"urn": f"{BASE}:a", "ref_id": "A", "name": "Organisational controls", "assessable": False, "depth": 1},
        {"urn": f"{BASE}:a.1", "parent_urn": f"{BASE}:a", "ref_id": "A.1", "name": "Policies",
         "description": "Policies for information security are defined and approved.", "assessable": True, "depth": 2},
        {"urn": f"{BASE}:a.2", "parent_urn": f"{BASE}:a", "ref_id": "A.2", "name": "Roles", "assessable": True,
         "depth": 2},
    ])))
    first, second = doc.questions()
    assert (first.type, first.number, first.id) == ("yes_no", "A.1", f"{BASE}:a.1")
    assert first.text["en"] == "Policies for information security are defined and approved."
    assert second.text["en"] == "Roles"  # no description: the requirement's name
    assert [o.id for o in first.options] == ["yes", "partly", "no", "dont_know"]
    assert doc.sections[0].name["en"] == "Organisational controls"


def test_a_question_without_text_takes_the_requirements_text():
    doc = build(import_library(library([
        {"urn": f"{BASE}:ac", "ref_id": "AC", "name": "Access control", "assessable": False, "depth": 1},
        {"urn": f"{BASE}:ac.1", "parent_urn": f"{BASE}:ac", "ref_id": "AC.1", "name": "Authorised access",
         "description": "Limit system access to authorised users.", "assessable": True, "depth": 2,
         "questions": {f"{BASE}:ac.1:question:1": {"type": "unique_choice", "choices": [
             {"urn": "c:met", "value": "Met", "add_score": 1}, {"urn": "c:not", "value": "Not met", "add_score": 0}]}}},
    ])))
    (question,) = doc.questions()
    assert question.text["en"] == "Limit system access to authorised users."
    assert [c.score for c in question.choices] == [1.0, 0.0]


def test_short_numbers_that_repeat_in_two_branches_no_longer_collide():
    nodes = [
        {"urn": f"{BASE}:5", "ref_id": "5", "name": "Five", "assessable": False, "depth": 1},
        {"urn": f"{BASE}:5.1.1", "parent_urn": f"{BASE}:5", "ref_id": "5.1.1", "assessable": True, "depth": 2,
         "questions": {f"{BASE}:5.1.1:question:1": yes_no_body("Do you keep a list of suppliers?")}},
        {"urn": f"{BASE}:8", "ref_id": "8", "name": "Eight", "assessable": False, "depth": 1},
        # the same short number under another branch, as in a library whose sub-numbering restarts
        {"urn": f"{BASE}:8.5.1.1", "parent_urn": f"{BASE}:8", "ref_id": "5.1.1", "assessable": True, "depth": 2,
         "questions": {f"{BASE}:8.5.1.1:question:1": yes_no_body("Do you review it yearly?"),
                       f"{BASE}:8.5.1.1:question:2": yes_no_body("Who reviews it?")}},
    ]
    doc = build(import_library(library(nodes)))
    ids = [q.id for q in doc.questions()]
    assert ids == [f"{BASE}:5.1.1:question:1", f"{BASE}:8.5.1.1:question:1", f"{BASE}:8.5.1.1:question:2"]
    assert [q.number for q in doc.questions()] == ["5.1.1", "5.1.1.1", "5.1.1.2"]


def test_the_older_question_layout_with_a_list_of_questions_imports():
    doc = build(import_library(library([
        {"urn": f"{BASE}:2", "ref_id": "2", "name": "Governance", "assessable": False, "depth": 1},
        {"urn": f"{BASE}:2.1", "parent_urn": f"{BASE}:2", "ref_id": "2.1", "assessable": True, "depth": 2,
         "question": {"question_type": "unique_choice", "question_choices": ["Yes", "No", "N/A"],
                      "questions": [{"urn": f"{BASE}:2.1:question:1", "text": "Do you notify us of changes?"}]}},
        {"urn": f"{BASE}:2.1.1", "parent_urn": f"{BASE}:2.1", "ref_id": "2.1.1", "assessable": True, "depth": 3,
         "question": {"question_type": "text", "question_choices": None,
                      "questions": [{"urn": f"{BASE}:2.1.1:question:1", "text": "How?"}]}},
    ])))
    first, second = doc.questions()
    assert first.type == "single" and [c.text["en"] for c in first.choices] == ["Yes", "No", "N/A"]
    assert (second.type, second.number) == ("text", "2.1.1")


@pytest.mark.django_db
def test_every_shape_stores_as_a_framework_and_its_questions_show_their_numbers(cast, client, login):
    content = import_library(library([
        {"urn": f"{BASE}:a", "ref_id": "A", "name": "Controls", "assessable": False, "depth": 1},
        {"urn": f"{BASE}:a.1", "parent_urn": f"{BASE}:a", "ref_id": "A.1", "name": "Policies", "assessable": True,
         "depth": 2},
    ]))
    framework = framework_import(actor=cast.admin, organisation=cast.home, content=content)
    assert framework.doc.questions()[0].number == "A.1"
