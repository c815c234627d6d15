"""Single-use backup codes: the way back in when the authenticator app is lost.

They live in django_otp's StaticDevice/StaticToken, so the log-in's second step, its throttling
and `is_verified()` treat them like any other device. The token column holds a keyed digest, never
the code: a copy of the database alone gives nobody a way in, and the audit log only ever records
how many codes were made, used or remain.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from shuhi.core.audit.services import audit_record
from shuhi.core.models import User
from shuhi.core.permissions import can_change_own_account, enforces
from shuhi.paths import installation_secret

COUNT = 10
LENGTH = 10
# No 0/o, 1/l/i: a code copied from paper must not be mistyped. 31**10 is about 2**49.
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def normalise(code: str) -> str:
    """As typed, printed in groups or in capitals: the same code."""
    return "".join(code.split()).replace("-", "").lower()


def looks_like_backup_code(code: str) -> bool:
    text = normalise(code)
    return len(text) == LENGTH and all(c in ALPHABET for c in text)


def display(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def digest(code: str) -> str:
    # StaticToken.token holds 16 characters: 64 bits of an HMAC under the installation's own key.
    key = installation_secret("backup_codes")
    return hmac.new(key, normalise(code).encode(), hashlib.sha256).hexdigest()[:16]


def device_of(user: Any) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def remaining(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@enforces(can_change_own_account, obj="user")
@transaction.atomic
def backup_codes_generate(*, actor: Any, user: User) -> list[str]:
    """Ten new codes, returned once for display; every earlier code stops working."""
    replaced = remaining(user)
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Backup codes"), confirmed=True)
    codes = ["".join(secrets.choice(ALPHABET) for _i in range(LENGTH)) for _n in range(COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=digest(code)) for code in codes)
    audit_record(actor=actor, action="user.2fa.backup_codes", obj=user,
                 after={"count": COUNT, "replaced": replaced})
    return [display(code) for code in codes]


@transaction.atomic
def backup_code_use(*, user: User, code: str) -> StaticDevice | None:
    """The device whose code this was, with the code consumed; None when it is no (longer a) code.

    The caller is the log-in's second step: the user has given their password already.
    """
    device = device_of(user)
    if device is None or not looks_like_backup_code(code):
        return None
    device = StaticDevice.objects.select_for_update().get(pk=device.pk)
    # verify_token deletes the matching token and applies django_otp's throttling.
    if not device.verify_token(digest(code)):
        return None
    left = remaining(user)
    audit_record(actor=user, action="user.2fa.backup_code_use", obj=user, after={"remaining": left})
    return device


def codes_belong_to(user: Any, codes: list[str]) -> bool:
    """Whether every code is an unused backup code of `user` (guards the download of the list)."""
    wanted = {digest(code) for code in codes if looks_like_backup_code(code)}
    if not wanted or len(wanted) != len(codes):
        return False
    found = StaticToken.objects.filter(device__user=user, token__in=wanted).count()
    return found == len(wanted)
