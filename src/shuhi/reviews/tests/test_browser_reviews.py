"""In a real browser: the reviewer signs off a weekly log review; the security manager re-identifies
one pseudonym with a reason; staff see the log-collection notice."""

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
    page.wait_for_load_state()
    shot(page, "reviews-03-reidentified")
    record = Reidentification.objects.get()
    assert record.reason.startswith("退職予定者")
    assert record.actor == cast.security
    assert record.found
