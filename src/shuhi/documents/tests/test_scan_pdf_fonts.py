"""Where a label sits in a PDF does not depend on the fonts of the machine that scans it.

The test PDFs use a Japanese font they do not embed, as many real ones do. Each scan runs in a
fresh process whose pdfium sees only one font folder: an empty one (a fresh server) or one
holding a Japanese font (a desktop), see font_sandbox.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from shuhi.documents.extract.pdffonts import FONT_PATH
from shuhi.documents.tests import builders as b
from shuhi.documents.tests.test_scan_formats import CASES, DECOYS

PDF_CASES = [case for case in CASES if case[0].startswith("pdf ")]
PDF_DECOYS = [case for case in DECOYS if case[0] == "pdf"]


def _font_folders(tmp_path: Path) -> dict[str, Path]:
    empty = tmp_path / "no-fonts"
    empty.mkdir(parents=True)
    japanese = tmp_path / "japanese-font"
    japanese.mkdir(parents=True)
    (japanese / FONT_PATH.name).symlink_to(FONT_PATH)
    return {"no fonts": empty, "a Japanese font": japanese}


def _sandbox(folder: Path, paths: list[Path], raw: bool = False) -> list[dict]:
    command = [sys.executable, "-m", "shuhi.documents.tests.font_sandbox", str(folder)]
    command += ["--raw"] if raw else []
    done = subprocess.run(command + [str(path) for path in paths], capture_output=True, text=True,
                          timeout=120, check=True)
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], list[Path]]:
    root = tmp_path_factory.mktemp("pdf-fonts")
    placed = []
    for index, (_name, build, _tier, _where) in enumerate(PDF_CASES):
        folder = root / f"case{index}"
        folder.mkdir()
        placed.append(build(folder))
    decoys = []
    for index, (_name, build) in enumerate(PDF_DECOYS):
        folder = root / f"decoy{index}"
        folder.mkdir()
        decoys.append(build(folder))
    return root, placed, decoys


def test_it_finds_each_pdf_label_in_the_same_place_with_or_without_japanese_fonts(pdfs) -> None:
    root, placed, decoys = pdfs
    results = {
        name: _sandbox(folder, placed + decoys) for name, folder in _font_folders(root / "fonts").items()
    }
    for fonts, found in results.items():
        for (case, _build, tier, where), result in zip(PDF_CASES, found, strict=False):
            assert result["error"] is None, (fonts, case)
            assert {"tier": tier, "where": where} in [
                {"tier": label["tier"], "where": label["where"]} for label in result["labels"]
            ], (fonts, case, result["labels"])
        for result in found[len(placed):]:
            assert result["labels"] == [], (fonts, result)
    assert results["no fonts"] == results["a Japanese font"]


def test_its_font_sandbox_really_changes_what_pdfium_reads_without_the_engine(pdfs) -> None:
    # Guards the test above: if the folders stopped mattering, it would pass without proving anything.
    root, _placed, _decoys = pdfs
    standalone = b.pdf(root / "standalone.pdf", body=["新製品の開発計画", b.FILLER, b.FILLER, b.FILLER, "部外秘"])
    texts = {name: _sandbox(folder, [standalone], raw=True)[0]["text"]
             for name, folder in _font_folders(root / "raw").items()}
    assert texts["a Japanese font"].count(b.FILLER) == 3
    assert texts["no fonts"].count(b.FILLER) == 1
