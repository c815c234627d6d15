"""Legacy Office (.doc, .xls, .ppt): every place a label can sit is found, prose is not, and
encrypted or damaged files are reported as such, each on its own line."""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

import pytest

from shuhi.documents.batch import scan_paths
from shuhi.documents.scan import CONTRACT_KEYS, scan_file
from shuhi.documents.tests import builders as b
from shuhi.documents.tests import legacy_builders as lb

GUID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
PROSE = [b.DECOY_JA, b.DECOY_EN]


def labels(result: dict) -> set[tuple[str, str, str]]:
    return {(label["text"], label["tier"], label["where"]) for label in result["labels"]}


def with_properties(path: Path, **fields: str) -> Path:
    return lb.rewrite_ole(path, lb.summary_streams(**fields))


def _ppt_footer(folder: Path) -> Path:
    """The decoy deck with a slide footer, as PowerPoint keeps it: a HeadersFooters container
    holding a HeadersFootersAtom and the footer's CString (instance 2)."""
    path = lb.sample("decoy.ppt", folder)
    text = "社外秘".encode("utf-16-le")
    atom = struct.pack("<HHI", 0x0000, 0x0FDA, 4) + b"\0" * 4
    footer = struct.pack("<HHI", 0x0020, 0x0FBA, len(text)) + text
    container = struct.pack("<HHI", 0x003F, 0x0FD9, len(atom) + len(footer)) + atom + footer
    stream = lb.read_stream(path, "PowerPoint Document")
    return lb.rewrite_ole(path, {"PowerPoint Document": stream + container})


def _xls_text_box(folder: Path) -> Path:
    """A workbook with a shape holding 【社外秘】: a TXO record, its text in the CONTINUE after it."""
    path = lb.xls(folder / "a.xls", cells=PROSE)
    text = "【社外秘】"
    txo = struct.pack("<HH", 0x01B6, 18) + struct.pack("<HH6sHHI", 0x0212, 0, b"", len(text), 16, 0)
    cont = struct.pack("<HHB", 0x003C, 1 + 2 * len(text), 1) + text.encode("utf-16-le")
    return lb.rewrite_ole(path, {"Workbook": lb.read_stream(path, "Workbook") + txo + cont})


Build = Callable[[Path], Path]
# (case, builder, expected labels (text, tier, where) among those found)
CASES: list[tuple[str, Build, set[tuple[str, str, str]]]] = [
    ("a label in an xls cell is found", lambda d: lb.xls(d / "a.xls", cells=["品番", "社外秘", *PROSE]),
     {("社外秘", "confidential", "cell")}),
    ("a label in an xls sheet name is found", lambda d: lb.xls(d / "a.xls", sheet_name="【社外秘】"),
     {("【社外秘】", "confidential", "sheet_name")}),
    ("a label in an xls page header is found", lambda d: lb.xls(d / "a.xls", header="部外秘"),
     {("部外秘", "confidential", "sheet_header")}),
    ("a label in an xls page footer is found", lambda d: lb.xls(d / "a.xls", footer="Top Secret"),
     {("Top Secret", "top_secret", "sheet_footer")}),
    ("an xls text box holding only a label is a stamp", _xls_text_box, {("【社外秘】", "confidential", "stamp")}),
    ("a label in cp932 xls properties is found",
     lambda d: with_properties(lb.xls(d / "a.xls"), codepage=932, keywords="極秘, 設計"),
     {("極秘", "top_secret", "properties")}),
    ("a label in the first line of a doc is found", lambda d: lb.sample("labelled.doc", d),
     {("【極秘】", "top_secret", "first_lines")}),
    ("a label on a line of its own in a doc is found", lambda d: lb.sample("labelled.doc", d),
     {("部外秘", "confidential", "standalone")}),
    ("a label in a doc header is found", lambda d: lb.sample("labelled.doc", d),
     {("社外秘", "confidential", "header")}),
    ("a label in a doc footer is found", lambda d: lb.sample("labelled.doc", d),
     {("Strictly Confidential", "top_secret", "footer")}),
    ("a doc text box holding only a label is a stamp", lambda d: lb.sample("labelled.doc", d),
     {("㊙", "confidential", "stamp")}),
    ("a label in doc properties is found",
     lambda d: with_properties(lb.sample("decoy.doc", d), title="【極秘】 設計書", company="ACME"),
     {("【極秘】", "top_secret", "properties")}),
    ("a label in a ppt slide is found", lambda d: lb.sample("labelled.ppt", d),
     {("Internal Use Only", "confidential", "slide")}),
    ("a ppt text box holding only a label is a stamp", lambda d: lb.sample("labelled.ppt", d),
     {("【極秘】", "top_secret", "stamp")}),
    ("a label on the ppt slide master is found", lambda d: lb.sample("labelled.ppt", d),
     {("Confidential", "confidential", "slide_master")}),
    ("a label in ppt notes is found", lambda d: lb.sample("labelled.ppt", d),
     {("社外秘", "confidential", "notes")}),
    ("a label in a ppt slide footer is found", _ppt_footer, {("社外秘", "confidential", "footer")}),
    ("a label in ppt properties is found",
     lambda d: with_properties(lb.sample("decoy.ppt", d), subject="社外秘"),
     {("社外秘", "confidential", "properties")}),
]

