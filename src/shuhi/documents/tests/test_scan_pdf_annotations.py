"""Stamps, watermarks and comments added to a PDF in a viewer are labels; prose in a comment is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from shuhi.documents.scan import scan_file
from shuhi.documents.tests import builders as b
from shuhi.documents.tests.pdf_inputs import Annot, annotated_pdf
from shuhi.documents.vocabulary import vocabulary_from_dict

PROSE = [b.DECOY_JA, b.DECOY_EN]


def _labels(path: Path, **options: object) -> list[tuple[str, str, str]]:
    result = scan_file(path, **options)  # type: ignore[arg-type]
    assert result["error"] is None, result
    return [(label["text"], label["tier"], label["where"]) for label in result["labels"]]


@pytest.mark.parametrize(
    ("annot", "label"),
    [
        (Annot("Stamp", name="Confidential"), ("Confidential", "confidential", "stamp")),
        (Annot("Stamp", name="TopSecret"), ("TopSecret", "top_secret", "stamp")),
        (Annot("Stamp", name="SBNotForPublicRelease"), ("SBNotForPublicRelease", "confidential", "stamp")),
        (Annot("Stamp", name="Custom1", drawn="社外秘"), ("社外秘", "confidential", "stamp")),
        (Annot("Stamp", name="Custom2", contents="極秘"), ("極秘", "top_secret", "stamp")),
        (Annot("FreeText", contents="社外秘", drawn="社外秘"), ("社外秘", "confidential", "stamp")),
        (Annot("Watermark", drawn="社外秘"), ("社外秘", "confidential", "watermark")),
    ],
    ids=["standard Confidential", "standard TopSecret", "Acrobat business stamp", "custom drawn 社外秘",
         "custom note 極秘", "FreeText holding only the label", "watermark annotation"],
)
def test_it_finds_the_label_of_a_pdf_annotation(tmp_path: Path, annot: Annot, label: tuple[str, str, str]) -> None:
    assert label in _labels(annotated_pdf(tmp_path / "a.pdf", [annot], body=PROSE))


def test_it_reads_the_strongest_of_several_stamps_on_one_page(tmp_path: Path) -> None:
    path = annotated_pdf(tmp_path / "a.pdf", [Annot("Stamp", name="Confidential"), Annot("Stamp", drawn="極秘")])
    assert scan_file(path)["tier"] == "top_secret"


@pytest.mark.parametrize(
    "annot",
    [
        Annot("FreeText", contents="この見積は社外秘 取引先に渡さないこと",
              drawn="この見積は社外秘 取引先に渡さないこと"),
        Annot("FreeText", contents="社外秘の扱いについては総務部に確認してください。"),
        Annot("Stamp", name="Approved", drawn="APPROVED"),
        Annot("Stamp", name="ForComment", contents="社外秘の資料と照合してください。"),
        Annot("Text", contents="社外秘"),
    ],
    ids=["comment with the word mid-sentence", "comment sentence", "Approved stamp", "note in prose",
         "sticky note (not a mark)"],
)
def test_it_ignores_annotations_that_only_talk_about_a_tier(tmp_path: Path, annot: Annot) -> None:
    assert _labels(annotated_pdf(tmp_path / "a.pdf", [annot], body=PROSE)) == []


def test_a_company_vocabulary_can_name_its_own_stamps(tmp_path: Path) -> None:
    path = annotated_pdf(tmp_path / "a.pdf", [Annot("Stamp", name="ACME_Gokuhi")], body=PROSE)
    assert _labels(path) == []
    vocab = vocabulary_from_dict({"extends": "default", "pdf_stamps": [{"name": "ACME_Gokuhi", "tier": "top_secret"}]})
    assert _labels(path, vocabulary=vocab) == [("ACME_Gokuhi", "top_secret", "stamp")]


def test_it_bounds_the_annotations_it_reads(tmp_path: Path) -> None:
    from shuhi.documents.extract import pdf_annotations

    many = [Annot("Stamp", name="Draft") for _ in range(pdf_annotations.MAX_MARKS)]
    path = annotated_pdf(tmp_path / "a.pdf", [*many, Annot("Stamp", name="TopSecret")], body=PROSE)
    assert scan_file(path)["tier"] is None  # the 41st mark is past the limit


def test_a_damaged_annotation_costs_the_annotations_not_the_page_text(tmp_path: Path) -> None:
    import pikepdf

    path = b.pdf(tmp_path / "a.pdf", body=["【極秘】 開発計画", *PROSE])
    with pikepdf.open(path, allow_overwriting_input=True) as document:
        broken = pikepdf.Dictionary(Subtype=pikepdf.Name.Stamp, AP=pikepdf.Dictionary(N=pikepdf.Stream(
            document, b"/F0 Do", BBox=[0, 0, "x", 1])))
        document.pages[0].obj.Annots = pikepdf.Array([document.make_indirect(broken)])
        document.save(path)
    result = scan_file(path)
    assert result["tier"] == "top_secret"
    assert result["error"].startswith("corrupt: annotations")
