"""`shuhi demo` stores six months of every registered indicator, and `shuhi report monthly` writes
last month's report from them: a Japanese PDF of several pages whose charts show the trends."""

from __future__ import annotations

import pypdfium2
import pytest

from shuhi.cli import main
from shuhi.core.demo import load_demo
from shuhi.core.registry import management_indicators
from shuhi.reports.models import IndicatorSnapshot, ManagementReport
from shuhi.reports.months import last_month, span

pytestmark = pytest.mark.django_db


def test_the_demo_has_six_varying_months_and_the_cli_writes_last_months_report(settings, tmp_path, monkeypatch,
                                                                              capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    assert load_demo(employees=10)
    months = span(last_month(), 6)
    for indicator in management_indicators():
        values = list(IndicatorSnapshot.objects.filter(key=indicator.key).order_by("month")
                      .values_list("month", "value"))
        assert [m for m, _v in values] == months, indicator.key
        assert all(v is not None for _m, v in values), indicator.key
        if indicator.unit == "%":
            assert len({v for _m, v in values}) > 2, (indicator.key, values)
    assert ManagementReport.objects.filter(month=last_month(), version=1).exists()

    out = tmp_path / "月次報告.pdf"
    assert main(["report", "monthly", "--month", f"{last_month():%Y-%m}", str(out)]) == 0
    assert f"{last_month():%Y-%m}" in capsys.readouterr().err
    assert ManagementReport.objects.filter(month=last_month(), version=2).exists()
    document = pypdfium2.PdfDocument(str(out))
    try:
        texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()
    assert len(texts) >= 3
    assert "経営報告書" in texts[0] and "概要" in texts[0] and "判断をお願いしたい事項" in texts[-1]
    assert main(["report", "monthly", "--month", "2026/11", str(out)]) != 0
