"""In a real browser, the reporting channel from an anonymous report to an incident.

An employee files an anonymous report and notes the follow-up code; the security manager, a handler of the
channel, reads it (without learning who filed it) and asks a question; the reporter, logged out, opens the
follow-up page with the code alone and answers; the handler then opens an incident from the report, linked to
an asset of the ledger and to supplier A; last, the security manager sees the open incident on the management
dashboard and downloads the monthly report, whose pages are rendered and checked for ink and section titles.
Screenshots of each step go to test-artifacts/.
"""

from __future__ import annotations

import pypdfium2
import pytest

from shuhi.core.audit.models import AuditEntry
from shuhi.incidents.models import Incident, Report
from shuhi.incidents.testing import setup_channel
from shuhi.ledger.models import InformationAsset
from shuhi.ledger.testing import build_ledger_world
from shuhi.reports.models import ManagementReport
from shuhi.reports.months import last_month
from shuhi.testing.browser import log_in, shot
from shuhi.testing.cast import build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, form_selector: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type=submit]").first.click()


def test_an_anonymous_report_is_followed_up_by_code_and_becomes_an_incident(page, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    cast = build_cast()
    build_ledger_world(cast)
    setup_channel(cast, handlers=[cast.hr, cast.security])
    asset = InformationAsset.objects.get(code="W-3")
    base = live_server.url

    # 1. The employee files anonymously and notes the code.
    log_in(page, base, cast.employee)
    page.goto(f"{base}/incidents/report/")
    page.locator("input[name=anonymous][value=yes]").check()
    page.locator("select[name=category]").select_option("suspicious")
    page.locator("input[name=subject]").fill("金型図面が私物の USB メモリにコピーされていた")
    page.locator("textarea[name=body]").fill("金曜の夕方、開発部の共有 PC で極秘フォルダの図面がコピーされていました。")
    submit(page, "[data-testid=report-form]")
    code = page.locator("[data-testid=follow-up-code]").inner_text().strip()
    assert len(code.replace("-", "")) == 20
    shot(page, "incidents-1-anonymous-report-code")
    report = Report.objects.get()
    assert report.anonymous and report.reporter_id is None

    # 2. A handler reads it, without the reporter's name, and asks a question.
    log_in(page, base, cast.security)
    page.goto(f"{base}/incidents/reports/")
    page.get_by_role("link", name=report.number).click()
    assert "匿名" in page.locator("[data-testid=reporter]").inner_text()
    assert cast.employee.email not in page.content()
    page.locator("[data-testid=ask-form] textarea[name=body]").fill("コピーされたのは何時ごろでしたか。")
    submit(page, "[data-testid=ask-form]")
    assert "コピーされたのは何時ごろでしたか。" in page.locator("[data-testid=exchange]").inner_text()
    shot(page, "incidents-2-handler-asks")

    # 3. The reporter, logged out, answers with the code alone.
    page.context.clear_cookies()
    page.goto(f"{base}/incidents/follow-up/")
    page.locator("input[name=code]").fill(code)
    submit(page, "[data-testid=code-form]")
    assert "コピーされたのは何時ごろでしたか。" in page.locator("[data-testid=exchange]").inner_text()
    page.locator("[data-testid=answer-form] textarea[name=body]").fill("18 時ごろです。")
    submit(page, "[data-testid=answer-form]")
    assert page.locator("[data-testid=answer-sent]").is_visible()
    shot(page, "incidents-3-reporter-answers-with-code")
    assert not AuditEntry.objects.filter(actor=cast.employee, object_type__startswith="incidents.").exists()

    # 4. The handler opens an incident from the report, linked to an asset and a supplier.
    # A second log-in within 30 seconds: the next step's one-time code.
    log_in(page, base, cast.security, steps_ahead=1)
    page.goto(f"{base}/incidents/reports/{report.pk}/")
    assert "18 時ごろです。" in page.locator("[data-testid=exchange]").inner_text()
    with page.expect_navigation():
        page.locator("[data-testid=open-incident]").click()
    page.locator("select[name=cause]").select_option("internal_malicious")
    page.locator("select[name=data_kind]").select_option("trade_secret")
    page.locator("select[name=severity]").select_option("high")
    page.locator("select[name=assets]").select_option(str(asset.pk))
    page.locator("select[name=suppliers]").select_option(str(cast.supplier_a.pk))
    submit(page, "[data-testid=incident-form]")
    incident = Incident.objects.get()
    assert page.url.endswith(f"/incidents/register/{incident.pk}/")
    assert asset.name in page.locator("[data-testid=incident-assets]").inner_text()
    assert cast.supplier_a.name in page.locator("[data-testid=incident-suppliers]").inner_text()
    shot(page, "incidents-4-incident-from-report")
    report.refresh_from_db()
    assert report.incident == incident and list(incident.assets.all()) == [asset]

    # 5. The security manager sees the open incident on the dashboard and downloads the monthly report.
    page.goto(f"{base}/reports/")
    row = page.locator('tr[data-indicator="incidents.open"]')
    assert row.locator("strong").inner_text().strip() == "1"
    assert page.locator('tr[data-indicator="incidents.reports_30d"] strong').inner_text().strip() == "1"
    shot(page, "incidents-5-dashboard")
    page.locator("[data-testid=generate-report] input[name=month]").fill(f"{last_month():%Y-%m}")
    with page.expect_navigation():
        page.locator("[data-testid=generate-report] button[type=submit]").click()
    assert ManagementReport.objects.filter(month=last_month(), generated_by=cast.security).exists()
    with page.expect_download() as download:
        page.get_by_test_id("download-report").first.click()
    copy = tmp_path / "monthly.pdf"
    download.value.save_as(copy)
    document = pypdfium2.PdfDocument(str(copy))
    try:
        text = "".join("".join(p.get_textpage().get_text_range().split()) for p in document)
        inked = []
        for pdf_page in document:
            histogram = pdf_page.render(scale=0.5).to_pil().convert("L").histogram()
            inked.append(sum(histogram[:240]) / sum(histogram))
    finally:
        document.close()
    assert len(inked) >= 3 and min(inked) > 0.005, inked
    for title in ("概要", "報告・インシデント", "未完了のインシデント", "内部不正リスク"):
        assert title in text, title
