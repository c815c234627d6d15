"""Scanned pages are read by OCR: a red hanko is a label, the same word in scanned prose is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from shuhi.documents.batch import scan_paths
from shuhi.documents.extract import ocr
from shuhi.documents.extract.pdf_ocr import chosen_pages
from shuhi.documents.scan import CONTRACT_KEYS, scan_file
from shuhi.documents.tests import builders as b
from shuhi.documents.tests.pdf_inputs import BODY_LINES, Hanko, image_pdf, scanned_page, scanned_pdf

pytestmark = pytest.mark.skipif(ocr.unavailable() is not None, reason=f"no OCR here: {ocr.unavailable()}")

PROSE_LINE = "社外秘の資料は施錠して保管し、持ち出しの際は上長の許可を得ること。"


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scans")
    return {
        "boxed 社外秘": scanned_pdf(folder / "boxed.pdf"),
        "ringed 極秘": scanned_pdf(folder / "ringed.pdf", skew=-2.5,
                                  hankos=[Hanko(text="極秘", frame="circle", at=(0.12, 0.78), angle=-6)]),
        "ringed ㊙": scanned_pdf(folder / "maruhi.pdf", hankos=[Hanko(text="㊙", frame="circle", angle=3)]),
        "prose only": scanned_pdf(folder / "prose.pdf", hankos=[], body=[*BODY_LINES, PROSE_LINE]),
        "printed header": scanned_pdf(folder / "header.pdf", hankos=[], header="【社外秘】ACME株式会社 設計部"),
    }


def _only_label(result: dict) -> dict:
    assert result["error"] is None, result
    assert len(result["labels"]) == 1, result["labels"]
    return result["labels"][0]


def test_it_reads_a_boxed_red_hanko_on_a_skewed_jpeg_scan(scans: dict[str, Path]) -> None:
    result = scan_file(scans["boxed 社外秘"])
    label = _only_label(result)
    assert result["ocr"] is True and result["tier"] == "confidential"
    assert label["text"] == "社外秘" and label["where"] == "stamp"
    assert label["ocr"] is True and 50 <= label["confidence"] <= 100


def test_it_reads_a_ringed_red_hanko_with_the_top_tier(scans: dict[str, Path]) -> None:
    result = scan_file(scans["ringed 極秘"])
    assert _only_label(result)["where"] == "stamp"
    assert result["tier"] == "top_secret" and result["ocr"] is True


def test_it_reads_a_maruhi_pressed_inside_a_ring_of_its_own(scans: dict[str, Path]) -> None:
    label = _only_label(scan_file(scans["ringed ㊙"]))
    assert (label["text"], label["tier"], label["where"]) == ("秘", "confidential", "stamp")


def test_it_does_not_take_the_word_in_scanned_prose_for_a_label(scans: dict[str, Path]) -> None:
    from shuhi.documents.extract.pdf import extract_pdf

    result = scan_file(scans["prose only"])
    assert result["ocr"] is True and result["error"] is None
    assert result["labels"] == [] and result["tier"] is None
    # It was read, not skipped: the sentence is there, as body text.
    read = extract_pdf(scans["prose only"], ocr=ocr.OcrLimits())
    assert any(segment.where == "body" and "施錠" in segment.text for segment in read.segments)


def test_it_reads_the_whole_page_when_no_red_stamp_holds_the_label(scans: dict[str, Path]) -> None:
    result = scan_file(scans["printed header"])
    label = _only_label(result)
    assert (label["tier"], label["where"], label["ocr"]) == ("confidential", "header", True)


def test_without_ocr_a_scan_has_no_label_and_no_ocr(scans: dict[str, Path]) -> None:
    result = scan_file(scans["boxed 社外秘"], ocr=False)
    assert result["labels"] == [] and result["error"] is None and result["ocr"] is False


def test_pages_with_a_text_layer_are_not_ocred(tmp_path: Path) -> None:
    result = scan_file(b.pdf(tmp_path / "a.pdf", body=["【極秘】 開発計画", b.DECOY_JA]))
    assert result["tier"] == "top_secret" and result["ocr"] is False
    assert "ocr" not in result["labels"][0]


def test_the_workers_ocr_by_default_and_can_be_told_not_to(scans: dict[str, Path]) -> None:
    (on,) = scan_paths([scans["ringed 極秘"]], timeout=20)
    (off,) = scan_paths([scans["ringed 極秘"]], timeout=20, ocr=False)
    assert tuple(on) == CONTRACT_KEYS
    assert (on["tier"], on["ocr"]) == ("top_secret", True)
    assert (off["tier"], off["ocr"]) == (None, False)


def test_it_reads_the_first_pages_and_the_last_of_a_long_scan() -> None:
    assert chosen_pages(list(range(10)), 4) == [0, 1, 2, 9]
    assert chosen_pages([3, 5], 4) == [3, 5]


def test_a_stamp_on_a_later_page_of_a_multi_page_scan_is_found(tmp_path: Path) -> None:
    plain = scanned_page(hankos=[])
    stamped = scanned_page(hankos=[Hanko(text="極秘", at=(0.6, 0.85))], seed=3)
    result = scan_file(image_pdf(tmp_path / "scan.pdf", [plain, plain, stamped]))
    assert result["tier"] == "top_secret"


def test_on_later_pages_it_reads_the_header_and_footer_bands(tmp_path: Path) -> None:
    first = scanned_page(hankos=[])
    later = scanned_page(hankos=[], body=[*BODY_LINES, PROSE_LINE], footer="- 2 -  極秘", seed=5)
    result = scan_file(image_pdf(tmp_path / "scan.pdf", [first, later]))
    assert [(label["tier"], label["where"]) for label in result["labels"]] == [("top_secret", "footer")]


def test_it_says_when_ocr_ran_out_of_time(scans: dict[str, Path]) -> None:
    result = scan_file(scans["prose only"], ocr=ocr.OcrLimits(seconds=0.1))
    assert result["error"].startswith("ocr incomplete")


@pytest.fixture
def no_tesseract(monkeypatch: pytest.MonkeyPatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    ocr.reset()
    yield
    monkeypatch.undo()
    ocr.reset()


def test_a_machine_without_tesseract_reports_the_scan_as_not_read(scans: dict[str, Path], no_tesseract) -> None:
    result = scan_file(scans["boxed 社外秘"])
    assert result["error"] == "ocr unavailable: tesseract not installed"
    assert result["labels"] == [] and result["ocr"] is False


def test_a_machine_without_tesseract_still_reads_text_pdfs(tmp_path: Path, no_tesseract) -> None:
    result = scan_file(b.pdf(tmp_path / "a.pdf", body=["部外秘", b.DECOY_JA]))
    assert result["error"] is None and result["tier"] == "confidential"


def test_the_command_line_reads_scans_unless_told_no_ocr(scans: dict[str, Path],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from shuhi.documents.cli import scan_main

    assert scan_main([str(scans["boxed 社外秘"]), "--jsonl"]) == 0
    on = json.loads(capsys.readouterr().out)
    assert scan_main([str(scans["boxed 社外秘"]), "--jsonl", "--no-ocr"]) == 0
    off = json.loads(capsys.readouterr().out)
    assert (on["tier"], on["ocr"], on["labels"][0]["ocr"]) == ("confidential", True, True)
    assert (off["tier"], off["ocr"], off["labels"]) == (None, False, [])


def test_a_stamp_annotation_that_is_a_picture_of_a_red_seal_is_read_by_ocr(tmp_path: Path) -> None:
    from shuhi.documents.tests.pdf_inputs import Annot, annotated_pdf

    path = annotated_pdf(tmp_path / "a.pdf", [Annot("Stamp", name="Custom", seal="極秘")], body=[b.DECOY_JA])
    result = scan_file(path)
    assert (result["tier"], result["ocr"]) == ("top_secret", True)
    label = result["labels"][0]
    assert (label["text"], label["where"], label["ocr"]) == ("極秘", "stamp", True)
    assert scan_file(path, ocr=False)["tier"] is None
