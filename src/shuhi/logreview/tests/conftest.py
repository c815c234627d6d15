"""The log-review engine's tests run without Django (`pytest -p no:django`).

The repository's root conftest has an autouse fixture that needs pytest-django's `settings`;
overriding it by name here keeps these tests independent of the web platform.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _cheap_argon2() -> None:
    """No password hashing happens in the engine: nothing to make cheap."""
