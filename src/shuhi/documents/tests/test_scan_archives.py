"""A .zip met by a folder scan: every member is scanned as a file of its own, its result's path
written `archive.zip!/folder/member`, under the archive limits; a refused archive costs one line."""

from __future__ import annotations

import zipfile
from pathlib import Path

from shuhi.documents.batch import scan_paths
from shuhi.documents.extract.archive import MAX_DEPTH
from shuhi.documents.scan import scan_file
from shuhi.documents.tests import builders as b
from shuhi.documents.tests import legacy_builders as lb

PROSE = [b.DECOY_JA, b.DECOY_EN]


def _zip(path: Path, members: dict[str, bytes], *, shift_jis: bool = False) -> Path:
    placeholders = {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(members.items()):
            if shift_jis:  # as Explorer on Japanese Windows writes names: cp932, no UTF-8 flag
                raw = name.encode("cp932")
                name = f"~{index}~".ljust(len(raw), "~")
                placeholders[name.encode()] = raw
            archive.writestr(name, data)
    content = path.read_bytes()
    for placeholder, raw in placeholders.items():  # zipfile writes non-ASCII names as UTF-8 only
        content = content.replace(placeholder, raw)
    path.write_bytes(content)
    return path


def _docx(folder: Path, **places: str) -> bytes:
    return b.docx(folder / "source.docx", body=PROSE, **places).read_bytes()


def test_a_folder_scan_gives_each_zip_member_a_line_of_its_own(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    _zip(share / "archive.zip", {"folder/設計書.docx": _docx(tmp_path, header="【極秘】"),
                                 "folder/memo.txt": "社外秘の資料は施錠して保管する。\n".encode(),
                                 "readme.xls": lb.xls(tmp_path / "r.xls", cells=["社外秘"]).read_bytes()})
    b.docx(share / "plain.docx", body=PROSE)
    results = {r["path"]: r for r in scan_paths([share])}
    archive = str(share / "archive.zip")
    assert set(results) == {archive + "!/folder/設計書.docx", archive + "!/folder/memo.txt",
                            archive + "!/readme.xls", str(share / "plain.docx")}
    assert results[archive + "!/folder/設計書.docx"]["tier"] == "top_secret"
    assert results[archive + "!/readme.xls"]["labels"] == [{"text": "社外秘", "tier": "confidential", "where": "cell"}]
    assert results[archive + "!/folder/memo.txt"]["tier"] is None


def test_shift_jis_member_names_are_read_as_japanese(tmp_path: Path) -> None:
    _zip(tmp_path / "a.zip", {"極秘/図面.docx": _docx(tmp_path)}, shift_jis=True)
    (tmp_path / "source.docx").unlink()
    (result,) = scan_paths([tmp_path / "a.zip"])
    assert result["path"] == str(tmp_path / "a.zip") + "!/極秘/図面.docx"


def test_a_zip_bomb_in_a_folder_costs_one_line(tmp_path: Path) -> None:
    _zip(tmp_path / "bomb.zip", {"blank.txt": b" " * (300 << 20)})
    b.text_file(tmp_path / "ok.txt", ["【社外秘】"])
    results = {Path(r["path"]).name: r for r in scan_paths([tmp_path])}
    assert results["bomb.zip"]["error"].startswith("too large")
    assert results["ok.txt"]["tier"] == "confidential"


def test_a_zip_that_is_not_a_zip_is_reported_as_corrupt(tmp_path: Path) -> None:
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04junk")
    (result,) = scan_paths([tmp_path])
    assert result["path"] == str(tmp_path / "broken.zip") and result["error"].startswith("corrupt")


def test_an_encrypted_member_is_listed_as_encrypted(tmp_path: Path) -> None:
    path = _zip(tmp_path / "a.zip", {"secret.docx": b"x"})
    data = bytearray(path.read_bytes())
    data[6] |= 0x01  # general-purpose flag of the local header ...
    central = data.rindex(b"PK\x01\x02")
    data[central + 8] |= 0x01  # ... and of the central directory: "encrypted"
    path.write_bytes(bytes(data))
    (result,) = scan_paths([path])
    assert result["path"] == str(path) + "!/secret.docx" and result["error"] == "encrypted"


def test_zips_inside_zips_are_opened_down_to_the_depth_limit(tmp_path: Path) -> None:
    inner = _zip(tmp_path / "inner.zip", {"設計書.docx": _docx(tmp_path, footer="社外秘")})
    outer = _zip(tmp_path / "outer.zip", {"箱/inner.zip": inner.read_bytes()})
    inner.unlink()
    (tmp_path / "source.docx").unlink()
    (result,) = scan_paths([outer])
    assert result["path"] == str(outer) + "!/箱/inner.zip!/設計書.docx" and result["tier"] == "confidential"
    deep = outer
    for level in range(MAX_DEPTH):
        deep = _zip(tmp_path / f"level{level}.zip", {deep.name: deep.read_bytes()})
    (result,) = scan_paths([deep])
    assert result["error"].startswith("too large") and result["path"].count("!/") == MAX_DEPTH


def test_scanning_one_zip_file_merges_its_members_labels(tmp_path: Path) -> None:
    path = _zip(tmp_path / "a.zip", {"docs/設計書.docx": _docx(tmp_path, header="社外秘")})
    result = scan_file(path)
    assert result["format"] == "zip" and result["error"] is None
    assert result["labels"] == [{"text": "社外秘", "tier": "confidential", "where": "!/docs/設計書.docx/header"}]
