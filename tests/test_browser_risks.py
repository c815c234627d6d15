"""In a real browser: the security manager loads the starter insider risks, sees them on the SVG heat
map, re-scores one with a reason and reads the diff, then deletes it after confirming and restores it.
An employee reaches only the case library."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from shuhi.risks.models import InsiderRisk
from shuhi.risks.services import cases_load_starter_set
from shuhi.testing.browser import log_in, shot
from shuhi.testing.cast import build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, form_selector: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type=submit]").first.click()


def heat_total(page) -> int:
    return sum(int(n) for n in page.locator("svg.risk-heatmap a").evaluate_all(
        "cells => cells.map(c => c.getAttribute('data-count'))"))


def test_the_register_from_starter_set_to_diff_delete_and_restore(page, live_server):
    cast = build_cast()
    cases_load_starter_set(actor=cast.security, organisation=cast.home)
    device = TOTPDevice.objects.create(user=cast.security, name="test", confirmed=True)
    base = live_server.url

    log_in(page, base, cast.security, device)
    page.goto(f"{base}/risks/")
    submit(page, 'form[action="/risks/register/starter-set/"]')
    assert InsiderRisk.objects.count() == 12
    assert heat_total(page) == 12
    shot(page, "risks-01-register")

    risk = InsiderRisk.objects.get(starter_key="usb-bulk-copy")
    page.goto(f"{base}/risks/register/{risk.pk}/edit/")
    page.locator("select[name=likelihood]").select_option("1")
    page.locator("input[name=reason]").fill("書き込み制御を導入")
    submit(page, "form.main-form")
    assert page.locator('[data-testid=version-diff] tr[data-field="likelihood"]').count() == 1
    assert "書き込み制御を導入" in page.locator("[data-testid=history]").inner_text()
    shot(page, "risks-02-diff")

    page.goto(f"{base}/risks/register/{risk.pk}/delete/")
    submit(page, "form.main-form")
    assert heat_total(page) == 11
    page.goto(f"{base}/risks/register/{risk.pk}/")
    submit(page, f'form[action="/risks/register/{risk.pk}/restore/"]')
    risk.refresh_from_db()
    assert risk.deleted_at is None and risk.version == 4

    page.goto(f"{base}/risks/cases/")
    assert page.locator("article.case").count() == 10
    shot(page, "risks-03-cases")
