"""In a real browser: the security manager opens the management dashboard, follows an indicator to
its page, makes the monthly report with the page button and downloads it; an employee is not shown
the dashboard at all."""

from __future__ import annotations

import pypdfium2
import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from shuhi.ledger.testing import build_ledger_world
from shuhi.reports.models import ManagementReport
from shuhi.reports.months import last_month, shift, span
from shuhi.reports.services import snapshots_record
from shuhi.testing.browser import log_in, shot
from shuhi.testing.cast import SYSTEM_TEST, build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_security_manager_reads_the_dashboard_and_downloads_the_monthly_report(page, live_server, tmp_path,
                                                                                    settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    cast = build_cast()
    build_ledger_world(cast)
    for index, month in enumerate(span(shift(last_month(), -1), 5)):
        values = {"ledger.label_coverage": 20.0 + 6 * index, "ledger.classified": 50.0 + 3 * index,
                  "reviews.overdue": float(3 - index // 2)}
        snapshots_record(actor=SYSTEM_TEST, organisation=cast.home, month=month, values=values)
    device = TOTPDevice.objects.create(user=cast.security, name="test", confirmed=True)
    base = live_server.url

    log_in(page, base, cast.security, device)
    page.get_by_test_id("card-management").get_by_role("link").click()
    page.wait_for_url(f"{base}/reports/")
    assert page.locator("svg.trend").count() >= 5
    row = page.locator('tr[data-indicator="ledger.label_coverage"]')
    assert "35.1–50.7%" in row.inner_text() and row.locator("svg.trend polyline").count() == 1
    shot(page, "reports-01-dashboard")

    with page.expect_navigation():
        row.get_by_role("link").first.click()
    assert "/reports/indicators/ledger.label_coverage/" in page.url
    shot(page, "reports-02-indicator")

    page.goto(f"{base}/reports/")
    page.locator('[data-testid=generate-report] input[name=month]').fill(f"{last_month():%Y-%m}")
    with page.expect_navigation():
        page.locator("[data-testid=generate-report] button[type=submit]").click()
    report = ManagementReport.objects.get(month=last_month())
    assert report.version == 1 and report.generated_by == cast.security
    shot(page, "reports-03-made")
    with page.expect_download() as download:
        page.get_by_test_id("download-report").first.click()
    copy = tmp_path / "report.pdf"
    download.value.save_as(copy)
    document = pypdfium2.PdfDocument(str(copy))
    try:
        first = document[0].get_textpage().get_text_range()
        assert len(document) >= 3 and "概要" in first and f"{last_month():%Y-%m}" in first
    finally:
        document.close()

    log_in(page, base, cast.employee)
    assert page.locator('a[href="/reports/"]').count() == 0
    response = page.goto(f"{base}/reports/")
    assert response.status == 404
