"""Every action a service writes to the audit log has a readable, translated name on the audit pages."""

from __future__ import annotations

import ast
from pathlib import Path

from django.utils import translation

from shuhi.core.audit.actions import ACTION_LABELS

SRC = Path(__file__).resolve().parents[1] / "src" / "shuhi"
WRITERS = {"audit_record", "audit_record_many"}


def _written_actions() -> dict[str, str]:
    """action name -> where it is written, for every literal action handed to the audit writer."""
    found: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        if {"tests", "testing", "migrations"} & set(path.relative_to(SRC).parts) or path.name == "testing.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        writes_many = False
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in WRITERS:
                writes_many |= getattr(node.func, "id", getattr(node.func, "attr", None)) == "audit_record_many"
                for keyword in node.keywords:
                    if keyword.arg == "action" and isinstance(keyword.value, ast.Constant):
                        found[keyword.value.value] = f"{path.relative_to(SRC)}:{node.lineno}"
        if writes_many:
            for node in ast.walk(tree):
                if isinstance(node, ast.Dict):
                    for key, value in zip(node.keys, node.values, strict=True):
                        if (isinstance(key, ast.Constant) and key.value == "action"
                                and isinstance(value, ast.Constant)):
                            found[value.value] = f"{path.relative_to(SRC)}:{node.lineno}"
    return found


def test_the_services_write_a_good_number_of_distinct_actions():
    # Guards the walker itself: if it stopped finding the writers, the tests below would pass empty.
    assert len(_written_actions()) >= 40


def test_every_action_a_service_writes_is_listed_with_a_readable_name():
    missing = {action: where for action, where in _written_actions().items() if action not in ACTION_LABELS}
    assert not missing, f"add to core/audit/actions.py ACTION_LABELS: {missing}"


def test_every_listed_action_name_has_a_japanese_translation():
    def names(language: str) -> dict[str, str]:
        with translation.override(language):
            return {action: str(label) for action, label in ACTION_LABELS.items()}

    english, japanese = names("en"), names("ja")
    assert not [action for action in ACTION_LABELS if japanese[action] == english[action]]
