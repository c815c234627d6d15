"""Hashing of audit entries. Pure functions: the writer and the verifier must agree exactly."""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
from datetime import datetime
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


def entry_digest(
    *,
    entry_id: int,
    created_at: datetime,
    actor_id: int | None,
    actor_label: str,
    organisation_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    before: Any,
    after: Any,
    source: str,
    prev_hash: str,
) -> str:
    payload = {
        "id": entry_id,
        "at": created_at.isoformat(timespec="microseconds"),
        "actor": actor_id,
        "actor_label": actor_label,
        "org": organisation_id,
        "action": action,
        "type": object_type,
        "oid": object_id,
        "repr": object_repr,
        "before": normalise(before),
        "after": normalise(after),
        "source": source,
        "prev": prev_hash,
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # Keyed, so that someone with write access to the database alone cannot re-forge the chain.
    return hmac.new(audit_key(), encoded.encode("utf-8"), hashlib.sha256).hexdigest()


def digest_of(entry: Any) -> str:
    return entry_digest(
        entry_id=entry.pk,
        created_at=entry.created_at,
        actor_id=entry.actor_id,
        actor_label=entry.actor_label,
        organisation_id=entry.organisation_id,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        object_repr=entry.object_repr,
        before=entry.before,
        after=entry.after,
        source=entry.source,
        prev_hash=entry.prev_hash,
    )
