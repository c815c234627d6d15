"""Follow-up codes of anonymous reports: drawn once, shown once, stored only as a hash.

A code is 20 characters from a 32-letter alphabet without look-alikes (100 bits), written in
groups of four so that a person can copy it onto paper. Guessing one is hopeless; the follow-up
page throttles tries anyway (see services.follow_up_throttle_*).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 20
GROUP = 4


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i:i + GROUP] for i in range(0, LENGTH, GROUP))


def normalise(code: str) -> str:
    """What the reporter typed, as it was drawn: case, spaces and dashes do not matter."""
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return cleaned[:LENGTH * 2]


def code_hash(code: str) -> str:
    # Unkeyed on purpose: 100 random bits need no key against offline guessing, and a code must
    # survive a change of SECRET_KEY.
    return hashlib.sha256(b"shuhi-report-code:" + normalise(code).encode()).hexdigest()


def client_key(address: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, b"shuhi-follow-up-client:" + (address or "").encode(), hashlib.sha256).hexdigest()
