"""Writing the audit log. Services of every app call `audit_record` inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from shuhi.audit.chain import digest_of, normalise
from shuhi.audit.context import current_source
from shuhi.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry
from shuhi.core.bulk import insert_objects
from shuhi.core.permissions import owner_organisation_id


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Field values of `obj` for the before/after columns; relations as ids, many-to-many as id lists."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password"}:
            continue
        data[field.name] = field.value_from_object(obj)
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            if fields is None or field.name in fields:
                data[field.name] = sorted(value.pk for value in field.value_from_object(obj))
    return normalise(data)


def _head_for_update() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        last = AuditEntry.objects.order_by("-id").first()
        head = AuditChainHead.objects.create(
            pk=1, last_id=last.pk if last else 0, last_hash=last.hash if last else GENESIS_HASH
        )
    return head


def _build_entry(*, pk: int, prev_hash: str, created_at, actor: Any, action: str, obj: models.Model | None = None,
                 object_type: str = "", object_id: str = "", object_repr: str = "", before: Any = None,
                 after: Any = None, organisation_id: int | None = None) -> AuditEntry:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
        if organisation_id is None and hasattr(type(obj), "scope"):
            organisation_id = owner_organisation_id(obj)
    actor_user = actor if getattr(actor, "pk", None) and getattr(actor, "is_authenticated", False) else None
    if organisation_id is None and actor_user is not None:
        organisation_id = actor_user.organisation_id
    entry = AuditEntry(
        pk=pk, created_at=created_at, actor=actor_user,
        actor_label=(actor_user.email if actor_user else str(actor or "system"))[:254],
        organisation_id=organisation_id, action=action, object_type=object_type, object_id=object_id,
        object_repr=object_repr, before=normalise(before), after=normalise(after), source=current_source.get(),
        prev_hash=prev_hash,
    )
    entry.hash = digest_of(entry)
    return entry


@transaction.atomic
def audit_record(*, actor: Any, action: str, **details: Any) -> AuditEntry:
    """Append one entry to the chain. Call it inside the transaction of the change it records.

    details: obj, or object_type/object_id/object_repr; before; after; organisation_id.
    """
    # The row lock on the head serialises writers, so ids and links never interleave.
    head = _head_for_update()
    entry = _build_entry(pk=head.last_id + 1, prev_hash=head.last_hash, created_at=timezone.now(), actor=actor,
                         action=action, **details)
    entry.save(force_insert=True)
    head.last_id, head.last_hash = entry.pk, entry.hash
    head.save(update_fields=["last_id", "last_hash"])
    return entry


@transaction.atomic
def audit_record_many(*, actor: Any, records: list[dict[str, Any]]) -> int:
    """Append many entries in one go (imports): the same chain, written with bulk inserts.

    Each record holds `action` and the details `audit_record` takes.
    """
    head = _head_for_update()
    now = timezone.now()
    entries, prev, next_id = [], head.last_hash, head.last_id + 1
    for record in records:
        entry = _build_entry(pk=next_id, prev_hash=prev, created_at=now, actor=actor, **record)
        entries.append(entry)
        prev, next_id = entry.hash, next_id + 1
    insert_objects(AuditEntry, entries)
    if entries:
        head.last_id, head.last_hash = entries[-1].pk, entries[-1].hash
        head.save(update_fields=["last_id", "last_hash"])
    return len(entries)
