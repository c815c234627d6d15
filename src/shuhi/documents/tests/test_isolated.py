"""Stamping and tracing an untrusted file in a child process: results come back, failures stay the file's own."""

from __future__ import annotations

import io

import pikepdf
import pytest

from shuhi.documents.isolated import stamp_isolated, trace_isolated
from shuhi.documents.scan import scan_file
from shuhi.documents.stamp_marks import StampError


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    # The child reads the installation key from the data directory, as the parent would.
    monkeypatch.setenv("SHUHI_DATA_DIR", str(tmp_path / "data"))


def _pdf(path) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    pdf.save(out)
    path.write_bytes(out.getvalue())


def test_a_stamped_copy_comes_back_with_its_fingerprint_and_traces_to_it(tmp_path):
    src, dst = tmp_path / "spec.pdf", tmp_path / "spec-out.pdf"
    _pdf(src)
    result = stamp_isolated(src, dst, tier="confidential", owner="委託元株式会社", recipient="アルファ工業",
                            disclosure_id="D-2026-0001.1")
    assert result["disclosure_id"] == "D-2026-0001.1"
    assert scan_file(dst)["tier"] == "confidential"
    traced = trace_isolated(dst)
    assert traced["valid"] and traced["disclosure_id"] == "D-2026-0001.1"


def test_a_broken_file_fails_with_the_reason_and_nothing_written(tmp_path):
    src, dst = tmp_path / "broken.pdf", tmp_path / "out.pdf"
    src.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    with pytest.raises(StampError):
        stamp_isolated(src, dst, tier="confidential", owner="委託元", recipient="A", disclosure_id="D-1.1")
    assert not dst.exists()


def test_a_file_that_takes_too_long_is_stopped_at_the_time_limit(tmp_path):
    src, dst = tmp_path / "spec.pdf", tmp_path / "out.pdf"
    _pdf(src)
    with pytest.raises(StampError, match="timeout"):
        stamp_isolated(src, dst, tier="confidential", owner="委託元", recipient="A", disclosure_id="D-1.1",
                       timeout=0.05)
    assert not dst.exists()


def test_an_unreadable_leaked_copy_is_refused_with_its_reason(tmp_path):
    path = tmp_path / "leak.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(StampError):
        trace_isolated(path)
