"""Keyed fingerprints that tie a copy of a document to one disclosure.

A fingerprint is the disclosure id plus a truncated HMAC-SHA256 of it under the installation's
secret. Without the key nobody can mint a valid fingerprint for another disclosure id, and an
edited id no longer matches its MAC. The same fingerprint is written in several forms so that it
survives different kinds of handling (see docs/fingerprint.md):

- a *token* ``SHUHI#<id>#<MAC, 16 base32 chars>`` for metadata and invisible text;
- a *reference* ``SHUHI#<id>#<MAC, 8 base32 chars>``, short enough for the visible mark;
- a *zero-width* string, the id and MAC as invisible characters appended to visible text.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass

PREFIX = "SHUHI"
TOKEN_MAC_CHARS = 16  # 80 bits: metadata and hidden text, where length costs nothing
REFERENCE_MAC_CHARS = 8  # 40 bits: the visible code people may read aloud or retype
_RAW_MAC_BYTES = 10
_DOMAIN = b"shuhi-fingerprint-v1\x00"

DISCLOSURE_ID_RE = re.compile(r"[A-Za-z0-9_.\-]{1,40}")
# The id may contain "-" and ".", but never "#", so the separators cannot be confused.
TOKEN_RE = re.compile(r"SHUHI#([A-Za-z0-9_.\-]{1,40})#([A-Z2-7]{16}|[A-Z2-7]{8})(?![A-Z2-7])")

# Four zero-width characters carry two bits each; U+2060 (word joiner) frames the payload.
# All five are "default ignorable", so editors and viewers draw nothing for them.
_ZW_DIGITS = "\u200b\u200c\u200d\u2062"
_ZW_FRAME = "\u2060"
_ZW_RE = re.compile(f"{_ZW_FRAME}([{_ZW_DIGITS}]{{44,400}}){_ZW_FRAME}")


class FingerprintError(ValueError):
    """The disclosure id cannot be carried by a fingerprint."""


@dataclass(frozen=True)
class Fingerprint:
    disclosure_id: str
    token: str
    reference: str
    zero_width: str


@dataclass(frozen=True)
class Found:
    """One fingerprint read back from a channel."""

    channel: str
    disclosure_id: str
    valid: bool


def _raw_mac(disclosure_id: str, key: bytes) -> bytes:
    digest = hmac.new(key, _DOMAIN + disclosure_id.encode("ascii"), hashlib.sha256).digest()
    return digest[:_RAW_MAC_BYTES]


def _mac_text(raw: bytes) -> str:
    return base64.b32encode(raw).decode("ascii")  # 10 bytes -> exactly 16 chars, no padding


def check_disclosure_id(disclosure_id: str) -> str:
    disclosure_id = str(disclosure_id).strip()
    if not DISCLOSURE_ID_RE.fullmatch(disclosure_id):
        raise FingerprintError(
            "a disclosure id must be 1-40 characters from A-Z a-z 0-9 _ . - "
            f"(got {disclosure_id!r})"
        )
    return disclosure_id


def make_fingerprint(disclosure_id: str, *, key: bytes) -> Fingerprint:
    disclosure_id = check_disclosure_id(disclosure_id)
    if not key:
        raise FingerprintError("the fingerprint key is empty")
    raw = _raw_mac(disclosure_id, key)
    mac = _mac_text(raw)
    return Fingerprint(
        disclosure_id=disclosure_id,
        token=f"{PREFIX}#{disclosure_id}#{mac}",
        reference=f"{PREFIX}#{disclosure_id}#{mac[:REFERENCE_MAC_CHARS]}",
        zero_width=encode_zero_width(disclosure_id.encode("ascii") + raw),
    )


def verify(disclosure_id: str, mac: str, *, key: bytes) -> bool:
    """True when `mac` (full or shortened) is the MAC of `disclosure_id` under `key`."""
    if not key or not DISCLOSURE_ID_RE.fullmatch(disclosure_id):
        return False
    expected = _mac_text(_raw_mac(disclosure_id, key))[: len(mac)]
    return len(mac) in (TOKEN_MAC_CHARS, REFERENCE_MAC_CHARS) and hmac.compare_digest(expected, mac)


def encode_zero_width(payload: bytes) -> str:
    digits = []
    for byte in payload:
        for shift in (6, 4, 2, 0):
            digits.append(_ZW_DIGITS[(byte >> shift) & 3])
    return _ZW_FRAME + "".join(digits) + _ZW_FRAME


def decode_zero_width(text: str) -> list[bytes]:
    payloads = []
    for match in _ZW_RE.finditer(text):
        digits = match.group(1)
        if len(digits) % 4:
            continue
        values = [_ZW_DIGITS.index(ch) for ch in digits]
        payloads.append(
            bytes(
                (values[i] << 6) | (values[i + 1] << 4) | (values[i + 2] << 2) | values[i + 3]
                for i in range(0, len(values), 4)
            )
        )
    return payloads


def find_in_text(text: str, *, key: bytes) -> list[Found]:
    """Every fingerprint in `text`: tokens and references as text, and zero-width payloads.

    The channel name says which form was found: ``hidden_text`` (full token, written only in
    invisible text), ``visible_reference`` (the short code of the visible mark) or ``zero_width``.
    """
    found = []
    for match in TOKEN_RE.finditer(text):
        disclosure_id, mac = match.group(1), match.group(2)
        channel = "hidden_text" if len(mac) == TOKEN_MAC_CHARS else "visible_reference"
        found.append(Found(channel, disclosure_id, verify(disclosure_id, mac, key=key)))
    for payload in decode_zero_width(text):
        found.append(_found_in_payload(payload, key))
    return found


def _found_in_payload(payload: bytes, key: bytes) -> Found:
    raw_id, raw = payload[:-_RAW_MAC_BYTES], payload[-_RAW_MAC_BYTES:]
    disclosure_id = raw_id.decode("ascii", errors="replace")
    valid = verify(disclosure_id, _mac_text(raw), key=key) if len(raw) == _RAW_MAC_BYTES else False
    return Found("zero_width", disclosure_id, valid)


def find_token(value: str | None, channel: str, *, key: bytes) -> list[Found]:
    """A metadata value that should hold exactly one full token."""
    if not value:
        return []
    match = TOKEN_RE.fullmatch(str(value).strip())
    if not match:
        return [Found(channel, str(value)[:60], False)]
    disclosure_id, mac = match.groups()
    valid = len(mac) == TOKEN_MAC_CHARS and verify(disclosure_id, mac, key=key)
    return [Found(channel, disclosure_id, valid)]
