"""Helpers for the audit chain's tests: a chain to tamper with, and raw SQL past the services."""

from __future__ import annotations

from django.db import connection

from shuhi.core.audit.models import AuditEntry
from shuhi.core.audit.services import audit_record


def write_chain(actor, entries: int) -> list[AuditEntry]:
    """`entries` more entries by `actor`, after whatever the log holds; returns the whole chain."""
    for index in range(entries):
        audit_record(actor=actor, action="test.write", object_type="test", object_id=str(index),
                     after={"n": index, "名前": "極秘"})
    return list(AuditEntry.objects.order_by("id"))


def raw(sql: str, params=()) -> None:
    """What someone with write access to the database does: no service, no audit record."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
