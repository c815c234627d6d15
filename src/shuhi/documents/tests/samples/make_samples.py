"""Make the legacy Office samples once: sources written here, converted by LibreOffice.

Run from the repository root with LibreOffice (`soffice`) on the PATH and python-pptx in a
throw-away virtual environment (neither is needed by the tests, which only read the results):

    python -m venv /tmp/gen && /tmp/gen/bin/pip install python-pptx==1.0.2 lxml
    PYTHONPATH=src /tmp/gen/bin/python src/shuhi/documents/tests/samples/make_samples.py

The .docx sources come from the tests' own builders; the .pptx sources from python-pptx's default
template (the builders' minimal decks lack the relationships LibreOffice needs to import slides).
LibreOffice writes a thumbnail of several hundred kilobytes into SummaryInformation; it is
replaced by a small property set so that each sample stays well under 50 KB.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from shuhi.documents.tests import builders as b
from shuhi.documents.tests import legacy_builders as lb

HERE = Path(__file__).resolve().parent
PROSE = [b.DECOY_JA, b.DECOY_EN]


def _docx_sources(folder: Path) -> list[Path]:
    return [
        b.docx(folder / "labelled.docx", header="社外秘 ACME株式会社", footer="Strictly Confidential",
               body=["【極秘】 新製品開発計画書", *PROSE, b.FILLER, b.FILLER, b.FILLER, "部外秘", b.FILLER],
               textbox="㊙"),
        b.docx(folder / "decoy.docx", header="ACME株式会社 設計部", footer="1 / 3",
               body=["新製品の開発計画", *PROSE, b.FILLER], textbox="設計部 回覧"),
    ]


def _deck(path: Path, title: str, body: list[str], master: str | None = None, notes: str | None = None,
          box: str | None = None) -> Path:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    if master:  # python-pptx cannot add shapes to a master: make one on the slide and move it
        shape = slide.shapes.add_textbox(Inches(7.5), Inches(0.1), Inches(2), Inches(0.5))
        shape.text_frame.text = master
        deck.slide_master.shapes._spTree.append(shape._element)
    slide.shapes.title.text = title
    slide.placeholders[1].text_frame.text = body[0]
    for line in body[1:]:
        slide.placeholders[1].text_frame.add_paragraph().text = line
    if box:
        shape = slide.shapes.add_textbox(Inches(8), Inches(6.5), Inches(1.5), Inches(0.6))
        shape.text_frame.text = box
    if notes:
        slide.notes_slide.notes_text_frame.text = notes
    deck.save(str(path))
    return path


def _pptx_sources(folder: Path) -> list[Path]:
    return [
        _deck(folder / "labelled.pptx", "Internal Use Only", PROSE, master="Confidential", notes="社外秘",
              box="【極秘】"),
        _deck(folder / "decoy.pptx", "新製品の開発計画", PROSE, notes=b.DECOY_JA, box="設計部 回覧"),
    ]


def main() -> int:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        for target, sources in (("doc", _docx_sources(folder)), ("ppt", _pptx_sources(folder))):
            subprocess.run(["soffice", "--headless", "--convert-to", target, "--outdir", str(HERE),
                            *map(str, sources)], check=True, capture_output=True)
    for path in sorted(HERE.glob("*.doc")) + sorted(HERE.glob("*.ppt")):
        lb.rewrite_ole(path, lb.summary_streams(title="sample"))
        print(path.name, path.stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