DECOYS: list[tuple[str, Build]] = [
    ("xls", lambda d: lb.xls(d / "a.xls", cells=PROSE, header="ACME株式会社", footer="1")),
    ("doc", lambda d: lb.sample("decoy.doc", d)),
    ("ppt", lambda d: lb.sample("decoy.ppt", d)),
    ("doc properties", lambda d: with_properties(lb.sample("decoy.doc", d), title="社外秘の扱いについて")),
]


@pytest.mark.parametrize(("build", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_place_of_a_legacy_office_file_is_read(tmp_path: Path, build: Build, expected: set) -> None:
    result = scan_file(build(tmp_path))
    assert result["error"] is None
    assert expected <= labels(result), result["labels"]


@pytest.mark.parametrize("build", [c[1] for c in DECOYS], ids=[c[0] for c in DECOYS])
def test_tier_words_in_legacy_office_prose_are_not_labels(tmp_path: Path, build: Build) -> None:
    result = scan_file(build(tmp_path))
    assert result["error"] is None
    assert result["labels"] == [] and result["tier"] is None


@pytest.mark.parametrize("name", ["decoy.doc", "decoy.ppt"])
def test_microsoft_labels_in_legacy_custom_properties_are_read(tmp_path: Path, name: str) -> None:
    path = lb.rewrite_ole(lb.sample(name, tmp_path), lb.summary_streams(
        user={"Classification": "社外秘", **b.mip_properties(GUID, "Highly Confidential")}))
    result = scan_file(path)
    assert result["mip"][0]["id"] == GUID and result["mip"][0]["name"] == "Highly Confidential"
    assert ("Highly Confidential", "top_secret", "mip") in labels(result)
    assert ("社外秘", "confidential", "properties") in labels(result)


def test_an_xls_result_keeps_the_output_contract(tmp_path: Path) -> None:
    result = scan_file(lb.xls(tmp_path / "a.xls", cells=["極秘"]))
    assert tuple(result) == CONTRACT_KEYS and result["format"] == "xls" and result["tier"] == "top_secret"


def test_the_streams_decide_the_format_not_the_extension(tmp_path: Path) -> None:
    result = scan_file(lb.sample("labelled.doc", tmp_path, rename="renamed.xls"))
    assert result["format"] == "doc" and result["tier"] == "top_secret"


def test_a_password_protected_xls_is_reported_as_encrypted(tmp_path: Path) -> None:
    result = scan_file(lb.xls(tmp_path / "【極秘】.xls", cells=["社外秘"], encrypted=True))
    assert result["error"] == "encrypted"
    assert labels(result) == {("【極秘】", "top_secret", "filename")}  # the name is still read


def test_a_password_protected_doc_is_reported_as_encrypted(tmp_path: Path) -> None:
    path = lb.sample("labelled.doc", tmp_path)
    word = bytearray(lb.read_stream(path, "WordDocument"))
    word[0x0B] |= 0x01  # FibBase.fEncrypted
    assert scan_file(lb.rewrite_ole(path, {"WordDocument": bytes(word)}))["error"] == "encrypted"


def test_a_password_protected_ppt_is_reported_as_encrypted(tmp_path: Path) -> None:
    path = lb.sample("labelled.ppt", tmp_path)
    user = bytearray(lb.read_stream(path, "Current User"))
    user[12:16] = struct.pack("<I", 0xF3D1C4DF)  # CurrentUserAtom.headerToken of an encrypted file
    assert scan_file(lb.rewrite_ole(path, {"Current User": bytes(user)}))["error"] == "encrypted"


def _shuffled_piece_table(folder: Path) -> Path:
    """A doc whose piece table runs backwards: the CPs of the pieces decrease."""
    path = lb.sample("labelled.doc", folder)
    word = lb.read_stream(path, "WordDocument")
    table_name = "1Table" if struct.unpack_from("<H", word, 0x0A)[0] & 0x0200 else "0Table"
    table = bytearray(lb.read_stream(path, table_name))
    start = struct.unpack_from("<I", word, 0x01A2)[0]  # FibRgFcLcb97.fcClx
    while table[start] == 0x01:  # skip the Prc entries to the Pcdt
        start += 3 + struct.unpack_from("<h", table, start + 1)[0]
    assert table[start] == 0x02
    count = (struct.unpack_from("<I", table, start + 1)[0] - 4) // 12
    for index in range(count + 1):
        struct.pack_into("<I", table, start + 5 + 4 * index, 10_000 - index)
    return lb.rewrite_ole(path, {table_name: bytes(table)})


def _huge_ppt_record(folder: Path) -> Path:
    path = lb.sample("labelled.ppt", folder)
    stream = bytearray(lb.read_stream(path, "PowerPoint Document"))
    struct.pack_into("<I", stream, 4, 0xFFFFFFF0)  # the first container claims 4 GB
    return lb.rewrite_ole(path, {"PowerPoint Document": bytes(stream)})


def _truncated(make: Build) -> Build:
    """The first sectors of a file only, as a broken download leaves it."""
    def build(folder: Path) -> Path:
        source = make(folder)
        path = folder / f"truncated-{source.name}"
        path.write_bytes(source.read_bytes()[:1536])
        source.unlink()
        return path

    return build


def _garbage_xls(folder: Path) -> Path:
    path = lb.xls(folder / "a.xls", cells=["社外秘"])
    size = len(lb.read_stream(path, "Workbook"))
    return lb.rewrite_ole(path, {"Workbook": (b"\x09\x08\xff\xff" + b"\xab" * size)[:size]})


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


DAMAGED: list[tuple[str, Build]] = [
    ("truncated doc", _truncated(lambda d: lb.sample("labelled.doc", d))),
    ("truncated ppt", _truncated(lambda d: lb.sample("labelled.ppt", d))),
    ("truncated xls", _truncated(lambda d: lb.xls(d / "a.xls"))),
    ("doc piece table out of order", _shuffled_piece_table),
    ("xls record stream of garbage", _garbage_xls),
    ("doc without its table stream", lambda d: lb.rewrite_ole(lb.sample("labelled.doc", d), {"1Table": None})),
    ("not an OLE file at all", lambda d: _write(d / "a.doc", b"{\\rtf1 hello}")),
]


@pytest.mark.parametrize("build", [c[1] for c in DAMAGED], ids=[c[0] for c in DAMAGED])
def test_a_damaged_legacy_file_is_reported_as_corrupt(tmp_path: Path, build: Build) -> None:
    assert scan_file(build(tmp_path))["error"].startswith("corrupt")


def test_damaged_legacy_files_fail_alone_within_the_worker_limits(tmp_path: Path) -> None:
    for _case, build in DAMAGED:
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        build(folder)
    _huge_ppt_record(tmp_path)
    lb.xls(tmp_path / "ok.xls", cells=["極秘"])
    results = {r["path"]: r for r in scan_paths([tmp_path], workers=2, timeout=10, memory_mb=256)}
    assert results.pop(str(tmp_path / "ok.xls"))["tier"] == "top_secret"
    # A record that claims more than the stream holds is cut at its container's end.
    assert results.pop(str(tmp_path / "labelled.ppt"))["error"] is None
    assert len(results) == len(DAMAGED)
    assert all(r["error"].startswith("corrupt") for r in results.values()), results
