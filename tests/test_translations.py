"""Every string a user reads has a Japanese translation."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "shuhi"
PO = SRC / "locale" / "ja" / "LC_MESSAGES" / "django.po"
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext", "gettext_noop"}
TRANSLATE_TAG = re.compile(r"""{%\s*translate\s+(["'])(.+?)\1""")
# The engines are included: their command-line messages go through shuhi.i18n into the same catalogue.
SKIP_DIRS = {"tests", "testing", "migrations"}


def _python_msgids() -> set[str]:
    found = set()
    for path in SRC.rglob("*.py"):
        if SKIP_DIRS & set(path.relative_to(SRC).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in GETTEXT_NAMES and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.add(first.value)
    return found


def _template_msgids() -> set[str]:
    found = set()
    for path in SRC.rglob("*.html"):
        found |= {match.group(2) for match in TRANSLATE_TAG.finditer(path.read_text(encoding="utf-8"))}
    return found


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(PO))


def test_no_entry_is_left_untranslated_or_fuzzy(catalogue):
    assert not [e.msgid for e in catalogue.untranslated_entries()]
    assert not [e.msgid for e in catalogue.fuzzy_entries()]


def test_every_string_in_code_and_templates_is_in_the_catalogue(catalogue):
    known = {entry.msgid for entry in catalogue}
    missing = sorted((_python_msgids() | _template_msgids()) - known)
    assert not missing, f"run `make messages` and translate: {missing[:20]}"


def test_the_compiled_catalogue_is_up_to_date():
    mo = PO.with_suffix(".mo")
    assert mo.exists()
    # Keyed by context too: the same English word may read differently in two places.
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo))}
    source = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(PO)) if e.msgstr}
    assert {k: v for k, v in source.items() if k in compiled} == {k: compiled[k] for k in source if k in compiled}
    assert set(source) <= set(compiled)
