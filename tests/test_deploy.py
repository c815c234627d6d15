"""Production settings come from the environment, and Django's deployment check is clean under them."""

from __future__ import annotations

import os
import subprocess
import sys


def test_check_deploy_has_no_warnings_under_production_settings(tmp_path):
    env = {
        **os.environ,
        "SHUHI_ENV": "production",
        "SECRET_KEY": "p" * 20 + "x9!Qz#" + "k" * 40,
        "ALLOWED_HOSTS": "shuhi.example.jp",
        "SHUHI_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "shuhi.settings",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_turns_on_https_hardening(tmp_path):
    env = {**os.environ, "SHUHI_ENV": "production", "SHUHI_DATA_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "shuhi.settings"}
    code = ("from django.conf import settings as s; "
            "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, "
            "s.SECURE_SSL_REDIRECT)")
    out = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code],
                         capture_output=True, text=True, env=env, timeout=60).stdout.split()
    assert out == ["False", "True", "True", "True", "True"]


def test_pages_carry_a_content_security_policy_without_outside_sources(client):
    response = client.get("/accounts/login/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "http" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_job_queue_uses_the_database_by_default_and_redis_when_configured(tmp_path):
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print('orm' in s.Q_CLUSTER, s.Q_CLUSTER.get('redis', '-'))")
    base = {**os.environ, "SHUHI_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "shuhi.settings"}
    base.pop("REDIS_URL", None)
    default = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=base, timeout=60)
    assert default.stdout.split() == ["True", "-"]
    redis = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                           env={**base, "REDIS_URL": "redis://127.0.0.1:6379/3"})
    assert redis.stdout.split() == ["False", "redis://127.0.0.1:6379/3"]
