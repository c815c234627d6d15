"""pip-audit over the dependencies pinned in pyproject.toml (issue 12, the security suite).

The test fails on a known vulnerability that has a fixed release: bump the pin. A vulnerability
without a fix is printed, not failed on, since there is nothing to bump to.

pip-audit asks a vulnerability service (PyPI's JSON API, or OSV) about each pin. Where neither
answers (a machine without internet: here PyPI's JSON API answers 404 for every package, and
OSV's host does not resolve), nothing was audited, and the test skips saying so instead of
passing as if the pins were clean. When only some pins could be looked up, it fails: a partial
audit must not look like a clean one.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.security

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
SERVICES = ("pypi", "osv")


def pinned_requirements() -> list[str]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    pins = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        pins += extra
    return sorted(set(pins))


def verdict(report: dict) -> tuple[str, list[str]]:
    """("clean" | "vulnerable" | "offline" | "partial", lines to show) from pip-audit's JSON report."""
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    if not dependencies or len(skipped) == len(dependencies):
        return "offline", [d.get("skip_reason", "") for d in skipped[:3]]
    fixable, unfixable = [], []
    for dependency in dependencies:
        for vuln in dependency.get("vulns", []):
            line = (f"{dependency['name']}=={dependency['version']}: {vuln['id']} "
                    f"{' '.join(vuln.get('aliases', []))} fixed in {', '.join(vuln.get('fix_versions', [])) or '-'}")
            (fixable if vuln.get("fix_versions") else unfixable).append(line)
    if fixable:
        return "vulnerable", fixable + unfixable
    if skipped:
        return "partial", [f"{d['name']}: {d['skip_reason']}" for d in skipped]
    return "clean", unfixable


def run_pip_audit(requirements: Path, service: str) -> tuple[dict, str]:
    executable = shutil.which("pip-audit", path=str(Path(sys.executable).parent)) or shutil.which("pip-audit")
    if not executable:
        pytest.fail("pip-audit is not installed: `pip install -e '.[test]'` installs it")
    command = [executable, "--requirement", str(requirements), "--no-deps", "--disable-pip", "--format", "json",
               "--progress-spinner", "off", "--vulnerability-service", service, "--timeout", "20"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    try:
        return json.loads(result.stdout), result.stderr
    except json.JSONDecodeError:
        # pip-audit ends with a traceback, not a report, when the service cannot be reached at all.
        return {}, (result.stderr.strip().splitlines() or ["no output"])[-1]


def test_no_pinned_dependency_has_a_known_vulnerability_with_a_fix(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("\n".join(pinned_requirements()) + "\n", encoding="utf-8")
    unreachable = []
    for service in SERVICES:
        report, errors = run_pip_audit(requirements, service)
        outcome, lines = verdict(report)
        if outcome == "offline":
            unreachable.append(f"{service}: {(lines or [errors])[0][:200]}")
            continue
        assert outcome != "vulnerable", "known vulnerabilities with a fix; bump these pins:\n" + "\n".join(lines)
        assert outcome != "partial", f"{service} could not audit every pin:\n" + "\n".join(lines)
        if lines:
            print("known vulnerabilities without a fix yet:\n" + "\n".join(lines))
        return
    pytest.skip("pip-audit could not reach a vulnerability service, so no pin was audited "
                "(offline?): " + "; ".join(unreachable))


# The verdict itself, on reports as pip-audit writes them, so that the failing path is tested offline too.

def _dependency(name, version="1.0", vulns=(), skip_reason=None):
    entry = {"name": name, "version": version}
    if skip_reason:
        entry["skip_reason"] = skip_reason
    else:
        entry["vulns"] = list(vulns)
    return entry


def test_a_vulnerability_with_a_fixed_release_fails_the_audit():
    report = {"dependencies": [
        _dependency("django", "5.2.0", [{"id": "PYSEC-1", "fix_versions": ["5.2.1"], "aliases": ["CVE-1"]}]),
        _dependency("lxml")]}
    outcome, lines = verdict(report)
    assert outcome == "vulnerable"
    assert lines == ["django==5.2.0: PYSEC-1 CVE-1 fixed in 5.2.1"]


def test_a_vulnerability_without_a_fix_is_shown_but_does_not_fail():
    report = {"dependencies": [_dependency("x", vulns=[{"id": "GHSA-2", "fix_versions": [], "aliases": []}])]}
    assert verdict(report) == ("clean", ["x==1.0: GHSA-2  fixed in -"])


def test_an_audit_that_looked_nothing_up_is_offline_not_clean():
    report = {"dependencies": [_dependency("django", skip_reason="Dependency not found on PyPI"),
                               _dependency("lxml", skip_reason="Dependency not found on PyPI")]}
    assert verdict(report)[0] == "offline"
    assert verdict({})[0] == "offline"


def test_an_audit_that_looked_up_only_some_pins_is_partial():
    report = {"dependencies": [_dependency("django"), _dependency("lxml", skip_reason="Dependency not found on PyPI")]}
    assert verdict(report) == ("partial", ["lxml: Dependency not found on PyPI"])


def test_every_dependency_is_pinned_to_one_version():
    for requirement in pinned_requirements():
        assert "==" in requirement and not any(op in requirement for op in (">", "<", "~", "!")), requirement
