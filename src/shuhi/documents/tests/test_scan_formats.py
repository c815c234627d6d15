"""Every place a label can sit, in every format, found with its tier; decoys in prose are not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from shuhi.documents.scan import CONTRACT_KEYS, scan_file
from shuhi.documents.tests import builders as b
from shuhi.documents.vocabulary import vocabulary_from_dict

GUID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
SITE = "11111111-2222-3333-4444-555555555555"
PROSE = [b.DECOY_JA, b.DECOY_EN]
LONG_BODY = ["新製品の開発計画", *PROSE, b.FILLER, b.FILLER, b.FILLER]

Build = Callable[[Path], Path]

# (case id, builder, expected tier, expected `where` of the label)
CASES: list[tuple[str, Build, str, str]] = [
    ("file name", lambda d: b.docx(d / "見積書_社外秘_2025.docx", body=PROSE), "confidential", "filename"),
    (
        "docx header",
        lambda d: b.docx(d / "a.docx", body=PROSE, header="社外秘 ACME株式会社"),
        "confidential",
        "header",
    ),
    (
        "docx footer",
        lambda d: b.docx(d / "a.docx", body=PROSE, footer="Strictly Confidential"),
        "top_secret",
        "footer",
    ),
    (
        "docx first line",
        lambda d: b.docx(d / "a.docx", body=["【極秘】 新製品開発計画書", *PROSE]),
        "top_secret",
        "first_lines",
    ),
    (
        "docx standalone line",
        lambda d: b.docx(d / "a.docx", body=[*LONG_BODY, "部外秘", b.FILLER]),
        "confidential",
        "standalone",
    ),
    ("docx stamp", lambda d: b.docx(d / "a.docx", body=PROSE, textbox="㊙"), "confidential", "stamp"),
    (
        "docx text box",
        lambda d: b.docx(d / "a.docx", body=PROSE, textbox="【厳秘】 設計部"),
        "top_secret",
        "textbox",
    ),
    (
        "docx watermark",
        lambda d: b.docx(d / "a.docx", body=PROSE, watermark="社外秘"),
        "confidential",
        "watermark",
    ),
    (
        "docx core properties",
        lambda d: b.docx(d / "a.docx", body=PROSE, core={"title": "【極秘】 設計書"}),
        "top_secret",
        "properties",
    ),
    (
        "docx custom property",
        lambda d: b.docx(d / "a.docx", body=PROSE, custom={"Classification": "Confidential"}),
        "confidential",
        "properties",
    ),
    (
        "docx MIP custom properties",
        lambda d: b.docx(d / "a.docx", body=PROSE, custom=b.mip_properties(GUID, "Highly Confidential")),
        "top_secret",
        "mip",
    ),
    ("xlsx sheet header", lambda d: b.xlsx(d / "a.xlsx", header="部外秘"), "confidential", "sheet_header"),
    ("xlsx sheet footer", lambda d: b.xlsx(d / "a.xlsx", footer="Top Secret"), "top_secret", "sheet_footer"),
    (
        "xlsx shared-string cell",
        lambda d: b.xlsx(d / "a.xlsx", cells=["品番", "社外秘", b.DECOY_JA]),
        "confidential",
        "cell",
    ),
    ("xlsx inline cell", lambda d: b.xlsx(d / "a.xlsx", inline=["極秘"]), "top_secret", "cell"),
    (
        "xlsx sheet name",
        lambda d: b.xlsx(d / "a.xlsx", sheet_name="【社外秘】"),
        "confidential",
        "sheet_name",
    ),
    ("xlsx shape", lambda d: b.xlsx(d / "a.xlsx", textbox="取扱注意"), "confidential", "stamp"),
    (
        "xlsx properties",
        lambda d: b.xlsx(d / "a.xlsx", core={"keywords": "極秘"}),
        "top_secret",
        "properties",
    ),
    (
        "pptx slide",
        lambda d: b.pptx(d / "a.pptx", slide=["Internal Use Only", *PROSE]),
        "confidential",
        "slide",
    ),
    ("pptx slide layout", lambda d: b.pptx(d / "a.pptx", layout="【極秘】"), "top_secret", "slide_layout"),
    (
        "pptx slide master",
        lambda d: b.pptx(d / "a.pptx", master="Confidential"),
        "confidential",
        "slide_master",
    ),
    ("pptx notes", lambda d: b.pptx(d / "a.pptx", notes="社外秘"), "confidential", "notes"),
    (
        "pptx properties",
        lambda d: b.pptx(d / "a.pptx", core={"subject": "社外秘"}),
        "confidential",
        "properties",
    ),
    (
        "pdf header",
        lambda d: b.pdf(d / "a.pdf", body=PROSE, header="【社外秘】ACME株式会社"),
        "confidential",
        "header",
    ),
    ("pdf footer", lambda d: b.pdf(d / "a.pdf", body=PROSE, footer="CONFIDENTIAL"), "confidential", "footer"),
    (
        "pdf first line",
        lambda d: b.pdf(d / "a.pdf", body=["【極秘】 開発計画", *PROSE]),
        "top_secret",
        "first_lines",
    ),
    (
        "pdf standalone line",
        lambda d: b.pdf(d / "a.pdf", body=[*LONG_BODY, "部外秘"]),
        "confidential",
        "standalone",
    ),
    (
        "pdf diagonal stamp",
        lambda d: b.pdf(d / "a.pdf", body=LONG_BODY, stamp="極秘"),
        "top_secret",
        "standalone",
    ),
    (
        "pdf Info title",
        lambda d: b.pdf(d / "a.pdf", body=PROSE, title="社外秘"),
        "confidential",
        "properties",
    ),
    (
        "pdf Info keywords",
        lambda d: b.pdf(d / "a.pdf", body=PROSE, keywords="厳秘, 設計"),
        "top_secret",
        "properties",
    ),
    (
        "pdf Info MIP",
        lambda d: b.pdf(d / "a.pdf", body=PROSE, info=b.mip_properties(GUID, "Confidential")),
        "confidential",
        "mip",
    ),
    (
        "pdf XMP MIP",
        lambda d: b.pdf(d / "a.pdf", body=PROSE, xmp=b.mip_properties(GUID, "Highly Confidential")),
        "top_secret",
        "mip",
    ),
    (
        "odt header",
        lambda d: b.odf(d / "a.odt", "odt", body=PROSE, header="極秘 – 取扱注意"),
        "top_secret",
        "header",
    ),
    (
        "odt footer",
        lambda d: b.odf(d / "a.odt", "odt", body=PROSE, footer="Confidential and Proprietary"),
        "confidential",
        "footer",
    ),
    (
        "odt first line",
        lambda d: b.odf(d / "a.odt", "odt", body=["【社外秘】", *PROSE]),
        "confidential",
        "first_lines",
    ),
    ("odt text box", lambda d: b.odf(d / "a.odt", "odt", body=PROSE, textbox="㊙"), "confidential", "stamp"),
    (
        "odt meta title",
        lambda d: b.odf(d / "a.odt", "odt", body=PROSE, title="社外秘"),
        "confidential",
        "properties",
    ),
    (
        "odt MIP user-defined",
        lambda d: b.odf(d / "a.odt", "odt", body=PROSE, user=b.mip_properties(GUID, "Highly Confidential")),
        "top_secret",
        "mip",
    ),
    (
        "ods cell",
        lambda d: b.odf(d / "a.ods", "ods", body=["品番", "社外秘", b.DECOY_JA]),
        "confidential",
        "cell",
    ),
    ("ods header", lambda d: b.odf(d / "a.ods", "ods", body=PROSE, header="極秘"), "top_secret", "header"),
    ("odp slide", lambda d: b.odf(d / "a.odp", "odp", body=["Top Secret", *PROSE]), "top_secret", "slide"),
    (
        "odp master",
        lambda d: b.odf(d / "a.odp", "odp", body=PROSE, master="社外秘"),
        "confidential",
        "slide_master",
    ),
    ("txt UTF-8", lambda d: b.text_file(d / "a.txt", ["【社外秘】", *PROSE]), "confidential", "first_lines"),
    (
        "txt Shift_JIS",
        lambda d: b.text_file(d / "a.txt", ["【極秘】 会議録", b.DECOY_JA], "cp932"),
        "top_secret",
        "first_lines",
    ),
    (
        "txt EUC-JP",
        lambda d: b.text_file(d / "a.txt", ["部外秘", b.DECOY_JA], "euc_jp"),
        "confidential",
        "first_lines",
    ),
    (
        "md last line",
        lambda d: b.text_file(d / "a.md", ["# 議事録", *PROSE, *PROSE, *PROSE, "**社外秘**"]),
        "confidential",
        "last_lines",
    ),
    (
        "csv cell",
        lambda d: b.text_file(d / "a.csv", ["品番,区分", "A-1,極秘", f'x,"{b.DECOY_JA}"'], "cp932"),
        "top_secret",
        "cell",
    ),
]

DECOYS: list[tuple[str, Build]] = [
    ("docx", lambda d: b.docx(d / "a.docx", body=PROSE, header="ACME株式会社 設計部", footer="1 / 3")),
    ("xlsx", lambda d: b.xlsx(d / "a.xlsx", cells=PROSE, header="ACME株式会社")),
    ("pptx", lambda d: b.pptx(d / "a.pptx", slide=PROSE)),
    ("pdf", lambda d: b.pdf(d / "a.pdf", body=PROSE, header="ACME株式会社", title="社外秘の扱いについて")),
    ("odt", lambda d: b.odf(d / "a.odt", "odt", body=PROSE, footer="ACME")),
    ("ods", lambda d: b.odf(d / "a.ods", "ods", body=PROSE)),
    ("odp", lambda d: b.odf(d / "a.odp", "odp", body=PROSE)),
    ("txt Shift_JIS", lambda d: b.text_file(d / "a.txt", PROSE, "cp932")),
    ("txt EUC-JP", lambda d: b.text_file(d / "a.txt", PROSE, "euc_jp")),
]


@pytest.mark.parametrize(("build", "tier", "where"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_it_finds_the_label_in_each_place(tmp_path: Path, build: Build, tier: str, where: str) -> None:
    result = scan_file(build(tmp_path))
    assert result["error"] is None
    assert result["tier"] == tier, result["labels"]
    assert any(label["where"] == where and label["tier"] == tier for label in result["labels"]), result["labels"]


@pytest.mark.parametrize("build", [case[1] for case in DECOYS], ids=[case[0] for case in DECOYS])
def test_it_ignores_tier_words_in_running_text(tmp_path: Path, build: Build) -> None:
    result = scan_file(build(tmp_path))
    assert result["error"] is None
    assert result["labels"] == [] and result["tier"] is None


def test_it_returns_exactly_the_output_contract(tmp_path: Path) -> None:
    result = scan_file(b.docx(tmp_path / "a.docx", header="社外秘"))
    assert tuple(result) == CONTRACT_KEYS
    assert result["format"] == "docx" and isinstance(result["seconds"], float)
    assert set(result["labels"][0]) == {"text", "tier", "where"}


def test_it_reads_labelinfo_first_and_fills_the_name_from_custom_properties(tmp_path: Path) -> None:
    path = b.docx(
        tmp_path / "a.docx",
        custom=b.mip_properties(GUID, "Confidential", site=SITE),
        labelinfo=[{"id": GUID, "site": SITE, "method": "Standard"}],
    )
    (record,) = scan_file(path)["mip"]
    assert record == {
        "id": GUID,
        "name": "Confidential",
        "enabled": True,
        "method": "Standard",
        "site_id": SITE,
        "set_date": "2025-04-01T09:00:00Z",
    }


def test_it_maps_a_nameless_labelinfo_guid_through_the_vocabulary(tmp_path: Path) -> None:
    path = b.xlsx(tmp_path / "a.xlsx", labelinfo=[{"id": GUID}])
    assert scan_file(path)["tier"] is None
    vocab = vocabulary_from_dict(
        {"extends": "default", "mip": [{"id": f"{{{GUID.upper()}}}", "name": "極秘", "tier": "top_secret"}]}
    )
    result = scan_file(path, vocab)
    assert result["tier"] == "top_secret" and result["mip"][0]["id"] == GUID


def test_it_skips_removed_and_disabled_microsoft_labels(tmp_path: Path) -> None:
    path = b.docx(
        tmp_path / "a.docx",
        labelinfo=[{"id": GUID, "removed": "1"}],
        custom=b.mip_properties("9" * 8 + "-1111-2222-3333-" + "4" * 12, "Confidential", enabled="false"),
    )
    result = scan_file(path)
    assert [record["enabled"] for record in result["mip"]] == [False]
    assert result["tier"] is None


def test_it_reports_the_strongest_of_several_labels(tmp_path: Path) -> None:
    path = b.docx(tmp_path / "a.docx", header="一般", footer="社外秘", watermark="極秘")
    assert scan_file(path)["tier"] == "top_secret"


def test_it_reads_a_label_split_over_several_word_runs(tmp_path: Path) -> None:
    # w_para cuts every paragraph in two runs: 関係者 | 外秘
    path = b.docx(tmp_path / "a.docx", body=["関係者外秘", *PROSE])
    assert scan_file(path)["labels"][0]["text"] == "関係者外秘"


def test_it_does_not_read_phonetic_guides_as_cells(tmp_path: Path) -> None:
    vocab = vocabulary_from_dict({"extends": "default", "terms": [{"text": "ブヒン", "tier": "public"}]})
    assert scan_file(b.xlsx(tmp_path / "a.xlsx"), vocab)["tier"] is None


def test_it_reads_iso_strict_office_files(tmp_path: Path) -> None:
    import zipfile

    path = b.docx(tmp_path / "strict.docx", body=["【極秘】", *PROSE])
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    )
    b.write_zip(path, parts)
    assert scan_file(path)["tier"] == "top_secret"
