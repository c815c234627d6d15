"""Reads of the audit log, through the gate (auditors, administrators and security managers)."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet

from shuhi.core.audit.models import AuditEntry


def audit_entries(*, user: Any, filters: dict[str, str] | None = None) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.visible_to(user).select_related("actor")
    filters = filters or {}
    if filters.get("q"):
        q = filters["q"]
        entries = entries.filter(
            Q(object_repr__icontains=q) | Q(actor_label__icontains=q) | Q(object_id=q) | Q(action__icontains=q)
        )
    if filters.get("action"):
        entries = entries.filter(action__startswith=filters["action"])
    if filters.get("object_type"):
        entries = entries.filter(object_type=filters["object_type"])
    for key, lookup in (("since", "created_at__date__gte"), ("until", "created_at__date__lte")):
        value = filters.get(key)
        if value:
            # A malformed date from the query string is ignored rather than failing the page.
            with contextlib.suppress(ValueError):
                entries = entries.filter(**{lookup: date.fromisoformat(value)})
    return entries.order_by("-id")


def recent_entries(*, user: Any, limit: int = 10) -> list[AuditEntry]:
    return list(audit_entries(user=user)[:limit])


def object_history(*, user: Any, obj: Any) -> QuerySet[AuditEntry]:
    return audit_entries(user=user).filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


def object_type_label(object_type: str) -> str:
    """A recorded object type (``ledger.informationasset``) as its model's readable name (情報資産);
    a type whose model is gone (an app removed since) as it was recorded."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def object_types(*, user: Any) -> list[tuple[str, str]]:
    """(recorded type, readable name) of every type in the user's audit entries, by readable name."""
    types = AuditEntry.objects.visible_to(user).order_by("object_type").values_list("object_type", flat=True).distinct()
    return sorted(((t, object_type_label(t)) for t in types), key=lambda pair: (pair[1], pair[0]))
