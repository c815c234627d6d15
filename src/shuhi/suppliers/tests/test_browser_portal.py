"""In a real browser: the representative answers with an evidence file and submits; the outsourcer
returns one answer; the supplier fixes it and resubmits; the outsourcer accepts and downloads the PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from shuhi.suppliers.models import Assessment, ImprovementItem
from shuhi.suppliers.services import assessment_save, campaign_create, framework_install_builtin, profile_create
from shuhi.suppliers.testing import PDF, _answer_everything
from shuhi.testing.browser import log_in, shot
from shuhi.testing.cast import build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supplier_submits_is_returned_resubmits_and_is_accepted(page, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    cast = build_cast()
    device = TOTPDevice.objects.create(user=cast.security, name="test", confirmed=True)
    profile_create(actor=cast.admin, organisation=cast.supplier_a, size_band="21-50")
    framework, _sheet, _quick = framework_install_builtin(actor=cast.admin, organisation=cast.home)
    campaign = campaign_create(actor=cast.admin, framework=framework, title="2024年度 点検",
                               due_date=dt.date.today() + dt.timedelta(days=5), suppliers=[cast.supplier_a])
    assessment = campaign.assessments.get()
    prefilled = {k: v for k, v in _answer_everything(assessment).items() if k not in {"MA-1", "VP-2", "LT-3"}}
    assessment_save(actor=cast.rep_a, assessment=assessment, values=prefilled)
    evidence = tmp_path / "基本方針.pdf"
    evidence.write_bytes(PDF)
    base, url = live_server.url, f"{live_server.url}/suppliers/assessments/{assessment.pk}/"

    log_in(page, base, cast.rep_a)
    shot(page, "suppliers-01-supplier-dashboard")
    page.goto(url)
    page.locator('input[name="q-MA-1"][value="yes"]').check()
    page.locator('input[name="q-VP-2"][value="yes"]').check()
    page.locator('input[name="q-LT-3"][value="yes"]').check()
    assert page.locator("#q-VP-3").is_visible()
    page.get_by_test_id("file-VP-3").set_input_files(str(evidence))
    shot(page, "suppliers-02-answering")
    with page.expect_navigation():
        page.locator('button[name="action"][value="submit"]').click()
    assert Assessment.objects.get(pk=assessment.pk).status == "draft"  # saved; submitting asks first
    with page.expect_navigation():
        page.get_by_test_id("confirm-submit").click()
    assert Assessment.objects.get(pk=assessment.pk).status == "submitted"
    shot(page, "suppliers-03-submitted")
    assert page.get_by_role("link", name="基本方針.pdf").is_visible()

    log_in(page, base, cast.security, device)
    page.goto(url)
    assert not page.locator('textarea[name="r-LT-3"]').is_visible()  # comment boxes open on demand
    page.get_by_test_id("review-box-LT-3").locator("summary").click()
    page.locator('textarea[name="r-LT-3"]').fill("報告先の掲示を確認できません。実態に合わせてください。")
    shot(page, "suppliers-04-review")
    with page.expect_navigation():
        page.locator('button[name="decision"][value="return"]').click()
    assert Assessment.objects.get(pk=assessment.pk).status == "returned"

    log_in(page, base, cast.rep_a)
    page.goto(url)
    assert page.get_by_test_id("returned-list").get_by_text("報告先の掲示を確認できません").is_visible()
    shot(page, "suppliers-05-returned")
    page.locator('input[name="q-LT-3"][value="partly"]').check()
    with page.expect_navigation():
        page.locator('button[name="action"][value="submit"]').click()
    with page.expect_navigation():
        page.get_by_test_id("confirm-submit").click()
    assert Assessment.objects.get(pk=assessment.pk).versions.count() == 2

    log_in(page, base, cast.security, device, steps_ahead=1)
    page.goto(url)
    assert page.get_by_test_id("diff-LT-3").is_visible()
    with page.expect_navigation():
        page.locator('button[name="decision"][value="accept"]').click()
    assert Assessment.objects.get(pk=assessment.pk).status == "submitted"  # a second step first
    with page.expect_navigation():
        page.get_by_test_id("confirm-accept").click()
    assert Assessment.objects.get(pk=assessment.pk).status == "accepted"
    page.goto(f"{url}report/")
    assert page.locator("svg.radar polygon").count() >= 5
    shot(page, "suppliers-06-report")
    with page.expect_download() as download:
        page.get_by_test_id("pdf-link").click()
    target = tmp_path / "report.pdf"
    download.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")

    # The outsourcer plans the remaining gap; the supplier tracks it in its portal.
    page.locator('input[name="q"][value="LT-3"]').check()
    page.locator('input[name="owner_name"]').fill("総務 佐藤")
    with page.expect_navigation():
        page.get_by_test_id("plan-form").locator('button[type="submit"]').click()
    item = ImprovementItem.objects.get(assessment=assessment, question_id="LT-3")
    log_in(page, base, cast.rep_a)
    page.goto(f"{base}/suppliers/improvements/{item.pk}/")
    page.locator('select[name="status"]').select_option("in_progress")
    page.locator('textarea[name="notes"]').fill("報告先を休憩室に掲示しました。")
    with page.expect_navigation():
        page.locator('form:has(select[name="status"]) button[type="submit"]').click()
    shot(page, "suppliers-07-improvement-item")
    item.refresh_from_db()
    assert item.status == "in_progress" and item.owner_name == "総務 佐藤"
