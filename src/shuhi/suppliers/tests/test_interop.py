"""CISO Assistant export/import round trip, import rejections and the `frameworks` command."""

from __future__ import annotations

import io

import pytest
import yaml
from django.core.management import CommandError, call_command

from shuhi.suppliers.ciso import export_library, import_library
from shuhi.suppliers.models import Framework
from shuhi.suppliers.schema import FrameworkError, builtin_contents

pytestmark = pytest.mark.django_db


def test_the_ciso_assistant_export_has_the_library_layout():
    library = export_library(builtin_contents()[0])
    assert {"urn", "locale", "ref_id", "name", "objects"} <= set(library)
    nodes = library["objects"]["framework"]["requirement_nodes"]
    section, question_node = nodes[0], nodes[1]
    assert section["assessable"] is False and question_node["parent_urn"] == section["urn"]
    (qurn, question), = question_node["questions"].items()
    assert question["type"] == "unique_choice"
    assert {"urn", "value", "add_score", "compute_result"} <= set(question["choices"][0])
    assert question["translations"]["en"]["text"].startswith("Does management")
    dependent = next(n for n in nodes if n.get("ref_id") == "MA-3")
    depends_on = next(iter(dependent["questions"].values()))["depends_on"]
    assert depends_on["question"] == qurn.replace("ma-1", "ma-2")


def test_export_then_import_gives_back_the_same_framework():
    for content in builtin_contents():
        text = yaml.safe_dump(export_library(content), allow_unicode=True, sort_keys=False)
        assert import_library(yaml.safe_load(text)) == content


def test_a_foreign_ciso_library_is_mapped_from_its_own_types_and_scores():
    library = {
        "urn": "urn:acme:risk:library:vendor", "locale": "en", "ref_id": "acme-vendor", "name": "Vendor check",
        "objects": {"framework": {"urn": "urn:acme:risk:framework:vendor", "ref_id": "acme-vendor",
                                  "name": "Vendor check", "requirement_nodes": [
            {"urn": "urn:acme:req:1", "ref_id": "1", "name": "Governance", "assessable": False},
            {"urn": "urn:acme:req:1.1", "parent_urn": "urn:acme:req:1", "ref_id": "1.1", "assessable": True,
             "questions": {"urn:acme:req:1.1:q1": {"type": "unique_choice", "text": "Policy?", "choices": [
                 {"urn": "urn:acme:c:yes", "value": "Yes", "add_score": 4, "compute_result": True},
                 {"urn": "urn:acme:c:no", "value": "No", "add_score": 0, "compute_result": False}]},
                 "urn:acme:req:1.1:q2": {"type": "text", "text": "Which?",
                                         "depends_on": {"question": "q1", "answers": ["yes"]}}}},
        ]}},
    }
    content = import_library(library)
    questions = content["sections"][0]["questions"]
    # A foreign library's questions are known by their whole URN; the short number is what readers see.
    assert [q["id"] for q in questions] == ["urn:acme:req:1.1:q1", "urn:acme:req:1.1:q2"]
    assert [q["ref"] for q in questions] == ["1.1.1", "1.1.2"]
    assert questions[1]["show_if"]["question"] == "urn:acme:req:1.1:q1"
    assert questions[0]["choices"][0] == {"id": "yes", "text": {"en": "Yes"}, "score": 1.0}


def test_an_invalid_file_is_rejected_with_every_problem_listed():
    bad = {"id": "x", "urn": "urn:x", "name": {"en": "X"}, "sections": [{"id": "S", "questions": [
        {"id": "Q1", "type": "colour", "text": {"en": "?"}},
        {"id": "Q2", "type": "yes_no", "text": {"en": "?"}, "show_if": {"question": "Q9", "answers": ["yes"]}},
        {"id": "Q2", "type": "single", "text": {"en": "?"}},
    ]}]}
    from shuhi.suppliers.schema import normalise

    with pytest.raises(FrameworkError) as caught:
        normalise(bad)
    text = "\n".join(caught.value.problems)
    assert "colour" in text and "Q9" in text and "Q2" in text and "choices" in text


def test_the_frameworks_command_lists_exports_and_imports(cast, tmp_path):
    out = io.StringIO()
    call_command("frameworks", "list", stdout=out)
    assert out.getvalue().split() == ["shuhi-supplier-2024", "shuhi-supplier-2024-interview",
                                         "shuhi-supplier-quick-2024"]
    target = tmp_path / "out.yaml"
    call_command("frameworks", "export", "shuhi-supplier-2024", "--format", "ciso-assistant", str(target),
                 stderr=io.StringIO())
    library = yaml.safe_load(target.read_text(encoding="utf-8"))
    library["ref_id"], library["version"] = "copy-of-shuhi", 2
    library["objects"]["framework"]["urn"] = "urn:copy:framework:copy"
    target.write_text(yaml.safe_dump(library, allow_unicode=True), encoding="utf-8")
    call_command("frameworks", "import", str(target), stdout=io.StringIO())
    imported = Framework.objects.get(ref_id="copy-of-shuhi")
    assert imported.version == 2 and len(imported.doc.questions()) == 41


def test_a_broken_import_changes_nothing_and_says_why(cast, tmp_path):
    call_command("frameworks", "list", stdout=io.StringIO())
    before = Framework.objects.count()
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: b\nurn: urn:b\nname: {en: B}\nsections:\n  - id: S\n    questions:\n"
                      "      - {id: Q, type: single, text: {en: Q}}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="choices"):
        call_command("frameworks", "import", str(broken))
    assert Framework.objects.count() == before
