"""The assessment report's PDF: the survey's figures with and without the viewpoint have a column of their own."""

from __future__ import annotations

import pypdfium2
from django.utils import translation

from shuhi.suppliers.report_pdf import render_report

PLACEMENTS = [
    {"label": "営業秘密の管理に関する全社の運用ルールがある", "status_label": "上回る", "small": (32.2, 44.9),
     "large": (63.9, 75.6), "viewpoints": []},
    {"label": "内部不正防止の基本方針を定めている", "status_label": "下回る", "small": None, "large": None,
     "viewpoints": [{"with": 61.2, "without": 23.4}]},
]


def _left_of(textpage, text: str) -> float:
    searcher = textpage.search(text)
    found = searcher.get_next()
    assert found is not None, text
    return textpage.get_charbox(found[0])[0]


def test_the_viewpoint_figures_print_in_their_own_column_right_of_the_large_firms():
    with translation.override("ja"):
        pdf = render_report(title="委託先評価レポート", organisation="山田精工", framework="IPA", overall=55,
                            viewpoints={"trade_secret": 60, "insider": 40},
                            areas=[{"name": "経営者のリーダーシップ", "score": 60}, {"name": "教育", "score": 40},
                                   {"name": "秘密情報の管理", "score": 70}],
                            placements=PLACEMENTS, gaps=[], source={"title": "調査", "publisher": "IPA", "url": "u"})
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0].get_textpage()
        small, large = _left_of(page, "中小企業"), _left_of(page, "大企業")
        viewpoint_header, viewpoint = _left_of(page, "観点あり／なし"), _left_of(page, "観点あり 61.2")
        assert small < large < viewpoint_header
        assert abs(viewpoint - viewpoint_header) < 2, (viewpoint, viewpoint_header)
        assert _left_of(page, "32.2") < large
    finally:
        document.close()
