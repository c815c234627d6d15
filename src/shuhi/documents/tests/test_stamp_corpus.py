"""Stamping and tracing every PDF and OOXML file of the real-world corpus, and hostile packages."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from shuhi.documents.scan import scan_file
from shuhi.documents.stamp import FORMATS, StampError
from shuhi.documents.tests.stamp_inputs import KEY, stamp
from shuhi.documents.trace import trace_file

CORPUS = Path(__file__).resolve().parents[4].parent / "shared" / "corpus" / "real-world"
REASONS = ("corrupt", "encrypted", "unsupported")


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus")
def test_every_real_world_document_is_stamped_and_traced_or_refused_with_a_clear_reason(tmp_path):
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() in FORMATS)
    stamped, refused = 0, []
    for index, path in enumerate(files):
        dst = tmp_path / f"{index}{path.suffix}"
        try:
            stamp(path, dst)
        except StampError as exc:
            assert str(exc).startswith(REASONS), f"{path}: {exc}"
            refused.append(path.name)
            continue
        traced = trace_file(dst, key=KEY)
        assert traced["valid"] and traced["disclosure_id"] == "D-2026-0042", path
        assert scan_file(dst)["tier"] == "confidential", path
        dst.unlink()
        stamped += 1
    assert stamped > 400 and len(refused) < 30, refused


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (64 * 1024 * 1024))
    with pytest.raises(StampError, match="zip bomb"):
        stamp(bomb)
    with pytest.raises(StampError, match="zip bomb"):
        trace_file(bomb, key=KEY)


def test_an_xml_part_with_a_dtd_is_refused(tmp_path):
    hostile = tmp_path / "entities.xlsx"
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr("[Content_Types].xml", '<!DOCTYPE t [<!ENTITY a "aaaa">]><Types>&a;</Types>')
    with pytest.raises(StampError, match="DTD"):
        stamp(hostile)
