"""Hashing of audit entries. Pure functions: the writer and the verifier must agree exactly."""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
from typing import Any

from shuhi.paths import installation_secret


@functools.cache
def audit_key() -> bytes:
    return installation_secret("audit_key")


def normalise(value: Any) -> Any:
    """What a JSON column gives back after a round trip, so hashes match across databases."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def digest_of(entry: Any) -> str:
    """The entry's keyed hash over its content, its id and the previous entry's hash."""
    payload = {
        "id": entry.pk,
        "at": entry.created_at.isoformat(timespec="microseconds"),
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "org": entry.organisation_id,
        "action": entry.action,
        "type": entry.object_type,
        "oid": entry.object_id,
        "repr": entry.object_repr,
        "before": normalise(entry.before),
        "after": normalise(entry.after),
        "source": entry.source,
        "prev": entry.prev_hash,
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # Keyed, so that someone with write access to the database alone cannot re-forge the chain.
    return hmac.new(audit_key(), encoded.encode("utf-8"), hashlib.sha256).hexdigest()


# Each kind of signed text starts with its own label, so that no signature can pass for another kind.
HEAD_LABEL = "shuhi-audit-head-v1"
ANCHOR_LABEL = "shuhi-audit-anchor-v1"


def _sign(label: str, fields: dict[str, Any], key: bytes | None = None) -> str:
    encoded = json.dumps({"kind": label, **fields}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key or audit_key(), encoded.encode("utf-8"), hashlib.sha256).hexdigest()


def head_signature(*, last_id: int, last_hash: str, signed_at: Any, key: bytes | None = None) -> str:
    """The head's keyed signature: without the key nobody can point the head at another entry."""
    stamp = signed_at.isoformat(timespec="microseconds") if signed_at else ""
    return _sign(HEAD_LABEL, {"last_id": last_id, "last_hash": last_hash, "signed_at": stamp}, key)


def anchor_signature(fields: dict[str, Any], key: bytes | None = None) -> str:
    """The signature of an anchor file over every field it holds except the signature itself."""
    return _sign(ANCHOR_LABEL, {k: v for k, v in fields.items() if k != "signature"}, key)


def signatures_match(expected: str, given: Any) -> bool:
    return isinstance(given, str) and hmac.compare_digest(expected, given)
