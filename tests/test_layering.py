"""The layering rules of DESIGN.md are checked by machine: `make lint` runs import-linter with the
contracts in pyproject.toml. These tests break the rules on a copy of the code and watch it fail."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--config", str(tree / "pyproject.toml")], cwd=tree, capture_output=True,
                          text=True, timeout=300, env={"PYTHONPATH": str(tree / "src"), "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def copy_of_the_code(tmp_path_factory) -> Path:
    tree = tmp_path_factory.mktemp("layering")
    shutil.copytree(ROOT / "src" / "shuhi", tree / "src" / "shuhi",
                    ignore=shutil.ignore_patterns("__pycache__", "locale", "static", "fonts", "*.yaml"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def _with_line(tree: Path, module: str, line: str):
    path = tree / "src" / "shuhi" / module
    original = path.read_text(encoding="utf-8")
    path.write_text(original + f"\n{line}\n", encoding="utf-8")
    return path, original


def test_the_code_as_it_is_keeps_every_contract(copy_of_the_code):
    result = _lint(copy_of_the_code)
    assert result.returncode == 0, result.stdout[-2000:]


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("core/registry.py", "from shuhi.suppliers import models  # noqa", "Core imports no feature app"),
    ("documents/labels.py", "import django  # noqa", "The engines import no Django and no app"),
    ("logreview/scoring.py", "from shuhi.core import models  # noqa", "The engines import no Django and no app"),
    ("core/roles.py", "from shuhi.core import permissions  # noqa", "No import cycles"),
])
def test_breaking_a_rule_fails_the_lint(copy_of_the_code, module, line, contract):
    path, original = _with_line(copy_of_the_code, module, line)
    try:
        result = _lint(copy_of_the_code)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert contract in result.stdout
