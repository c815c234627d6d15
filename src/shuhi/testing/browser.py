"""Playwright on Debian's Chromium (Playwright cannot download its own browser here)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
CHROMIUM = os.environ.get("SHUHI_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def require_chromium() -> None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM}; `make test` installs Debian's chromium package")


def browser_page():
    require_chromium()
    # Playwright's sync API runs an event loop in this thread; the live server's DB work is in its own.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield from _launch()
    finally:
        # Restored, so that later tests (and the subprocesses they start) keep Django's safety check.
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _launch():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 860})
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        context.close()
        browser.close()


def shot(page, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, base: str, user, device=None, steps_ahead: int = 0) -> None:
    """Log `user` in through the form, giving a TOTP code when the account has or needs a device.

    A code is accepted once only, so a second log-in within the same 30 seconds passes
    `steps_ahead=1` (the server accepts the next step's code).
    """
    from django_otp.oath import totp

    from shuhi.testing.cast import PASSWORD, confirmed_device

    if device is None and user.two_factor_required:
        device = confirmed_device(user)
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    if device is not None:
        page.wait_for_url("**/accounts/login/otp/**")
        page.locator("input[name=code]").fill(f"{totp(device.bin_key, t0=-30 * steps_ahead):06d}")
        page.locator("form:has(input[name=code]) button[type=submit]").click()
    page.wait_for_url(f"{base}/")
