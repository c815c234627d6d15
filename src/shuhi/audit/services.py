"""Writing the audit log. Services of every app call `audit_record` inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from shuhi.audit.chain import entry_digest, normalise
from shuhi.audit.context import current_source
from shuhi.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry
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


@transaction.atomic
def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: Any = None,
    after: Any = None,
    organisation_id: int | None = None,
) -> AuditEntry:
    """Append one entry to the chain. Call it inside the transaction of the change it records."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
        if organisation_id is None and hasattr(type(obj), "scope"):
            organisation_id = owner_organisation_id(obj)
    actor_user = actor if getattr(actor, "pk", None) and getattr(actor, "is_authenticated", False) else None
    if organisation_id is None and actor_user is not None:
        organisation_id = actor_user.organisation_id
    # The row lock on the head serialises writers, so ids and links never interleave.
    head = _head_for_update()
    entry = AuditEntry(
        pk=head.last_id + 1,
        created_at=timezone.now(),
        actor=actor_user,
        actor_label=(actor_user.email if actor_user else str(actor or "system"))[:254],
        organisation_id=organisation_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        before=normalise(before),
        after=normalise(after),
        source=current_source.get(),
        prev_hash=head.last_hash,
    )
    entry.hash = entry_digest(
        entry_id=entry.pk, created_at=entry.created_at, actor_id=entry.actor_id,
        actor_label=entry.actor_label, organisation_id=entry.organisation_id, action=entry.action,
        object_type=entry.object_type, object_id=entry.object_id, object_repr=entry.object_repr,
        before=entry.before, after=entry.after, source=entry.source, prev_hash=entry.prev_hash,
    )
    entry.save(force_insert=True)
    head.last_id, head.last_hash = entry.pk, entry.hash
    head.save(update_fields=["last_id", "last_hash"])
    return entry
