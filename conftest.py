"""Shared test fixtures: the cast of users from DESIGN.md and logged-in clients."""

from __future__ import annotations

import pytest


@pytest.fixture
def cast(db):
    from shuhi.testing.cast import build_cast

    return build_cast()


@pytest.fixture
def login(client):
    """`login(user)` signs the test client in, past the second factor when the user has or needs one."""
    from shuhi.testing.cast import sign_in

    def _login(user):
        sign_in(client, user)
        return client

    return _login


@pytest.fixture
def api_client_for():
    from shuhi.testing.cast import api_client

    return api_client


@pytest.fixture(autouse=True)
def _cheap_argon2(settings):
    settings.PASSWORD_HASHERS = ["shuhi.testing.hashers.FastArgon2PasswordHasher"]


@pytest.fixture
def page():
    """A page in Debian's headless Chromium (skips with a reason when Chromium is absent)."""
    from shuhi.testing.browser import browser_page

    yield from browser_page()


@pytest.fixture
def speak(monkeypatch):
    """`speak(LANG="C")` leaves exactly the given locale variables set, whatever the machine has:
    the engine command-line tools choose their language from them (shuhi.i18n)."""
    from shuhi.i18n import LANGUAGE_VARIABLES

    def _speak(**env: str) -> None:
        for name in LANGUAGE_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)

    return _speak
