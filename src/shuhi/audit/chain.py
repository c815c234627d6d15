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
