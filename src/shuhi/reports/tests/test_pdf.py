"""The monthly report's PDF: a summary page, then each area with its charts, then the decisions;
Japanese text with the font embedded; pages that really show something."""

from __future__ import annotations

import datetime as dt
import io

import pikepdf
import pypdfium2
import pytest

from shuhi.core.registry import REGISTRY, ManagementIndicator
from shuhi.reports.services import report_generate, snapshots_record
from shuhi.testing.cast import SYSTEM_TEST

pytestmark = pytest.mark.django_db

MONTHS = [dt.date(2026, m, 1) for m in (8, 9, 10)]


def page_texts(data: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(data)
    try:
        return ["".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


def ink(data: bytes) -> list[float]:
    """Per page, the share of pixels that are not white."""
    document = pypdfium2.PdfDocument(data)
    try:
        shares = []
        for page in document:
            image = page.render(scale=0.5).to_pil().convert("L")
            histogram = image.histogram()
            shares.append(sum(histogram[:240]) / sum(histogram))
        return shares
    finally:
        document.close()


@pytest.fixture
def pdf(cast):
    state = {"value": 60.0}
    REGISTRY.indicators["test.figure"] = ManagementIndicator(
        key="test.figure", label="全社の運用ルールに基づくリテラシー教育の受講率", area="教育",
        value=lambda o: state["value"], order=999, survey_key="recognisable_by_label",
        description="受講を終えた従業員の割合。")
    try:
        for month, value in zip(MONTHS, (60.0, 45.0, 20.0), strict=True):
            state["value"] = value
            snapshots_record(actor=SYSTEM_TEST, organisation=cast.home, month=month)
        report = report_generate(actor=SYSTEM_TEST, organisation=cast.home, month=MONTHS[-1])
    finally:
        del REGISTRY.indicators["test.figure"]
    with report.file.open("rb") as handle:
        return report, handle.read()


def test_the_report_starts_with_a_summary_then_the_areas_then_the_decisions(pdf):
    report, data = pdf
    texts = page_texts(data)
    assert report.pages == len(texts) >= 3
    assert "2026-10" in texts[0] and "概要" in texts[0]
    assert "判断をお願いしたい事項" in texts[-1]
    body = "".join(texts[1:-1])
    assert "教育" in body and "台帳" in "".join(texts)
    # The falling figure below large firms' level is put to the board.
    assert "リテラシー教育の受講率" in texts[-1] and "35.1–50.7%" in texts[-1]


def test_every_page_shows_ink_and_the_japanese_font_is_embedded(pdf):
    _report, data = pdf
    assert all(share > 0.01 for share in ink(data)), ink(data)
    with pikepdf.open(io.BytesIO(data)) as document:
        fonts = [str(o.FontName) for o in document.objects if isinstance(o, pikepdf.Dictionary)
                 and o.get("/Type") == "/FontDescriptor" and "/FontFile2" in o]
    assert any("IPAexGothic" in name for name in fonts), fonts


def test_no_line_drawn_in_the_report_starts_with_a_closing_mark(cast, monkeypatch):
    """Every line the report draws, as drawn (text extraction guesses lines from glyph boxes, and
    reads the mid-height ー as a line of its own)."""
    from shuhi.core import pdf as core_pdf
    from shuhi.core.kinsoku import NO_START

    drawn: list[str] = []
    original = core_pdf.JapaneseText.draw

    def record(self):
        drawn.extend(self._lines or [])
        return original(self)

    monkeypatch.setattr(core_pdf.JapaneseText, "draw", record)
    REGISTRY.indicators["test.figure"] = ManagementIndicator(
        key="test.figure", label="全社の運用ルールに基づくリテラシー教育の受講率（前年度比）。", area="教育",
        value=lambda o: 20.0, order=999, survey_key="recognisable_by_label")
    try:
        for month in MONTHS:
            snapshots_record(actor=SYSTEM_TEST, organisation=cast.home, month=month)
        report_generate(actor=SYSTEM_TEST, organisation=cast.home, month=MONTHS[-1])
    finally:
        del REGISTRY.indicators["test.figure"]
    assert len(drawn) > 60
    assert [line for line in drawn if line.startswith("全社の運用ル")], drawn
    continued = [line for line in drawn[1:] if line and line[0] in NO_START]
    assert not continued, continued
