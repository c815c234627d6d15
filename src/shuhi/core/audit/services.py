"""Writing the audit log. Services of every app call `audit_record` inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shuhi.core.audit.chain import digest_of, head_signature, normalise
from shuhi.core.audit.context import current_source
from shuhi.core.audit.integrity import head_is_signed, organisations_not_recorded
from shuhi.core.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry
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


class AuditChainError(RuntimeError):
    """The chain head is missing or forged, or the whole log was deleted: writing on would bless the
    tampering, so nothing is written."""


def _head_for_update() -> AuditChainHead:
    """The head, locked and checked; a new, unsaved one only for a log that has never been written.

    A missing head is never rebuilt from the newest entry: after the newest entries and the head
    were deleted, that would make the shortened chain look whole.
    """
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        if AuditEntry.objects.exists():
            raise AuditChainError(_("The audit chain head is missing while entries exist: the log may have been "
                                    "truncated. Nothing was written; run `shuhi audit verify`."))
        return AuditChainHead(pk=1, last_id=0, last_hash=GENESIS_HASH)
    if not head_is_signed(head):
        raise AuditChainError(_("The audit chain head's signature is wrong: it was changed without the audit key, "
                                "or the key has changed. Nothing was written; run `shuhi audit verify`."))
    return head


def _start_chain() -> None:
    """Refuse to start a new chain in a database that already holds audited data.

    Every organisation is created through a service that records it, so an organisation whose creation
    is not among the entries just written means the whole log, head included, was deleted.
    """
    if organisations_not_recorded().exists():
        raise AuditChainError(_("The audit log is empty but the database holds organisations created earlier: "
                                "the log may have been deleted. Nothing was written; run `shuhi audit verify`."))


def _advance(head: AuditChainHead, entries: list[AuditEntry]) -> None:
    if head._state.adding:
        _start_chain()
    head.last_id, head.last_hash, head.signed_at = entries[-1].pk, entries[-1].hash, timezone.now()
    head.signature = head_signature(last_id=head.last_id, last_hash=head.last_hash, signed_at=head.signed_at)
    head.save(force_insert=head._state.adding)


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
    _advance(head, [entry])
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
        _advance(head, entries)
    return len(entries)
