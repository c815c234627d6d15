from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from shuhi.core.audit.models import AuditEntry
from shuhi.testing.cast import PASSWORD

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def post_login(client, email, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_passwords_are_hashed_with_argon2(cast):
    assert cast.employee.password.startswith("argon2")


def test_an_employee_without_two_factor_lands_on_the_dashboard(client, cast):
    response = post_login(client, cast.employee.email)
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_a_wrong_password_shows_one_clear_error_and_no_session(client, cast):
    response = post_login(client, cast.employee.email, "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_a_security_manager_must_set_up_two_factor_before_anything_else(client, cast):
    response = post_login(client, cast.security.email)
    assert response.url == reverse("accounts:setup_2fa")
    assert client.get(reverse("core:dashboard")).url == reverse("accounts:setup_2fa")
    assert client.get(reverse("audit:list")).url == reverse("accounts:setup_2fa")


def test_setting_up_two_factor_with_a_valid_code_turns_it_on(client, cast):
    post_login(client, cast.admin.email)
    client.get(reverse("accounts:setup_2fa"))
    device = TOTPDevice.objects.get(user=cast.admin, confirmed=False)
    response = client.post(reverse("accounts:setup_2fa"), {"code": code_for(device)})
    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("core:dashboard")).status_code == 200
    assert AuditEntry.objects.filter(action="user.2fa.enable", object_id=str(cast.admin.pk)).exists()


def test_a_wrong_setup_code_keeps_two_factor_off(client, cast):
    post_login(client, cast.admin.email)
    client.get(reverse("accounts:setup_2fa"))
    response = client.post(reverse("accounts:setup_2fa"), {"code": "000000"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=cast.admin, confirmed=True).exists()


def test_a_user_with_a_device_must_give_the_code_at_each_log_in(client, cast):
    device = TOTPDevice.objects.create(user=cast.security, confirmed=True, name="phone")
    response = post_login(client, cast.security.email)
    assert response.url.startswith(reverse("accounts:otp"))
    assert client.get(reverse("core:dashboard")).url == reverse("accounts:otp")
    assert client.post(reverse("accounts:otp"), {"code": code_for(device)}).status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200
    assert AuditEntry.objects.filter(action="user.login", after__method="password+totp").exists()


def test_a_wrong_code_is_refused_and_further_tries_are_throttled(client, cast):
    device = TOTPDevice.objects.create(user=cast.security, confirmed=True, name="phone")
    post_login(client, cast.security.email)
    wrong = f"{(int(code_for(device)) + 1) % 1000000:06d}"
    assert client.post(reverse("accounts:otp"), {"code": wrong}).status_code == 200
    # Right after a failure even the right code is refused: that is what stops guessing.
    assert client.post(reverse("accounts:otp"), {"code": code_for(device)}).status_code == 200
    assert client.get(reverse("core:dashboard")).url == reverse("accounts:otp")


def test_an_account_is_locked_after_five_failed_log_ins(client, cast):
    for _attempt in range(5):
        post_login(client, cast.employee.email, "wrong-password")
    response = post_login(client, cast.employee.email)
    assert response.status_code == 429
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_sessions_expire_after_a_period_of_inactivity(client, cast, settings):
    post_login(client, cast.employee.email)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    session = client.session
    session.set_expiry(-1)
    session.save()
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_optional_two_factor_can_be_turned_off_but_required_cannot(client, cast, login):
    TOTPDevice.objects.create(user=cast.employee, confirmed=True, name="phone")
    login(cast.employee)
    client.post(reverse("accounts:profile"), {"form": "2fa-off"})
    assert not TOTPDevice.objects.filter(user=cast.employee).exists()
    login(cast.security)
    client.post(reverse("accounts:profile"), {"form": "2fa-off"})
    assert TOTPDevice.objects.filter(user=cast.security, confirmed=True).exists()


def test_next_parameter_cannot_redirect_off_site(client, cast):
    response = client.post(reverse("accounts:login") + "?next=https://evil.example/",
                           {"username": cast.employee.email, "password": PASSWORD, "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil" not in response.url
