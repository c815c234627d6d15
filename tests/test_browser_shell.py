"""Log in with TOTP, switch language and open the dashboard in a real headless Chromium."""

from __future__ import annotations

import base64

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from shuhi.testing.browser import shot
from shuhi.testing.cast import PASSWORD, build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_from_secret(secret: str, steps_ahead: int = 0) -> str:
    """What the phone shows now, or `steps_ahead` 30-second steps later.

    A code is accepted once only, and within one step of the server's clock, so a second log-in
    straight after set-up uses the next step's code instead of waiting half a minute.
    """
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{totp(key, t0=-30 * steps_ahead):06d}"


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def test_an_administrator_sets_up_totp_logs_in_with_it_and_switches_language(page, live_server):
    cast = build_cast()
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "ja"
    shot(page, "01-login-ja")

    log_in(page, base, cast.admin.email)
    page.wait_for_url("**/accounts/two-factor/")
    shot(page, "02-totp-setup")
    secret = page.get_by_test_id("totp-secret").inner_text()
    page.get_by_label("認証アプリに表示された6桁のコード").fill(code_from_secret(secret))
    page.get_by_role("button", name="有効にする").click()
    assert page.get_by_role("heading", name="バックアップコード").first.is_visible()
    codes = page.get_by_test_id("backup-codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    assert page.get_by_role("button", name="テキストファイルでダウンロード").is_visible()
    shot(page, "02b-backup-codes")
    page.get_by_role("button", name="保管しました").click()
    page.wait_for_url("**/accounts/profile/")
    assert TOTPDevice.objects.filter(user=cast.admin, confirmed=True).exists()

    page.locator("summary", has_text=cast.admin.full_name).click()
    page.get_by_role("button", name="ログアウト").click()
    page.wait_for_url("**/accounts/login/")

    log_in(page, base, cast.admin.email)
    page.wait_for_url("**/accounts/login/otp/**")
    shot(page, "03-totp-code")
    page.get_by_label("認証アプリの6桁のコード、またはバックアップコード").fill(code_from_secret(secret, steps_ahead=1))
    page.get_by_role("button", name="確認").click()
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("heading", name="ダッシュボード", exact=True).is_visible()
    shot(page, "04-dashboard-ja")

    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Dashboard", exact=True).is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    shot(page, "05-dashboard-en")
    page.get_by_role("link", name="Suppliers").click()
    assert page.get_by_role("link", name=cast.sub_supplier_a.name).is_visible()
    shot(page, "06-suppliers-en")


def test_an_administrator_without_the_phone_logs_in_with_a_backup_code(page, live_server):
    from shuhi.accounts.services_backup_codes import backup_codes_generate, remaining
    from shuhi.testing.cast import confirmed_device

    cast = build_cast()
    confirmed_device(cast.admin)
    codes = backup_codes_generate(actor=cast.admin, user=cast.admin)
    log_in(page, live_server.url, cast.admin.email)
    page.wait_for_url("**/accounts/login/otp/**")
    page.get_by_label("認証アプリの6桁のコード、またはバックアップコード").fill(codes[0])
    page.get_by_role("button", name="確認").click()
    page.wait_for_url("**/accounts/two-factor/backup-codes/")
    assert "9" in page.get_by_test_id("backup-codes-left").inner_text()
    shot(page, "07-backup-code-used")
    assert remaining(cast.admin) == 9
