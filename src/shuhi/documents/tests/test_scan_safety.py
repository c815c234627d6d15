"""No file can crash, hang or exhaust a scan: it only costs its own line."""

from __future__ import annotations

import os
import signal
import time
import zipfile
from pathlib import Path

import pytest

from shuhi.documents import scan
from shuhi.documents.batch import scan_paths
from shuhi.documents.extract.base import Extraction
from shuhi.documents.scan import scan_file
from shuhi.documents.tests import builders as b

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx_with_document(path: Path, document: bytes) -> Path:
    b.docx(path, body=["社外秘"])
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["word/document.xml"] = document
    return b.write_zip(path, parts)


def test_it_refuses_a_zip_bomb(tmp_path: Path) -> None:
    # 40 MB of blanks deflate about a thousand to one.
    document = (
        b'<?xml version="1.0"?>'
        + f"<w:document {W_NS}><w:body>".encode()
        + b" " * (40 << 20)
        + b"</w:body></w:document>"
    )
    path = _docx_with_document(tmp_path / "bomb.docx", document)
    assert path.stat().st_size < 200_000
    result = scan_file(path)
    assert result["error"].startswith("too large")


def test_it_refuses_xml_entity_expansion(tmp_path: Path) -> None:
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    document = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{entities}]>'
        f"<w:document {W_NS}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = _docx_with_document(tmp_path / "laughs.docx", document.encode())
    started = time.perf_counter()
    result = scan_file(path)
    # A generous safety bound, not a speed claim: expanding &lol9; means a billion copies (3 GB),
    # which takes minutes or runs out of memory; refusing it takes milliseconds.
    assert time.perf_counter() - started < 30
    assert result["error"].startswith("corrupt") and "DTD" in result["error"]


def test_it_refuses_an_external_entity(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("極秘")
    document = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
        f"<w:document {W_NS}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    result = scan_file(_docx_with_document(tmp_path / "xxe.docx", document.encode()))
    assert result["tier"] is None and result["error"].startswith("corrupt")


def test_it_reports_a_password_protected_office_file_as_encrypted(tmp_path: Path) -> None:
    # Encrypted OOXML is an OLE compound file with an EncryptedPackage stream.
    path = tmp_path / "protected.docx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000 + "EncryptedPackage".encode("utf-16-le")
    )
    assert scan_file(path)["error"] == "encrypted"


@pytest.mark.parametrize("name", ["drawing.vsd", "image.png", "archive.jar"])
def test_it_reports_unknown_formats_as_unsupported(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 if name.endswith("vsd") else b"PK\x03\x04junk"
    )
    assert scan_file(path)["error"] == "unsupported"


@pytest.mark.parametrize("name", ["old.doc", "old.xls", "old.ppt", "old.msg", "archive.zip"])
def test_it_reports_a_legacy_office_mail_or_zip_file_without_its_structure_as_corrupt(tmp_path: Path,
                                                                                   name: str) -> None:
    path = tmp_path / name
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 if name.startswith("old") else b"PK\x03\x04junk"
    )
    assert scan_file(path)["error"].startswith("corrupt")


def test_it_still_reads_the_label_in_the_name_of_an_unsupported_file(tmp_path: Path) -> None:
    path = tmp_path / "【極秘】見積.vsd"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    result = scan_file(path)
    assert result["error"] == "unsupported" and result["tier"] == "top_secret"


def test_it_detects_the_format_by_content(tmp_path: Path) -> None:
    pdf = b.pdf(tmp_path / "a.pdf", header="社外秘")
    renamed = tmp_path / "download.bin"
    pdf.rename(renamed)
    docx = b.docx(tmp_path / "b.docx", header="極秘")
    docx.rename(tmp_path / "b.tmp")
    assert (scan_file(renamed)["format"], scan_file(renamed)["tier"]) == ("pdf", "confidential")
    assert (scan_file(tmp_path / "b.tmp")["format"], scan_file(tmp_path / "b.tmp")["tier"]) == (
        "docx",
        "top_secret",
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("broken.pdf", b"%PDF-1.7\n garbage"),
        ("broken.docx", b"PK\x03\x04"),
        ("fake.pdf", b"hello"),
        ("fake.xlsx", b"hello"),
    ],
)
def test_it_reports_a_damaged_file_as_corrupt(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert scan_file(path)["error"].startswith("corrupt")


def _misbehaving(path: str | Path, fmt: str, probe: object) -> Extraction:
    """Stands in for the text extractor; forked workers inherit it through the patched table."""
    name = Path(path).name
    if name.startswith("sleep"):
        time.sleep(60)
    if name.startswith("deaf"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # like a native loop ignoring the timer
        time.sleep(60)
    if name.startswith("segfault"):
        os.kill(os.getpid(), signal.SIGSEGV)
    if name.startswith("greedy"):
        bytearray(4 << 30)
    extraction = Extraction(fmt)
    extraction.add("first_lines", Path(path).read_text(encoding="utf-8"))
    return extraction


@pytest.fixture
def misbehaving_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setitem(scan.EXTRACTORS, "text", _misbehaving)
    for name in ["a_ok.txt", "sleep.txt", "b_ok.txt", "deaf.txt", "segfault.txt", "greedy.txt", "c_ok.txt"]:
        (tmp_path / name).write_text("【社外秘】", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("workers", [1, 2])
def test_a_hanging_crashing_or_greedy_file_costs_only_its_own_line(
    misbehaving_files: Path, workers: int
) -> None:
    started = time.perf_counter()
    results = {
        Path(r["path"]).name: r
        for r in scan_paths([misbehaving_files], workers=workers, timeout=1, memory_mb=256)
    }
    # A generous safety bound, not a speed claim: sleep.txt and deaf.txt each sleep 60 s, so a
    # scan that failed to stop them at their 1 s limit could not finish within 50 s.
    assert time.perf_counter() - started < 50
    assert len(results) == 7
    assert results["sleep.txt"]["error"] == "timeout"
    assert results["deaf.txt"]["error"] == "timeout"
    assert results["segfault.txt"]["error"] == "crashed"
    assert results["greedy.txt"]["error"].startswith("too large")
    for name in ["a_ok.txt", "b_ok.txt", "c_ok.txt"]:
        assert results[name]["error"] is None and results[name]["tier"] == "confidential"


def test_it_walks_folders_and_reports_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    b.docx(tmp_path / "sub" / "a.docx", header="社外秘")
    b.text_file(tmp_path / "b.txt", ["極秘"])
    results = list(scan_paths([tmp_path, tmp_path / "missing.pdf"]))
    by_name = {Path(r["path"]).name: r for r in results}
    assert set(by_name) == {"a.docx", "b.txt", "missing.pdf"}
    assert by_name["missing.pdf"]["error"] == "not found"
    assert by_name["a.docx"]["tier"] == "confidential" and by_name["b.txt"]["tier"] == "top_secret"
