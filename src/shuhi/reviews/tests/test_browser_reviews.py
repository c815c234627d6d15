"""In a real browser: the reviewer signs off a weekly log review; the security manager asks to
re-identify one pseudonym with a reason, an administrator approves, and the security manager sees
the identity; staff see the log-collection notice."""

from __future__ import annotations

import pytest

from shuhi.reviews.demo import load_demo_reviews
from shuhi.reviews.models import Reidentification, ReviewCycle
from shuhi.testing.browser import log_in, shot
from shuhi.testing.cast import build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_signs_off_and_the_security_manager_re_identifies_with_a_reason(page, live_server):
    cast = build_cast()
    load_demo_reviews(cast.home)
    ready = ReviewCycle.objects.get(status=ReviewCycle.Status.READY)
    base = live_server.url

    log_in(page, base, ready.reviewer)
    page.goto(f"{base}/reviews/")
    shot(page, "reviews-01-cycles")
    page.goto(f"{base}/reviews/{ready.pk}/")
    shot(page, "reviews-02-ranking")
    page.locator("textarea[name=notes]").first.fill("上位5名を確認。追加の対応は不要。")
    page.locator(f"form[action='/reviews/{ready.pk}/sign-off/'] button[type=submit]").click()
    page.wait_for_url(f"**/reviews/{ready.pk}/")
    ready.refresh_from_db()
    assert ready.status == ReviewCycle.Status.SIGNED_OFF
    assert ready.signoff.reviewer == ready.reviewer

    log_in(page, base, cast.security)
    page.goto(f"{base}/reviews/{ready.pk}/")
    first = page.locator(f"form[action='/reviews/{ready.pk}/reidentify/']").first
    first.locator("xpath=ancestor::details").first.locator("summary").click()
    first.locator("input[name=reason]").fill("退職予定者の持ち出し疑いのため上長と確認")
    first.locator("button[type=submit]").click()
    page.wait_for_url("**/reviews/reidentifications/")
    shot(page, "reviews-03-reidentification-requested")
    record = Reidentification.objects.get()
    assert record.status == Reidentification.Status.PENDING and not record.found

    # A second person, never the requester, approves with a reason.
    log_in(page, base, cast.admin)
    page.goto(f"{base}/reviews/reidentifications/?todo=decide")
    decide = page.get_by_test_id(f"decide-{record.pk}")
    decide.locator("input[value=approve]").check()
    decide.locator("input[name=reason]").fill("就業規則に基づく調査として妥当")
    shot(page, "reviews-04-reidentification-approval")
    decide.locator("button[type=submit]").click()
    page.wait_for_url("**/reviews/reidentifications/")

    log_in(page, base, cast.security, steps_ahead=1)
    page.goto(f"{base}/reviews/reidentifications/")
    page.locator(f"form[action='/reviews/reidentifications/{record.pk}/reveal/'] button").click()
    page.get_by_test_id("revealed").wait_for()
    shot(page, "reviews-05-reidentified")
    record.refresh_from_db()
    assert record.reason.startswith("退職予定者")
    assert record.actor == cast.security and record.approver == cast.admin
    assert record.status == Reidentification.Status.REVEALED
    assert record.found


def test_a_security_manager_uploads_a_proxy_export_and_sees_its_preview(page, live_server, tmp_path):
    from shuhi.reviews.models import LogSource
    from shuhi.reviews.tests.test_upload_sources import fileserver_csv

    cast = build_cast()
    export = tmp_path / "監査ログ.csv"
    export.write_bytes(fileserver_csv().encode("cp932"))
    base = live_server.url
    log_in(page, base, cast.security)
    page.goto(f"{base}/reviews/sources/upload/")
    page.locator("input[name=name]").fill("ファイルサーバ 4月")
    page.locator("input[name=preset][value=fileserver]").check()
    page.locator("input[name=files]").set_input_files(str(export))
    shot(page, "reviews-06-upload")
    page.get_by_role("button", name="確認してログソースを追加").click()
    page.get_by_test_id("date-range").wait_for()
    assert "2026-04-01" in page.get_by_test_id("date-range").inner_text()
    shot(page, "reviews-07-upload-preview")
    source = LogSource.objects.get(name="ファイルサーバ 4月")
    assert source.uploads[0]["encoding"].startswith("Shift_JIS")
